"""The golden thread's records (issue 15): complaints, compliments, safeguarding concerns, Duty of Candour,
staff debriefs and follow-up audits. Pure types and rules: inputs, field specs the editor builds itself from,
each record's stage and due dates, and the items the Home tab can show (`DueItem`).

Timescales: complaint acknowledgement and response targets are settings in working days (defaults 3 and 20).
Safeguarding referral and the CQC notification are "without delay" (DOMAIN.md: due the same day). Duty of Candour
says only "as soon as reasonably practicable": its per-step target is a local setting, not a regulation.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from carelog.core.working_days import add_working_days, working_days_between

LGSCO = "Local Government and Social Care Ombudsman"


class RecordKind(StrEnum):
    COMPLAINT = "complaint"
    COMPLIMENT = "compliment"
    SAFEGUARDING = "safeguarding"
    CANDOUR = "candour"
    DEBRIEF = "debrief"
    AUDIT = "follow_up_audit"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self][0]

    @property
    def prefix(self) -> str:
        return _KIND_LABELS[self][1]

    @property
    def entity(self) -> str:
        """The audit trail's entity name."""
        return self.value


_KIND_LABELS = {
    RecordKind.COMPLAINT: ("Complaint", "C"),
    RecordKind.COMPLIMENT: ("Compliment", "K"),
    RecordKind.SAFEGUARDING: ("Safeguarding concern", "S"),
    RecordKind.CANDOUR: ("Duty of Candour", "DC"),
    RecordKind.DEBRIEF: ("Staff debrief", "D"),
    RecordKind.AUDIT: ("Follow-up audit", "A"),
}

