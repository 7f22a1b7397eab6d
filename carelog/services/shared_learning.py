"""Learning shared across services (issue 18).

    share(text, review_id=None) -> SharedLearning       mark a learning point "for every service" (audited)
    record_discussion(learning_id, service_id, discussed_on, note) -> SharedLearning
                                                         a service's team discussed it (audited; a second record
                                                         replaces the first, old and new kept in the trail)
    points() / point(learning_id) -> SharedLearning      the provider view: which services have, which have not
    pending(service_id=None) -> list[PendingDiscussion]  what each service's manager still has to discuss

Managers and administrators share and record; care staff cannot see it. A point from a review may be shared only
once the review is signed off.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from carelog.core.errors import NotFoundError, ValidationError
from carelog.core.permissions import Permission
from carelog.core.review_dto import ReviewStatus
from carelog.core.shared_learning import PendingDiscussion, SharedLearning, check_discussion, clean_text
from carelog.db.models.reviews import ReviewRow
from carelog.db.repositories import audit
from carelog.db.repositories import shared_learning as repo
from carelog.services.context import ServiceContext

ENTITY = "shared_learning"


class SharedLearningService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def share(self, text: str, review_id: int | None = None) -> SharedLearning:
        actor = self._ctx.require(Permission.SHARE_LEARNING, ENTITY)
        cleaned = clean_text(text)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            if review_id is not None:
                status = session.scalar(select(ReviewRow.status).where(ReviewRow.id == review_id))
                if status is None:
                    raise NotFoundError(f"Review {review_id} no longer exists.")
                if status != ReviewStatus.SIGNED_OFF.value:
                    raise ValidationError(
                        {"review": "Sign the review off first: only learning from a signed-off review is shared."}
                    )
            learning_id = repo.add(session, cleaned, review_id, now, actor.user_id, actor.name)
            audit.append(session, actor, ENTITY, learning_id, "create", "review", None, review_id or "", at=now)
            (point,) = repo.all_points(session, learning_id)
        return point

    def record_discussion(
        self, learning_id: int, service_id: int, discussed_on: date | None, note: str = ""
    ) -> SharedLearning:
        actor = self._ctx.require(Permission.REVIEW, ENTITY, learning_id)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            shared_at = repo.shared_at(session, learning_id)
            name = repo.service_name(session, service_id)
            if name is None:
                raise NotFoundError(f"Service {service_id} no longer exists.")
            cleaned = check_discussion(discussed_on, note, shared_at.date(), now.date())
            assert discussed_on is not None
            before = repo.record_discussion(session, learning_id, service_id, discussed_on, cleaned, now, actor.name)
            old = None if before is None else f"{before.discussed_on.isoformat()} {before.note}".strip()
            new = f"{discussed_on.isoformat()} {cleaned}".strip()
            audit.append(session, actor, ENTITY, learning_id, "discussed", name, old, new, at=now)
            (point,) = repo.all_points(session, learning_id)
        return point

    def points(self) -> list[SharedLearning]:
        self._ctx.require(Permission.REVIEW, ENTITY)
        with self._ctx.read() as session:
            return repo.all_points(session)

    def point(self, learning_id: int) -> SharedLearning:
        self._ctx.require(Permission.REVIEW, ENTITY, learning_id)
        with self._ctx.read() as session:
            found = repo.all_points(session, learning_id)
        if not found:
            raise NotFoundError(f"Shared learning point {learning_id} no longer exists.")
        return found[0]

    def pending(self, service_id: int | None = None) -> list[PendingDiscussion]:
        self._ctx.require(Permission.REVIEW, ENTITY)
        with self._ctx.read() as session:
            return repo.pending(session, service_id)
