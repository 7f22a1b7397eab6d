"""Governance meetings (issue 16): record who met, what they reviewed and what they decided; a decision becomes an
improvement action on the board (through ActionService, in the same transaction).

    list_meetings(service_id=None) -> list[MeetingSummary]      newest first
    get(meeting_id) -> MeetingDetail                             with its audit history
    create(MeetingInput) / update(meeting_id, MeetingInput, version) -> MeetingDetail
    decision_to_action(decision_id, ActionInput) -> MeetingDetail
    resolve_item(kind, text) -> MeetingItemInput                 an item typed by reference or number
    meetings_between(first, last, service_id) -> list[MeetingDetail]   (the monthly report's meeting page)

Reading needs VIEW_ALL_INCIDENTS, writing MANAGE_ACTIONS (managers and administrators). Every write is audited
(entity "meeting"); the meeting's state is bound to the trail through record_state.SPECS.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from carelog.core.action_dto import ActionInput
from carelog.core.errors import ValidationError
from carelog.core.meeting_dto import (
    MAX_ATTENDEES,
    MAX_DECISIONS,
    MAX_ITEMS,
    AttendeeInput,
    DecisionInput,
    MeetingDetail,
    MeetingInput,
    MeetingItemInput,
    MeetingItemKind,
    MeetingSummary,
)
from carelog.core.permissions import Permission
from carelog.db.models import IncidentRow, ServiceRow, UserRow
from carelog.db.models.actions import ActionRow
from carelog.db.models.reviews import ReviewRow
from carelog.db.repositories import audit
from carelog.db.repositories import governance as repo
from carelog.services.actions import ActionService
from carelog.services.context import ServiceContext

logger = logging.getLogger(__name__)
ENTITY = "meeting"


class MeetingService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    # ------------------------------------------------------------------------------------------ reads
    def list_meetings(self, service_id: int | None = None) -> list[MeetingSummary]:
        self._ctx.require(Permission.VIEW_ALL_INCIDENTS, ENTITY)
        with self._ctx.read() as session:
            return repo.list_meetings(session, service_id)

    def get(self, meeting_id: int, with_audit: bool = True) -> MeetingDetail:
        self._ctx.require(Permission.VIEW_ALL_INCIDENTS, ENTITY, meeting_id)
        with self._ctx.read() as session:
            d = repo.detail(session, meeting_id)
            return replace(d, audit=audit.history(session, ENTITY, meeting_id)) if with_audit else d

    def meetings_between(self, first: date, last: date, service_id: int | None = None) -> list[MeetingDetail]:
        self._ctx.require(Permission.VIEW_ALL_INCIDENTS, ENTITY)
        with self._ctx.read() as session:
            return repo.meetings_between(session, first, last, service_id)

    def resolve_item(self, kind: MeetingItemKind, text: str) -> MeetingItemInput:
        """An item the meeting reviewed, from what the user typed: an incident reference, a review or action
        number, or (signals and other items) the words themselves. ValidationError saying what to fix."""
        value = " ".join(text.split())
        if not value:
            raise ValidationError({"item": "Type what the meeting looked at (a reference, a number or a few words)."})
        if kind in (MeetingItemKind.SIGNAL, MeetingItemKind.OTHER):
            return MeetingItemInput(kind, value[:300])
        with self._ctx.read() as session:
            if kind == MeetingItemKind.INCIDENT:
                row = session.execute(
                    select(IncidentRow.id, IncidentRow.reference).where(IncidentRow.reference == value.upper())
                ).one_or_none()
                if row is None:
                    raise ValidationError({"item": f"No incident with reference {value.upper()}: check it."})
                return MeetingItemInput(kind, row[1], row[0])
            number = value.lstrip("#").removeprefix("R").removeprefix("A").strip()
            if not number.isdigit():
                raise ValidationError({"item": f"Type the {kind.label.lower()}'s number, for example 12."})
            model = ReviewRow if kind == MeetingItemKind.REVIEW else ActionRow
            title = session.scalar(select(model.title).where(model.id == int(number)))
            if title is None:
                raise ValidationError({"item": f"No {kind.label.lower()} number {number}: check it."})
            return MeetingItemInput(kind, f"{kind.label} {number}: {title}"[:300], int(number))

    # ------------------------------------------------------------------------------------------ writes
    def create(self, data: MeetingInput) -> MeetingDetail:
        """Record a meeting. Raises ValidationError listing what to fix."""
        actor = self._ctx.require(Permission.MANAGE_ACTIONS, ENTITY)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            data = self._validated(session, data, None)
            meeting_id = repo.insert_meeting(session, data, now)
            audit.append(session, actor, ENTITY, meeting_id, "create", "held_on", None, data.held_on, at=now)
            detail = repo.detail(session, meeting_id)
        logger.info("Meeting %s recorded", meeting_id)
        return detail

    def update(self, meeting_id: int, data: MeetingInput, version: int) -> MeetingDetail:
        """Save an edited meeting; each changed part is audited. ConflictError if it changed meanwhile. A decision
        that became an action cannot be removed."""
        actor = self._ctx.require(Permission.MANAGE_ACTIONS, ENTITY, meeting_id)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            data = self._validated(session, data, meeting_id)
            old = repo.detail(session, meeting_id).to_input()
            repo.update_meeting(session, meeting_id, data, version, now)
            for name, before, after in _changes(session, old, data):
                audit.append(session, actor, ENTITY, meeting_id, "update", name, before, after, at=now)
            detail = repo.detail(session, meeting_id)
        logger.info("Meeting %s updated", meeting_id)
        return detail

    def decision_to_action(self, decision_id: int, action: ActionInput) -> MeetingDetail:
        """Make a saved decision an improvement action (To do on the board), with its lead and due date, in one
        transaction: the action and the decision's link to it are saved together, or neither is."""
        actor = self._ctx.require(Permission.MANAGE_ACTIONS, ENTITY)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            decision = repo.decision_row(session, decision_id)
            if decision.action_id is not None:
                raise ValidationError(
                    {"decision": f"This decision is already action {decision.action_id}: open it on the Actions tab."}
                )
            meeting = repo.touch(session, decision.meeting_id, now)
            if action.service_id is None:
                action = replace(action, service_id=meeting.service_id)
            if not action.description.strip():
                action = replace(
                    action, description=f"Decided at the governance meeting of {meeting.held_on:%d/%m/%Y}."
                )
            action_id = ActionService(self._ctx).create_in(session, actor, action, now)
            decision.action_id = action_id
            session.flush()
            audit.append(
                session, actor, ENTITY, meeting.id, "update", "decision action", None, f"action {action_id}", at=now
            )
            detail = repo.detail(session, meeting.id)
        logger.info("Meeting %s: decision %s became action %s", detail.id, decision_id, action_id)
        return detail

    # ------------------------------------------------------------------------------------------ helpers
    def _validated(self, session: Session, data: MeetingInput, meeting_id: int | None) -> MeetingInput:
        errors: dict[str, str] = {}
        today = self._ctx.clock().date()
        attendees = _clean_attendees(data.attendees)
        items = tuple(
            replace(i, label=" ".join(i.label.split())[:300], note=i.note.strip())
            for i in data.items
            if i.label.strip()
        )
        decisions = tuple(replace(d, text=d.text.strip()) for d in data.decisions if d.text.strip() or d.id)
        if data.held_on is None:
            errors["held_on"] = "Choose the date the meeting was held."
        elif data.held_on > today:
            errors["held_on"] = "Record a meeting on or after the day it is held: choose today or an earlier date."
        if data.service_id is not None and session.get(ServiceRow, data.service_id) is None:
            errors["service"] = "That service no longer exists: choose another, or All services."
        if not attendees:
            errors["attendees"] = "Name at least one person who attended (one a line)."
        elif len(attendees) > MAX_ATTENDEES:
            errors["attendees"] = f"List at most {MAX_ATTENDEES} attendees."
        elif any(len(a.name) > 120 for a in attendees):
            errors["attendees"] = "Keep each attendee's name under 120 characters."
        elif any(a.user_id is not None and session.get(UserRow, a.user_id) is None for a in attendees):
            errors["attendees"] = "An attendee's account no longer exists: type their name instead."
        if len(items) > MAX_ITEMS:
            errors["items"] = f"List at most {MAX_ITEMS} items reviewed."
        if len(decisions) > MAX_DECISIONS:
            errors["decisions"] = f"Record at most {MAX_DECISIONS} decisions; merge related ones."
        if any(not d.text for d in decisions):
            errors["decisions"] = "A decision cannot be blank: type what was decided."
        saved = repo.decisions_with_actions(session, meeting_id) if meeting_id is not None else {}
        listed = {d.id for d in decisions if d.id is not None}
        if listed - set(saved):
            errors["decisions"] = "Some decisions no longer exist on this meeting: close it and open it again."
        kept_actions = [a for did, a in saved.items() if a is not None and did not in listed]
        if kept_actions:
            errors["decisions"] = (
                f"A decision that became action {kept_actions[0]} stays on the meeting record: keep it "
                "(you can reword it)."
            )
        if errors:
            raise ValidationError(errors)
        return replace(data, attendees=attendees, items=items, decisions=decisions, notes=data.notes.strip())


