"""Statutory notifications an incident may need, and when each is due (shared/DOMAIN.md section 3).

These are prompts for the manager, not legal advice: the rules below only decide which incidents to flag.
- CQC Regulation 16 (death of a person using the service) and Regulation 18 (serious injury, abuse or
  allegation of abuse, police involvement incl. a missing person reported to police): "without delay";
  CareLog treats that as due by the end of the same day.
- Safeguarding concern to the local authority (Care Act 2014 s42): usually the same day by local procedure.
- RIDDOR 2013, only if work-connected: a worker injured is flagged for a check; specified injuries and
  dangerous occurrences are due within 10 days, over-7-day incapacity within 15 days (CareLog shows 10 days,
  the earlier of the two, and says so).
- Duty of Candour (Regulation 20) for notifiable safety incidents (moderate harm or worse): "as soon as
  reasonably practicable"; CareLog flags it without a fixed date.

This module is the one source of the rules. They key on the category's stable code (core.categories), never its
name, so renaming a category in Lists changes nothing here. Each rule also says what it can fire on (category codes
or harms); the database pre-filter (repositories.incidents.deadline_candidates) is built from that, not copied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache

from carelog.core.categories import CategoryCode
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm

SERIOUS_HARM = (PhysicalHarm.SEVERE, PhysicalHarm.FATAL)
CANDOUR_HARM = (PhysicalHarm.MODERATE, PhysicalHarm.SEVERE, PhysicalHarm.FATAL)
# Records of these kinds never need a statutory notification.
EXEMPT_KINDS = frozenset({Kind.COMPLIMENT, Kind.NEAR_MISS, Kind.HAZARD})


class DeadlineState(StrEnum):
    MET = "met"
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Requirement:
    notification: NotificationKind
    rule: str
    due_by: datetime | None  # None: as soon as reasonably practicable


@dataclass(frozen=True)
class Facts:
    """What the rules look at: the category's stable code (not its name), subcategory name, kind and harm."""

    category_code: str
    subcategory: str
    kind: str
    harm: PhysicalHarm


@dataclass(frozen=True)
class Rule:
    notification: NotificationKind
    text: str
    applies: Callable[[Facts], bool]
    due: Callable[[datetime], datetime | None]
    # What the rule can fire on: it applies only if the category code is one of `codes` or the harm one of `harms`.
    # The database pre-filter is the union of these over all rules (tests check every rule keeps to it).
    codes: frozenset[str] = field(default_factory=frozenset)
    harms: frozenset[PhysicalHarm] = field(default_factory=frozenset)


def _end_of_day(moment: datetime) -> datetime:
    """The last second of the day (not 23:59:00: a report is not overdue at 23:59:30 on its own day)."""
    return datetime.combine(moment.date(), time(23, 59, 59))


def _within_ten_days(moment: datetime) -> datetime:
    return moment + timedelta(days=10)


def _no_fixed_date(_moment: datetime) -> None:
    return None


def _death(f: Facts) -> bool:
    return f.category_code == CategoryCode.DEATH or f.harm == PhysicalHarm.FATAL


def _serious_injury(f: Facts) -> bool:
    return f.harm == PhysicalHarm.SEVERE and not _death(f)


def _safeguarding(f: Facts) -> bool:
    return f.category_code == CategoryCode.SAFEGUARDING


def _abuse_not_yet_notified(f: Facts) -> bool:
    return _safeguarding(f) and not (_death(f) or _serious_injury(f))


def _missing_reported_to_police(f: Facts) -> bool:
    return f.category_code == CategoryCode.MISSING_PERSON and "police" in f.subcategory.lower()


def _riddor(f: Facts) -> bool:
    return f.category_code == CategoryCode.STAFF_INJURY and f.harm in CANDOUR_HARM


def _candour(f: Facts) -> bool:
    return (
        f.harm in CANDOUR_HARM
        and f.kind == Kind.INCIDENT
        and f.category_code not in (CategoryCode.DEATH, CategoryCode.STAFF_INJURY)
    )


def _codes(*codes: CategoryCode) -> frozenset[str]:
    return frozenset(c.value for c in codes)


RULES: tuple[Rule, ...] = (
    Rule(
        NotificationKind.CQC,
        "CQC Regulation 16: death of a person using the service",
        _death,
        _end_of_day,
        codes=_codes(CategoryCode.DEATH),
        harms=frozenset({PhysicalHarm.FATAL}),
    ),
    Rule(
        NotificationKind.CQC,
        "CQC Regulation 18: serious injury",
        _serious_injury,
        _end_of_day,
        harms=frozenset({PhysicalHarm.SEVERE}),
    ),
    Rule(
        NotificationKind.SAFEGUARDING,
        "Safeguarding concern to the local authority",
        _safeguarding,
        _end_of_day,
        codes=_codes(CategoryCode.SAFEGUARDING),
    ),
    Rule(
        NotificationKind.CQC,
        "CQC Regulation 18: abuse or allegation of abuse",
        _abuse_not_yet_notified,
        _end_of_day,
        codes=_codes(CategoryCode.SAFEGUARDING),
    ),
    Rule(
        NotificationKind.CQC,
        "CQC Regulation 18: missing person reported to police",
        _missing_reported_to_police,
        _end_of_day,
        codes=_codes(CategoryCode.MISSING_PERSON),
    ),
    Rule(
        NotificationKind.RIDDOR,
        "RIDDOR check: if work-connected and a specified injury (10 days) or over 7 days off work (15 days)",
        _riddor,
        _within_ten_days,
        codes=_codes(CategoryCode.STAFF_INJURY),
    ),
    Rule(
        NotificationKind.DUTY_OF_CANDOUR,
        "Duty of Candour: tell the person, apologise, follow up in writing",
        _candour,
        _no_fixed_date,
        harms=frozenset(CANDOUR_HARM),
    ),
)


