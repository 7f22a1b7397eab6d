"""Persistence of governance meetings: the meeting row and its attendees, reviewed items and decisions."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from carelog.core.action_dto import ActionStatus
from carelog.core.errors import NotFoundError
from carelog.core.meeting_dto import (
    AttendeeInput,
    MeetingDecision,
    MeetingDetail,
    MeetingInput,
    MeetingItemInput,
    MeetingItemKind,
    MeetingSummary,
)
from carelog.db.models import ServiceRow
from carelog.db.models.actions import ActionRow
from carelog.db.models.governance import MeetingAttendeeRow, MeetingDecisionRow, MeetingItemRow, MeetingRow
from carelog.db.repositories.versions import claim_version

ALL_SERVICES = "All services"
MEETING_CONFLICT = (
    "Someone else changed this meeting since you opened it, so your changes were not saved. Close it and open it again."
)


def _missing(meeting_id: int) -> str:
    return f"Meeting {meeting_id} no longer exists."


# ---------------------------------------------------------------------------------------------- writes
def insert_meeting(session: Session, data: MeetingInput, now: datetime) -> int:
    assert data.held_on is not None  # validated by the service
    row = MeetingRow(
        held_on=data.held_on, service_id=data.service_id, notes=data.notes, created_at=now, updated_at=now, version=1
    )
    session.add(row)
    session.flush()
    _replace_children(session, row.id, data)
    return row.id


def update_meeting(session: Session, meeting_id: int, data: MeetingInput, version: int, now: datetime) -> None:
    assert data.held_on is not None
    row = claim_version(
        session, MeetingRow, meeting_id, version, conflict=MEETING_CONFLICT, missing=_missing(meeting_id)
    )
    row.held_on, row.service_id, row.notes, row.updated_at = data.held_on, data.service_id, data.notes, now
    _replace_children(session, meeting_id, data)


def _replace_children(session: Session, meeting_id: int, data: MeetingInput) -> None:
    """Attendees and items are rewritten; decisions keep their ids (and the actions they made) while listed."""
    for model in (MeetingAttendeeRow, MeetingItemRow):
        session.execute(delete(model).where(model.meeting_id == meeting_id))
    if data.attendees:
        session.execute(
            insert(MeetingAttendeeRow),
            [
                {"meeting_id": meeting_id, "position": n, "name": a.name, "user_id": a.user_id}
                for n, a in enumerate(data.attendees)
            ],
        )
    if data.items:
        session.execute(
            insert(MeetingItemRow),
            [
                {
                    "meeting_id": meeting_id,
                    "position": n,
                    "kind": i.kind.value,
                    "record_id": i.record_id,
                    "label": i.label,
                    "note": i.note,
                }
                for n, i in enumerate(data.items)
            ],
        )
    kept = {d.id for d in data.decisions if d.id is not None}
    existing = {r.id: r for r in session.scalars(select(MeetingDecisionRow).where(_of(meeting_id)))}
    for decision_id, row in existing.items():
        if decision_id not in kept:
            session.delete(row)
    for n, d in enumerate(data.decisions):
        if d.id is not None and d.id in existing:
            existing[d.id].position, existing[d.id].text = n, d.text
        else:
            session.add(MeetingDecisionRow(meeting_id=meeting_id, position=n, text=d.text))
    session.flush()


def _of(meeting_id: int):  # type: ignore[no-untyped-def]
    return MeetingDecisionRow.meeting_id == meeting_id


def decision_row(session: Session, decision_id: int) -> MeetingDecisionRow:
    row = session.execute(
        select(MeetingDecisionRow).where(MeetingDecisionRow.id == decision_id).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError("That decision no longer exists: open the meeting again.")
    return row


def touch(session: Session, meeting_id: int, now: datetime) -> MeetingRow:
    row = session.execute(select(MeetingRow).where(MeetingRow.id == meeting_id).with_for_update()).scalar_one()
    row.updated_at = now
    row.version += 1
    return row


def decisions_with_actions(session: Session, meeting_id: int) -> dict[int, int | None]:
    """decision id -> action id (None: not an action yet), for validating an edit."""
    rows = session.execute(select(MeetingDecisionRow.id, MeetingDecisionRow.action_id).where(_of(meeting_id)))
    return {r[0]: r[1] for r in rows}


# ---------------------------------------------------------------------------------------------- reads
def detail(session: Session, meeting_id: int) -> MeetingDetail:
    row = session.get(MeetingRow, meeting_id, populate_existing=True)
    if row is None:
        raise NotFoundError(_missing(meeting_id))
    return _details(session, [row])[0]


def _details(session: Session, rows: list[MeetingRow]) -> list[MeetingDetail]:
    ids = [r.id for r in rows]
    if not ids:
        return []
    attendees: dict[int, list[AttendeeInput]] = defaultdict(list)
    for a in session.scalars(
        select(MeetingAttendeeRow)
        .where(MeetingAttendeeRow.meeting_id.in_(ids))
        .order_by(MeetingAttendeeRow.meeting_id, MeetingAttendeeRow.position)
    ):
        attendees[a.meeting_id].append(AttendeeInput(a.name, a.user_id))
    items: dict[int, list[MeetingItemInput]] = defaultdict(list)
    for i in session.scalars(
        select(MeetingItemRow)
        .where(MeetingItemRow.meeting_id.in_(ids))
        .order_by(MeetingItemRow.meeting_id, MeetingItemRow.position)
    ):
        items[i.meeting_id].append(MeetingItemInput(MeetingItemKind(i.kind), i.label, i.record_id, i.note))
    decisions: dict[int, list[MeetingDecision]] = defaultdict(list)
    query = (
        select(MeetingDecisionRow, ActionRow.title, ActionRow.lead_name, ActionRow.due_date, ActionRow.status)
        .outerjoin(ActionRow, ActionRow.id == MeetingDecisionRow.action_id)
        .where(MeetingDecisionRow.meeting_id.in_(ids))
        .order_by(MeetingDecisionRow.meeting_id, MeetingDecisionRow.position, MeetingDecisionRow.id)
    )
    for d, title, lead, due, status in session.execute(query):
        decisions[d.meeting_id].append(
            MeetingDecision(
                d.id,
                d.text,
                d.action_id,
                title or "",
                lead or "",
                due,
                ActionStatus(status).column_title if status else "",
            )
        )
    names: dict[int, str] = {sid: name for sid, name in session.execute(select(ServiceRow.id, ServiceRow.name))}
    return [
        MeetingDetail(
            r.id,
            r.held_on,
            r.service_id,
            names.get(r.service_id, ALL_SERVICES) if r.service_id is not None else ALL_SERVICES,
            tuple(attendees[r.id]),
            tuple(items[r.id]),
            tuple(decisions[r.id]),
            r.notes,
            r.version,
        )
        for r in rows
    ]


def list_meetings(session: Session, service_id: int | None = None) -> list[MeetingSummary]:
    """Newest first; with a service, its meetings and those that covered all services."""
    query = select(MeetingRow).order_by(MeetingRow.held_on.desc(), MeetingRow.id.desc())
    if service_id is not None:
        query = query.where((MeetingRow.service_id == service_id) | MeetingRow.service_id.is_(None))
    return [
        MeetingSummary(
            d.id,
            d.held_on,
            d.service_name,
            len(d.attendees),
            len(d.items),
            len(d.decisions),
            sum(1 for x in d.decisions if x.action_id is not None),
        )
        for d in _details(session, list(session.scalars(query)))
    ]


def meetings_between(session: Session, first: date, last: date, service_id: int | None) -> list[MeetingDetail]:
    """Meetings held from `first` to `last`, oldest first: for one service, its own and the all-services ones;
    for all services, every meeting."""
    query = (
        select(MeetingRow)
        .where(MeetingRow.held_on >= first, MeetingRow.held_on <= last)
        .order_by(MeetingRow.held_on, MeetingRow.id)
    )
    if service_id is not None:
        query = query.where((MeetingRow.service_id == service_id) | MeetingRow.service_id.is_(None))
    return _details(session, list(session.scalars(query)))


def meeting_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(MeetingRow)) or 0)
