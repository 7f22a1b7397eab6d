"""Reviews storage: functions taking a Session and returning review DTOs (issue 3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from carelog.core.dto import Actor
from carelog.core.enums import Shift, Status
from carelog.core.errors import NotFoundError
from carelog.core.factors import PROMPTS, SeipsHeading, YcffDomain, is_known, prompt
from carelog.core.groupings import GroupingIncident
from carelog.core.review_dto import (
    CaseStudy,
    LearningShared,
    LearningSharedInput,
    Participant,
    ParticipantKind,
    ResponseType,
    ReviewDetail,
    ReviewFactor,
    ReviewIncidentRef,
    ReviewInput,
    ReviewStatus,
    ReviewSummary,
    SharedMethod,
)
from carelog.db.models.base import Base
from carelog.db.models.incidents import IncidentPersonRow, IncidentRow
from carelog.db.models.organisation import CategoryRow, LocationRow, PersonRow, ServiceRow
from carelog.db.models.reviews import (
    ReviewFactorRow,
    ReviewIncidentRow,
    ReviewLearningPointRow,
    ReviewLearningSharedRow,
    ReviewParticipantRow,
    ReviewRow,
    ReviewWhyRow,
)
from carelog.db.repositories.versions import claim_version


def _row(session: Session, review_id: int, lock: bool = False) -> ReviewRow:
    row = session.get(ReviewRow, review_id, with_for_update=lock)
    if row is None:
        raise NotFoundError(f"Review {review_id} no longer exists.")
    return row


# ----------------------------------------------------------------------------------------------- writes
def insert_review(
    session: Session,
    title: str,
    response_type: ResponseType,
    incident_ids: Sequence[int],
    created_by: str,
    now: datetime,
) -> int:
    row = ReviewRow(
        title=title,
        response_type=response_type.value,
        status=ReviewStatus.OPEN.value,
        created_at=now,
        updated_at=now,
        created_by=created_by,
        findings="",
        version=1,
    )
    session.add(row)
    session.flush()
    for iid in sorted(set(incident_ids)):
        session.add(ReviewIncidentRow(review_id=row.id, incident_id=iid))
    session.flush()
    return row.id


def lock_for_edit(session: Session, review_id: int, expected_version: int) -> ReviewRow:
    """Claim the version (the UPDATE checks it) before any change; callers finish with _stamp, not _touch."""
    row: ReviewRow = claim_version(
        session,
        ReviewRow,
        review_id,
        expected_version,
        conflict="Someone else saved this review since you opened it, so your changes were not saved. "
        "Reopen it to see their changes.",
        missing=f"Review {review_id} no longer exists.",
    )
    return row


def save_content(session: Session, review_id: int, data: ReviewInput, expected_version: int, now: datetime) -> int:
    """Write the editable content. Factors keep their ids while ticked (actions link to them). Returns the version."""
    row = lock_for_edit(session, review_id, expected_version)
    row.title = data.title.strip()
    row.response_type = data.response_type.value
    row.problem_statement = data.problem_statement
    row.what_went_well = data.what_went_well
    row.findings = data.findings
    existing = {
        f.prompt_code: f for f in session.scalars(select(ReviewFactorRow).where(ReviewFactorRow.review_id == review_id))
    }
    wanted = {f.prompt_code: f for f in data.factors}
    for code, factor_row in existing.items():
        if code not in wanted:
            session.delete(factor_row)
    for code, factor in wanted.items():
        if code in existing:
            existing[code].note = factor.note
        else:
            p = prompt(code)
            session.add(
                ReviewFactorRow(
                    review_id=review_id,
                    prompt_code=code,
                    seips_heading=p.heading.value,
                    ycff_domain=p.ycff_domain.value,
                    note=factor.note,
                )
            )
    session.execute(delete(ReviewWhyRow).where(ReviewWhyRow.review_id == review_id))
    session.execute(delete(ReviewLearningPointRow).where(ReviewLearningPointRow.review_id == review_id))
    session.execute(delete(ReviewParticipantRow).where(ReviewParticipantRow.review_id == review_id))
    for pos, answer in enumerate(data.whys):
        session.add(ReviewWhyRow(review_id=review_id, position=pos, answer=answer))
    for pos, text in enumerate(data.learning_points):
        session.add(ReviewLearningPointRow(review_id=review_id, position=pos, text=text))
    for part in data.participants:
        session.add(ReviewParticipantRow(review_id=review_id, name=part.name, kind=part.kind.value, role=part.role))
    return _stamp(session, row, now)


def _touch(session: Session, row: ReviewRow, now: datetime) -> int:
    row.updated_at = now
    row.version += 1
    session.flush()
    return row.version


def _stamp(session: Session, row: ReviewRow, now: datetime) -> int:
    """After lock_for_edit (which already moved the version on)."""
    row.updated_at = now
    session.flush()
    return row.version


def set_signed_off(session: Session, review_id: int, expected_version: int, actor: Actor, now: datetime) -> int:
    row = lock_for_edit(session, review_id, expected_version)
    row.status = ReviewStatus.SIGNED_OFF.value
    row.signed_off_by_id = actor.user_id
    row.signed_off_by = actor.name
    row.signed_off_at = now
    return _stamp(session, row, now)


def reopen(session: Session, review_id: int, expected_version: int, now: datetime) -> int:
    row = lock_for_edit(session, review_id, expected_version)
    row.status = ReviewStatus.OPEN.value
    row.signed_off_by_id = None
    row.signed_off_by = ""
    row.signed_off_at = None
    return _stamp(session, row, now)


def save_case_study(session: Session, review_id: int, case: CaseStudy, expected_version: int, now: datetime) -> int:
    row = lock_for_edit(session, review_id, expected_version)
    row.case_context = case.context
    row.case_learning_process = case.learning_process
    row.case_improvement_actions = case.improvement_actions
    row.case_outcome = case.outcome
    return _stamp(session, row, now)


def add_learning_shared(
    session: Session, review_id: int, record: LearningSharedInput, recorded_by: str, now: datetime
) -> int:
    row = _row(session, review_id, lock=True)
    shared = ReviewLearningSharedRow(
        review_id=review_id,
        learning_point=record.learning_point,
        method=record.method.value,
        shared_on=record.shared_on,
        shared_by=record.shared_by,
        confirmed_by="\n".join(record.confirmed_by),
        note=record.note,
        recorded_at=now,
        recorded_by=recorded_by,
    )
    session.add(shared)
    _touch(session, row, now)
    return shared.id


def remove_learning_shared(session: Session, review_id: int, shared_id: int, now: datetime) -> LearningShared:
    shared = session.get(ReviewLearningSharedRow, shared_id)
    if shared is None or shared.review_id != review_id:
        raise NotFoundError("That learning-shared record no longer exists.")
    dto = _shared(shared)
    session.delete(shared)
    _touch(session, _row(session, review_id, lock=True), now)
    return dto


# ----------------------------------------------------------------------------------------------- reads
def incident_ids(session: Session, review_id: int) -> list[int]:
    rows = session.scalars(
        select(ReviewIncidentRow.incident_id)
        .where(ReviewIncidentRow.review_id == review_id)
        .order_by(ReviewIncidentRow.incident_id)
    )
    return list(rows)


def in_other_open_reviews(session: Session, ids: Sequence[int], review_id: int) -> set[int]:
    """Which of these incidents are also covered by another review that is still open."""
    if not ids:
        return set()
    query = (
        select(ReviewIncidentRow.incident_id)
        .join(ReviewRow, ReviewRow.id == ReviewIncidentRow.review_id)
        .where(
            ReviewIncidentRow.incident_id.in_(list(ids)),
            ReviewRow.id != review_id,
            ReviewRow.status == ReviewStatus.OPEN.value,
        )
    )
    return set(session.scalars(query))


def planned_action_count(session: Session, review_id: int) -> int:
    """Actions linked to the review (0 while the actions table is not there yet)."""
    table = Base.metadata.tables.get("actions")
    if table is None or "review_id" not in table.c:
        return 0
    return int(session.scalar(select(func.count()).select_from(table).where(table.c.review_id == review_id)) or 0)


def _incident_refs(session: Session, review_id: int) -> tuple[ReviewIncidentRef, ...]:
    query = (
        select(
            IncidentRow.id,
            IncidentRow.reference,
            IncidentRow.occurred_at,
            CategoryRow.name,
            ServiceRow.name,
            LocationRow.name,
            IncidentRow.status,
        )
        .join(ReviewIncidentRow, ReviewIncidentRow.incident_id == IncidentRow.id)
        .join(CategoryRow, CategoryRow.id == IncidentRow.category_id)
        .join(ServiceRow, ServiceRow.id == IncidentRow.service_id)
        .outerjoin(LocationRow, LocationRow.id == IncidentRow.location_id)
        .where(ReviewIncidentRow.review_id == review_id)
        .order_by(IncidentRow.occurred_at, IncidentRow.id)
    )
    return tuple(
        ReviewIncidentRef(r[0], r[1], r[2], r[3], r[4], r[5] or "", Status(r[6])) for r in session.execute(query)
    )


def _factor(row: ReviewFactorRow) -> ReviewFactor:
    text = prompt(row.prompt_code).text if is_known(row.prompt_code) else row.prompt_code
    return ReviewFactor(
        row.id, row.prompt_code, SeipsHeading(row.seips_heading), text, YcffDomain(row.ycff_domain), row.note
    )


def _shared(row: ReviewLearningSharedRow) -> LearningShared:
    return LearningShared(
        id=row.id,
        learning_point=row.learning_point,
        method=SharedMethod(row.method),
        shared_on=row.shared_on,
        shared_by=row.shared_by,
        confirmed_by=tuple(n for n in row.confirmed_by.split("\n") if n.strip()),
        note=row.note,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
    )


def get_detail(session: Session, review_id: int) -> ReviewDetail:
    row = _row(session, review_id)
    order = {p.code: i for i, p in enumerate(PROMPTS)}
    factors = sorted(
        session.scalars(select(ReviewFactorRow).where(ReviewFactorRow.review_id == review_id)),
        key=lambda f: (order.get(f.prompt_code, len(order)), f.id),
    )
    whys = session.scalars(
        select(ReviewWhyRow.answer).where(ReviewWhyRow.review_id == review_id).order_by(ReviewWhyRow.position)
    )
    points = session.scalars(
        select(ReviewLearningPointRow.text)
        .where(ReviewLearningPointRow.review_id == review_id)
        .order_by(ReviewLearningPointRow.position)
    )
    participants = session.scalars(
        select(ReviewParticipantRow)
        .where(ReviewParticipantRow.review_id == review_id)
        .order_by(ReviewParticipantRow.id)
    )
    shared = session.scalars(
        select(ReviewLearningSharedRow)
        .where(ReviewLearningSharedRow.review_id == review_id)
        .order_by(ReviewLearningSharedRow.shared_on, ReviewLearningSharedRow.id)
    )
    return ReviewDetail(
        id=row.id,
        title=row.title,
        response_type=ResponseType(row.response_type),
        status=ReviewStatus(row.status),
        version=row.version,
        created_at=row.created_at,
        created_by=row.created_by,
        updated_at=row.updated_at,
        incidents=_incident_refs(session, review_id),
        factors=tuple(_factor(f) for f in factors),
        problem_statement=row.problem_statement,
        whys=tuple(whys),
        what_went_well=row.what_went_well,
        findings=row.findings,
        learning_points=tuple(points),
        learning_shared=tuple(_shared(s) for s in shared),
        participants=tuple(Participant(p.id, p.name, ParticipantKind(p.kind), p.role) for p in participants),
        signed_off_by=row.signed_off_by,
        signed_off_at=row.signed_off_at,
        case_study=CaseStudy(
            row.case_context, row.case_learning_process, row.case_improvement_actions, row.case_outcome
        ),
    )


def list_summaries(session: Session, status: ReviewStatus | None = None, text: str = "") -> list[ReviewSummary]:
    """Newest first. `text` matches the title or any covered incident's reference (case-insensitive)."""
    counts = (
        select(
            ReviewIncidentRow.review_id.label("rid"),
            func.count().label("n"),
            func.min(IncidentRow.reference).label("first_ref"),
        )
        .join(IncidentRow, IncidentRow.id == ReviewIncidentRow.incident_id)
        .group_by(ReviewIncidentRow.review_id)
        .subquery()
    )
    query: Any = select(ReviewRow, counts.c.n, counts.c.first_ref).outerjoin(counts, counts.c.rid == ReviewRow.id)
    if status is not None:
        query = query.where(ReviewRow.status == status.value)
    needle = text.strip()
    if needle:
        refs = (
            select(ReviewIncidentRow.review_id)
            .join(IncidentRow, IncidentRow.id == ReviewIncidentRow.incident_id)
            .where(IncidentRow.reference.ilike(f"%{needle}%"))
        )
        query = query.where(or_(ReviewRow.title.ilike(f"%{needle}%"), ReviewRow.id.in_(refs)))
    query = query.order_by(ReviewRow.updated_at.desc(), ReviewRow.id.desc())
    return [
        ReviewSummary(
            id=r.id,
            title=r.title,
            response_type=ResponseType(r.response_type),
            status=ReviewStatus(r.status),
            incident_count=int(n or 0),
            first_reference=first or "",
            created_at=r.created_at,
            updated_at=r.updated_at,
            signed_off_at=r.signed_off_at,
            signed_off_by=r.signed_off_by,
        )
        for r, n, first in session.execute(query)
    ]