@dataclass(frozen=True)
class PreFilter:
    """Which records may need a notification: not of an exempt kind, and of one of `codes` or `harms`."""

    codes: frozenset[str]
    harms: frozenset[PhysicalHarm]
    exempt_kinds: frozenset[Kind]

    def may_apply(self, category_code: str, kind: str, harm: PhysicalHarm) -> bool:
        return kind not in self.exempt_kinds and (category_code in self.codes or harm in self.harms)


def pre_filter(rules: tuple[Rule, ...] = RULES) -> PreFilter:
    """The narrowest test on code, kind and harm that every record a rule can fire on passes."""
    codes: frozenset[str] = frozenset().union(*(r.codes for r in rules))
    harms: frozenset[PhysicalHarm] = frozenset().union(*(r.harms for r in rules))
    return PreFilter(codes, harms, EXEMPT_KINDS)


def requirements(
    category_code: str, subcategory: str, kind: str, harm: PhysicalHarm, occurred_at: datetime
) -> list[Requirement]:
    """Which statutory notifications this incident may need, with the date each is due."""
    if kind in EXEMPT_KINDS:
        return []
    return [
        Requirement(r.notification, r.text, r.due(occurred_at))
        for r in _rules_for(Facts(category_code, subcategory, kind, harm))
    ]


@lru_cache(maxsize=4096)
def _rules_for(facts: Facts) -> tuple[Rule, ...]:
    """The rules that fire on these facts (few distinct facts recur across 100,000 incidents: kept)."""
    return tuple(r for r in RULES if r.applies(facts))


def kinds_that_may_apply(
    rules: tuple[Rule, ...] = RULES,
) -> dict[NotificationKind, tuple[frozenset[str], frozenset[PhysicalHarm]]]:
    """Per notification kind, the category codes and harms its rules can fire on (for a database pre-filter of
    the records that may still lack a notification of that kind)."""
    out: dict[NotificationKind, tuple[frozenset[str], frozenset[PhysicalHarm]]] = {}
    for r in rules:
        codes, harms = out.get(r.notification, (frozenset(), frozenset()))
        out[r.notification] = (codes | r.codes, harms | r.harms)
    return out


@dataclass(frozen=True)
class DeadlineCandidate:
    """A record the database pre-filter let through, with the notifications already made."""

    incident_id: int
    reference: str
    occurred_at: datetime
    category_code: str
    category: str  # its name today, for display only
    subcategory: str
    kind: str
    harm: PhysicalHarm
    made: dict[NotificationKind, datetime | None]


@dataclass(frozen=True)
class DeadlineItem:
    incident_id: int
    reference: str
    occurred_at: datetime
    category: str
    requirement: Requirement
    state: DeadlineState
    made_at: datetime | None


def assess(candidate: DeadlineCandidate, now: datetime) -> list[DeadlineItem]:
    c = candidate
    items = []
    for req in requirements(c.category_code, c.subcategory, c.kind, c.harm, c.occurred_at):
        if req.notification in c.made:
            state = DeadlineState.MET
        elif req.due_by is not None and now > req.due_by:
            state = DeadlineState.OVERDUE
        else:
            state = DeadlineState.DUE
        items.append(
            DeadlineItem(
                c.incident_id, c.reference, c.occurred_at, c.category, req, state, c.made.get(req.notification)
            )
        )
    return items


# --------------------------------------------------------------------------- after the fact: never made, late
RIDDOR_OVER_SEVEN_DAY_DAYS = 15  # over-7-day incapacity of a worker: report within 15 days (DOMAIN.md section 3)


class Outcome(StrEnum):
    """What became of one required notification, for the manager's attention list."""

    DUE = "due"  # not made yet, still in time (or no fixed date and the record is still open)
    OVERDUE = "overdue"  # not made, its date has passed, the record is still open
    NEVER_MADE = "never_made"  # not made and the record was closed without it
    LATE = "late"  # made, but after the date it was due
    ON_TIME = "on_time"


def outcome(item: DeadlineItem, closed: bool) -> Outcome:
    """Classify an assessed requirement. A notification recorded without a time counts as made on time.

    RIDDOR: CareLog's date is the 10-day limit; made after it but within 15 days is late only for a specified
    injury (an over-7-day incapacity allows 15 days), so it is reported as late with that caveat by the caller.
    """
    due = item.requirement.due_by
    if item.state == DeadlineState.MET:
        if due is not None and item.made_at is not None and item.made_at > due:
            return Outcome.LATE
        return Outcome.ON_TIME
    if closed:
        return Outcome.NEVER_MADE
    return Outcome.OVERDUE if item.state == DeadlineState.OVERDUE else Outcome.DUE


def riddor_within_over_seven_day_limit(item: DeadlineItem) -> bool:
    """A late RIDDOR report still inside the 15 days allowed for an over-7-day incapacity."""
    return (
        item.requirement.notification == NotificationKind.RIDDOR
        and item.made_at is not None
        and item.made_at <= item.occurred_at + timedelta(days=RIDDOR_OVER_SEVEN_DAY_DAYS)
    )
