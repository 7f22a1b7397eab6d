"""Live updates between PCs: which records another CareLog (another PC, another window, a command) has saved.

Every write is audited, so the audit trail's newest id is a change counter on SQLite and PostgreSQL alike. The UI
polls `poll()` every few seconds (ui.live_updates); each poll is one short read-only transaction (an indexed
max(id), then the new entries' entity and action when there are any). Changes this process made itself are heard
from ServiceContext at once; the poll reports them again only as a second refresh of the same views.
"""

from __future__ import annotations

from carelog.core.changes import ENTITY_AGGREGATE, Aggregate, Changes, aggregate_changed
from carelog.db.repositories import change_feed
from carelog.services.context import ServiceContext


class ChangeFeedService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._seen: int | None = None

    def start(self) -> int:
        """Start listening from now (what is in the database already is not news)."""
        with self._ctx.read() as session:
            self._seen = change_feed.latest_id(session)
        return self._seen

    def poll(self) -> Changes:
        """What was written since the last poll (by anyone), as the aggregates whose views must refresh."""
        if self._seen is None:
            self.start()
            return Changes(frozenset())
        with self._ctx.read() as session:
            newest = change_feed.latest_id(session)
            if newest <= self._seen:
                if newest < self._seen:  # the database was replaced (a restore): start again from it
                    self._seen = newest
                    return Changes(frozenset(Aggregate))
                return Changes(frozenset())
            newest, entries, overflow = change_feed.entries_since(session, self._seen)
        self._seen = newest
        if overflow:
            return Changes(frozenset(ENTITY_AGGREGATE.values()))
        found = {aggregate_changed(entity, action) for entity, action in entries}
        return Changes(frozenset(a for a in found if a is not None))
