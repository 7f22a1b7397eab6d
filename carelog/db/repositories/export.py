"""Bulk read of incidents for export: one row per incident with people as ID codes (never names).

Each row comes with the people linked to the incident, so the service can replace their names in free text."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carelog.core.dto import IncidentFilter, PersonRef
from carelog.db.models import (
    CategoryRow,
    IncidentPersonRow,
    IncidentRow,
    LocationRow,
    NotificationRow,
    PersonRow,
    ServiceRow,
)
from carelog.db.models.thread import CandourRow, ComplaintRow, SafeguardingRow
from carelog.db.repositories.incidents import SUBCATEGORY, _apply_filter, with_names

EXPORT_COLUMNS = (
    "reference",
    "occurred_at",
    "reported_at",
    "kind",
    "category",
    "subcategory",
    "service",
    "location",
    "shift",
    "harm",
    "psychological_harm",
    "risk_score",
    "status",
    "person",
    "description",
    "immediate_action",
    "reported_by",
    "witnesses",
    "notifications",
    "complaints",
    "safeguarding",
    "duty_of_candour",
)


ExportRow = tuple[dict[str, Any], tuple[PersonRef, ...]]
FREE_TEXT_COLUMNS = ("description", "immediate_action", "witnesses")


def all_people(session: Session) -> list[PersonRef]:
    """Everyone on record (also inactive people): their names are replaced by codes in exported free text."""
    return [
        PersonRef(r.id, r.code, r.display_name, r.service_id, r.active)
        for r in session.scalars(select(PersonRow).order_by(PersonRow.id))
    ]


def export_rows(session: Session, f: IncidentFilter, batch: int = 2000) -> Iterator[ExportRow]:
    query = with_names(
        select(
            IncidentRow.id,
            IncidentRow.reference,
            IncidentRow.occurred_at,
            IncidentRow.reported_at,
            IncidentRow.kind,
            CategoryRow.name,
            SUBCATEGORY.name,
            ServiceRow.name,
            LocationRow.name,
            IncidentRow.shift,
            IncidentRow.physical_harm,
            IncidentRow.psychological_harm,
            IncidentRow.risk_score,
            IncidentRow.status,
            IncidentRow.account,
            IncidentRow.immediate_action,
            IncidentRow.reporter_name,
            IncidentRow.witnesses,
        )
    ).order_by(IncidentRow.occurred_at, IncidentRow.id)
    rows: list[Any] = list(session.execute(_apply_filter(query, session, f)).all())
    for start in range(0, len(rows), batch):
        part = rows[start : start + batch]
        ids = [r[0] for r in part]
        people: dict[int, list[PersonRef]] = defaultdict(list)
        for iid, pid, code, name, sid in session.execute(
            select(
                IncidentPersonRow.incident_id,
                PersonRow.id,
                PersonRow.code,
                PersonRow.display_name,
                PersonRow.service_id,
            )
            .join(PersonRow, PersonRow.id == IncidentPersonRow.person_id)
            .where(IncidentPersonRow.incident_id.in_(ids))
            .order_by(PersonRow.code)
        ):
            people[iid].append(PersonRef(pid, code, name, sid))
        notes: dict[int, list[str]] = defaultdict(list)
        for n in session.scalars(select(NotificationRow).where(NotificationRow.incident_id.in_(ids))):
            when = n.made_at.strftime("%Y-%m-%d %H:%M") if n.made_at else ""
            notes[n.incident_id].append(" ".join(x for x in (n.kind, when, n.reference) if x))
        thread = _thread_columns(session, ids)
        for r in part:
            involved = tuple(people.get(r[0], []))
            yield (
                {
                    "reference": r[1],
                    "occurred_at": r[2].strftime("%Y-%m-%d %H:%M"),
                    "reported_at": r[3].strftime("%Y-%m-%d %H:%M"),
                    "kind": r[4],
                    "category": r[5],
                    "subcategory": r[6] or "",
                    "service": r[7],
                    "location": r[8] or "",
                    "shift": r[9],
                    "harm": r[10],
                    "psychological_harm": r[11],
                    "risk_score": "" if r[12] is None else r[12],
                    "status": r[13],
                    "person": "; ".join(p.code for p in involved),
                    "description": r[14],
                    "immediate_action": r[15],
                    "reported_by": r[16],
                    "witnesses": r[17],
                    "notifications": "; ".join(notes.get(r[0], [])),
                    **{column: "; ".join(thread[column].get(r[0], [])) for column in _THREAD_COLUMNS},
                },
                involved,
            )


_THREAD_COLUMNS = ("complaints", "safeguarding", "duty_of_candour")


def _thread_columns(session: Session, ids: list[int]) -> dict[str, dict[int, list[str]]]:
    """Linked complaints (ref, outcome), safeguarding referrals (ref, abuse type, LA reference, section 42) and
    Duty of Candour decisions per incident; no names or free text."""
    out: dict[str, dict[int, list[str]]] = {c: defaultdict(list) for c in _THREAD_COLUMNS}
    for c in session.scalars(select(ComplaintRow).where(ComplaintRow.incident_id.in_(ids))):
        out["complaints"][c.incident_id or 0].append(" ".join(x for x in (f"C-{c.id}", c.outcome) if x))
    for g in session.scalars(select(SafeguardingRow).where(SafeguardingRow.incident_id.in_(ids))):
        parts = (f"S-{g.id}", g.abuse_type, g.la_reference, f"s42 {g.s42_enquiry}" if g.s42_enquiry else "")
        out["safeguarding"][g.incident_id or 0].append(" ".join(x for x in parts if x))
    for d in session.scalars(select(CandourRow).where(CandourRow.incident_id.in_(ids))):
        decision = {"yes": "notifiable", "no": "not notifiable"}.get(d.notifiable, "not decided")
        steps = (
            f"told {d.notified_on:%Y-%m-%d}" if d.notified_on else "",
            f"written {d.written_on:%Y-%m-%d}" if d.written_on else "",
        )
        out["duty_of_candour"][d.incident_id or 0].append(" ".join(x for x in (f"DC-{d.id}", decision, *steps) if x))
    return out
