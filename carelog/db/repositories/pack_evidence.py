"""Bulk reads for the pack's evidence sections: triage and review times, occupancy, actions' SMART text, falls per
person per day. Each is one query over the period (and optionally one service)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from carelog.db.models import CategoryRow, IncidentPersonRow, IncidentRow, PersonRow, ServiceRow
from carelog.db.models.actions import ActionRow
from carelog.db.models.reviews import ReviewIncidentRow, ReviewRow
from carelog.db.models.triage import OccupancyRow, TriageRow
from carelog.db.repositories.pack import period_filter


@dataclass(frozen=True, slots=True)
class TriageTime:
    reported_at: datetime
    triaged_at: datetime | None  # None: not yet triaged
    target_hours: int | None
    care_plan: str
    risk_assessment: str


@dataclass(frozen=True, slots=True)
class ReviewTime:
    opened_at: datetime
    signed_off_at: datetime | None


def triage_times(session: Session, date_from: date, date_to: date, service_id: int | None) -> list[TriageTime]:
    """Every record of the period that is triaged (compliments are not), with its triage if there is one."""
    query = period_filter(
        select(
            IncidentRow.reported_at,
            TriageRow.triaged_at,
            TriageRow.target_hours,
            TriageRow.care_plan,
            TriageRow.risk_assessment,
        )
        .outerjoin(TriageRow, TriageRow.incident_id == IncidentRow.id)
        .where(IncidentRow.kind != "compliment"),
        date_from,
        date_to,
        service_id,
    )
    return [TriageTime(r[0], r[1], r[2], r[3] or "", r[4] or "") for r in session.execute(query)]


def review_times(session: Session, date_from: date, date_to: date, service_id: int | None) -> list[ReviewTime]:
    """Reviews covering a record of the period: when each was opened and signed off."""
    in_period = period_filter(select(IncidentRow.id), date_from, date_to, service_id).scalar_subquery()
    ids = select(ReviewIncidentRow.review_id).where(ReviewIncidentRow.incident_id.in_(in_period)).distinct()
    query = select(ReviewRow.created_at, ReviewRow.signed_off_at).where(ReviewRow.id.in_(ids))
    return [ReviewTime(r[0], r[1]) for r in session.execute(query)]


def occupancy(session: Session, first_month: date, last_month: date) -> dict[tuple[int, date], int]:
    """Occupied bed days per (service id, month start) for the months of the period."""
    query = select(OccupancyRow.service_id, OccupancyRow.month, OccupancyRow.occupied_bed_days).where(
        OccupancyRow.month >= first_month, OccupancyRow.month <= last_month
    )
    return {(sid, month): days for sid, month, days in session.execute(query)}


def service_ids(session: Session) -> dict[str, int]:
    return {name: sid for sid, name in session.execute(select(ServiceRow.id, ServiceRow.name))}


def incident_services(session: Session, incident_ids: Iterable[int]) -> dict[int, int]:
    ids = sorted(set(incident_ids))
    out: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        query = select(IncidentRow.id, IncidentRow.service_id).where(IncidentRow.id.in_(ids[start : start + 500]))
        out.update({iid: sid for iid, sid in session.execute(query)})
    return out


def action_texts(session: Session, action_ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """(title, SMART description, evidence note) of some actions."""
    ids = sorted(set(action_ids))
    out: dict[int, tuple[str, str, str]] = {}
    for start in range(0, len(ids), 500):
        query = select(ActionRow.id, ActionRow.title, ActionRow.description, ActionRow.evidence_note).where(
            ActionRow.id.in_(ids[start : start + 500])
        )
        out.update({r[0]: (r[1], r[2] or "", r[3] or "") for r in session.execute(query)})
    return out


def person_falls(
    session: Session, date_from: date, date_to: date, service_id: int | None, category: str
) -> list[tuple[int, date]]:
    """(person id, day) for every record of a category (e.g. "Fall") in the period, oldest first."""
    query = period_filter(
        select(IncidentPersonRow.person_id, IncidentRow.occurred_at)
        .join(IncidentRow, IncidentRow.id == IncidentPersonRow.incident_id)
        .join(CategoryRow, CategoryRow.id == IncidentRow.category_id)
        .join(PersonRow, PersonRow.id == IncidentPersonRow.person_id)
        .where(CategoryRow.name == category, IncidentRow.kind != "compliment"),
        date_from,
        date_to,
        service_id,
    ).order_by(IncidentRow.occurred_at)
    return [(pid, at.date()) for pid, at in session.execute(query)]


def learning_shared(session: Session, date_from: date, date_to: date, service_id: int | None) -> list[int]:
    """For each time learning from a review of the period's records was shared: how many staff confirmed it."""
    from carelog.db.models.reviews import ReviewLearningSharedRow

    in_period = period_filter(select(IncidentRow.id), date_from, date_to, service_id).scalar_subquery()
    ids = select(ReviewIncidentRow.review_id).where(ReviewIncidentRow.incident_id.in_(in_period)).distinct()
    query = select(ReviewLearningSharedRow.confirmed_by).where(ReviewLearningSharedRow.review_id.in_(ids))
    return [sum(1 for line in (text or "").splitlines() if line.strip()) for text in session.scalars(query)]


def category_ids(session: Session) -> dict[str, int]:
    return {name: cid for cid, name in session.execute(select(CategoryRow.id, CategoryRow.name))}
