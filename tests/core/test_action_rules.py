"""Pure rules of the action board: overdue, effectiveness comparison, strength and the weaker-only flag."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from carelog.core.action_dto import ActionStatus, is_overdue, neighbour_status
from carelog.core.action_strength import ActionStrength, only_weaker, suggest_strength, weak_plans
from carelog.core.effectiveness import compare, windows

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("due", "status", "expected"),
    [
        (date(2026, 5, 31), ActionStatus.TO_DO, True),
        (date(2026, 5, 31), ActionStatus.IN_PROGRESS, True),
        (date(2026, 6, 1), ActionStatus.TO_DO, False),  # due today is not overdue yet
        (date(2026, 5, 1), ActionStatus.DONE, False),
        (date(2026, 5, 1), ActionStatus.VERIFIED, False),
        (None, ActionStatus.TO_DO, False),
    ],
)
def test_overdue(due: date | None, status: ActionStatus, expected: bool) -> None:
    assert is_overdue(due, status, TODAY) is expected


def test_windows_are_equal_either_side_of_completion() -> None:
    w = windows(datetime(2026, 3, 1, 15, 30), date(2026, 5, 1))
    assert w.split == datetime(2026, 3, 1)
    assert w.after_end == datetime(2026, 5, 1)
    assert w.before_start == datetime(2025, 12, 30)
    assert w.days == 61 and (w.split - w.before_start).days == 61


def test_compare_rates_per_30_days_and_change() -> None:
    r = compare(before_count=6, after_count=2, window_days=60)
    assert (r.before_rate, r.after_rate) == (3.0, 1.0)
    assert r.pct_change == pytest.approx(-66.667, abs=0.01)
    assert not r.too_early
    assert "6 before, 2 after in 60 days each" in r.describe() and "-67%" in r.describe()


def test_compare_without_incidents_before_has_no_percentage_and_short_window_is_too_early() -> None:
    r = compare(0, 3, 14)
    assert r.pct_change is None and r.too_early
    assert "no matching incidents before" in r.describe() and "too early" in r.describe()
    assert compare(0, 0, 0).before_rate == 0.0
    with pytest.raises(ValueError):
        compare(-1, 0, 30)


def test_strength_suggestions_follow_the_hierarchy() -> None:
    assert suggest_strength("Fit sensor mat beside bed in room 12") == ActionStrength.STRONGER
    assert suggest_strength("Add falls checklist to night handover") == ActionStrength.INTERMEDIATE
    assert suggest_strength("Refresher moving and handling training for night staff") == ActionStrength.WEAKER
    assert suggest_strength("Something else") is None


def test_plans_of_only_weaker_actions_are_flagged() -> None:
    assert only_weaker([ActionStrength.WEAKER, ActionStrength.WEAKER])
    assert not only_weaker([ActionStrength.WEAKER, ActionStrength.STRONGER])
    assert not only_weaker([])
    actions = [
        (1, ActionStrength.WEAKER),
        (1, ActionStrength.WEAKER),
        (2, ActionStrength.WEAKER),
        (2, ActionStrength.INTERMEDIATE),
        (None, ActionStrength.WEAKER),
    ]
    assert weak_plans(actions) == {1}


def test_neighbour_columns() -> None:
    assert neighbour_status(ActionStatus.TO_DO, 1) == ActionStatus.IN_PROGRESS
    assert neighbour_status(ActionStatus.TO_DO, -1) is None
    assert neighbour_status(ActionStatus.VERIFIED, 1) is None
    assert neighbour_status(ActionStatus.DONE, -1) == ActionStatus.IN_PROGRESS
