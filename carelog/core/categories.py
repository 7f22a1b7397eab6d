"""Default incident categories (shared/DOMAIN.md section 6), their stable codes, and finding one by what people say.

Each category has a stable `code` that rules (core.deadlines), demo data and reports key on: an administrator may
rename "Fall" to "Falls and slips" in Lists and nothing that depends on the category changes. Each category also has
a list of synonyms, the words care staff use ("fell", "found on floor"), which the form's category box searches.
Everything here is editable in the app afterwards except the codes.

A near miss is a kind of record (Kind.NEAR_MISS), not a category: its category is what nearly happened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from carelog.core.dto import CategoryRef


class CategoryCode(StrEnum):
    """Codes of the default categories. Stored in the database: never change a value."""

    FALL = "fall"
    MEDICATION = "medication"
    PRESSURE_ULCER = "pressure_ulcer"
    SKIN_TEAR_BRUISE = "skin_tear_bruise"
    BEHAVIOUR = "behaviour"
    SAFEGUARDING = "safeguarding"
    RESTRICTIVE_PRACTICE = "restrictive_practice"
    MISSING_PERSON = "missing_person"
    CHOKING = "choking"
    INFECTION = "infection"
    SELF_HARM = "self_harm"
    NUTRITION_HYDRATION = "nutrition_hydration"
    EQUIPMENT_FAILURE = "equipment_failure"
    ENVIRONMENT = "environment"
    SLIP_TRIP_HAZARD = "slip_trip_hazard"
    STAFF_INJURY = "staff_injury"
    DATA_BREACH = "data_breach"
    DEATH = "death"
    COMPLAINT = "complaint"
    COMPLIMENT = "compliment"
    OTHER = "other"
    NEAR_MISS = "near_miss"  # the old "Near miss" category, switched off by migration 0005; not a default


@dataclass(frozen=True)
class DefaultCategory:
    code: CategoryCode
    name: str
    subcategories: tuple[str, ...]
    synonyms: tuple[str, ...]


C = CategoryCode
DEFAULTS: tuple[DefaultCategory, ...] = (
    DefaultCategory(
        C.FALL,
        "Fall",
        ("Witnessed", "Unwitnessed", "Found on floor"),
        (
            "fell",
            "fallen",
            "fall",
            "found on floor",
            "found on the floor",
            "slipped and fell",
            "tripped and fell",
            "lost balance",
            "rolled out of bed",
            "slid off chair",
            "lowered to the floor",
        ),
    ),
    DefaultCategory(
        C.MEDICATION,
        "Medication",
        (
            "Omission",
            "Wrong dose",
            "Wrong time",
            "Wrong person",
            "Wrong route",
            "Controlled drug discrepancy",
            "Refusal",
            "Storage",
        ),
        (
            "tablets",
            "pills",
            "meds",
            "medicine",
            "MAR",
            "MAR chart",
            "missed dose",
            "wrong dose",
            "drugs",
            "controlled drug",
            "insulin",
            "inhaler",
            "eye drops",
            "blister pack",
            "refused medication",
        ),
    ),
    DefaultCategory(
        C.PRESSURE_ULCER,
        "Pressure ulcer / skin damage",
        ("Present on admission", "Acquired in service"),
        ("pressure sore", "bed sore", "red heel", "sacrum", "broken skin", "redness", "moisture damage"),
    ),
    DefaultCategory(
        C.SKIN_TEAR_BRUISE,
        "Skin tear / unexplained bruise",
        ("Skin tear", "Unexplained bruise"),
        ("bruise", "bruising", "skin tear", "graze", "scratch", "cut", "wound"),
    ),
    DefaultCategory(
        C.BEHAVIOUR,
        "Behaviours that challenge",
        ("Towards staff", "Towards other residents", "Property damage"),
        (
            "aggression",
            "aggressive",
            "agitated",
            "distressed",
            "shouting",
            "hit out",
            "hitting",
            "kicking",
            "spitting",
            "throwing things",
            "verbal abuse",
            "violence",
        ),
    ),
    DefaultCategory(
        C.SAFEGUARDING,
        "Safeguarding",
        (
            "Physical",
            "Domestic",
            "Sexual",
            "Psychological",
            "Financial or material",
            "Modern slavery",
            "Discriminatory",
            "Organisational",
            "Neglect or acts of omission",
            "Self-neglect",
        ),
        (
            "abuse",
            "allegation",
            "neglect",
            "financial abuse",
            "money missing",
            "theft",
            "stolen",
            "disclosure",
            "exploitation",
            "domestic abuse",
        ),
    ),
    DefaultCategory(
        C.RESTRICTIVE_PRACTICE,
        "Restrictive practice",
        ("Physical intervention", "Environmental restriction", "Chemical restraint"),
        ("restraint", "restrained", "locked door", "sedation", "seclusion", "physical intervention"),
    ),
    DefaultCategory(
        C.MISSING_PERSON,
        "Missing person",
        ("Left unaccompanied", "Did not return", "Reported to police"),
        ("missing", "absconded", "left the building", "wandered off", "went missing", "not returned"),
    ),
    DefaultCategory(
        C.CHOKING,
        "Choking / dysphagia",
        ("Choking episode", "Wrong texture served"),
        ("choked", "choking", "coughing on food", "swallowing", "SALT", "thickener", "wrong texture", "IDDSI"),
    ),
    DefaultCategory(
        C.INFECTION,
        "Infection / outbreak",
        ("Single case", "Outbreak"),
        (
            "infection",
            "UTI",
            "chest infection",
            "COVID",
            "flu",
            "norovirus",
            "diarrhoea",
            "vomiting",
            "sickness bug",
            "temperature",
            "fever",
            "sepsis",
        ),
    ),
    DefaultCategory(
        C.SELF_HARM,
        "Self-harm",
        ("Self-injury", "Ingestion"),
        ("self harm", "self-injury", "cutting", "overdose", "ligature", "hurt themselves", "suicidal"),
    ),
    DefaultCategory(
        C.NUTRITION_HYDRATION,
        "Nutrition and hydration",
        ("Weight loss", "Dehydration", "Missed meal"),
        (
            "weight loss",
            "not eating",
            "not drinking",
            "dehydrated",
            "dehydration",
            "fluid chart",
            "food chart",
            "missed meal",
            "malnutrition",
        ),
    ),
    DefaultCategory(
        C.EQUIPMENT_FAILURE,
        "Equipment failure",
        ("Hoist", "Bed / rails", "Call bell", "Wheelchair", "Other equipment"),
        (
            "hoist",
            "sling",
            "bed rails",
            "call bell",
            "sensor mat",
            "wheelchair",
            "mattress",
            "pump",
            "broken equipment",
            "faulty",
            "not working",
            "stand aid",
            "commode",
            "walking frame",
        ),
    ),
    DefaultCategory(
        C.ENVIRONMENT,
        "Environment, fire, utilities",
        ("Fire alarm", "Heating / hot water", "Power", "Premises damage"),
        (
            "fire",
            "fire alarm",
            "fire door",
            "smoke",
            "heating",
            "hot water",
            "no water",
            "power cut",
            "flood",
            "leak",
            "boiler",
            "gas",
            "lift",
            "broken window",
        ),
    ),
    DefaultCategory(
        C.SLIP_TRIP_HAZARD,
        "Slip, trip or spill hazard",
        ("Wet floor or spill", "Trip hazard", "Uneven or damaged floor", "Poor lighting"),
        (
            "wet floor",
            "slipped",
            "slippery",
            "spill",
            "spilt",
            "spilled",
            "trip",
            "tripped",
            "trip hazard",
            "loose carpet",
            "rug",
            "trailing cable",
            "uneven floor",
            "icy path",
            "clutter",
        ),
    ),
    DefaultCategory(
        C.STAFF_INJURY,
        "Staff injury / assault / sharps",
        ("Moving and handling", "Assault", "Sharps", "Slip or trip"),
        (
            "staff injured",
            "carer hurt",
            "back strain",
            "needlestick",
            "sharps",
            "bitten",
            "staff assaulted",
            "moving and handling",
        ),
    ),
    DefaultCategory(
        C.DATA_BREACH,
        "Data breach",
        ("Sent to wrong recipient", "Lost records", "Unauthorised access"),
        (
            "wrong email",
            "wrong address",
            "confidential",
            "lost records",
            "GDPR",
            "privacy",
            "information sent",
            "password",
        ),
    ),
    DefaultCategory(
        C.DEATH,
        "Death",
        ("Expected", "Unexpected"),
        ("died", "passed away", "deceased", "unresponsive", "end of life", "expected death", "sudden death"),
    ),
    DefaultCategory(
        C.COMPLAINT,
        "Complaint",
        ("Care and support", "Communication", "Food", "Environment", "Staff attitude"),
        ("complained", "unhappy", "dissatisfied", "concern raised"),
    ),
    DefaultCategory(
        C.COMPLIMENT,
        "Compliment",
        ("Care and support", "Activities", "Staff", "Food"),
        ("thank you", "thanks", "thank-you card", "praise", "praised", "well done", "kind words"),
    ),
    DefaultCategory(C.OTHER, "Other", (), ("something else", "not sure")),
)
del C

# Categories that say what kind of record it is rather than what (nearly) happened: never guessed for a near miss.
NOT_WHAT_HAPPENED = frozenset({CategoryCode.DEATH, CategoryCode.COMPLAINT, CategoryCode.COMPLIMENT})

CODE_LENGTH = 40


def slug_code(name: str, taken: Iterable[str]) -> str:
    """A stable code for an administrator's own category: the name in lower case, words joined by '_', unique."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[: CODE_LENGTH - 4] or "category"
    used = set(taken)
    code, n = base, 2
    while code in used:
        code, n = f"{base}_{n}", n + 1
    return code


