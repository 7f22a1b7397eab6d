"""What every service needs: the session factory, who is signed in, and a clock (replaceable in tests)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from carelog.core.changes import Changes
from carelog.core.clock import Clock, system_clock
from carelog.core.dto import SYSTEM_ACTOR, Actor
from carelog.core.errors import PermissionDenied
from carelog.core.permissions import Permission, check
from carelog.db.repositories import audit
from carelog.db.uow import unit_of_work


class Identity:
    """Who is signed in on this PC. Changed by the sign-in service; read by every service call."""

    def __init__(self, actor: Actor = SYSTEM_ACTOR) -> None:
        self.actor = actor


@dataclass
class ServiceContext:
    sessions: sessionmaker[Session]
    identity: Identity = field(default_factory=Identity)
    clock: Clock = system_clock
    listeners: list[Callable[[Changes], None]] = field(default_factory=list)
    # audit ids this process wrote, kept only while live updates listen (services.change_feed skips them)
    own_audit_ids: set[int] | None = None

    @property
    def actor(self) -> Actor:
        return self.identity.actor

    def subscribe(self, listener: Callable[[Changes], None]) -> None:
        """Call `listener` with what changed after every unit of work that committed a change."""
        self.listeners.append(listener)

    def publish(self, changes: Changes) -> None:
        if changes:
            for listener in list(self.listeners):
                listener(changes)

    @contextmanager
    def unit(self, write: bool = True) -> Iterator[Session]:
        """One transaction. A unit that may write holds the write lock from its first statement (SQLite: BEGIN
        IMMEDIATE), so the reads deciding the write see the latest data; write=False is for pure reads. After it
        commits, listeners hear which aggregates its audited writes changed."""
        with unit_of_work(self.sessions, write=write) as session:
            yield session
            changed = audit.changed_aggregates(session)
            written = audit.written_ids(session) if self.own_audit_ids is not None else ()
        if self.own_audit_ids is not None:  # committed: these ids are ours (a rolled-back unit's are reissued)
            self.own_audit_ids.update(written)
        self.publish(Changes(changed))

    def read(self) -> AbstractContextManager[Session]:
        """A read-only unit: never blocks or waits for a writer. Must not write (use unit() for that)."""
        return self.unit(write=False)

    def require(self, permission: Permission, entity: str = "", entity_id: int | None = None) -> Actor:
        """Check the signed-in actor's permission; audit and raise on refusal."""
        actor = self.actor
        try:
            check(actor, permission)
        except PermissionDenied:
            with self.unit() as session:
                audit.append(
                    session, actor, entity or "permission", entity_id, "denied", permission.value, at=self.clock()
                )
            raise
        return actor
