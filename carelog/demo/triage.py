"""Demo triage (fictional): the demo manager has triaged most incidents older than a fortnight, about two thirds
of last fortnight's and few of the last three days', mostly within target, so the Home tab shows a believable
backlog rather than none or all. Runs after the reviews step so learning responses link to the demo reviews."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from carelog.core.dto import Actor, IncidentFilter, IncidentSummary
from carelog.core.enums import Kind, PhysicalHarm, Role, Status
from carelog.core.triage import CheckAnswer, TriageDecision, TriageInput
from carelog.demo.acting import acting
from carelog.demo.reviews import MANAGER_NAME
from carelog.services.registry import Services

LOOKBACK_DAYS = 730  # every demo record (the demo spans 18 months)
REASONS = (
    "No harm; care plan already covers this risk.",
    "Isolated event; immediate action was enough and the family was told.",
    "Low harm; risk assessment reviewed and still right.",
    "Handled at the time; nothing further needed.",
    "No pattern in the last three months; the team knows what to watch for.",
)
# Reasons that fit what happened, by a word in the category name; the others use REASONS.
REASONS_BY_CATEGORY = (
    ("fall", ("No injury; falls care plan and sensor mat already in place.",
              "Low harm; falls risk assessment reviewed and still right.")),
    ("medication", ("No harm; GP and pharmacist advised, MAR chart corrected.",
                    "Dose given late, within the safe window; no harm.")),
    ("behaviour", ("Known behaviour pattern; support plan is being followed.",
                   "Trigger understood; positive behaviour support plan already covers it.")),
    ("skin", ("Body map done; district nurse checked the skin and the repositioning chart is up to date.",)),
    ("pressure", ("District nurse visiting; repositioning chart and mattress checked.",)),
    ("equipment", ("Equipment fixed the same day; no pattern in the last three months.",)),
    ("slip", ("Spill cleaned and the area signed; no one hurt.",)),
    ("staff", ("First aid given; the risk assessment for the task was checked.",)),
    ("data", ("Papers recovered the same day; the data protection lead checked it.",)),
    ("choking", ("Speech and language therapy guidance followed; meal plan checked.",)),
    ("nutrition", ("Food and fluid chart checked; GP told.",)),
    ("infection", ("Infection control steps followed; no further cases.",)),
    ("missing", ("Found safe nearby within minutes; missing person profile up to date.",)),
    ("environment", ("Fixed the same day; fire and utility checks are up to date.",)),
)  # fmt: skip
SERIOUS = (PhysicalHarm.MODERATE, PhysicalHarm.SEVERE, PhysicalHarm.FATAL)


def _share(age_days: float) -> float:
    if age_days > 14:
        return 0.96
    if age_days > 3:
        return 0.65
    return 0.2


def _decisions(i: IncidentSummary, rng: random.Random) -> tuple[tuple[TriageDecision, ...], str]:
    out: list[TriageDecision] = []
    if i.status in (Status.UNDER_REVIEW, Status.ACTIONS_IN_PROGRESS) and rng.random() < 0.5:
        out.append(TriageDecision.LEARNING_RESPONSE)
    if i.category == "Safeguarding":
        out.append(TriageDecision.SAFEGUARDING_REFERRAL)
    if i.kind == Kind.COMPLAINT or i.category == "Complaint":
        out.append(TriageDecision.COMPLAINT_PROCESS)
    if i.physical_harm in SERIOUS and i.kind == Kind.INCIDENT:
        out.append(TriageDecision.DUTY_OF_CANDOUR)
    if out:
        return tuple(out), ""
    return (TriageDecision.NO_FURTHER_ACTION,), _reason(i.category, rng)


def _reason(category: str, rng: random.Random) -> str:
    """A reason that fits the category (one draw from the generator, as before, so later demo steps are unchanged)."""
    generic = rng.choice(REASONS)
    name = category.lower()
    for word, fitting in REASONS_BY_CATEGORY:
        if word in name:
            return fitting[REASONS.index(generic) % len(fitting)]
    return generic


def _hours_taken(i: IncidentSummary, rng: random.Random) -> float:
    target = 24 if i.physical_harm in SERIOUS else 72
    roll = rng.random()
    if roll < 0.75:
        return rng.uniform(1, target * 0.9)
    if roll < 0.93:
        return rng.uniform(target, target * 2)
    return rng.uniform(target * 2, target * 6)


def add_demo(services: Services, rng: random.Random, as_of: datetime) -> None:
    ctx = services.ctx
    with acting(ctx, clock=lambda: as_of):  # the system looks up the demo manager, who then triages
        manager_id = next((u.id for u in services.accounts.list_users() if u.display_name == MANAGER_NAME), None)
        ctx.identity.actor = Actor(manager_id, MANAGER_NAME, Role.MANAGER)
        since = (as_of - timedelta(days=LOOKBACK_DAYS)).date()
        items = []
        for i in services.incidents.list(IncidentFilter(date_from=since)):
            if i.kind == Kind.COMPLIMENT:
                continue
            age = (as_of - i.occurred_at).total_seconds() / 86400
            if rng.random() > _share(age):
                continue
            reported = i.occurred_at + timedelta(hours=3)  # demo reports are made within three hours
            at = reported + timedelta(hours=_hours_taken(i, rng))
            if at > as_of:
                continue
            decisions, reason = _decisions(i, rng)
            data = TriageInput(
                physical_harm=i.physical_harm,
                risk_consequence=None,
                risk_likelihood=None,
                care_plan=rng.choices(list(CheckAnswer), weights=(6, 1, 3))[0],
                risk_assessment=rng.choices(list(CheckAnswer), weights=(7, 1, 2))[0],
                notifications_checked=True,
                decisions=decisions,
                reason=reason,
                review_title=f"{i.category}: {i.reference}",  # the bulk path links the review already open
            )
            items.append((i.id, data, at.replace(second=0, microsecond=0)))
        services.triage.record_many(items)
