"""Plain DTOs for the pack's evidence sections (people's experience, staff, partners, processes, outcomes, across
services) and the small pure calculations they need. Services fill them; the report sections only read them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from carelog.core.pack_data import PackChart
from carelog.core.trend_data import SafetyCross


def median(values: Sequence[float]) -> float | None:
    """The middle value (mean of the two middle ones for an even count); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def rate_per_1000(count: int, bed_days: int | None) -> float | None:
    """Records per 1,000 occupied bed days (None when occupancy is not recorded)."""
    return 1000 * count / bed_days if bed_days else None


# ------------------------------------------------------------------------------------------ people's experience
@dataclass(frozen=True, slots=True)
class ComplaintLine:
    label: str  # e.g. "CMP-3"
    received_on: date | None
    theme: str
    stage: str
    outcome: str  # label, "" while open
    acknowledged_days: int | None  # working days from receipt
    response_days: int | None  # working days from receipt to the response
    response_within_target: bool | None
    satisfaction: str
    learning: str
    you_said_we_did: str
    actions: tuple[str, ...] = ()  # titles (with state) of the actions linked to the complaint


@dataclass(frozen=True, slots=True)
class ComplimentLine:
    label: str
    received_on: date | None
    source: str  # relationship, not a name
    staff_named: str
    summary: str
    shared_on: date | None


@dataclass(frozen=True)
class PeopleExperience:
    complaints: tuple[ComplaintLine, ...]
    compliments: tuple[ComplimentLine, ...]
    response_target_days: int
    acknowledge_target_days: int

    @property
    def responded(self) -> tuple[ComplaintLine, ...]:
        return tuple(c for c in self.complaints if c.response_days is not None)

    @property
    def you_said_we_did(self) -> tuple[ComplaintLine, ...]:
        return tuple(c for c in self.complaints if c.you_said_we_did or c.actions)


# ------------------------------------------------------------------------------------------ staff
@dataclass(frozen=True)
class StaffFigures:
    reports: int  # records made by staff: every kind except complaints and compliments
    near_misses: int
    months: int
    bed_days: int | None  # occupied bed days in the months that have occupancy recorded
    reports_in_occupied_months: int
    debriefs: int
    debriefs_with_wellbeing_follow_up: int
    learning_shared: int  # times learning was shared (team meeting, supervision, ...)
    staff_confirmations: int  # staff who confirmed they had understood shared learning

    @property
    def rate(self) -> float | None:
        return rate_per_1000(self.reports_in_occupied_months, self.bed_days)

    @property
    def per_month(self) -> float:
        return self.reports / self.months if self.months else 0.0

    @property
    def near_miss_share(self) -> float | None:
        return percent(self.near_misses, self.reports)


# ------------------------------------------------------------------------------------------ partners
@dataclass(frozen=True, slots=True)
class SafeguardingLine:
    label: str
    raised_on: date | None
    abuse_type: str
    referred_on: date | None
    enquiry: str  # section 42 enquiry: Yes / No / ""
    outcome: str
    closed_on: date | None


@dataclass(frozen=True)
class PartnerFigures:
    safeguarding: tuple[SafeguardingLine, ...]
    cqc_made: int
    riddor_made: int
    safeguarding_notified: int  # safeguarding notifications recorded on incidents
    candour_made: int

    @property
    def referred(self) -> int:
        return sum(1 for s in self.safeguarding if s.referred_on is not None)


# ------------------------------------------------------------------------------------------ processes
@dataclass(frozen=True, slots=True)
class TimeMeasure:
    name: str
    count: int  # how many were measured
    median: float | None
    unit: str  # "hours" or "days"
    within: int  # how many met the target
    target: str  # the target in words
    waiting: int = 0  # not yet done

    @property
    def within_pct(self) -> float | None:
        return percent(self.within, self.count)


@dataclass(frozen=True)
class ProcessFigures:
    triage: TimeMeasure
    review: TimeMeasure
    care_plan: tuple[tuple[str, int], ...]  # answer label -> triages
    risk_assessment: tuple[tuple[str, int], ...]
    actions_by_state: tuple[tuple[str, int], ...]
    actions_overdue: int


# ------------------------------------------------------------------------------------------ outcomes
@dataclass(frozen=True)
class OutcomeChart:
    """An SPC chart as the Trends tab draws it, with its icons in words."""

    chart: PackChart
    variation: str  # icon label, "" when there are too few points
    assurance: str
    reading: tuple[str, ...] = ()


# ------------------------------------------------------------------------------------------ across services
@dataclass(frozen=True, slots=True)
class ServiceLine:
    service: str
    records: int
    incidents: int  # every kind except compliments
    falls: int
    bed_days: int | None
    incidents_in_occupied_months: int
    signals: int
    signal_lines: tuple[str, ...] = ()

    @property
    def rate(self) -> float | None:
        return rate_per_1000(self.incidents_in_occupied_months, self.bed_days)


@dataclass(frozen=True, slots=True)
class SignalLine:
    kind: str
    service: str
    headline: str
    period: str
    count: int


@dataclass(frozen=True, slots=True)
class RepeatPerson:
    person: str  # display name and code, or the code alone when pseudonymised
    service: str
    records: int
    falls: int
    categories: str  # "Fall x4, Medication x1"


@dataclass(frozen=True, slots=True)
class PersonCross:
    person: str
    falls: int
    crosses: tuple[SafetyCross, ...]  # one per month with a fall


@dataclass(frozen=True)
class AcrossServices:
    services: tuple[ServiceLine, ...]
    signals: tuple[SignalLine, ...]
    repeat_people: tuple[RepeatPerson, ...]
    crosses: tuple[PersonCross, ...]
    by_service_charts: tuple[PackChart, ...] = ()


@dataclass(frozen=True)
class PackEvidence:
    people: PeopleExperience
    staff: StaffFigures
    partners: PartnerFigures
    processes: ProcessFigures
    outcomes: tuple[OutcomeChart, ...]
    audits: PackChart | None
    across: AcrossServices
    notes: tuple[str, ...] = field(default_factory=tuple)
