"""What the inspection pack checks rather than repeats (issue 16): notification compliance, case-study claims against
the data, the opening summary, and a reproducible sample of records traced start to finish. Pure types and rules;
services/pack_checks.py gathers them, reports/pack/ prints them.

The claim rule is deliberately simple (and printed in the pack): a case study's outcome *claims a fall* when it uses
one of FALL_WORDS and none of RISE_WORDS, *claims a rise* the other way round, and makes no checked claim otherwise
(a capitalised word inside a sentence is a name, as in "the Rose Lounge", and does not count).
The data are the records like the review's own (same category and location, or category and service where a record
had no location) in equal windows either side of the review's sign-off (or, for a review not signed off, the
completion of its last action): up to CLAIM_WINDOW_DAYS each, shorter when less time has passed since. The data
support the claim only when the rate moved the way the narrative says.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from carelog.core.deadlines import Outcome

CLAIM_WINDOW_DAYS = 91  # about three months either side
MIN_CLAIM_WINDOW_DAYS = 28  # shorter than this after sign-off: too early to check
FALL_WORDS = ("fell", "fallen", "reduced", "reduction", "fewer", "decreased", "decrease", "dropped", "halved", "lower")
RISE_WORDS = ("rose", "risen", "increased", "increase", "rise", "doubled", "higher")
SAMPLE_SIZE = 5
NOT_MADE = frozenset({Outcome.NEVER_MADE, Outcome.OVERDUE})


class Direction(StrEnum):
    FALL = "fall"
    RISE = "rise"
    SAME = "same"
    NONE = ""  # no claim made (or none we can check)


def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(words) + r")\b", re.IGNORECASE)


_FALL, _RISE = _words(FALL_WORDS), _words(RISE_WORDS)


def _says(pattern: re.Pattern[str], text: str) -> bool:
    """A word of `pattern` used as a word, not as part of a name: a capitalised match not at the start of a
    sentence ("the Rose Lounge") is a name and does not count."""
    for m in pattern.finditer(text):
        before = text[: m.start()].rstrip()
        if m.group(0)[0].isupper() and before and before[-1] not in ".!?:;\"'\u201c(":
            continue
        return True
    return False


def claimed_direction(narrative: str) -> Direction:
    """Which way the narrative says the numbers went (see the module docstring for the rule)."""
    fall, rise = _says(_FALL, narrative), _says(_RISE, narrative)
    if fall == rise:
        return Direction.NONE
    return Direction.FALL if fall else Direction.RISE


def data_direction(before: int, after: int) -> Direction:
    if after < before:
        return Direction.FALL
    return Direction.RISE if after > before else Direction.SAME


def per_month(count: int, days: int) -> float:
    """Records per month (30 days) over a window of `days`."""
    return count * 30 / days if days > 0 else 0.0


# ---------------------------------------------------------------------------------------------- claims
@dataclass(frozen=True)
class ClaimCheck:
    """A case study's outcome beside the computed before/after of records like its review's."""

    review_id: int
    review_title: str
    narrative: str
    claimed: Direction
    pivot: date | None  # sign-off (or last action completed); None: neither yet, nothing to compare
    window_days: int = 0
    before_count: int = 0
    after_count: int = 0
    matched_on: str = ""  # e.g. "Fall at Rose Lounge (Willow Bank)"
    pivot_label: str = "sign-off"  # or "the last action was completed"

    @property
    def checked(self) -> bool:
        return self.pivot is not None and self.window_days >= MIN_CLAIM_WINDOW_DAYS

    @property
    def before_rate(self) -> float:
        return per_month(self.before_count, self.window_days)

    @property
    def after_rate(self) -> float:
        return per_month(self.after_count, self.window_days)

    @property
    def found(self) -> Direction:
        return data_direction(self.before_count, self.after_count) if self.checked else Direction.NONE

    @property
    def contradicted(self) -> bool:
        """The narrative claims a fall or a rise and the data moved otherwise."""
        return self.checked and self.claimed != Direction.NONE and self.found != self.claimed

    def data_text(self) -> str:
        if self.pivot is None:
            return "Not compared: the review is not signed off and none of its actions is complete yet."
        if not self.checked:
            return (
                f"Too early to compare: only {self.window_days} days since {self.pivot_label} on {self.pivot:%d/%m/%Y}."
            )
        return (
            f"{self.before_count} records in the {self.window_days} days before {self.pivot_label} on "
            f"{self.pivot:%d/%m/%Y} "
            f"({self.before_rate:.1f} a month), {self.after_count} in the {self.window_days} days after "
            f"({self.after_rate:.1f} a month)"
        )

    def warning(self) -> str:
        went = {Direction.RISE: "rose", Direction.SAME: "did not change", Direction.FALL: "fell"}[self.found]
        said = "a fall" if self.claimed == Direction.FALL else "a rise"
        return (
            f"Case study '{self.review_title}': the outcome describes {said}, but the records {went}: "
            f"{self.data_text()}. Check the outcome text before sharing the pack."
        )


# ---------------------------------------------------------------------------------------------- notifications
@dataclass(frozen=True)
class ComplianceItem:
    """One required notification or Duty of Candour step that was not made, or made late."""

    reference: str
    occurred_at: datetime
    type_label: str
    due: datetime | date | None
    made_at: datetime | date | None
    outcome: Outcome
    late_by: str = ""  # "3 days", "5 hours"; how overdue when not made

    @property
    def state(self) -> str:
        return {
            Outcome.LATE: "Made late",
            Outcome.NEVER_MADE: "Not made (record closed)",
            Outcome.OVERDUE: "Not made, overdue",
            Outcome.DUE: "Not made yet, still in time",
            Outcome.ON_TIME: "Made on time",
        }[self.outcome]


@dataclass(frozen=True)
class ComplianceRow:
    type_label: str
    required: int
    made: int
    on_time: int
    late: int
    not_made: int  # overdue or never made
    still_in_time: int


@dataclass(frozen=True)
class Assessed:
    """One requirement of one record, classified (input to `compliance`)."""

    reference: str
    occurred_at: datetime
    type_label: str
    due: datetime | date | None
    made_at: datetime | date | None
    outcome: Outcome


def how_long(start: datetime | date, end: datetime | date) -> str:
    """'5 hours', '3 days' between two moments (dates count from the start of the day)."""
    a = start if isinstance(start, datetime) else datetime.combine(start, datetime.min.time())
    b = end if isinstance(end, datetime) else datetime.combine(end, datetime.min.time())
    hours = int(max((b - a).total_seconds(), 0) // 3600)
    if hours >= 48:
        days = hours // 24
        return f"{days} days"
    return "1 hour" if hours == 1 else f"{hours} hours"


def compliance(
    assessed: list[Assessed], order: tuple[str, ...], now: datetime
) -> tuple[tuple[ComplianceRow, ...], tuple[ComplianceItem, ...]]:
    """Counts by type (in `order`, then any others) and every item not made on time, oldest record first."""
    labels = list(order) + sorted({a.type_label for a in assessed} - set(order))
    rows = []
    for label in labels:
        mine = [a for a in assessed if a.type_label == label]
        on_time = sum(1 for a in mine if a.outcome == Outcome.ON_TIME)
        late = sum(1 for a in mine if a.outcome == Outcome.LATE)
        rows.append(
            ComplianceRow(
                label,
                len(mine),
                on_time + late,
                on_time,
                late,
                sum(1 for a in mine if a.outcome in NOT_MADE),
                sum(1 for a in mine if a.outcome == Outcome.DUE),
            )
        )
    items = []
    for a in sorted(assessed, key=lambda x: (x.occurred_at, x.reference, labels.index(x.type_label))):
        if a.outcome == Outcome.ON_TIME:
            continue
        late_by = ""
        if a.outcome == Outcome.LATE and a.due is not None and a.made_at is not None:
            late_by = how_long(a.due, a.made_at)
        elif a.outcome in NOT_MADE and a.due is not None:
            late_by = how_long(a.due, now)
        items.append(ComplianceItem(a.reference, a.occurred_at, a.type_label, a.due, a.made_at, a.outcome, late_by))
    return tuple(rows), tuple(items)


# ---------------------------------------------------------------------------------------------- opening page
@dataclass(frozen=True)
class PeriodFigures:
    label: str  # "This period", "Previous period", "Same period last year"
    date_from: date
    date_to: date
    records: int
    harm_incidents: int  # incidents with low physical harm or worse
    near_misses: int

    @property
    def near_miss_share(self) -> str:
        return f"{100 * self.near_misses / self.records:.0f}%" if self.records else "-"


@dataclass(frozen=True)
class LearningSummary:
    key_learning: tuple[tuple[str, str], ...]  # (review title, learning point) of signed-off reviews
    changes: tuple[tuple[str, str], ...]  # (completed action, its effectiveness check result)
    open_risks: tuple[str, ...]  # open actions past their date, pattern signals
    comparison: tuple[PeriodFigures, ...]


# ---------------------------------------------------------------------------------------------- sample
@dataclass(frozen=True)
class TracedRecord:
    """One sampled record read start to finish: (stage, what the record shows) in order."""

    reference: str
    steps: tuple[tuple[str, str], ...]


def default_seed(date_from: date, date_to: date, service_id: int | None) -> int:
    """The same period and service give the same seed (and so the same sample), on any machine."""
    return zlib.crc32(f"{date_from.isoformat()}|{date_to.isoformat()}|{service_id or 0}".encode()) % 1_000_000


# ---------------------------------------------------------------------------------------------- all of it
@dataclass(frozen=True)
class PackChecked:
    compliance: tuple[ComplianceRow, ...] = ()
    compliance_items: tuple[ComplianceItem, ...] = ()
    claims: tuple[ClaimCheck, ...] = ()
    summary: LearningSummary | None = None
    sample_seed: int = 0
    sample: tuple[TracedRecord, ...] = ()
    incident_actions: tuple[int, ...] = field(default_factory=tuple)  # actions listed under "actions from incidents"


@dataclass(frozen=True)
class PackBuilt:
    """What building a pack gave: its pages, and warnings for the manager (claims the data do not support...)."""

    pages: int
    warnings: tuple[str, ...] = ()
