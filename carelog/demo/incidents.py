"""Demo incidents: three fictional services over 18 months, with patterns a manager should find.

Planted patterns (so Trends and Review have something real to show):
- Willow Bank: falls cluster in the Rose Lounge at night, rising over the last five months.
- Heron House: medication errors around the morning handover (07:00-08:30).
- Heron House: behaviours that challenge on the late shift in the Garden Lounge.
- Maple Court (supported living): missing-person and self-neglect concerns for one tenant.
All names and codes are invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from carelog.core.categories import CategoryCode
from carelog.core.dto import CategoryRef, IncidentInput, LoadItem, NotificationInput, ReferenceData
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm, PsychologicalHarm, ServiceType, Status
from carelog.db.repositories import audit, organisation
from carelog.services.registry import Services

MONTHS = 18
C = CategoryCode

FIRST_NAMES = [
    "Edith",
    "Walter",
    "Margaret",
    "Harold",
    "Joan",
    "Stanley",
    "Dorothy",
    "Albert",
    "Irene",
    "Leonard",
    "Vera",
    "Clifford",
    "Mavis",
    "Ronald",
    "Phyllis",
    "Dennis",
    "Gladys",
    "Norman",
    "Beryl",
    "Kenneth",
    "Audrey",
    "Bernard",
    "Sylvia",
    "Frank",
    "Winifred",
    "Arthur",
    "Ivy",
    "Reginald",
    "Hilda",
    "Cyril",
    "Pauline",
    "Trevor",
    "Maureen",
    "Derek",
    "Eileen",
    "Gordon",
    "Brenda",
    "Alan",
    "Sheila",
    "Raymond",
]
LAST_NAMES = [
    "Ashby",
    "Bramwell",
    "Calloway",
    "Dunmore",
    "Elsworth",
    "Fairbairn",
    "Gadsby",
    "Holroyd",
    "Ingleby",
    "Jessop",
    "Kettlewell",
    "Lumsden",
    "Marchbank",
    "Netherwood",
    "Oakridge",
    "Pickersgill",
    "Quarmby",
    "Rushworth",
    "Sowerby",
    "Thackray",
    "Underwood",
    "Varley",
    "Wainwright",
    "Yeadon",
    "Ackroyd",
    "Brearley",
]
STAFF = [
    "Amara Okafor",
    "Ben Hartley",
    "Chloe Dunn",
    "Dariusz Nowak",
    "Ellie Shaw",
    "Femi Adebayo",
    "Grace Lyons",
    "Hannah Pike",
    "Imran Qureshi",
    "Jess Carter",
    "Kofi Mensah",
    "Laura Finch",
    "Maria Santos",
    "Nadia Haddad",
    "Olivia Reed",
    "Priya Nair",
    "Rosa Kowalski",
    "Sam Whitaker",
    "Tom Bainbridge",
    "Zoe Marsh",
]


@dataclass(frozen=True)
class DemoService:
    name: str
    service_type: ServiceType
    beds: int
    code: str
    locations: tuple[str, ...]


SERVICES = (
    DemoService(
        "Willow Bank Care Home",
        ServiceType.NURSING_HOME,
        60,
        "WB",
        (
            "Rose Lounge",
            "Dining room",
            "Ground floor corridor",
            "First floor corridor",
            "Bedroom",
            "Bathroom",
            "Garden",
            "Treatment room",
            "Conservatory",
        ),
    ),
    DemoService(
        "Heron House",
        ServiceType.CARE_HOME,
        40,
        "HH",
        ("Garden Lounge", "Dining room", "Bedroom", "Corridor", "Medication room", "Bathroom", "Quiet lounge"),
    ),
    DemoService(
        "Maple Court Supported Living",
        ServiceType.SUPPORTED_LIVING,
        12,
        "MC",
        ("Flat", "Communal kitchen", "Communal lounge", "Community", "Office"),
    ),
)

# category code -> (weight, kind, typical hours, harm weights [none, low, moderate, severe, fatal])
PROFILE: dict[CategoryCode, tuple[float, Kind, tuple[int, ...] | None, tuple[float, ...]]] = {
    C.FALL: (30, Kind.INCIDENT, None, (0.45, 0.4, 0.12, 0.03, 0.0)),
    C.MEDICATION: (14, Kind.INCIDENT, None, (0.8, 0.17, 0.03, 0.0, 0.0)),
    C.SKIN_TEAR_BRUISE: (9, Kind.INCIDENT, None, (0.2, 0.7, 0.1, 0.0, 0.0)),
    C.BEHAVIOUR: (9, Kind.INCIDENT, None, (0.6, 0.35, 0.05, 0.0, 0.0)),
    C.PRESSURE_ULCER: (4, Kind.INCIDENT, None, (0.1, 0.5, 0.35, 0.05, 0.0)),
    C.SAFEGUARDING: (3, Kind.INCIDENT, None, (0.6, 0.3, 0.1, 0.0, 0.0)),
    C.CHOKING: (2, Kind.INCIDENT, (8, 12, 13, 17, 18), (0.6, 0.3, 0.1, 0.0, 0.0)),
    C.INFECTION: (2, Kind.INCIDENT, None, (0.3, 0.5, 0.2, 0.0, 0.0)),
    C.NUTRITION_HYDRATION: (2, Kind.LOW_LEVEL_CONCERN, None, (0.6, 0.35, 0.05, 0.0, 0.0)),
    C.EQUIPMENT_FAILURE: (3, Kind.HAZARD, None, (0.9, 0.1, 0.0, 0.0, 0.0)),
    C.ENVIRONMENT: (2, Kind.HAZARD, None, (1.0, 0.0, 0.0, 0.0, 0.0)),
    C.SLIP_TRIP_HAZARD: (2, Kind.HAZARD, None, (1.0, 0.0, 0.0, 0.0, 0.0)),
    C.STAFF_INJURY: (3, Kind.INCIDENT, None, (0.3, 0.6, 0.1, 0.0, 0.0)),
    C.DATA_BREACH: (1, Kind.INCIDENT, (9, 10, 11, 14, 15, 16), (1.0, 0.0, 0.0, 0.0, 0.0)),
    C.DEATH: (1, Kind.INCIDENT, None, (0.0, 0.0, 0.0, 0.0, 1.0)),
    C.COMPLAINT: (0.5, Kind.COMPLAINT, (10, 11, 14, 15, 16, 18), (1.0, 0.0, 0.0, 0.0, 0.0)),  # records: demo/thread
    C.COMPLIMENT: (4, Kind.COMPLIMENT, (10, 11, 12, 14, 15, 16, 17), (1.0, 0.0, 0.0, 0.0, 0.0)),
    C.MISSING_PERSON: (1, Kind.INCIDENT, None, (0.9, 0.1, 0.0, 0.0, 0.0)),
}

ACCOUNTS: dict[CategoryCode, tuple[str, ...]] = {
    C.FALL: (
        "{p} was found sitting on the floor beside the armchair in the {loc}. Said they had tried to stand to go to "
        "the toilet without calling for help. Walking frame was out of reach.",
        "Heard a thud and found {p} lying on their left side on the floor of the {loc}. Conscious and talking. "
        "Had been walking without their frame.",
        "{p} slipped while transferring from wheelchair to chair in the {loc}. Staff member lowered them to the floor.",
        "Found {p} on the floor by the bed at the {time} check. Bed rails were down and the sensor mat was unplugged.",
        "{p} lost balance while reaching for a cup in the {loc} and fell onto their right hip.",
    ),
    C.MEDICATION: (
        "During the {time} medication round the {drug} for {p} was signed for but still in the blister pack.",
        "{p} was given the {drug} dose intended for another resident. Noticed at once by the second staff member.",
        "The {drug} for {p} was given two hours late because the round was interrupted at handover.",
        "Controlled drug register balance for {drug} did not match the stock count by one tablet.",
        "{p} refused the {drug} three times today. GP informed as per care plan.",
    ),
    C.SKIN_TEAR_BRUISE: (
        "A 3 cm skin tear found on the left forearm of {p} after assisting with dressing.",
        "An unexplained bruise about 4 cm across found on the upper right arm of {p} during personal care.",
    ),
    C.BEHAVIOUR: (
        "{p} became distressed in the {loc} when the television was changed, shouted and pushed a chair over.",
        "{p} hit out at a carer during personal care, scratching their wrist. Calmed with reassurance and music.",
        "{p} entered another resident's room and took belongings, became agitated when staff intervened.",
    ),
    C.PRESSURE_ULCER: (
        "Category 2 pressure ulcer found on the sacrum of {p} during the morning wash. Repositioning chart had gaps.",
        "Redness that did not blanch found on the left heel of {p}. District nurse asked to visit.",
    ),
    C.SAFEGUARDING: (
        "{p} told a carer that a visitor had taken money from their purse. Concern raised with the local authority.",
        "Unexplained bruising on both wrists of {p}; body map completed and safeguarding referral made.",
    ),
    C.CHOKING: (
        "{p} coughed and choked on a piece of sandwich at lunch in the {loc}. Back blows given; cleared.",
        "{p} was served normal diet instead of level 5 minced and moist. Noticed before eating.",
    ),
    C.INFECTION: (
        "Three residents with diarrhoea and vomiting within 48 hours on the first floor. Outbreak procedures started.",
        "{p} has a suspected chest infection; temperature 38.4. GP called.",
    ),
    C.NUTRITION_HYDRATION: (
        "{p} has lost 3 kg in a month. Food and fluid charts show poor intake at breakfast.",
        "Fluid chart for {p} totals under 800 ml for the second day running.",
    ),
    C.EQUIPMENT_FAILURE: (
        "The hoist in the {loc} stopped mid-transfer (battery flat); resident lowered with the manual release.",
        "Call bell in the {loc} not working when tested. Maintenance informed.",
        "Pressure-relieving mattress pump alarm sounding; mattress deflated.",
    ),
    C.ENVIRONMENT: (
        "Fire door to the {loc} wedged open with a chair.",
        "No hot water on the first floor for six hours; boiler engineer called.",
    ),
    C.SLIP_TRIP_HAZARD: (
        "Loose carpet edge at the entrance to the {loc} creating a trip hazard.",
        "Trailing cable from a fan across the walkway in the {loc}.",
        "Rain coming in under the door has left the floor of the {loc} slippery.",
    ),
    C.STAFF_INJURY: (
        "Carer strained their lower back while repositioning a resident without a slide sheet.",
        "Nurse sustained a needlestick injury from a used insulin pen needle left on the trolley.",
        "Carer was kicked on the shin during personal care.",
    ),
    C.DATA_BREACH: (
        "A care plan summary was emailed to the wrong GP surgery.",
        "Handover sheet with residents' details found left in the visitors' lounge.",
    ),
    C.DEATH: (
        "{p} died peacefully in their sleep, expected death, end of life care plan in place. Family present.",
        "{p} was found unresponsive at the {time} check. 999 called; pronounced dead by paramedics.",
    ),
    C.COMPLAINT: (
        "Daughter of {p} complained that laundry keeps going missing and clothes come back with other names.",
        "Family of {p} complained that calls to the home were not answered at weekends.",
        "{p} complained that meals arrive cold on the first floor.",
        "Wife of {p} said he is left in his room most of the day and not offered activities.",
        "Niece of {p} complained that the evening painkiller was given late twice this week.",
        "Daughter of {p} said agency night staff did not know he needs two people to transfer.",
    ),
    C.COMPLIMENT: (
        "Card from the family of {p} thanking the team for the birthday celebration.",
        "Visiting district nurse praised the pressure area care for {p}.",
        "Son of {p} thanked night staff for their kindness during a difficult week.",
    ),
    C.MISSING_PERSON: (
        "{p} left the building unnoticed and was found by a neighbour at the bus stop 40 minutes later.",
        "{p} did not return from the shops at the agreed time; police informed after one hour.",
    ),
}

NO_HARM = (1.0, 0.0, 0.0, 0.0, 0.0)
NEAR_MISS_WEIGHT = 6
# Near misses: (what nearly happened, what was written). A near miss is a kind; its category is what nearly happened.
NEAR_MISSES: tuple[tuple[CategoryCode, str], ...] = (
    (C.MEDICATION, "Wrong resident's tablets were picked up for {p} but the photo check stopped them being given."),
    (C.SLIP_TRIP_HAZARD, "Wet floor in the {loc} after a spill, no sign out; cleaned before anyone slipped."),
    (C.FALL, "Bed left at full height after care for {p}; noticed and lowered by the next carer."),
    (
        C.EQUIPMENT_FAILURE,
        "Frayed hoist sling found at the check before moving {p}; taken out of use before the transfer.",
    ),
    (
        C.CHOKING,
        "{p} was about to be given a normal sandwich instead of a soft diet; the carer checked the plan in time.",
    ),
)

ACTIONS: dict[CategoryCode, tuple[str, ...]] = {
    C.FALL: (
        "Checked for injury before moving; hoisted from the floor. Post-fall observations started. GP informed.",
        "First aid given, head injury observations every 30 minutes for 4 hours. Family informed.",
        "Assisted up with the hoist; no injury seen. Sensor mat reconnected and frame placed within reach.",
    ),
    C.COMPLAINT: ("Acknowledged in person, apologised, and passed to the registered manager to respond in writing.",),
    C.COMPLIMENT: ("Shared with the team at handover and added to the compliments folder.",),
    C.DATA_BREACH: ("Recipient asked to delete it; data protection lead informed the same day.",),
    C.ENVIRONMENT: ("Area made safe and maintenance informed.",),
    C.SLIP_TRIP_HAZARD: ("Area coned off, floor dried or cable moved, and maintenance informed.",),
    C.EQUIPMENT_FAILURE: ("Equipment taken out of use, labelled and reported to maintenance.",),
    C.MEDICATION: (
        "Pharmacy and GP contacted for advice; observations taken; no ill effects seen.",
        "Stock recounted with the deputy manager; controlled drug discrepancy recorded and escalated.",
    ),
}
DRUGS = ("paracetamol", "metformin", "amlodipine", "warfarin", "donepezil", "lactulose", "morphine sulfate oral")


def _people_names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")
    return sorted(names)


def _seed_organisation(services: Services, rng: random.Random) -> ReferenceData:
    with services.ctx.unit() as session:
        created: list[audit.NewAuditRecord] = []
        for svc in SERVICES:
            if organisation.find_service_id(session, svc.name) is not None:
                continue
            sid = organisation.add_service(session, svc.name, svc.service_type, svc.beds)
            created.append(audit.NewAuditRecord("service", sid, "create", "name", None, svc.name))
            for loc in svc.locations:
                lid = organisation.add_location(session, sid, loc)
                created.append(audit.NewAuditRecord("location", lid, "create", "name", None, loc))
            for n, name in enumerate(_people_names(rng, svc.beds), start=1):
                code = f"{svc.code}-{n:03d}"
                pid = organisation.add_person(session, code, name, sid)
                created.append(audit.NewAuditRecord("person", pid, "create", "name", None, code))
        audit.append_many(session, services.ctx.actor, created, at=services.ctx.clock())
    return services.incidents.reference_data()


def _hour(rng: random.Random, hours: tuple[int, ...] | None) -> int:
    if hours:
        return rng.choice(hours)
    # care activity peaks in the morning and evening
    return rng.choices(range(24), weights=[2, 2, 2, 2, 2, 2, 3, 6, 7, 6, 5, 5, 5, 4, 5, 5, 5, 6, 6, 5, 4, 3, 3, 2])[0]


def _harm(rng: random.Random, weights: tuple[float, ...]) -> PhysicalHarm:
    return rng.choices(list(PhysicalHarm), weights=weights)[0]


def _status(occurred: datetime, as_of: datetime, rng: random.Random) -> Status:
    age = (as_of - occurred).days
    if age > 60:
        return Status.CLOSED if rng.random() < 0.92 else Status.ACTIONS_IN_PROGRESS
    if age > 21:
        return rng.choice((Status.CLOSED, Status.ACTIONS_IN_PROGRESS, Status.UNDER_REVIEW))
    if age > 5:
        return rng.choice((Status.UNDER_REVIEW, Status.REPORTED))
    return Status.REPORTED


def _notifications(
    category: CategoryCode, harm: PhysicalHarm, occurred: datetime, rng: random.Random
) -> tuple[NotificationInput, ...]:
    out: list[NotificationInput] = []

    def told(kind: NotificationKind, minutes: int, reference: str = "") -> None:
        out.append(NotificationInput(kind, occurred + timedelta(minutes=minutes + rng.randint(0, 30)), reference))

    if harm in (PhysicalHarm.LOW, PhysicalHarm.MODERATE, PhysicalHarm.SEVERE) or category == C.DEATH:
        told(NotificationKind.FAMILY, 45)
    if harm in (PhysicalHarm.MODERATE, PhysicalHarm.SEVERE):
        told(NotificationKind.GP_111_999, 10)
        told(NotificationKind.MANAGER_ON_CALL, 20)
    if (harm == PhysicalHarm.SEVERE or category in (C.SAFEGUARDING, C.DEATH, C.MISSING_PERSON)) and rng.random() < 0.95:
        told(NotificationKind.CQC, 240, f"CQC-{rng.randint(100000, 999999)}")
    if category == C.SAFEGUARDING:
        told(NotificationKind.SAFEGUARDING, 120, f"SG/{occurred.year}/{rng.randint(1000, 9999)}")
    if category == C.MISSING_PERSON:
        told(NotificationKind.POLICE, 60, f"CAD {rng.randint(1000, 9999)}")
    if harm == PhysicalHarm.SEVERE or (harm == PhysicalHarm.MODERATE and rng.random() < 0.8):
        told(NotificationKind.DUTY_OF_CANDOUR, 1440 + rng.randint(0, 2880))
    if category == C.STAFF_INJURY and rng.random() < 0.25:
        told(NotificationKind.RIDDOR, 4 * 1440, f"RIDDOR {rng.randint(1000000, 9999999)}")
    return tuple(out)


def _pattern_overrides(
    svc: DemoService, month_index: int, rng: random.Random
) -> tuple[CategoryCode, str | None, tuple[int, ...] | None] | None:
    """Return (category code, location, hours) for planted patterns, or None for ordinary incidents."""
    roll = rng.random()
    if svc.code == "WB" and roll < 0.10 + 0.02 * max(0, month_index - 12):
        return C.FALL, "Rose Lounge", (22, 23, 0, 1, 2, 3, 4, 5)
    if svc.code == "HH" and roll < 0.10:
        return C.MEDICATION, "Medication room", (7, 8)
    if svc.code == "HH" and roll < 0.16:
        return C.BEHAVIOUR, "Garden Lounge", (15, 16, 17, 18, 19, 20)
    return None


def _near_miss(categories: dict[str, CategoryRef], rng: random.Random) -> tuple[CategoryCode, str] | None:
    """What nearly happened and what was written, for a near miss (its category is what nearly happened)."""
    offered = [nm for nm in NEAR_MISSES if nm[0] in categories]
    return rng.choice(offered) if offered else None


def build_items(ref: ReferenceData, rng: random.Random, as_of: datetime, count: int) -> list[LoadItem]:
    services = {s.name: s for s in ref.services}
    categories = {c.code: c for c in ref.categories}
    offered = [code for code in PROFILE if code in categories]
    draws: list[CategoryCode | None] = [*offered, None]  # None: a near miss
    weights = [*(PROFILE[code][0] for code in offered), NEAR_MISS_WEIGHT]
    start = as_of - timedelta(days=MONTHS * 30.4)
    span = (as_of - start).total_seconds()
    items: list[LoadItem] = []
    service_weights = [s.beds for s in SERVICES]
    for _ in range(count):
        svc = rng.choices(SERVICES, weights=service_weights)[0]
        service = services.get(svc.name)
        if service is None:
            continue
        moment = start + timedelta(seconds=rng.random() * span)
        month_index = int((moment - start).days / 30.4)
        planted = _pattern_overrides(svc, month_index, rng)
        near_miss: tuple[CategoryCode, str] | None = None
        harm_weights: tuple[float, ...]
        if planted:
            code, loc_name, hours = planted
        else:
            draw = rng.choices(draws, weights=weights)[0]
            if draw is None:
                near_miss = _near_miss(categories, rng)
                if near_miss is None:
                    continue
                draw = near_miss[0]
            code, loc_name = draw, None
            hours = None if near_miss else PROFILE[code][2]
        if code not in categories:
            continue
        if near_miss:
            kind, harm_weights = Kind.NEAR_MISS, NO_HARM
        else:
            _w, kind, _h, harm_weights = PROFILE[code]
        occurred = moment.replace(hour=_hour(rng, hours), minute=rng.randrange(0, 60, 5), second=0, microsecond=0)
        if occurred > as_of:
            occurred = as_of - timedelta(minutes=rng.randint(30, 600))
        locations = ref.locations_for(service.id)
        location = next((loc for loc in locations if loc.name == loc_name), None) or rng.choice(locations)
        people = ref.people_for(service.id)
        person = rng.choice([p for p in people if p.service_id == service.id] or list(people))
        category = categories[code]
        sub = rng.choice(category.subcategories) if category.subcategories and not near_miss else None
        harm = _harm(rng, harm_weights)
        text = (
            near_miss[1]
            if near_miss
            else rng.choice(ACCOUNTS.get(code, ("{p} was involved in an event in the {loc}.",)))
        )
        account = text.format(
            p=person.display_name.split()[0],
            loc=location.name.lower(),
            time="night" if occurred.hour >= 21 or occurred.hour < 7 else "morning",
            drug=rng.choice(DRUGS),
        )
        made_safe = ("Made safe and reported to the nurse in charge.",)
        action = rng.choice(made_safe if near_miss else ACTIONS.get(code, made_safe))
        consequence = {PhysicalHarm.NONE: 1, PhysicalHarm.LOW: 2, PhysicalHarm.MODERATE: 3}.get(harm, 4)
        likelihood = rng.randint(2, 4)
        injured = harm not in (PhysicalHarm.NONE, PhysicalHarm.FATAL)
        data = IncidentInput(
            kind=kind,
            category_id=category.id,
            subcategory_id=sub.id if sub else None,
            occurred_at=occurred,
            reported_at=occurred + timedelta(minutes=rng.randint(5, 180)),
            service_id=service.id,
            location_id=location.id,
            reporter_name=rng.choice(STAFF),
            person_ids=(person.id,) if code not in (C.ENVIRONMENT, C.SLIP_TRIP_HAZARD, C.DATA_BREACH) else (),
            witnesses=rng.choice(("", "", rng.choice(STAFF))),
            account=account,
            immediate_action=action,
            injury=injured,
            body_sites=(rng.choice(("head-front", "hip-right", "arm-left", "knee-left", "back-lower")),)
            if injured
            else (),
            physical_harm=harm,
            psychological_harm=PsychologicalHarm.LOW if code == C.SAFEGUARDING else PsychologicalHarm.NONE,
            risk_consequence=consequence,
            risk_likelihood=likelihood,
            notifications=_notifications(code, harm, occurred, rng),
            risk_assessment_reviewed=rng.random() < 0.7,
            care_plan_reviewed=rng.random() < 0.6,
        )
        items.append(LoadItem(data, status=_status(occurred, as_of, rng), created_at=data.reported_at))
    items.sort(key=lambda it: it.data.occurred_at or as_of)
    return items


def add_demo(services: Services, rng: random.Random, as_of: datetime, count: int = 1500) -> None:
    ref = _seed_organisation(services, rng)
    items = build_items(ref, rng, as_of, count)
    services.incidents.load_many(items)
