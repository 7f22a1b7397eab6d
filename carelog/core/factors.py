"""The contributing-factor checklist used in reviews (DOMAIN.md section 1).

The six SEIPS work-system headings (as used by the NHS Patient Safety Incident Response Framework) are on top;
under each, prompts worded for care homes. Every prompt stores the Yorkshire Contributory Factors Framework (YCFF,
Lawton et al. 2012) domain it belongs to, so that data from different reviews stays comparable.

Prompt codes are stored in review_factors.prompt_code: never rename or reuse a code. Retire a prompt by setting
retired=True (old reviews still show it; new reviews no longer offer it).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SeipsHeading(StrEnum):
    PERSON = "person"
    TASKS = "tasks"
    TOOLS = "tools"
    ORGANISATION = "organisation"
    INTERNAL_ENVIRONMENT = "internal_environment"
    EXTERNAL_ENVIRONMENT = "external_environment"

    @property
    def label(self) -> str:
        return _HEADING_LABELS[self]


_HEADING_LABELS = {
    SeipsHeading.PERSON: "People",
    SeipsHeading.TASKS: "Tasks",
    SeipsHeading.TOOLS: "Tools and technology",
    SeipsHeading.ORGANISATION: "Organisation",
    SeipsHeading.INTERNAL_ENVIRONMENT: "Internal environment",
    SeipsHeading.EXTERNAL_ENVIRONMENT: "External environment",
}


class YcffDomain(StrEnum):
    """The 19 YCFF causal domains (outcome is not a cause and is left out)."""

    ACTIVE_FAILURES = "active_failures"
    COMMUNICATION = "communication_systems"
    EQUIPMENT_DESIGN = "design_of_equipment_and_supplies"
    EQUIPMENT = "equipment_and_supplies"
    EXTERNAL_POLICY = "external_policy_context"
    INDIVIDUAL = "individual_factors"
    RESPONSIBILITY = "lines_of_responsibility"
    STAFFING = "management_of_staff_and_staffing_levels"
    PATIENT = "patient_factors"
    PHYSICAL_ENVIRONMENT = "physical_environment"
    POLICY = "policy_and_procedures"
    SAFETY_CULTURE = "safety_culture"
    SCHEDULING = "scheduling_and_bed_management"
    WORKLOAD = "staff_workload"
    SUPERVISION = "supervision_and_leadership"
    CENTRAL_SUPPORT = "support_from_central_functions"
    TASK = "task_characteristics"
    TEAM = "team_factors"
    TRAINING = "training_and_education"

    @property
    def label(self) -> str:
        return _DOMAIN_LABELS.get(self, self.value.replace("_", " ").capitalize())


_DOMAIN_LABELS = {
    YcffDomain.PATIENT: "Patient factors (the person)",
    YcffDomain.SCHEDULING: "Scheduling and bed management",
    YcffDomain.CENTRAL_SUPPORT: "Support from central functions",
}


@dataclass(frozen=True, slots=True)
class FactorPrompt:
    code: str
    heading: SeipsHeading
    text: str
    ycff_domain: YcffDomain
    retired: bool = False


_P = FactorPrompt
_H = SeipsHeading
_D = YcffDomain

PROMPTS: tuple[FactorPrompt, ...] = (
    # People: the person supported, staff on duty, the team
    _P("person.condition", _H.PERSON, "The person's health, mobility or cognition changed recently", _D.PATIENT),
    _P("person.behaviour", _H.PERSON, "The person's distress, behaviour or choices played a part", _D.PATIENT),
    _P("person.communication", _H.PERSON, "The person could not easily tell us what they needed", _D.PATIENT),
    _P("person.staff_knowledge", _H.PERSON, "Staff did not know the person or their care plan well", _D.INDIVIDUAL),
    _P("person.fatigue", _H.PERSON, "Staff were tired, stressed or unwell (long or extra shifts)", _D.INDIVIDUAL),
    _P("person.slip", _H.PERSON, "A step was missed or done differently from the plan", _D.ACTIVE_FAILURES),
    _P("person.team", _H.PERSON, "The team did not work together well on the shift", _D.TEAM),
    # Tasks
    _P("tasks.complex", _H.TASKS, "The task was complex, rushed or often interrupted", _D.TASK),
    _P("tasks.workload", _H.TASKS, "Too much to do for the staff on duty at that time", _D.WORKLOAD),
    _P("tasks.handover", _H.TASKS, "Information was lost at handover or between staff", _D.COMMUNICATION),
    _P("tasks.records", _H.TASKS, "Care notes, charts or the MAR were unclear or not updated", _D.COMMUNICATION),
    _P("tasks.care_plan", _H.TASKS, "The care plan or risk assessment was out of date or unclear", _D.POLICY),
    # Tools and technology
    _P("tools.unavailable", _H.TOOLS, "Equipment was missing, broken or not charged", _D.EQUIPMENT),
    _P("tools.design", _H.TOOLS, "Equipment or packaging was hard to use or easy to confuse", _D.EQUIPMENT_DESIGN),
    _P("tools.call_bell", _H.TOOLS, "Call bell or sensor mat was out of reach, off or not heard", _D.EQUIPMENT),
    _P("tools.systems", _H.TOOLS, "The electronic care record or eMAR got in the way", _D.EQUIPMENT_DESIGN),
    # Organisation
    _P("org.staffing", _H.ORGANISATION, "Staffing levels or skill mix were short (sickness, agency)", _D.STAFFING),
    _P("org.supervision", _H.ORGANISATION, "Senior support or supervision was not available", _D.SUPERVISION),
    _P("org.training", _H.ORGANISATION, "Staff had not had the training or competency check", _D.TRAINING),
    _P("org.policy", _H.ORGANISATION, "No clear procedure, or the procedure did not fit practice", _D.POLICY),
    _P("org.responsibility", _H.ORGANISATION, "It was unclear who was responsible for the task", _D.RESPONSIBILITY),
    _P("org.culture", _H.ORGANISATION, "Staff did not feel able to raise concerns or ask for help", _D.SAFETY_CULTURE),
    _P("org.admission", _H.ORGANISATION, "A recent admission, move or late discharge", _D.SCHEDULING),
    # Internal environment
    _P("env.layout", _H.INTERNAL_ENVIRONMENT, "Layout, clutter or furniture in the way", _D.PHYSICAL_ENVIRONMENT),
    _P("env.lighting", _H.INTERNAL_ENVIRONMENT, "Poor lighting, noise or temperature", _D.PHYSICAL_ENVIRONMENT),
    _P("env.floor", _H.INTERNAL_ENVIRONMENT, "Wet, uneven or slippery floor", _D.PHYSICAL_ENVIRONMENT),
    _P(
        "env.visibility", _H.INTERNAL_ENVIRONMENT, "Area hard to observe from where staff were", _D.PHYSICAL_ENVIRONMENT
    ),
    # External environment
    _P("ext.gp_pharmacy", _H.EXTERNAL_ENVIRONMENT, "Delay or mix-up from GP, pharmacy or hospital", _D.CENTRAL_SUPPORT),
    _P(
        "ext.head_office",
        _H.EXTERNAL_ENVIRONMENT,
        "Head office, estates or supplier support fell short",
        _D.CENTRAL_SUPPORT,
    ),
    _P("ext.commissioning", _H.EXTERNAL_ENVIRONMENT, "Commissioning, funding or national guidance", _D.EXTERNAL_POLICY),
)

_BY_CODE = {p.code: p for p in PROMPTS}


def prompt(code: str) -> FactorPrompt:
    """The prompt for a stored code. Raises KeyError for an unknown code."""
    return _BY_CODE[code]


def is_known(code: str) -> bool:
    return code in _BY_CODE


def prompts_under(heading: SeipsHeading, include_retired: bool = False) -> tuple[FactorPrompt, ...]:
    return tuple(p for p in PROMPTS if p.heading == heading and (include_retired or not p.retired))
