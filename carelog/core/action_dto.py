"""Statuses, filter, input and row objects of the action board (issue 4). Plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from carelog.core.action_strength import ActionStrength
from carelog.core.dto import AuditEntry
from carelog.core.effectiveness import EffectResult
from carelog.core.enums import LabelledEnum


class ActionStatus(LabelledEnum):
    """Board columns, left to right."""

    TO_DO = "to_do"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    VERIFIED = "verified"

    @property
    def column_title(self) -> str:
        return COLUMN_TITLES[self]


COLUMN_TITLES = {
    ActionStatus.TO_DO: "To do",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done (awaiting check)",
    ActionStatus.VERIFIED: "Verified effective",
}
BOARD_ORDER = (ActionStatus.TO_DO, ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.VERIFIED)
OPEN_STATUSES = frozenset({ActionStatus.TO_DO, ActionStatus.IN_PROGRESS})


class Conclusion(LabelledEnum):
    """The manager's conclusion after the effectiveness check."""

    EFFECTIVE = "effective"
    NOT_EFFECTIVE = "not_effective"
    TOO_EARLY = "too_early"


def is_overdue(due: date | None, status: ActionStatus, today: date) -> bool:
    """An action is overdue when it has a due date in the past and is not done yet."""
    return due is not None and due < today and status in OPEN_STATUSES


@dataclass(frozen=True)
class ActionInput:
    """What the action dialog collects (create and edit)."""

    title: str
    description: str = ""
    lead_id: int | None = None
    lead_name: str = ""
    due_date: date | None = None
    strength: ActionStrength | None = None
    service_id: int | None = None
    review_id: int | None = None
    factor_id: int | None = None
    incident_ids: tuple[int, ...] = ()
    evidence_note: str = ""
    evidence_path: str = ""


@dataclass(frozen=True)
class ActionFilter:
    """Board filters. None / False means "all"."""

    lead_name: str | None = None
    service_id: int | None = None
    review_id: int | None = None
    overdue_only: bool = False
    status: ActionStatus | None = None
    today: date | None = None  # for overdue; the service fills in its clock's date


@dataclass(frozen=True, slots=True)
class ActionSummary:
    """One card on the board and one row of the action plan in the inspection pack.

    effect holds the stored effectiveness comparison (None until a check is recorded); conclusion and
    conclusion_note are the manager's latest conclusion, kept when a not-effective action is reopened.
    """

    id: int
    title: str
    lead_name: str
    due_date: date | None
    status: ActionStatus
    strength: ActionStrength
    review_id: int | None
    review_title: str
    service_id: int | None
    service_name: str
    overdue: bool
    completed_at: datetime | None
    check_date: date | None
    effect: EffectResult | None
    conclusion: Conclusion | None
    conclusion_note: str
    version: int
    lead_id: int | None = None
    reopened_count: int = 0
    created_at: datetime | None = None


@dataclass(frozen=True)
class ActionDetail:
    summary: ActionSummary
    data: ActionInput
    factor_label: str
    incident_references: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    audit: tuple[AuditEntry, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Choice:
    """An id and a label for pickers (leads, reviews, factors)."""

    id: int
    label: str


BOARD_POSITION = {s: i for i, s in enumerate(BOARD_ORDER)}


def neighbour_status(status: ActionStatus, step: int) -> ActionStatus | None:
    """The column to the right (step 1) or left (step -1) of a status, or None at the board's edge."""
    i = BOARD_POSITION[status] + step
    return BOARD_ORDER[i] if 0 <= i < len(BOARD_ORDER) else None
