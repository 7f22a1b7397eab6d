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
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from carelog.core.enums import Kind, NotificationKind, PhysicalHarm

SERIOUS_HARM = (PhysicalHarm.SEVERE, PhysicalHarm.FATAL)
CANDOUR_HARM = (PhysicalHarm.MODERATE, PhysicalHarm.SEVERE, PhysicalHarm.FATAL)


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
class DeadlineItem:
    incident_id: int
    reference: str
    occurred_at: datetime
    category: str
    requirement: Requirement
    state: DeadlineState
    made_at: datetime | None


def _end_of_day(moment: datetime) -> datetime:
    """The last second of the day (not 23:59:00: a report is not overdue at 23:59:30 on its own day)."""
    return datetime.combine(moment.date(), time(23, 59, 59))


def requirements(
    category: str, subcategory: str, kind: str, harm: PhysicalHarm, occurred_at: datetime
) -> list[Requirement]:
    """Which statutory notifications this incident may need, with the date each is due."""
    if kind in (Kind.COMPLIMENT, Kind.NEAR_MISS, Kind.HAZARD):
        return []
    same_day = _end_of_day(occurred_at)
    cat = category.lower()
    out: list[Requirement] = []
    if cat == "death" or harm == PhysicalHarm.FATAL:
        out.append(
            Requirement(NotificationKind.CQC, "CQC Regulation 16: death of a person using the service", same_day)
        )
    elif harm == PhysicalHarm.SEVERE:
        out.append(Requirement(NotificationKind.CQC, "CQC Regulation 18: serious injury", same_day))
    if cat == "safeguarding":
        out.append(Requirement(NotificationKind.SAFEGUARDING, "Safeguarding concern to the local authority", same_day))
        if not any(r.notification == NotificationKind.CQC for r in out):
            out.append(Requirement(NotificationKind.CQC, "CQC Regulation 18: abuse or allegation of abuse", same_day))
    if cat == "missing person" and "police" in subcategory.lower():
        out.append(Requirement(NotificationKind.CQC, "CQC Regulation 18: missing person reported to police", same_day))
    if cat.startswith("staff injury") and harm in CANDOUR_HARM:
        out.append(
            Requirement(
                NotificationKind.RIDDOR,
                "RIDDOR check: if work-connected and a specified injury (10 days) or over 7 days off work (15 days)",
                occurred_at + timedelta(days=10),
            )
        )
    elif harm in CANDOUR_HARM and cat != "death" and kind == Kind.INCIDENT:
        out.append(
            Requirement(
                NotificationKind.DUTY_OF_CANDOUR,
                "Duty of Candour: tell the person, apologise, follow up in writing",
                None,
            )
        )
    return out


def assess(
    incident_id: int,
    reference: str,
    occurred_at: datetime,
    category: str,
    subcategory: str,
    kind: str,
    harm: PhysicalHarm,
    made: dict[NotificationKind, datetime | None],
    now: datetime,
) -> list[DeadlineItem]:
    items = []
    for req in requirements(category, subcategory, kind, harm, occurred_at):
        if req.notification in made:
            state = DeadlineState.MET
        elif req.due_by is not None and now > req.due_by:
            state = DeadlineState.OVERDUE
        else:
            state = DeadlineState.DUE
        items.append(
            DeadlineItem(incident_id, reference, occurred_at, category, req, state, made.get(req.notification))
        )
    return items
