"""Statutory notification prompts: which incidents need what, by when, and whether it was done."""

from __future__ import annotations

from datetime import datetime

from carelog.core.categories import DEFAULTS, CategoryCode, DefaultCategory
from carelog.core.deadlines import RULES, DeadlineCandidate, DeadlineState, Facts, assess, pre_filter, requirements
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm

T = datetime(2026, 3, 10, 14, 0)


def _safeguarding(made: dict[NotificationKind, datetime | None]) -> DeadlineCandidate:
    return DeadlineCandidate(
        1, "INC-2026-0001", T, "safeguarding", "Safeguarding", "", "incident", PhysicalHarm.NONE, made
    )


def kinds(category: str, harm: PhysicalHarm, sub: str = "", kind: Kind = Kind.INCIDENT) -> list[NotificationKind]:
    return [r.notification for r in requirements(category, sub, kind, harm, T)]


def test_death_and_serious_injury_need_cqc_the_same_day() -> None:
    reqs = requirements("death", "Unexpected", Kind.INCIDENT, PhysicalHarm.FATAL, T)
    assert reqs[0].notification == NotificationKind.CQC and "Regulation 16" in reqs[0].rule
    assert reqs[0].due_by == datetime(2026, 3, 10, 23, 59, 59)
    assert kinds("fall", PhysicalHarm.SEVERE) == [NotificationKind.CQC, NotificationKind.DUTY_OF_CANDOUR]


def test_safeguarding_needs_local_authority_and_cqc() -> None:
    assert kinds("safeguarding", PhysicalHarm.NONE) == [NotificationKind.SAFEGUARDING, NotificationKind.CQC]


def test_missing_person_needs_cqc_only_when_police_involved() -> None:
    assert kinds("missing_person", PhysicalHarm.NONE, "Reported to police") == [NotificationKind.CQC]
    assert kinds("missing_person", PhysicalHarm.NONE, "Did not return") == []


def test_staff_injury_prompts_a_riddor_check_within_ten_days() -> None:
    (req,) = requirements("staff_injury", "", Kind.INCIDENT, PhysicalHarm.MODERATE, T)
    assert req.notification == NotificationKind.RIDDOR and (req.due_by - T).days == 10  # type: ignore[operator]


def test_low_harm_near_misses_and_compliments_need_nothing() -> None:
    assert kinds("fall", PhysicalHarm.LOW) == []
    assert kinds("death", PhysicalHarm.FATAL, kind=Kind.NEAR_MISS) == []
    assert kinds("compliment", PhysicalHarm.NONE, kind=Kind.COMPLIMENT) == []


def test_states_met_due_and_overdue() -> None:
    made = {NotificationKind.SAFEGUARDING: datetime(2026, 3, 10, 16, 0)}
    items = assess(_safeguarding(made), now=datetime(2026, 3, 11, 9, 0))
    states = {i.requirement.notification: i.state for i in items}
    assert states == {NotificationKind.SAFEGUARDING: DeadlineState.MET, NotificationKind.CQC: DeadlineState.OVERDUE}
    same_day = assess(_safeguarding({}), now=T)
    assert {i.state for i in same_day} == {DeadlineState.DUE}


def _every_case() -> list[tuple[str, str, Kind, PhysicalHarm]]:
    """Every default category code (plus an administrator's own) with each of its subcategories, kind and harm."""
    cases = []
    for default in (*DEFAULTS, DefaultCategory(CategoryCode.NEAR_MISS, "x", (), ())):
        subs = ("", *default.subcategories)
        cases += [(default.code.value, s, k, h) for s in subs for k in Kind for h in PhysicalHarm]
    cases += [("our_own_category", "Reported to police", k, h) for k in Kind for h in PhysicalHarm]
    return cases


def test_every_rule_fires_only_on_the_codes_and_harms_it_declares() -> None:
    for rule in RULES:
        for code, sub, kind, harm in _every_case():
            if rule.applies(Facts(code, sub, kind, harm)):
                assert code in rule.codes or harm in rule.harms, (rule.text, code, harm)


def test_the_pre_filter_is_the_union_of_the_rules_and_lets_through_everything_that_needs_a_notification() -> None:
    f = pre_filter()
    assert f.codes == {"death", "safeguarding", "missing_person", "staff_injury"}
    assert f.harms == {PhysicalHarm.MODERATE, PhysicalHarm.SEVERE, PhysicalHarm.FATAL}
    needed = 0
    for code, sub, kind, harm in _every_case():
        if requirements(code, sub, kind, harm, T):
            needed += 1
            assert f.may_apply(code, kind, harm), (code, sub, kind, harm)
    assert needed > 50
    assert not f.may_apply("death", Kind.NEAR_MISS, PhysicalHarm.FATAL)
    assert not f.may_apply("fall", Kind.INCIDENT, PhysicalHarm.LOW)


def test_rules_key_on_the_code_not_the_name() -> None:
    assert kinds("Death", PhysicalHarm.NONE) == []  # a name is not a code
    assert kinds("death", PhysicalHarm.NONE) == [NotificationKind.CQC]
