"""Review enums and frozen data transfer objects (issue 3). Values are stored in the database: never rename one.

ReviewDetail is the complete record of one learning review; the inspection pack (issue 6) renders it as is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from carelog.core.dto import AuditEntry
from carelog.core.enums import LabelledEnum, Status
from carelog.core.factors import SeipsHeading, YcffDomain


class ResponseType(LabelledEnum):
    """PSIRF learning responses (DOMAIN.md section 4), chosen by learning potential, not harm level."""

    SWARM_HUDDLE = "swarm_huddle"
    AFTER_ACTION_REVIEW = "after_action_review"
    MDT_REVIEW = "mdt_review"
    THEMATIC_REVIEW = "thematic_review"
    INVESTIGATION = "investigation"

    @property
    def label(self) -> str:
        return _RESPONSE_LABELS[self]


_RESPONSE_LABELS = {
    ResponseType.SWARM_HUDDLE: "Swarm huddle",
    ResponseType.AFTER_ACTION_REVIEW: "After action review",
    ResponseType.MDT_REVIEW: "Multidisciplinary team (MDT) review",
    ResponseType.THEMATIC_REVIEW: "Thematic review",
    ResponseType.INVESTIGATION: "Patient safety incident investigation",
}


class ReviewStatus(LabelledEnum):
    OPEN = "open"
    SIGNED_OFF = "signed_off"

    @property
    def label(self) -> str:
        return "Open" if self == ReviewStatus.OPEN else "Signed off"


class ParticipantKind(LabelledEnum):
    STAFF = "staff"
    PERSON = "person"
    FAMILY = "family"
    PROFESSIONAL = "professional"

    @property
    def label(self) -> str:
        return _PARTICIPANT_LABELS[self]


_PARTICIPANT_LABELS = {
    ParticipantKind.STAFF: "Staff",
    ParticipantKind.PERSON: "The person supported",
    ParticipantKind.FAMILY: "Family or representative",
    ParticipantKind.PROFESSIONAL: "Visiting professional",
}


class SharedMethod(LabelledEnum):
    """How a learning point reached staff."""

    TEAM_MEETING = "team_meeting"
    SUPERVISION = "supervision"
    BRIEFING = "briefing"
    LESSONS_LEARNED = "lessons_learned_meeting"
    ACROSS_SERVICES = "across_services"

    @property
    def label(self) -> str:
        return _SHARED_LABELS[self]


_SHARED_LABELS = {
    SharedMethod.TEAM_MEETING: "Team meeting",
    SharedMethod.SUPERVISION: "Supervision",
    SharedMethod.BRIEFING: "Shift briefing / handover",
    SharedMethod.LESSONS_LEARNED: "Lessons-learned meeting",
    SharedMethod.ACROSS_SERVICES: "Shared across services",
}


# ----------------------------------------------------------------------------------------------- inputs
@dataclass(frozen=True, slots=True)
class FactorInput:
    """A ticked checklist prompt (code from core.factors.PROMPTS) with the reviewer's note."""

    prompt_code: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class ParticipantInput:
    name: str
    kind: ParticipantKind = ParticipantKind.STAFF
    role: str = ""  # e.g. "Night senior", "Daughter", "Community matron"


@dataclass(frozen=True)
class ReviewInput:
    """Everything the workspace edits while a review is open (saved as a whole; only changes are audited)."""

    title: str
    response_type: ResponseType
    factors: tuple[FactorInput, ...] = ()
    problem_statement: str = ""  # what the 5 whys start from
    whys: tuple[str, ...] = ()  # each answer to "why?", in order
    what_went_well: str = ""
    findings: str = ""
    learning_points: tuple[str, ...] = ()
    participants: tuple[ParticipantInput, ...] = ()


@dataclass(frozen=True, slots=True)
class LearningSharedInput:
    learning_point: str  # the text of the learning point shared (copied, so later edits do not rewrite history)
    method: SharedMethod
    shared_on: date | None
    shared_by: str = ""
    confirmed_by: tuple[str, ...] = ()  # staff who confirmed they had read or heard it
    note: str = ""


@dataclass(frozen=True, slots=True)
class CaseStudy:
    """Four-part case study of a signed-off review (feeds the inspection pack)."""

    context: str = ""
    learning_process: str = ""
    improvement_actions: str = ""
    outcome: str = ""

    @property
    def is_empty(self) -> bool:
        return not any((self.context, self.learning_process, self.improvement_actions, self.outcome))


# ----------------------------------------------------------------------------------------------- outputs
@dataclass(frozen=True, slots=True)
class ReviewIncidentRef:
    id: int
    reference: str
    occurred_at: datetime
    category: str
    service: str
    location: str
    status: Status


@dataclass(frozen=True, slots=True)
class ReviewFactor:
    """A ticked factor. `id` is review_factors.id (actions link to it); prompt is the care-home wording."""

    id: int
    prompt_code: str
    heading: SeipsHeading
    prompt: str
    ycff_domain: YcffDomain
    note: str


@dataclass(frozen=True, slots=True)
class Participant:
    id: int
    name: str
    kind: ParticipantKind
    role: str


@dataclass(frozen=True, slots=True)
class LearningShared:
    id: int
    learning_point: str
    method: SharedMethod
    shared_on: date | None
    shared_by: str
    confirmed_by: tuple[str, ...]
    note: str
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True, slots=True)
class ReviewSummary:
    """One row of the review list."""

    id: int
    title: str
    response_type: ResponseType
    status: ReviewStatus
    incident_count: int
    first_reference: str  # the earliest incident's reference ("" if none)
    created_at: datetime
    updated_at: datetime
    signed_off_at: datetime | None
    signed_off_by: str


@dataclass(frozen=True)
class ReviewDetail:
    """A whole learning review.

    incidents: the incidents it covers (one, or several for a thematic review), oldest first.
    factors: ticked contributing factors in checklist order (SEIPS heading, prompt, YCFF domain, note).
    problem_statement + whys: the 5 whys chain (whys[0] answers "why did <problem> happen?", and so on).
    learning_points: in order; learning_shared: how/when/who-confirmed records, oldest first.
    signed_off_by/at: the manager who signed it off (None while open). case_study: four parts (may be empty).
    audit: the review's audit history (filled by ReviewService.get).
    """

    id: int
    title: str
    response_type: ResponseType
    status: ReviewStatus
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    incidents: tuple[ReviewIncidentRef, ...]
    factors: tuple[ReviewFactor, ...]
    problem_statement: str
    whys: tuple[str, ...]
    what_went_well: str
    findings: str
    learning_points: tuple[str, ...]
    learning_shared: tuple[LearningShared, ...]
    participants: tuple[Participant, ...]
    signed_off_by: str
    signed_off_at: datetime | None
    case_study: CaseStudy
    audit: tuple[AuditEntry, ...] = field(default_factory=tuple)

    @property
    def is_signed_off(self) -> bool:
        return self.status == ReviewStatus.SIGNED_OFF

    def to_input(self) -> ReviewInput:
        return ReviewInput(
            title=self.title,
            response_type=self.response_type,
            factors=tuple(FactorInput(f.prompt_code, f.note) for f in self.factors),
            problem_statement=self.problem_statement,
            whys=self.whys,
            what_went_well=self.what_went_well,
            findings=self.findings,
            learning_points=self.learning_points,
            participants=tuple(ParticipantInput(p.name, p.kind, p.role) for p in self.participants),
        )
