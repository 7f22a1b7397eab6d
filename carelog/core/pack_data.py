"""Plain frozen DTOs the pack is built from. PackService fills them; the sections only read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from carelog.core.enums import Kind, NotificationKind, PhysicalHarm, PsychologicalHarm, Status
from carelog.core.errors import ValidationError
from carelog.core.pack_claims import PackChecked

if TYPE_CHECKING:
    from carelog.core.pack_evidence import PackEvidence


@dataclass(frozen=True, slots=True)
class PackIncident:
    id: int
    reference: str
    occurred_at: datetime
    kind: Kind
    category: str
    subcategory: str
    service: str
    location: str
    physical_harm: PhysicalHarm
    psychological_harm: PsychologicalHarm
    status: Status
    people: tuple[str, ...] = ()  # display names, or ID codes when pseudonymised
    account: str = ""


@dataclass(frozen=True, slots=True)
class PackNotification:
    incident_reference: str
    occurred_at: datetime
    kind: NotificationKind
    made_at: datetime | None
    reference: str
    note: str
    people: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PackFactor:
    heading: str
    domain: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class PackCaseStudy:
    title: str
    context: str
    learning_process: str
    actions: str
    outcome: str


@dataclass(frozen=True, slots=True)
class PackReview:
    id: int
    title: str
    response_type: str
    status: str
    incident_references: tuple[str, ...]
    findings: str
    factors: tuple[PackFactor, ...] = ()
    learning_shared: str = ""
    signed_off_by: str = ""
    signed_off_at: datetime | None = None
    case_study: PackCaseStudy | None = None


@dataclass(frozen=True, slots=True)
class PackAction:
    id: int
    title: str
    owner: str
    due: date | None
    status: str
    strength: str = ""
    completed: date | None = None
    effectiveness: str = ""
    source: str = ""  # review title or incident reference the action came from
    overdue: bool = False
    review_id: int | None = None  # set only when that review is in the pack (its actions print under it)
    incident_references: tuple[str, ...] = ()
    description: str = ""  # the SMART text: what, who, by when, how it will be measured
    evidence: str = ""  # evidence note that it was done
    service: str = ""


@dataclass(frozen=True, slots=True)
class PackChart:
    """A vector chart for the pack: a matplotlib Figure (made in a worker, never pyplot) and a caption."""

    title: str
    figure: object  # matplotlib.figure.Figure (kept as object so this module imports nothing heavy)
    caption: str = ""


@dataclass(frozen=True)
class PackData:
    service_name: str  # "All services" when no service was chosen
    date_from: date
    date_to: date
    produced_at: datetime
    produced_by: str
    pseudonymised: bool
    incidents: tuple[PackIncident, ...]
    notifications: tuple[PackNotification, ...] = ()
    reviews: tuple[PackReview, ...] | None = None  # None: the reviews module is not available
    actions: tuple[PackAction, ...] | None = None  # None: the actions module is not available
    charts: tuple[PackChart, ...] | None = None  # None: the trends module is not available
    notes: tuple[str, ...] = field(default_factory=tuple)
    audit_seal: str = ""  # "CL-SEAL <entries> <hash start>" as the trail stood when the pack was made
    checked: PackChecked | None = None  # compliance, claims, opening summary, sample (core/pack_claims.py)
    warnings: tuple[str, ...] = ()  # for the manager before sharing: claims the data do not support, bad links
    with_log: bool = False  # the raw incident log as an appendix
    evidence: PackEvidence | None = None  # the evidence sections (None: not gathered, e.g. the monthly report)
    for_commissioner: bool = False

    @property
    def period_label(self) -> str:
        return f"{self.date_from:%d %B %Y} to {self.date_to:%d %B %Y}"


@dataclass(frozen=True)
class PackRequest:
    date_from: date
    date_to: date
    service_id: int | None = None
    pseudonymise: bool = False
    monthly: bool = False
    charts: bool = True  # False leaves the trend charts out (quicker; used by tests that do not look at them)
    with_log: bool = False  # add the raw incident log as an appendix
    sample_seed: int | None = None  # None: derived from the period and service (same request, same sample)
    for_commissioner: bool = False  # the "for a commissioner" preset: always pseudonymised

    @property
    def pseudonymised(self) -> bool:
        return self.pseudonymise or self.for_commissioner

    def validate(self) -> None:
        if self.date_to < self.date_from:
            raise ValidationError({"date_to": "The end of the period is before its start: choose a later end date."})
        if (self.date_to - self.date_from).days > 3 * 366:
            raise ValidationError({"date_from": "Choose a period of three years or less."})
