"""The manager's triage of one incident (issue 14): a short check on the record and a decision about what next.

Harm and risk rating are confirmed or corrected; the care plan and risk assessment are said to be reviewed, not
reviewed or not needed; the notifications are checked; and one or more next steps are chosen. "No further action"
stands alone and needs a reason. The target time from report to triage is a setting (core.settings): the standard
target, or the shorter one when the physical harm is moderate or worse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from carelog.core.deadlines import CANDOUR_HARM
from carelog.core.enums import LabelledEnum, PhysicalHarm
from carelog.core.errors import ValidationError
from carelog.core.review_dto import ResponseType
from carelog.core.risk import CONSEQUENCES, LIKELIHOODS

MAX_REASON = 2000


class CheckAnswer(LabelledEnum):
    YES = "yes"
    NO = "no"
    NOT_NEEDED = "not_needed"

    @property
    def label(self) -> str:
        return {CheckAnswer.YES: "Yes", CheckAnswer.NO: "No", CheckAnswer.NOT_NEEDED: "Not needed"}[self]


class TriageDecision(LabelledEnum):
    NO_FURTHER_ACTION = "no_further_action"
    LEARNING_RESPONSE = "learning_response"
    SAFEGUARDING_REFERRAL = "safeguarding_referral"
    COMPLAINT_PROCESS = "complaint_process"
    DUTY_OF_CANDOUR = "duty_of_candour"

    @property
    def label(self) -> str:
        return _DECISION_LABELS[self]


_DECISION_LABELS = {
    TriageDecision.NO_FURTHER_ACTION: "No further action",
    TriageDecision.LEARNING_RESPONSE: "Learning response (opens a review)",
    TriageDecision.SAFEGUARDING_REFERRAL: "Safeguarding referral",
    TriageDecision.COMPLAINT_PROCESS: "Complaint process",
    TriageDecision.DUTY_OF_CANDOUR: "Duty of Candour",
}


@dataclass(frozen=True)
class TriageInput:
    """What the manager enters. Harm and risk are the values confirmed (the same as recorded) or corrected."""

    physical_harm: PhysicalHarm
    risk_consequence: int | None
    risk_likelihood: int | None
    care_plan: CheckAnswer | None
    risk_assessment: CheckAnswer | None
    notifications_checked: bool
    decisions: tuple[TriageDecision, ...]
    reason: str = ""
    review_title: str = ""  # for a learning response
    response_type: ResponseType | None = None


@dataclass(frozen=True)
class Triage:
    """A saved triage, as read back."""

    id: int
    incident_id: int
    triaged_at: datetime
    triaged_by: str
    harm_recorded: PhysicalHarm  # as reported, before any correction
    physical_harm: PhysicalHarm
    risk_score: int | None
    care_plan: CheckAnswer
    risk_assessment: CheckAnswer
    notifications_checked: bool
    decisions: tuple[TriageDecision, ...]
    reason: str
    review_id: int | None
    reported_at: datetime
    target_hours: int

    @property
    def within_target(self) -> bool:
        return self.triaged_at <= self.reported_at + timedelta(hours=self.target_hours)

    @property
    def harm_corrected(self) -> bool:
        return self.harm_recorded != self.physical_harm


def target_hours(harm: PhysicalHarm, standard_hours: int, serious_hours: int) -> int:
    """Hours allowed from report to triage: the shorter target for moderate harm or worse."""
    return serious_hours if harm in CANDOUR_HARM else standard_hours


def triage_due(reported_at: datetime, harm: PhysicalHarm, standard_hours: int, serious_hours: int) -> datetime:
    return reported_at + timedelta(hours=target_hours(harm, standard_hours, serious_hours))


def validate_triage(data: TriageInput) -> TriageInput:
    """Raise ValidationError saying what to fix; returns the input with text trimmed."""
    errors: dict[str, str] = {}
    reason = data.reason.strip()
    if (data.risk_consequence is None) != (data.risk_likelihood is None):
        errors["risk"] = "Rate both consequence and likelihood, or leave both empty."
    elif data.risk_consequence is not None and (
        data.risk_consequence not in CONSEQUENCES or data.risk_likelihood not in LIKELIHOODS
    ):
        errors["risk"] = "Consequence and likelihood are each rated 1 to 5."
    if data.care_plan is None:
        errors["care_plan"] = "Say whether the care plan was reviewed (yes, no or not needed)."
    if data.risk_assessment is None:
        errors["risk_assessment"] = "Say whether the risk assessment was reviewed (yes, no or not needed)."
    if not data.notifications_checked:
        errors["notifications"] = "Check who was told (family, GP, CQC, safeguarding, RIDDOR) and tick the box."
    decisions = tuple(dict.fromkeys(data.decisions))
    if not decisions:
        errors["decision"] = "Choose what happens next: no further action, a learning response or a referral."
    elif TriageDecision.NO_FURTHER_ACTION in decisions and len(decisions) > 1:
        errors["decision"] = "'No further action' cannot be chosen together with another next step."
    if TriageDecision.NO_FURTHER_ACTION in decisions and not reason:
        errors["reason"] = "Say briefly why no further action is needed."
    if len(reason) > MAX_REASON:
        errors["reason"] = f"Keep the reason under {MAX_REASON} characters."
    if TriageDecision.LEARNING_RESPONSE in decisions and not data.review_title.strip():
        errors["review_title"] = "Give the learning review a title, for example 'Fall in the lounge, 3 March'."
    if errors:
        raise ValidationError(errors)
    return TriageInput(
        data.physical_harm,
        data.risk_consequence,
        data.risk_likelihood,
        data.care_plan,
        data.risk_assessment,
        data.notifications_checked,
        decisions,
        reason,
        data.review_title.strip(),
        data.response_type,
    )
