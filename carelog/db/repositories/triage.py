"""Persistence of triage: the triage record, the corrections it makes to its incident, incidents still awaiting
triage, when each person last looked at the pattern signals, and occupied bed days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy import insert as sql_insert
from sqlalchemy.orm import Session

from carelog.core.attention import UntriagedIncident
from carelog.core.dto import Actor
from carelog.core.enums import Kind, PhysicalHarm, Status
from carelog.core.errors import ConflictError, NotFoundError
from carelog.core.triage import CheckAnswer, Triage, TriageDecision, TriageInput, target_hours
from carelog.db.models import CategoryRow, IncidentRow, ServiceRow
from carelog.db.models.reviews import ReviewIncidentRow
from carelog.db.models.triage import AttentionSeenRow, OccupancyRow, TriageRow

# kinds that are not triaged: nothing went wrong
NOT_TRIAGED_KINDS = (Kind.COMPLIMENT.value,)
OPEN_STATUSES = tuple(s.value for s in Status if s != Status.CLOSED)


def decisions_from_text(text: str) -> tuple[TriageDecision, ...]:
    """The decisions as stored (comma-separated values) back as TriageDecision members."""
    return tuple(TriageDecision(d) for d in text.split(",") if d)


def _to_triage(row: TriageRow, reported_at: datetime) -> Triage:
    return Triage(
        id=row.id,
        incident_id=row.incident_id,
        triaged_at=row.triaged_at,
        triaged_by=row.triaged_by,
        harm_recorded=PhysicalHarm(row.harm_recorded),
        physical_harm=PhysicalHarm(row.physical_harm),
        risk_score=row.risk_score,
        care_plan=CheckAnswer(row.care_plan),
        risk_assessment=CheckAnswer(row.risk_assessment),
        notifications_checked=row.notifications_checked,
        decisions=decisions_from_text(row.decisions),
        reason=row.reason,
        review_id=row.review_id,
        reported_at=reported_at,
        target_hours=row.target_hours,
    )


def get(session: Session, incident_id: int) -> Triage | None:
    found = session.execute(
        select(TriageRow, IncidentRow.reported_at)
        .join(IncidentRow, IncidentRow.id == TriageRow.incident_id)
        .where(TriageRow.incident_id == incident_id)
    ).first()
    return _to_triage(found[0], found[1]) if found else None


def locked_incident(session: Session, incident_id: int) -> IncidentRow:
    row = session.get(IncidentRow, incident_id, with_for_update=True)
    if row is None:
        raise NotFoundError(f"Incident {incident_id} does not exist.")
    return row


def insert(
    session: Session,
    incident: IncidentRow,
    data: TriageInput,
    *,
    harm_recorded: PhysicalHarm,
    risk_score: int | None,
    actor_id: int | None,
    actor_name: str,
    target_hours: int,
    now: datetime,
) -> int:
    if session.scalar(select(TriageRow.id).where(TriageRow.incident_id == incident.id)) is not None:
        raise ConflictError(f"{incident.reference} has already been triaged; reopen the record to see it.")
    assert data.care_plan is not None and data.risk_assessment is not None
    row = TriageRow(
        incident_id=incident.id,
        triaged_at=now,
        triaged_by_id=actor_id,
        triaged_by=actor_name,
        harm_recorded=harm_recorded.value,
        physical_harm=data.physical_harm.value,
        risk_score=risk_score,
        care_plan=data.care_plan.value,
        risk_assessment=data.risk_assessment.value,
        notifications_checked=data.notifications_checked,
        decisions=",".join(d.value for d in data.decisions),
        reason=data.reason,
        target_hours=target_hours,
    )
    session.add(row)
    session.flush()
    return row.id


def latest_reviews(session: Session, incident_ids: Sequence[int]) -> dict[int, int]:
    """incident id -> the newest review covering it (for those covered by one)."""
    out: dict[int, int] = {}
    id_list = list(incident_ids)
    for i in range(0, len(id_list), 900):
        part = id_list[i : i + 900]
        query = (
            select(ReviewIncidentRow.incident_id, func.max(ReviewIncidentRow.review_id))
            .where(ReviewIncidentRow.incident_id.in_(part))
            .group_by(ReviewIncidentRow.incident_id)
        )
        out.update({iid: rid for iid, rid in session.execute(query)})
    return out


def bulk_insert(
    session: Session,
    items: Sequence[tuple[int, TriageInput, datetime]],
    actor: Actor,
    reviews: dict[int, int],
    standard_hours: int,
    serious_hours: int,
) -> list[tuple[int, TriageInput, datetime]]:
    """Insert past triages that confirm the recorded harm and risk (demo data, imports); returns those written."""
    facts: dict[int, tuple[str, int | None]] = {}
    id_list = [iid for iid, _d, _a in items]
    for i in range(0, len(id_list), 900):
        part = id_list[i : i + 900]
        query = select(IncidentRow.id, IncidentRow.physical_harm, IncidentRow.risk_score).where(
            IncidentRow.id.in_(part)
        )
        facts.update({iid: (harm, score) for iid, harm, score in session.execute(query)})
    rows, written = [], []
    for iid, data, at in items:
        if iid not in facts:
            continue
        harm, score = facts[iid]
        assert data.care_plan is not None and data.risk_assessment is not None
        rows.append(
            {
                "incident_id": iid,
                "triaged_at": at,
                "triaged_by_id": actor.user_id,
                "triaged_by": actor.name,
                "harm_recorded": harm,
                "physical_harm": harm,
                "risk_score": score,
                "care_plan": data.care_plan.value,
                "risk_assessment": data.risk_assessment.value,
                "notifications_checked": data.notifications_checked,
                "decisions": ",".join(d.value for d in data.decisions),
                "reason": data.reason,
                "review_id": reviews.get(iid) if TriageDecision.LEARNING_RESPONSE in data.decisions else None,
                "target_hours": target_hours(PhysicalHarm(harm), standard_hours, serious_hours),
            }
        )
        written.append((iid, data, at))
    for i in range(0, len(rows), 5000):
        session.execute(sql_insert(TriageRow), rows[i : i + 5000])
    session.flush()
    return written


def set_review(session: Session, triage_id: int, review_id: int) -> None:
    row = session.get(TriageRow, triage_id)
    assert row is not None
    row.review_id = review_id
    session.flush()


def triaged_incident_ids(session: Session, ids: Sequence[int]) -> set[int]:
    found: set[int] = set()
    id_list = list(ids)
    for i in range(0, len(id_list), 900):
        part = id_list[i : i + 900]
        found.update(session.scalars(select(TriageRow.incident_id).where(TriageRow.incident_id.in_(part))))
    return found


def _untriaged(query, service_id: int | None):  # type: ignore[no-untyped-def]
    query = (
        query.outerjoin(TriageRow, TriageRow.incident_id == IncidentRow.id)
        .where(TriageRow.id.is_(None))
        .where(IncidentRow.status.in_(OPEN_STATUSES))  # IN, not !=, so the status index is used
        .where(IncidentRow.kind.not_in(NOT_TRIAGED_KINDS))
    )
    return query.where(IncidentRow.service_id == service_id) if service_id is not None else query


def untriaged(session: Session, service_id: int | None = None, limit: int = 100) -> list[UntriagedIncident]:
    """Open incidents (not compliments) with no triage yet, oldest report first."""
    return untriaged_with_count(session, service_id, limit)[0]


def untriaged_with_count(
    session: Session, service_id: int | None = None, limit: int = 100
) -> tuple[list[UntriagedIncident], int]:
    """The first `limit` of untriaged() and how many there are in all, in one pass over the open incidents (the
    count is a window over the whole match, taken before the limit)."""
    first = _untriaged(select(IncidentRow.id, func.count().over().label("total")).select_from(IncidentRow), service_id)
    first = first.order_by(IncidentRow.reported_at, IncidentRow.id).limit(limit).subquery()
    query = (
        select(
            IncidentRow.id,
            IncidentRow.reference,
            IncidentRow.reported_at,
            CategoryRow.name,
            ServiceRow.name,
            IncidentRow.physical_harm,
            first.c.total,
        )
        .join(first, first.c.id == IncidentRow.id)  # names joined to the few found, not to every incident
        .join(CategoryRow, CategoryRow.id == IncidentRow.category_id)
        .join(ServiceRow, ServiceRow.id == IncidentRow.service_id)
        .order_by(IncidentRow.reported_at, IncidentRow.id)
    )
    rows = session.execute(query).all()
    found = [UntriagedIncident(r[0], r[1], r[2], r[3], r[4], PhysicalHarm(r[5])) for r in rows]
    return found, int(rows[0][6]) if rows else 0


def untriaged_count(session: Session, service_id: int | None = None) -> int:
    query = _untriaged(select(func.count(IncidentRow.id)).select_from(IncidentRow), service_id)
    return int(session.scalar(query) or 0)


def last_seen_incident_id(session: Session, user_id: int) -> int | None:
    """The newest incident id when this person last looked at the signals (None: never looked)."""
    row = session.get(AttentionSeenRow, user_id)
    return row.last_incident_id if row else None


def mark_signals_seen(session: Session, user_id: int, now: datetime) -> None:
    newest = int(session.scalar(select(func.max(IncidentRow.id))) or 0)
    row = session.get(AttentionSeenRow, user_id)
    if row is None:
        session.add(AttentionSeenRow(user_id=user_id, signals_seen_at=now, last_incident_id=newest))
    else:
        row.signals_seen_at, row.last_incident_id = now, newest
    session.flush()


# ----------------------------------------------------------------------------------------------- occupancy
def occupancy(session: Session, since: date | None = None) -> dict[tuple[int, date], int]:
    """(service id, month) -> occupied bed days."""
    query = select(OccupancyRow)
    if since is not None:
        query = query.where(OccupancyRow.month >= since)
    return {(r.service_id, r.month): r.occupied_bed_days for r in session.scalars(query)}


def set_occupancy(session: Session, service_id: int, month: date, bed_days: int | None) -> int | None:
    """Store (or with None remove) one month's occupied bed days; returns the value before."""
    row = session.get(OccupancyRow, (service_id, month))
    before = row.occupied_bed_days if row else None
    if bed_days is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(OccupancyRow(service_id=service_id, month=month, occupied_bed_days=bed_days))
    else:
        row.occupied_bed_days = bed_days
    session.flush()
    return before
