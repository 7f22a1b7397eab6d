"""Demo learning reviews (all fictional) built on the planted patterns of carelog.demo.incidents:
- Willow Bank: thematic review of night falls in the Rose Lounge, signed off, learning shared, case study;
- Heron House: after action review of medication given late at the morning handover, signed off, case study;
- Heron House: MDT review of distress in the Garden Lounge on lates, open and partly written;
- Maple Court: swarm huddle after a tenant did not come back, opened this week.
Runs after the accounts step so reviews are signed off by the demo manager.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from carelog.core.categories import CategoryCode
from carelog.core.clock import fixed_clock
from carelog.core.dto import Actor, IncidentFilter, IncidentSummary
from carelog.core.enums import Role
from carelog.core.errors import CareLogError
from carelog.core.review_dto import (
    CaseStudy,
    FactorInput,
    LearningSharedInput,
    ParticipantInput,
    ParticipantKind,
    ResponseType,
    SharedMethod,
)
from carelog.demo.acting import acting
from carelog.services.registry import Services

logger = logging.getLogger(__name__)
MANAGER_NAME = "Priya Shah"
TEAM = ("Sam Okafor", "Jo Lewis", "Grace Adeyemi", "Tomasz Nowak", "Amara Mensah", "Lucy Barnes")


@dataclass(frozen=True)
class DemoReview:
    service: str
    category: CategoryCode
    location: str | None
    days_back: tuple[int, int]  # incidents occurred between as_of - first and as_of - second days
    max_incidents: int
    opened_days_ago: int
    title: str
    response: ResponseType
    factors: tuple[tuple[str, str], ...]
    problem: str
    whys: tuple[str, ...]
    went_well: str
    findings: str
    learning: tuple[str, ...]
    participants: tuple[tuple[str, ParticipantKind, str], ...]
    sign_off_after_days: int | None = None
    shared: tuple[tuple[int, SharedMethod, int, tuple[str, ...]], ...] = ()  # (point index, how, days after, readers)
    case: CaseStudy | None = None
    night_only: bool = False


REVIEWS = (
    DemoReview(
        service="Willow Bank Care Home",
        category=CategoryCode.FALL,
        location="Rose Lounge",
        days_back=(200, 120),
        max_incidents=8,
        opened_days_ago=115,
        title="Night-time falls in the Rose Lounge",
        response=ResponseType.THEMATIC_REVIEW,
        factors=(
            ("person.condition", "Most had a new UTI or a change in medicines in the week before the fall"),
            ("tools.call_bell", "Sensor mats in the lounge were unplugged for cleaning and not put back"),
            ("org.staffing", "One carer covered the lounge and the first floor after 02:00"),
            ("env.lighting", "Lounge lights off after 23:00; only the corridor light on"),
            ("env.visibility", "Rose Lounge cannot be seen from the nurses' station"),
            ("tasks.care_plan", "Night settling preferences not in two of the care plans"),
        ),
        problem="Residents fall in the Rose Lounge at night when no staff are in the room",
        whys=(
            "Residents who cannot sleep go to the lounge and get up from the chairs on their own",
            "No one is in the lounge between the 02:00 and 04:00 checks",
            "The second night carer is on the first floor helping with personal care",
            "The night rota was set for 52 residents; we now have 58 with higher needs",
        ),
        went_well="Every resident was checked for injury and observed for 24 hours; families were told the same "
        "night; the falls were reported promptly and honestly.",
        findings="Falls cluster between 01:00 and 04:00 in the Rose Lounge, mainly among residents with a recent "
        "infection or medicine change. The lounge is unobserved for long periods at night because one carer "
        "covers two areas. Night staff had found their own work-arounds (leaving the door open, checking "
        "more often) but these were not written down or shared.",
        learning=(
            "A resident who is awake at night in the lounge needs someone with them or a working sensor mat",
            "A new infection or medicine change raises the falls risk: review the falls plan the same day",
            "Night staffing must follow dependency, not bed numbers",
        ),
        participants=(
            ("Priya Shah", ParticipantKind.STAFF, "Registered manager"),
            ("Grace Adeyemi", ParticipantKind.STAFF, "Night senior"),
            ("Sam Okafor", ParticipantKind.STAFF, "Night carer"),
            ("WB-017's daughter", ParticipantKind.FAMILY, "Daughter"),
            ("Falls prevention nurse", ParticipantKind.PROFESSIONAL, "Community falls team"),
        ),
        sign_off_after_days=21,
        shared=(
            (0, SharedMethod.TEAM_MEETING, 24, ("Sam Okafor", "Jo Lewis", "Tomasz Nowak", "Amara Mensah")),
            (1, SharedMethod.SUPERVISION, 30, ("Grace Adeyemi",)),
            (2, SharedMethod.ACROSS_SERVICES, 40, ("Heron House manager", "Maple Court manager")),
        ),
        case=CaseStudy(
            context="Over four months the Rose Lounge had the most falls in the home, nearly all at night. Most "
            "people who fell had had a recent infection or a change in their medicines.",
            learning_process="A thematic review of the night falls with the night team, a family member and the "
            "community falls nurse, using the contributing-factor checklist and a 5 whys session at a night "
            "handover so night staff could take part.",
            improvement_actions="A third night carer from 22:00 to 06:00 (funded after a dependency review); sensor "
            "mats checked at every night handover; low-level lighting in the lounge; falls plans reviewed the same "
            "day as a new infection or medicine change.",
            outcome="Night falls in the Rose Lounge fell from an average of five a month to one a month over the "
            "next three months. Night staff say they feel able to ask for help.",
        ),
        night_only=True,
    ),
    DemoReview(
        service="Heron House",
        category=CategoryCode.MEDICATION,
        location="Medication room",
        days_back=(90, 60),
        max_incidents=4,
        opened_days_ago=55,
        title="Morning medicines given late at handover",
        response=ResponseType.AFTER_ACTION_REVIEW,
        factors=(
            ("tasks.complex", "The 08:00 round starts while handover is still going on"),
            ("tasks.handover", "Time-critical medicines (Parkinson's) not named at handover"),
            ("tools.systems", "eMAR alerts go to the tablet left in the office"),
            ("org.responsibility", "Unclear whether night or day senior starts the round"),
        ),
        problem="Time-critical medicines are given late on weekday mornings",
        whys=(
            "The round starts late because the senior is taking handover",
            "Handover runs from 07:45 to 08:15 and overlaps the round",
            "No one was told who owns the round during handover",
        ),
        went_well="Staff reported each late dose themselves and contacted the GP for advice straight away.",
        findings="The medicines round and the morning handover overlap. Time-critical doses were not flagged at "
        "handover, and the eMAR alert was not seen because the tablet was in the office.",
        learning=(
            "The night senior gives time-critical medicines due before 08:30, before handover",
            "Time-critical medicines are named at every handover",
        ),
        participants=(
            ("Priya Shah", ParticipantKind.STAFF, "Registered manager"),
            ("Jo Lewis", ParticipantKind.STAFF, "Day senior"),
            ("Community pharmacist", ParticipantKind.PROFESSIONAL, "Pharmacist"),
        ),
        sign_off_after_days=10,
        shared=((0, SharedMethod.BRIEFING, 12, ("Jo Lewis", "Lucy Barnes", "Amara Mensah")),),
        case=CaseStudy(
            context="Four times in a month, time-critical morning medicines were given up to two hours late.",
            learning_process="An after action review with the seniors and the community pharmacist the week after.",
            improvement_actions="Night senior gives time-critical doses before handover; eMAR tablet carried on the "
            "round; time-critical medicines added to the handover sheet.",
            outcome="No late time-critical doses in the following six weeks (checked on the eMAR report).",
        ),
    ),
    DemoReview(
        service="Heron House",
        category=CategoryCode.BEHAVIOUR,
        location="Garden Lounge",
        days_back=(45, 10),
        max_incidents=5,
        opened_days_ago=8,
        title="Distress in the Garden Lounge in the late afternoon",
        response=ResponseType.MDT_REVIEW,
        factors=(
            ("person.behaviour", "Distress rises around 16:00-18:00 (possible sundowning)"),
            ("env.layout", "Television and tea trolley in the same corner; crowded at tea time"),
            ("tasks.workload", ""),
        ),
        problem="Residents become distressed in the Garden Lounge between 16:00 and 18:00",
        whys=("The lounge is at its busiest and noisiest at tea time",),
        went_well="Staff used the calming approaches in the care plans and no one was hurt.",
        findings="",
        learning=(),
        participants=(
            ("Priya Shah", ParticipantKind.STAFF, "Registered manager"),
            ("Dementia nurse specialist", ParticipantKind.PROFESSIONAL, "Community mental health team"),
        ),
    ),
    DemoReview(
        service="Maple Court Supported Living",
        category=CategoryCode.MISSING_PERSON,
        location=None,
        days_back=(120, 0),
        max_incidents=1,
        opened_days_ago=2,
        title="Tenant did not return from the shops",
        response=ResponseType.SWARM_HUDDLE,
        factors=(("person.condition", "Recent change in mood reported by family"),),
        problem="A tenant did not come back from the shops and police were called",
        whys=(),
        went_well="The missing person profile was up to date and was given to the police within minutes.",
        findings="",
        learning=(),
        participants=(("Grace Adeyemi", ParticipantKind.STAFF, "Team leader"),),
    ),
)


def _find_incidents(services: Services, spec: DemoReview, as_of: datetime) -> list[IncidentSummary]:
    ref = services.incidents.reference_data()
    service = next((s for s in ref.services if s.name == spec.service), None)
    category = next((c for c in ref.categories if c.code == spec.category), None)
    if service is None or category is None:
        return []
    location = next((loc for loc in ref.locations_for(service.id) if loc.name == spec.location), None)
    f = IncidentFilter(
        date_from=(as_of - timedelta(days=spec.days_back[0])).date(),
        date_to=(as_of - timedelta(days=spec.days_back[1])).date(),
        service_id=service.id,
        category_id=category.id,
        location_id=location.id if location else None,
        descending=False,
    )
    found = services.incidents.list(f)
    if spec.night_only:
        found = [i for i in found if i.occurred_at.hour >= 21 or i.occurred_at.hour < 7]
    return found[-spec.max_incidents :] if spec.max_incidents == 1 else found[: spec.max_incidents]


def _add_one(services: Services, spec: DemoReview, rng: random.Random, as_of: datetime) -> None:
    incidents = _find_incidents(services, spec, as_of)
    if not incidents:
        return
    ctx = services.ctx
    opened = (as_of - timedelta(days=spec.opened_days_ago)).replace(hour=10, minute=rng.randint(0, 50))
    latest = max(i.occurred_at for i in incidents)
    if spec.response == ResponseType.SWARM_HUDDLE:
        opened = latest + timedelta(hours=3)  # a huddle happens within hours
    opened = max(opened, latest + timedelta(hours=3))
    ctx.clock = fixed_clock(opened)
    review = services.reviews.open_review([i.id for i in incidents], spec.title, spec.response)
    saved_at = opened + timedelta(days=2, hours=3)
    ctx.clock = fixed_clock(min(saved_at, as_of))
    data = replace(
        review.to_input(),
        factors=tuple(FactorInput(code, note) for code, note in spec.factors),
        problem_statement=spec.problem,
        whys=spec.whys,
        what_went_well=spec.went_well,
        findings=spec.findings,
        learning_points=spec.learning,
        participants=tuple(ParticipantInput(n, k, r) for n, k, r in spec.participants),
    )
    review = services.reviews.save(review.id, data, review.version)
    if spec.sign_off_after_days is None:
        return
    signed_at = min(opened + timedelta(days=spec.sign_off_after_days, hours=5), as_of)
    ctx.clock = fixed_clock(signed_at)
    review = services.reviews.sign_off(review.id, review.version)
    for index, method, days_after, readers in spec.shared:
        shared_on = min(opened + timedelta(days=days_after), as_of)
        ctx.clock = fixed_clock(shared_on)
        record = LearningSharedInput(
            spec.learning[index], method, date(shared_on.year, shared_on.month, shared_on.day), MANAGER_NAME, readers
        )
        review = services.reviews.add_learning_shared(review.id, record)
    if spec.case is not None:
        written = min(signed_at + timedelta(days=60), as_of)
        ctx.clock = fixed_clock(written)
        services.reviews.save_case_study(review.id, spec.case, review.version)


def add_demo(services: Services, rng: random.Random, as_of: datetime) -> None:
    """Add the demo reviews as the demo manager (fictional). Best effort: a missing pattern skips its review."""
    ctx = services.ctx
    with acting(ctx):  # the system looks up the demo manager's account; the manager then writes the reviews
        manager_id = next((u.id for u in services.accounts.list_users() if u.display_name == MANAGER_NAME), None)
        ctx.identity.actor = Actor(manager_id, MANAGER_NAME, Role.MANAGER)
        for spec in REVIEWS:
            try:
                _add_one(services, spec, rng, as_of)
            except CareLogError:
                logger.warning("Demo review skipped", exc_info=True)
