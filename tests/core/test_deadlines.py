"""Statutory notification prompts: which incidents need what, by when, and whether it was done."""

from __future__ import annotations

from datetime import datetime

from carelog.core.deadlines import DeadlineState, assess, requirements
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm

T = datetime(2026, 3, 10, 14, 0)


def kinds(category: str, harm: PhysicalHarm, sub: str = "", kind: Kind = Kind.INCIDENT) -> list[NotificationKind]:
    return [r.notification for r in requirements(category, sub, kind, harm, T)]


def test_death_and_serious_injury_need_cqc_the_same_day() -> None:
    reqs = requirements("Death", "Unexpected", Kind.INCIDENT, PhysicalHarm.FATAL, T)
    assert reqs[0].notification == NotificationKind.CQC and "Regulation 16" in reqs[0].rule
    assert reqs[0].due_by == datetime(2026, 3, 10, 23, 59, 59)
    assert kinds("Fall", PhysicalHarm.SEVERE) == [NotificationKind.CQC, NotificationKind.DUTY_OF_CANDOUR]


def test_safeguarding_needs_local_authority_and_cqc() -> None:
    assert kinds("Safeguarding", PhysicalHarm.NONE) == [NotificationKind.SAFEGUARDING, NotificationKind.CQC]


def test_missing_person_needs_cqc_only_when_police_involved() -> None:
    assert kinds("Missing person", PhysicalHarm.NONE, "Reported to police") == [NotificationKind.CQC]
    assert kinds("Missing person", PhysicalHarm.NONE, "Did not return") == []


def test_staff_injury_prompts_a_riddor_check_within_ten_days() -> None:
    (req,) = requirements("Staff injury / assault / sharps", "", Kind.INCIDENT, PhysicalHarm.MODERATE, T)
    assert req.notification == NotificationKind.RIDDOR and (req.due_by - T).days == 10  # type: ignore[operator]


def test_low_harm_near_misses_and_compliments_need_nothing() -> None:
    assert kinds("Fall", PhysicalHarm.LOW) == []
    assert kinds("Death", PhysicalHarm.FATAL, kind=Kind.NEAR_MISS) == []
    assert kinds("Compliment", PhysicalHarm.NONE, kind=Kind.COMPLIMENT) == []


def test_states_met_due_and_overdue() -> None:
    made = {NotificationKind.SAFEGUARDING: datetime(2026, 3, 10, 16, 0)}
    items = assess(
        1, "INC-2026-0001", T, "Safeguarding", "", "incident", PhysicalHarm.NONE, made, now=datetime(2026, 3, 11, 9, 0)
    )
    states = {i.requirement.notification: i.state for i in items}
    assert states == {NotificationKind.SAFEGUARDING: DeadlineState.MET, NotificationKind.CQC: DeadlineState.OVERDUE}
    same_day = assess(1, "X", T, "Safeguarding", "", "incident", PhysicalHarm.NONE, {}, now=T)
    assert {i.state for i in same_day} == {DeadlineState.DUE}
