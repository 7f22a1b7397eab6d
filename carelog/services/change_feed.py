"""Live updates between PCs: which records another CareLog (another PC, another window, a command) has saved.

Every write is audited, so the audit trail's newest id is a change counter on SQLite and PostgreSQL alike. The UI
polls `poll()` every few seconds (ui.live_updates); each poll is one short read-only transaction (an indexed
max(id), then the new entries' id, entity and action when there are any). Entries this process wrote itself were
already announced by ServiceContext when they committed (ctx.own_audit_ids), so they are not announced again.
"""

from __future__ import annotations

from carelog.core.changes import Aggregate, Changes, aggregate_changed
from carelog.db.repositories import change_feed
from carelog.services.context import ServiceContext

EVERYTHING = Changes(frozenset(Aggregate))


class ChangeFeedService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._seen: int | None = None

    def start(self) -> None:
        """Start listening from now (what is in the database already is not news)."""
        if self._ctx.own_audit_ids is None:
            self._ctx.own_audit_ids = set()
        with self._ctx.read() as session:
            self._seen = change_feed.latest_id(session)

    def poll(self) -> Changes:
        """What others wrote since the last poll, as the aggregates whose views must refresh."""
        if self._seen is None:
            self.start()
            return Changes(frozenset())
        with self._ctx.read() as session:
            newest = change_feed.latest_id(session)
            if newest == self._seen:
                return Changes(frozenset())
            if newest < self._seen:  # the database was replaced (a restore elsewhere): everything may differ
                self._seen = newest
                return EVERYTHING
            entries, overflow = change_feed.entries_since(session, self._seen)
        own = self._ctx.own_audit_ids if self._ctx.own_audit_ids is not None else set()
        self._seen = max([newest, *(i for i, _e, _a in entries)])
        others = [(entity, action) for i, entity, action in entries if i not in own]
        own.difference_update([i for i in list(own) if i <= self._seen])  # passed: never looked at again
        if overflow:
            return EVERYTHING
        found = {aggregate_changed(entity, action) for entity, action in others}
        return Changes(frozenset(a for a in found if a is not None))