Choices = tuple[tuple[str, str], ...]
RECEIVED_VIA: Choices = (
    ("in_person", "In person"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("letter", "Letter"),
    ("form", "Feedback form"),
    ("other", "Other"),
)
COMPLAINT_THEMES = (
    "Care and support",
    "Communication",
    "Staffing",
    "Food and drink",
    "Laundry and belongings",
    "Medication",
    "Environment",
    "Fees and contracts",
)
OUTCOMES: Choices = (
    ("", "Not decided"),
    ("upheld", "Upheld"),
    ("partly_upheld", "Partly upheld"),
    ("not_upheld", "Not upheld"),
    ("withdrawn", "Withdrawn"),
)
SATISFACTION: Choices = (
    ("", "Not asked yet"),
    ("satisfied", "Satisfied"),
    ("partly", "Partly satisfied"),
    ("not_satisfied", "Not satisfied"),
)
# The ten types of abuse and neglect in the Care Act 2014 statutory guidance (DOMAIN.md section 3)
ABUSE_TYPES: Choices = (
    ("physical", "Physical"),
    ("domestic", "Domestic"),
    ("sexual", "Sexual"),
    ("psychological", "Psychological"),
    ("financial", "Financial or material"),
    ("modern_slavery", "Modern slavery"),
    ("discriminatory", "Discriminatory"),
    ("organisational", "Organisational"),
    ("neglect", "Neglect and acts of omission"),
    ("self_neglect", "Self-neglect"),
)
YES_NO: Choices = (("", "Not decided"), ("yes", "Yes"), ("no", "No"))
AUDIT_TYPES = (
    "MAR chart audit",
    "Mobility assessments",
    "Care plan audit",
    "Falls risk assessments",
    "Daily notes audit",
    "Infection control audit",
)


def choice_label(choices: Choices, value: str) -> str:
    return dict(choices).get(value, value)


@dataclass(frozen=True)
class FieldSpec:
    """One editable field. kind: text, long, date, choice, combo (suggestions, free text), bool, percent,
    incident (a reference typed), review (chosen), actions (ticked). raise_field: care staff may fill it in."""

    name: str
    label: str
    kind: str = "text"
    choices: Choices = ()
    suggestions: tuple[str, ...] = ()
    raise_field: bool = False
    section: str = ""


# ---------------------------------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class ComplaintInput:
    received_on: date | None = None
    received_via: str = "in_person"
    complainant: str = ""  # relationship to the person, not a name (e.g. "Daughter")
    person_code: str = ""
    theme: str = ""
    summary: str = ""
    incident_id: int | None = None
    acknowledged_on: date | None = None
    investigator: str = ""
    findings: str = ""
    extended_to: date | None = None
    extension_reason: str = ""
    response_sent_on: date | None = None
    outcome: str = ""
    satisfaction: str = ""
    escalation: str = LGSCO
    learning: str = ""
    you_said_we_did: str = ""
    action_ids: tuple[int, ...] = ()
    closed_on: date | None = None


@dataclass(frozen=True)
class ComplimentInput:
    received_on: date | None = None
    complainant: str = ""  # who it came from (relationship)
    staff_named: str = ""
    summary: str = ""
    shared_on: date | None = None


@dataclass(frozen=True)
class SafeguardingInput:
    raised_on: date | None = None
    person_code: str = ""
    abuse_type: str = ""
    concern: str = ""
    incident_id: int | None = None
    referred_on: date | None = None
    la_reference: str = ""
    s42_enquiry: str = ""
    outcome: str = ""
    protection_plan: str = ""
    cqc_notified_on: date | None = None
    closed_on: date | None = None


@dataclass(frozen=True)
class CandourInput:
    incident_id: int | None = None
    notifiable: str = ""
    decision_reason: str = ""
    decided_by: str = ""
    decided_on: date | None = None
    notified_on: date | None = None
    notified_by: str = ""
    apology_given: bool = False
    written_on: date | None = None
    outcome_shared_on: date | None = None


@dataclass(frozen=True)
class DebriefInput:
    held_on: date | None = None
    incident_id: int | None = None
    review_id: int | None = None
    participants: str = ""
    how_staff_are: str = ""
    support_offered: str = ""
    should_change: str = ""
    wellbeing_follow_up_on: date | None = None
    wellbeing_done_on: date | None = None


@dataclass(frozen=True)
class AuditInput:
    audit_type: str = ""
    held_on: date | None = None
    score_pct: int | None = None
    findings: str = ""
    auditor: str = ""
    action_ids: tuple[int, ...] = ()


RecordInput = ComplaintInput | ComplimentInput | SafeguardingInput | CandourInput | DebriefInput | AuditInput
INPUT_TYPES: dict[RecordKind, type[Any]] = {
    RecordKind.COMPLAINT: ComplaintInput,
    RecordKind.COMPLIMENT: ComplimentInput,
    RecordKind.SAFEGUARDING: SafeguardingInput,
    RecordKind.CANDOUR: CandourInput,
    RecordKind.DEBRIEF: DebriefInput,
    RecordKind.AUDIT: AuditInput,
}
_R, _I, _C = "Received", "Investigation and response", "Outcome and learning"
FIELD_SPECS: dict[RecordKind, tuple[FieldSpec, ...]] = {
    RecordKind.COMPLAINT: (
        FieldSpec("received_on", "Received on", "date", raise_field=True, section=_R),
        FieldSpec("received_via", "How", "choice", RECEIVED_VIA, raise_field=True, section=_R),
        FieldSpec("complainant", "From (relationship, not a name)", raise_field=True, section=_R),
        FieldSpec("person_code", "ID code of the person supported", raise_field=True, section=_R),
        FieldSpec("theme", "Theme", "combo", suggestions=COMPLAINT_THEMES, raise_field=True, section=_R),
        FieldSpec("summary", "What the complaint is about", "long", raise_field=True, section=_R),
        FieldSpec("incident_id", "Linked incident (reference)", "incident", raise_field=True, section=_R),
        FieldSpec("acknowledged_on", "Acknowledged on", "date", section=_I),
        FieldSpec("investigator", "Investigated by", section=_I),
        FieldSpec("findings", "Findings", "long", section=_I),
        FieldSpec("extended_to", "Response date extended to", "date", section=_I),
        FieldSpec("extension_reason", "Reason for the extension", section=_I),
        FieldSpec("response_sent_on", "Response sent on", "date", section=_I),
        FieldSpec("outcome", "Outcome", "choice", OUTCOMES, section=_C),
        FieldSpec("satisfaction", "Their satisfaction with the response", "choice", SATISFACTION, section=_C),
        FieldSpec("escalation", "Where they can escalate", section=_C),
        FieldSpec("learning", "What we learned", "long", section=_C),
        FieldSpec("you_said_we_did", "You said, we did", section=_C),
        FieldSpec("action_ids", "Linked actions", "actions", section=_C),
        FieldSpec("closed_on", "Closed on", "date", section=_C),
    ),
    RecordKind.COMPLIMENT: (
        FieldSpec("received_on", "Received on", "date", raise_field=True),
        FieldSpec("complainant", "From (relationship, not a name)", raise_field=True),
        FieldSpec("staff_named", "Staff named", raise_field=True),
        FieldSpec("summary", "What they said", "long", raise_field=True),
        FieldSpec("shared_on", "Shared with the named staff on", "date"),
    ),
    RecordKind.SAFEGUARDING: (
        FieldSpec("raised_on", "Concern raised on", "date", raise_field=True, section="Concern"),
        FieldSpec("person_code", "ID code of the person at risk", raise_field=True, section="Concern"),
        FieldSpec("abuse_type", "Type of abuse (Care Act)", "choice", ABUSE_TYPES, raise_field=True, section="Concern"),
        FieldSpec("concern", "What was seen or heard", "long", raise_field=True, section="Concern"),
        FieldSpec("incident_id", "Linked incident (reference)", "incident", raise_field=True, section="Concern"),
        FieldSpec("referred_on", "Referred to the local authority on", "date", section="Referral"),
        FieldSpec("la_reference", "Local authority reference", section="Referral"),
        FieldSpec("s42_enquiry", "Section 42 enquiry followed", "choice", YES_NO, section="Referral"),
        FieldSpec("cqc_notified_on", "CQC notified on", "date", section="Referral"),
        FieldSpec("outcome", "Outcome", "long", section="Outcome"),
        FieldSpec("protection_plan", "Protection plan", "long", section="Outcome"),
        FieldSpec("closed_on", "Closed on", "date", section="Outcome"),
    ),
    RecordKind.CANDOUR: (
        FieldSpec("incident_id", "Incident (reference)", "incident", section="Decision"),
        FieldSpec("notifiable", "Notifiable safety incident", "choice", YES_NO, section="Decision"),
        FieldSpec("decision_reason", "Reason", "long", section="Decision"),
        FieldSpec("decided_by", "Decided by", section="Decision"),
        FieldSpec("decided_on", "Decided on", "date", section="Decision"),
        FieldSpec("notified_on", "Told in person on", "date", section="Notification"),
        FieldSpec("notified_by", "Told by", section="Notification"),
        FieldSpec("apology_given", "Apology given", "bool", section="Notification"),
        FieldSpec("written_on", "Written follow-up sent on", "date", section="Notification"),
        FieldSpec("outcome_shared_on", "Outcome of enquiries shared on", "date", section="Notification"),
    ),
    RecordKind.DEBRIEF: (
        FieldSpec("held_on", "Held on", "date"),
        FieldSpec("incident_id", "Incident (reference)", "incident"),
        FieldSpec("review_id", "Review", "review"),
        FieldSpec("participants", "Who took part"),
        FieldSpec("how_staff_are", "How staff are", "long"),
        FieldSpec("support_offered", "Support offered", "long"),
        FieldSpec("should_change", "What they said should change", "long"),
        FieldSpec("wellbeing_follow_up_on", "Wellbeing follow-up due on", "date"),
        FieldSpec("wellbeing_done_on", "Wellbeing follow-up done on", "date"),
    ),
    RecordKind.AUDIT: (
        FieldSpec("audit_type", "Type of audit", "combo", suggestions=AUDIT_TYPES),
        FieldSpec("held_on", "Date", "date"),
        FieldSpec("score_pct", "Compliance (%)", "percent"),
        FieldSpec("findings", "Findings", "long"),
        FieldSpec("auditor", "By whom"),
        FieldSpec("action_ids", "Actions this audit tests", "actions"),
    ),
}
# The date that says when the record begins (required on every kind but Duty of Candour, which has its incident)
START_FIELD: dict[RecordKind, str] = {
    RecordKind.COMPLAINT: "received_on",
    RecordKind.COMPLIMENT: "received_on",
    RecordKind.SAFEGUARDING: "raised_on",
    RecordKind.CANDOUR: "decided_on",
    RecordKind.DEBRIEF: "held_on",
    RecordKind.AUDIT: "held_on",
}


def raise_only_fields(kind: RecordKind) -> frozenset[str]:
    return frozenset(s.name for s in FIELD_SPECS[kind] if s.raise_field)


def changed_beyond_raise(kind: RecordKind, data: Any) -> list[str]:
    """Fields a care-staff account may not fill in (they differ from a new record's defaults)."""
    blank = INPUT_TYPES[kind]()
    allowed = raise_only_fields(kind)
    return [f.name for f in fields(data) if f.name not in allowed and getattr(data, f.name) != getattr(blank, f.name)]


# ---------------------------------------------------------------------------------------------- rules
@dataclass(frozen=True)
class DueRules:
    """Targets from the settings (working days)."""

    acknowledge_days: int = 3
    response_days: int = 20
    referral_days: int = 0
    candour_days: int = 10


@dataclass(frozen=True)
class Step:
    """One step of a record's workflow: its due date (None when no timescale applies) and whether it is done."""

    text: str
    due: date | None
    done_on: date | None

    def overdue(self, today: date) -> bool:
        return self.done_on is None and self.due is not None and today > self.due


@dataclass(frozen=True)
class DueItem:
    """An open step with a due date, for the Home tab's attention list."""

    kind: RecordKind
    record_id: int
    text: str
    due: date
    overdue: bool
    step: str = ""  # the step alone, e.g. "Acknowledge the complaint"
    incident_id: int | None = None  # the linked incident (its service is the record's service)
    incident_reference: str = ""

    @property
    def reference(self) -> str:
        return f"{self.kind.prefix}-{self.record_id}"


def _wd(start: date | None, days: int) -> date | None:
    return None if start is None else add_working_days(start, days)


def steps(kind: RecordKind, data: Any, rules: DueRules, created_on: date) -> list[Step]:
    """The workflow steps of one record, in order."""
    if isinstance(data, ComplaintInput):
        if data.outcome == "withdrawn":
            return []
        return [
            Step("Acknowledge the complaint", _wd(data.received_on, rules.acknowledge_days), data.acknowledged_on),
            Step(
                "Send the response",
                data.extended_to or _wd(data.received_on, rules.response_days),
                data.response_sent_on,
            ),
        ]
    if isinstance(data, ComplimentInput):
        return [Step("Share with the named staff", None, data.shared_on)]
    if isinstance(data, SafeguardingInput):
        return [
            Step("Refer to the local authority", _wd(data.raised_on, rules.referral_days), data.referred_on),
            Step("Notify CQC", data.raised_on, data.cqc_notified_on),
        ]
    if isinstance(data, CandourInput):
        decision = Step("Decide whether it is a notifiable safety incident", _wd(created_on, rules.candour_days),
                        data.decided_on if data.notifiable else None)  # fmt: skip
        if data.notifiable != "yes":
            return [decision]
        return [
            decision,
            Step("Tell the person in person and apologise", _wd(data.decided_on, rules.candour_days), data.notified_on),
            Step("Send the written follow-up", _wd(data.notified_on, rules.candour_days), data.written_on),
            Step("Share the outcome of enquiries", None, data.outcome_shared_on),
        ]
    if isinstance(data, DebriefInput):
        if data.wellbeing_follow_up_on is None:
            return []
        return [Step("Wellbeing follow-up", data.wellbeing_follow_up_on, data.wellbeing_done_on)]
    return []


def is_closed(data: Any) -> bool:
    return getattr(data, "closed_on", None) is not None


def stage(kind: RecordKind, data: Any, rules: DueRules, created_on: date) -> str:
    """A short state for the list: the first open step, or what it ended as."""
    if isinstance(data, ComplaintInput) and data.outcome == "withdrawn":
        return "Withdrawn"
    if is_closed(data):
        return "Closed"
    if isinstance(data, AuditInput):
        return "" if data.score_pct is None else f"{data.score_pct}% compliant"
    if isinstance(data, CandourInput) and data.notifiable == "no":
        return "Not notifiable"
    if isinstance(data, SafeguardingInput) and data.s42_enquiry == "yes" and data.referred_on:
        return "Section 42 enquiry"
    open_steps = [s for s in steps(kind, data, rules, created_on) if s.done_on is None]
    if not open_steps:
        return "All steps done"
    return open_steps[0].text


def due_items(
    kind: RecordKind,
    record_id: int,
    label: str,
    data: Any,
    rules: DueRules,
    created_on: date,
    today: date,
    incident_reference: str = "",
) -> list[DueItem]:
    """Open steps with a due date (none once the record is closed)."""
    if is_closed(data):
        return []
    incident_id = getattr(data, "incident_id", None)
    return [
        DueItem(kind, record_id, f"{s.text}: {label}", s.due, s.overdue(today), s.text, incident_id, incident_reference)
        for s in steps(kind, data, rules, created_on)
        if s.done_on is None and s.due is not None
    ]


def response_working_days(data: ComplaintInput) -> int | None:
    """Working days from receipt to the response (None until it is sent)."""
    if data.received_on is None or data.response_sent_on is None:
        return None
    return working_days_between(data.received_on, data.response_sent_on)


# ---------------------------------------------------------------------------------------------- views
@dataclass(frozen=True)
class RecordView:
    kind: RecordKind
    id: int
    data: Any  # the kind's input dataclass
    version: int
    created_at: datetime
    stage: str
    next_due: date | None
    overdue: bool
    incident_reference: str = ""
    review_title: str = ""

    @property
    def label(self) -> str:
        return f"{self.kind.prefix}-{self.id}"

    @property
    def started_on(self) -> date | None:
        value = getattr(self.data, START_FIELD[self.kind], None)
        return value if isinstance(value, date) else None

    @property
    def headline(self) -> str:
        d = self.data
        for name in ("summary", "concern", "audit_type", "should_change", "decision_reason"):
            text = getattr(d, name, "")
            if text:
                return str(text).splitlines()[0][:120]
        return ""


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    count: int
    upheld: int


class ThreadStage(StrEnum):
    HAPPENED = "happened"
    LEARNED = "learned"
    CHANGED = "changed"
    WORKED = "worked"

    @property
    def label(self) -> str:
        return {
            ThreadStage.HAPPENED: "What happened",
            ThreadStage.LEARNED: "What we learned",
            ThreadStage.CHANGED: "What we changed",
            ThreadStage.WORKED: "How we know it worked",
        }[self]


@dataclass(frozen=True)
class ThreadItem:
    stage: ThreadStage
    kind: str  # "incident", "review", "action" or a RecordKind value
    ref: str
    when: date | None
    title: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThreadView:
    start: str
    items: tuple[ThreadItem, ...]

    def by_stage(self) -> list[tuple[ThreadStage, list[ThreadItem]]]:
        return [(s, [i for i in self.items if i.stage == s]) for s in ThreadStage]
