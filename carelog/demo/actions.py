"""Demo improvement actions (fictional) linked to demo incidents and reviews: some overdue, some verified
effective, some found not effective and reopened, some awaiting their check."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta

from carelog.core.action_dto import ActionInput, ActionStatus, Conclusion
from carelog.core.action_strength import ActionStrength
from carelog.core.dto import IncidentFilter
from carelog.core.errors import CareLogError
from carelog.demo.acting import acting
from carelog.services.registry import Services

S, MID, W = ActionStrength.STRONGER, ActionStrength.INTERMEDIATE, ActionStrength.WEAKER
# (title, SMART description, strength) per category name prefix
PLANS: dict[str, tuple[tuple[str, str, ActionStrength], ...]] = {
    "fall": (
        (
            "Fit sensor mats beside beds of residents at high falls risk",
            "Sensor mats linked to the call system in every room scored high on the falls risk tool; "
            "maintenance to fit, nurse in charge to test weekly; fewer unwitnessed night falls.",
            S,
        ),
        (
            "Move lounge armchairs so walking frames stay within reach",
            "Re-arrange the lounge so each armchair has space for a frame beside it; checked on each walk-round.",
            S,
        ),
        (
            "Add a falls prompt to the night handover sheet",
            "Handover sheet lists who is at high falls risk and their last toileting time; in use on all floors.",
            MID,
        ),
        (
            "Refresher falls-awareness training for night staff",
            "All night staff complete the falls e-learning and a 20-minute toolbox talk.",
            W,
        ),
    ),
    "medic": (
        (
            "Do-not-disturb tabards for staff on the medicines round",
            "Tabards worn on every round; phones held by the senior; interruptions audited monthly.",
            MID,
        ),
        (
            "Standardise the medicines round order on every floor",
            "One round order and one trolley layout for all floors, agreed with the pharmacist.",
            S,
        ),
        ("Remind staff to sign the MAR chart straight away", "Memo to all staff and a reminder at handover.", W),
    ),
    "behav": (
        (
            "Rewrite care plans with known triggers and calming approaches",
            "Care plans of residents with distressed behaviour list triggers and what helps; reviewed monthly.",
            MID,
        ),
        (
            "Quiet lounge space in the afternoons",
            "Second lounge kept quiet with low lighting 2-5pm; staff rota covers it.",
            S,
        ),
    ),
    "": (
        (
            "Audit of incident follow-up on each unit",
            "Senior checks that each report in the month had its risk assessment reviewed.",
            W,
        ),
        ("Staff briefing on the new reporting form", "Ten-minute briefing at each handover for two weeks.", W),
    ),
}
LEADS = ("Priya Shah", "Grace Adeyemi", "Tom Hughes (maintenance)", "Ruth Evans (deputy)")


def add_demo(services: Services, rng: random.Random, as_of: datetime) -> None:
    with acting(services.ctx):
        _add(services, rng, as_of)


def _add(services: Services, rng: random.Random, as_of: datetime) -> None:
    ref = services.incidents.reference_data()
    incidents = services.incidents.list(IncidentFilter(date_from=(as_of - timedelta(days=300)).date()))
    if not incidents:
        return
    groups = Counter((i.category, i.service, i.location) for i in incidents if i.location)
    staff = {c.label: c.id for c in services.actions.staff()}
    # an action belongs to the review of records like its own (same category, service and place), or to none
    review_places = {
        c.id: {(i.category, i.service, i.location) for i in services.reviews.get(c.id, with_audit=False).incidents}
        for c in services.actions.reviews()
    }
    services_by_name = {s.name: s.id for s in ref.services}
    items: list[tuple[ActionInput, ActionStatus, datetime | None]] = []
    for (category, service, location), _n in groups.most_common(8):
        key = next((k for k in PLANS if k and category.lower().startswith(k)), "")
        linked = tuple(i.id for i in incidents if (i.category, i.service, i.location) == (category, service, location))
        review = next((rid for rid, places in review_places.items() if (category, service, location) in places), None)
        for title, description, strength in PLANS[key]:
            if rng.random() < 0.3 or ("lounge" in title.lower() and "lounge" not in location.lower()):
                continue
            lead = rng.choice(LEADS)
            # completion 60-200 days ago for done ones; due dates spread around today
            status = rng.choices(list(ActionStatus), weights=(3, 3, 3, 2))[0]
            due = (as_of + timedelta(days=rng.randint(-40, 60))).date()
            completed = None
            if status in (ActionStatus.DONE, ActionStatus.VERIFIED):
                completed = as_of - timedelta(days=rng.randint(60, 200))
                due = (completed - timedelta(days=rng.randint(0, 20))).date()
            data = ActionInput(
                title=f"{title} ({location})" if key else title,
                description=description,
                lead_id=staff.get(lead),
                lead_name=lead,
                due_date=due,
                strength=strength,
                service_id=services_by_name.get(service),
                review_id=review,
                incident_ids=linked[-6:],
                evidence_note="Photos and sign-off sheet in the manager's office." if completed else "",
            )
            items.append((data, ActionStatus.DONE if status == ActionStatus.VERIFIED else status, completed))
    if not items:
        return
    ids = services.actions.create_many(items)
    for action_id, (data, _status, completed) in zip(ids, items, strict=True):
        if completed is None or rng.random() < 0.3:
            continue  # stays in Done, awaiting its check
        check = (completed + timedelta(days=(as_of - completed).days // 2 + 30)).date()
        check = min(check, as_of.date())
        try:
            effect = services.actions.preview_check(action_id, check)
            if effect.pct_change is not None and effect.pct_change <= -20:
                services.actions.record_check(
                    action_id, check, Conclusion.EFFECTIVE, "Fewer matching incidents since; staff say it helps."
                )
            elif data.strength == ActionStrength.WEAKER or rng.random() < 0.5:
                services.actions.record_check(
                    action_id,
                    check,
                    Conclusion.NOT_EFFECTIVE,
                    "No fall in the numbers; replace with a change to the environment.",
                    ActionStatus.IN_PROGRESS,
                )
            else:
                services.actions.record_check(action_id, check, Conclusion.TOO_EARLY, "Too few incidents to say yet.")
        except CareLogError:
            continue
