"""What every service needs: the session factory, who is signed in, and a clock (replaceable in tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

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

    @property
    def actor(self) -> Actor:
        return self.identity.actor

    @contextmanager
    def unit(self) -> Iterator[Session]:
        with unit_of_work(self.sessions) as session:
            yield session

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