def _clean_attendees(attendees: tuple[AttendeeInput, ...]) -> tuple[AttendeeInput, ...]:
    seen: set[str] = set()
    out = []
    for a in attendees:
        name = " ".join(a.name.split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append(AttendeeInput(name, a.user_id))
    return tuple(out)


def _changes(session: Session, old: MeetingInput, new: MeetingInput) -> list[tuple[str, object, object]]:
    def service(sid: int | None) -> str:
        return (session.scalar(select(ServiceRow.name).where(ServiceRow.id == sid)) or "") if sid else "All services"

    def decisions(ds: tuple[DecisionInput, ...]) -> str:
        return " | ".join(d.text for d in ds)

    pairs: list[tuple[str, object, object]] = [
        ("held_on", old.held_on, new.held_on),
        ("service", service(old.service_id), service(new.service_id)),
        ("attendees", ", ".join(a.name for a in old.attendees), ", ".join(a.name for a in new.attendees)),
        ("items", _items(old.items), _items(new.items)),
        ("decisions", decisions(old.decisions), decisions(new.decisions)),
        ("notes", old.notes, new.notes),
    ]
    changed = [(n, b, a) for n, b, a in pairs if b != a]
    if not changed and old != new:  # e.g. an item's note or an attendee's account changed
        changed = [("details", "", "changed")]
    return changed  # nothing at all: nothing is audited (the digest is unchanged too)


def _items(items: tuple[MeetingItemInput, ...]) -> str:
    return " | ".join(i.label + (f" ({i.note})" if i.note else "") for i in items)