def grouping_candidates(session: Session, since: datetime, until: datetime) -> list[GroupingIncident]:
    """Incidents in [since, until] that no review covers yet, with the ID codes of the people involved."""
    reviewed = select(ReviewIncidentRow.incident_id)
    query = (
        select(
            IncidentRow.id,
            IncidentRow.reference,
            IncidentRow.occurred_at,
            CategoryRow.name,
            ServiceRow.name,
            LocationRow.name,
            IncidentRow.shift,
        )
        .join(CategoryRow, CategoryRow.id == IncidentRow.category_id)
        .join(ServiceRow, ServiceRow.id == IncidentRow.service_id)
        .outerjoin(LocationRow, LocationRow.id == IncidentRow.location_id)
        .where(IncidentRow.occurred_at >= since, IncidentRow.occurred_at <= until, IncidentRow.id.not_in(reviewed))
        .order_by(IncidentRow.occurred_at)
    )
    rows = session.execute(query).all()
    people: dict[int, list[str]] = {}
    people_query = (
        select(IncidentPersonRow.incident_id, PersonRow.code)
        .join(PersonRow, PersonRow.id == IncidentPersonRow.person_id)
        .join(IncidentRow, IncidentRow.id == IncidentPersonRow.incident_id)
        .where(IncidentRow.occurred_at >= since, IncidentRow.occurred_at <= until)
    )
    for iid, code in session.execute(people_query):
        people.setdefault(iid, []).append(code)
    return [
        GroupingIncident(r[0], r[1], r[2], r[3], r[4], r[5] or "", Shift(r[6]), tuple(sorted(people.get(r[0], []))))
        for r in rows
    ]