def parse_synonyms(text: str) -> tuple[str, ...]:
    """Comma-separated words as an administrator types them: trimmed, blanks and repeats (any case) dropped."""
    out: dict[str, str] = {}
    for part in text.split(","):
        word = " ".join(part.split())
        if word and word.lower() not in out:
            out[word.lower()] = word
    return tuple(out.values())


def format_synonyms(synonyms: Sequence[str]) -> str:
    """How synonyms are stored and shown for editing: one comma-separated line."""
    return ", ".join(synonyms)


@dataclass(frozen=True)
class CategoryMatch:
    category: CategoryRef
    matched: str  # the name or the synonym the text was found in
    by_synonym: bool


# How well a text matches a name or synonym; a lower rank is shown first.
_EXACT, _PREFIX, _WORD_PREFIX, _INSIDE = 0, 1, 2, 3


def _rank(key: str, label: str) -> int | None:
    label = " ".join(label.lower().split())
    if label == key:
        return _EXACT
    if label.startswith(key):
        return _PREFIX
    if re.search(r"\b" + re.escape(key), label):
        return _WORD_PREFIX
    if key in label:
        return _INSIDE
    return None


def match_categories(text: str, categories: Sequence[CategoryRef]) -> list[CategoryMatch]:
    """Categories whose name or a synonym contains `text` (case-insensitive), best first.

    Order: exact before starts-with before a word starting with it before anywhere inside; at the same level a
    name before a synonym; then the categories' own order. Empty text lists every category in order."""
    key = " ".join(text.lower().split())
    if not key:
        return [CategoryMatch(c, c.name, False) for c in categories]
    scored: list[tuple[tuple[int, int, int], CategoryMatch]] = []
    for position, cat in enumerate(categories):
        best: tuple[tuple[int, int, int], CategoryMatch] | None = None
        labels = [(cat.name, False)] + [(s, True) for s in cat.synonyms]
        for label, by_synonym in labels:
            rank = _rank(key, label)
            if rank is None:
                continue
            score = (rank, int(by_synonym), position)
            if best is None or score < best[0]:
                best = (score, CategoryMatch(cat, label, by_synonym))
        if best is not None:
            scored.append(best)
    scored.sort(key=lambda pair: pair[0])
    return [m for _score, m in scored]


def best_category(text: str, categories: Sequence[CategoryRef]) -> CategoryRef | None:
    """The category a typed text means, if it is clear: the only match, or an exact name or synonym."""
    matches = match_categories(text, categories)
    if not text.strip() or not matches:
        return None
    if len(matches) == 1:
        return matches[0].category
    exact = [m for m in matches if " ".join(m.matched.lower().split()) == " ".join(text.lower().split())]
    return exact[0].category if len(exact) == 1 else None


def infer_category(text: str, categories: Sequence[CategoryRef]) -> CategoryRef | None:
    """The category a free-text account most likely describes: the one whose names and synonyms occur most often
    as words in it (ties go to the earlier category). None if nothing occurs. Used to give old near misses the
    category of what nearly happened."""
    lowered = " ".join(text.lower().split())
    best: tuple[int, int] | None = None
    found: CategoryRef | None = None
    for position, cat in enumerate(categories):
        labels = {cat.name.lower(), *(s.lower() for s in cat.synonyms)}
        hits = sum(1 for label in labels if re.search(r"\b" + re.escape(label) + r"\w*", lowered))
        if hits and (best is None or (-hits, position) < best):
            best, found = (-hits, position), cat
    return found
