"""Bulk reads for the inspection pack: every record of one period (and optionally one service) in a few queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carelog.core.dto import PersonRef
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm, PsychologicalHarm, Status
from carelog.core.pack_data import PackIncident, PackNotification
from carelog.db.models import (
    CategoryRow,
    IncidentPersonRow,
    IncidentRow,
    LocationRow,
    NotificationRow,
    PersonRow,
    ServiceRow,
)
from carelog.db.repositories.incidents import SUBCATEGORY, with_names


@dataclass(frozen=True)
class PeriodRecords:
    incidents: tuple[PackIncident, ...]  # people left empty: see people_by_incident
    people_by_incident: dict[int, tuple[PersonRef, ...]]
    notifications: tuple[tuple[int, PackNotification], ...]  # (incident id, notification)
    people: tuple[PersonRef, ...]  # everyone on record, for replacing names in free text


def period_filter(query: Any, date_from: date, date_to: date, service_id: int | None) -> Any:  # any Select
    query = query.where(
        IncidentRow.occurred_at >= datetime.combine(date_from, time.min),
        IncidentRow.occurred_at < datetime.combine(date_to + timedelta(days=1), time.min),
    )
    if service_id is not None:
        query = query.where(IncidentRow.service_id == service_id)
    return query


def period_records(session: Session, date_from: date, date_to: date, service_id: int | None) -> PeriodRecords:
    rows: list[Any] = session.execute(  # type: ignore[assignment]
        period_filter(
            with_names(
                select(
                    IncidentRow.id,
                    IncidentRow.reference,
                    IncidentRow.occurred_at,
                    IncidentRow.kind,
                    CategoryRow.name,
                    SUBCATEGORY.name,
                    ServiceRow.name,
                    LocationRow.name,
                    IncidentRow.physical_harm,
                    IncidentRow.psychological_harm,
                    IncidentRow.status,
                    IncidentRow.account,
                )
            ),
            date_from,
            date_to,
            service_id,
        ).order_by(IncidentRow.occurred_at, IncidentRow.id)
    ).all()
    incidents = tuple(
        PackIncident(
            id=r[0],
            reference=r[1],
            occurred_at=r[2],
            kind=Kind(r[3]),
            category=r[4],
            subcategory=r[5] or "",
            service=r[6],
            location=r[7] or "",
            physical_harm=PhysicalHarm(r[8]),
            psychological_harm=PsychologicalHarm(r[9]),
            status=Status(r[10]),
            account=r[11] or "",
        )
        for r in rows
    )
    in_period = period_filter(select(IncidentRow.id), date_from, date_to, service_id).scalar_subquery()
    people_by_incident: dict[int, list[PersonRef]] = defaultdict(list)
    for incident_id, pid, code, name, sid in session.execute(
        select(
            IncidentPersonRow.incident_id, PersonRow.id, PersonRow.code, PersonRow.display_name, PersonRow.service_id
        )
        .join(PersonRow, PersonRow.id == IncidentPersonRow.person_id)
        .where(IncidentPersonRow.incident_id.in_(in_period))
        .order_by(IncidentPersonRow.incident_id, PersonRow.code)
    ):
        people_by_incident[incident_id].append(PersonRef(pid, code, name, sid))
    by_id = {i.id: i for i in incidents}
    notifications = []
    for n in session.scalars(
        select(NotificationRow).where(NotificationRow.incident_id.in_(in_period)).order_by(NotificationRow.id)
    ):
        incident = by_id.get(n.incident_id)
        if incident is None:  # pragma: no cover - written between the two queries
            continue
        notifications.append(
            (
                n.incident_id,
                PackNotification(
                    incident.reference, incident.occurred_at, NotificationKind(n.kind), n.made_at, n.reference, n.note
                ),
            )
        )
    people = tuple(
        PersonRef(p.id, p.code, p.display_name, p.service_id)
        for p in session.scalars(select(PersonRow).order_by(PersonRow.id))
    )
    return PeriodRecords(incidents, {k: tuple(v) for k, v in people_by_incident.items()}, tuple(notifications), people)


def service_name(session: Session, service_id: int) -> str | None:
    return session.scalar(select(ServiceRow.name).where(ServiceRow.id == service_id))


def review_ids(session: Session, date_from: date, date_to: date, service_id: int | None) -> list[int]:
    """Reviews covering at least one record of the period, oldest first."""
    from carelog.db.models.reviews import ReviewIncidentRow

    in_period = period_filter(select(IncidentRow.id), date_from, date_to, service_id).scalar_subquery()
    return list(
        session.scalars(
            select(ReviewIncidentRow.review_id)
            .where(ReviewIncidentRow.incident_id.in_(in_period))
            .distinct()
            .order_by(ReviewIncidentRow.review_id)
        )
    )


def people_of_incidents(session: Session, incident_ids: list[int]) -> dict[int, tuple[PersonRef, ...]]:
    """The people linked to each of some incidents (for records outside the period that a review covers)."""
    out: dict[int, list[PersonRef]] = defaultdict(list)
    for start in range(0, len(incident_ids), 500):
        for incident_id, pid, code, name, sid in session.execute(
            select(
                IncidentPersonRow.incident_id,
                PersonRow.id,
                PersonRow.code,
                PersonRow.display_name,
                PersonRow.service_id,
            )
            .join(PersonRow, PersonRow.id == IncidentPersonRow.person_id)
            .where(IncidentPersonRow.incident_id.in_(incident_ids[start : start + 500]))
        ):
            out[incident_id].append(PersonRef(pid, code, name, sid))
    return {k: tuple(v) for k, v in out.items()}
