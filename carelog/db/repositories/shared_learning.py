"""Persistence of learning shared across services: the points, and each service's discussion of them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from carelog.core.errors import NotFoundError
from carelog.core.shared_learning import PendingDiscussion, ServiceDiscussion, SharedLearning
from carelog.db.models import ServiceRow
from carelog.db.models.reviews import ReviewRow
from carelog.db.models.shared_learning import SharedLearningDiscussionRow, SharedLearningRow


def add(
    session: Session, text: str, review_id: int | None, now: datetime, shared_by_id: int | None, shared_by: str
) -> int:
    row = SharedLearningRow(
        text=text,
        review_id=review_id,
        shared_at=now,
        shared_by_id=shared_by_id,
        shared_by=shared_by,
        updated_at=now,
        version=1,
    )
    session.add(row)
    session.flush()
    return row.id


def shared_at(session: Session, learning_id: int) -> datetime:
    found = session.scalar(select(SharedLearningRow.shared_at).where(SharedLearningRow.id == learning_id))
    if found is None:
        raise NotFoundError(f"Shared learning point {learning_id} no longer exists.")
    return found


def discussion_of(session: Session, learning_id: int, service_id: int) -> SharedLearningDiscussionRow | None:
    return session.scalar(
        select(SharedLearningDiscussionRow).where(
            SharedLearningDiscussionRow.learning_id == learning_id,
            SharedLearningDiscussionRow.service_id == service_id,
        )
    )


def record_discussion(
    session: Session, learning_id: int, service_id: int, discussed_on: date, note: str, now: datetime, by: str
) -> SharedLearningDiscussionRow | None:
    """Insert or replace the service's discussion; returns the row as it was before (None: first record)."""
    row = discussion_of(session, learning_id, service_id)
    before = None
    if row is None:
        row = SharedLearningDiscussionRow(learning_id=learning_id, service_id=service_id)
        session.add(row)
    else:
        before = SharedLearningDiscussionRow(discussed_on=row.discussed_on, note=row.note)
    row.discussed_on, row.note, row.recorded_at, row.recorded_by = discussed_on, note, now, by
    parent = session.get(SharedLearningRow, learning_id)
    assert parent is not None
    parent.updated_at = now
    parent.version = (parent.version or 0) + 1
    session.flush()
    return before


def _active_services(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(
        select(ServiceRow.id, ServiceRow.name).where(ServiceRow.active.is_(True)).order_by(ServiceRow.name)
    )
    return [(sid, name) for sid, name in rows]


def service_name(session: Session, service_id: int) -> str | None:
    return session.scalar(select(ServiceRow.name).where(ServiceRow.id == service_id))


def all_points(session: Session, learning_id: int | None = None) -> list[SharedLearning]:
    """Every shared learning point (newest first) with each active service's discussion."""
    query = (
        select(
            SharedLearningRow.id,
            SharedLearningRow.text,
            SharedLearningRow.shared_at,
            SharedLearningRow.shared_by,
            SharedLearningRow.review_id,
            ReviewRow.title,
        )
        .outerjoin(ReviewRow, ReviewRow.id == SharedLearningRow.review_id)
        .order_by(SharedLearningRow.shared_at.desc(), SharedLearningRow.id.desc())
    )
    if learning_id is not None:
        query = query.where(SharedLearningRow.id == learning_id)
    points = session.execute(query).all()
    if not points:
        return []
    discussions: dict[tuple[int, int], tuple[date, str, str]] = {}
    ids = [p[0] for p in points]
    d = SharedLearningDiscussionRow
    for i in range(0, len(ids), 500):
        rows = session.execute(
            select(d.learning_id, d.service_id, d.discussed_on, d.note, d.recorded_by).where(
                d.learning_id.in_(ids[i : i + 500])
            )
        )
        for lid, sid, on, note, by in rows:
            discussions[(lid, sid)] = (on, note, by)
    services = _active_services(session)
    out = []
    for pid, text, at, by, review_id, review_title in points:
        per_service = []
        for sid, name in services:
            found = discussions.get((pid, sid))
            per_service.append(
                ServiceDiscussion(sid, name, found[0], found[1], found[2]) if found else ServiceDiscussion(sid, name)
            )
        out.append(SharedLearning(pid, text, at, by, review_id, review_title or "", tuple(per_service)))
    return out


def pending(session: Session, service_id: int | None = None) -> list[PendingDiscussion]:
    """(point, service) pairs not yet discussed, for every active service or one."""
    out = []
    for point in all_points(session):
        for s in point.pending:
            if service_id is None or s.service_id == service_id:
                out.append(PendingDiscussion(point.id, point.text, point.shared_at, s.service_id, s.service))
    return out
