"""The governance meeting (issue 16): who attended, what it looked at, what it decided. Plain frozen dataclasses.

A decision can become an improvement action on the board (ActionService); the decision then names its action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carelog.core.dto import AuditEntry
from carelog.core.enums import LabelledEnum

MAX_ATTENDEES = 40
MAX_ITEMS = 100
MAX_DECISIONS = 50


class MeetingItemKind(LabelledEnum):
    """What kind of record an item the meeting reviewed is."""

    INCIDENT = "incident"
    REVIEW = "review"
    ACTION = "action"
    SIGNAL = "signal"  # a pattern or SPC signal (computed, so it is kept as its headline)
    OTHER = "other"


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    user_id: int | None = None  # a CareLog account, when the attendee has one


@dataclass(frozen=True)
class MeetingItemInput:
    kind: MeetingItemKind
    label: str  # "INC-2026-0042 Fall, Rose Lounge", the review title, the signal's headline
    record_id: int | None = None  # the incident, review or action it is about (None for signals and other items)
    note: str = ""


@dataclass(frozen=True)
class DecisionInput:
    text: str
    id: int | None = None  # None: a new decision; otherwise the saved decision it edits


@dataclass(frozen=True)
class MeetingInput:
    held_on: date | None
    service_id: int | None = None  # None: the meeting covered all services
    attendees: tuple[AttendeeInput, ...] = ()
    items: tuple[MeetingItemInput, ...] = ()
    decisions: tuple[DecisionInput, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class MeetingDecision:
    id: int
    text: str
    action_id: int | None = None
    action_title: str = ""
    action_lead: str = ""
    action_due: date | None = None
    action_status: str = ""  # the board column's title


@dataclass(frozen=True)
class MeetingDetail:
    id: int
    held_on: date
    service_id: int | None
    service_name: str  # "All services" when service_id is None
    attendees: tuple[AttendeeInput, ...]
    items: tuple[MeetingItemInput, ...]
    decisions: tuple[MeetingDecision, ...]
    notes: str
    version: int
    audit: tuple[AuditEntry, ...] = ()

    def to_input(self) -> MeetingInput:
        return MeetingInput(
            self.held_on,
            self.service_id,
            self.attendees,
            self.items,
            tuple(DecisionInput(d.text, d.id) for d in self.decisions),
            self.notes,
        )


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    id: int
    held_on: date
    service_name: str
    attendees: int
    items: int
    decisions: int
    actions: int  # decisions that became actions


def parse_attendees(text: str) -> tuple[AttendeeInput, ...]:
    """One attendee per line (or semicolon; a comma may be part of "Sam Senior, night senior"), blanks dropped,
    duplicates (ignoring case and spaces) kept once."""
    seen: set[str] = set()
    out = []
    for part in text.replace(";", "\n").splitlines():
        name = " ".join(part.split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append(AttendeeInput(name))
    return tuple(out)
