"""XmR maths and the Making Data Count rules, checked against series worked out by hand."""

from __future__ import annotations

import pytest

from carelog.core.spc import Improvement, Rule, Variation, reading, xmr


def test_limits_match_hand_calculation() -> None:
    # mean = 58 / 5 = 11.6; moving ranges 2, 1, 2, 1 -> mean 1.5; limits 11.6 +- 2.66 * 1.5 = 11.6 +- 3.99
    chart = xmr([10, 12, 11, 13, 12])
    assert chart.mean == pytest.approx(11.6)
    assert chart.mean_moving_range == pytest.approx(1.5)
    assert chart.upper_limit == pytest.approx(15.59)
    assert chart.lower_limit == pytest.approx(7.61)
    assert chart.upper_two_thirds == pytest.approx(11.6 + 1.773 * 1.5)
    assert [p.moving_range for p in chart.points] == [None, 2, 1, 2, 1]
    assert chart.runs == ()
    assert all(p.variation == Variation.COMMON for p in chart.points)
    assert "fewer than 12" in chart.warning


def test_point_outside_limits_and_long_run_below_the_mean() -> None:
    # eleven 5s then 20: mean 75/12 = 6.25, mean MR 15/11 = 1.364, upper limit 9.877 -> 20 is outside.
    chart = xmr([5] * 11 + [20])
    assert chart.upper_limit == pytest.approx(6.25 + 2.66 * 15 / 11)
    last = chart.points[-1]
    assert Rule.OUTSIDE_LIMITS in last.rules and last.variation == Variation.CONCERN
    # the eleven 5s are all below the mean: a shift, which for incident counts is an improvement
    assert all(Rule.SHIFT in p.rules and p.variation == Variation.IMPROVEMENT for p in chart.points[:11])
    assert chart.warning == ""
    rules = [(r.rule, r.start, r.end) for r in chart.runs]
    assert (Rule.SHIFT, 0, 10) in rules and (Rule.OUTSIDE_LIMITS, 11, 11) in rules


def test_shift_length_is_configurable() -> None:
    # mean 3; six points below then six above; MR mean 15/11, limits 3 +- 3.63: nothing outside, nothing close
    values = [2, 1, 2, 1, 2, 1, 5, 4, 5, 4, 5, 4]
    assert xmr(values).runs == ()  # default 7: no shift
    chart = xmr(values, shift_length=6)
    assert [(r.rule, r.start, r.end, r.variation) for r in chart.runs] == [
        (Rule.SHIFT, 0, 5, Variation.IMPROVEMENT),
        (Rule.SHIFT, 6, 11, Variation.CONCERN),
    ]


def test_a_point_on_the_mean_breaks_a_run() -> None:
    # mean 2 in both series
    broken = xmr([1, 1, 2, 1, 1, 4, 4], shift_length=3)
    assert not any(r.rule == Rule.SHIFT for r in broken.runs)
    whole = xmr([1, 1, 1, 1, 2, 4, 4], shift_length=3)
    assert [(r.start, r.end) for r in whole.runs if r.rule == Rule.SHIFT] == [(0, 3)]


def test_trend_of_seven_rising_points_is_a_concern() -> None:
    chart = xmr([1, 2, 3, 4, 5, 6, 7])
    trend = [r for r in chart.runs if r.rule == Rule.TREND]
    assert [(r.start, r.end, r.side) for r in trend] == [(0, 6, 1)]
    assert all(Rule.TREND in p.rules for p in chart.points)
    # mean 4, MR 1, upper limit 6.66: the last point is also outside
    assert Rule.OUTSIDE_LIMITS in chart.points[-1].rules
    assert chart.points[0].variation == Variation.IMPROVEMENT  # 1 is below the lower limit of 1.34
    assert chart.points[2].variation == Variation.CONCERN  # only part of the rising trend
    assert not any(r.rule == Rule.TREND for r in xmr([1, 2, 3, 4, 5, 6, 6]).runs)  # equal points end a trend
    falling = xmr([9, 8, 7, 6, 5, 4, 3, 2], trend_length=7)
    assert [(r.side, r.variation) for r in falling.runs if r.rule == Rule.TREND] == [(-1, Variation.IMPROVEMENT)]


def test_two_of_three_close_to_the_upper_limit() -> None:
    # sum 70, mean 6.364; MRs 2 x7, 5, 3, 3 -> 2.5; 2/3 line 6.364 + 4.43 = 10.80; upper limit 13.01
    chart = xmr([4, 6, 4, 6, 4, 6, 4, 6, 11, 8, 11])
    assert chart.mean_moving_range == pytest.approx(2.5)
    flagged = [p.index for p in chart.points if Rule.TWO_OF_THREE in p.rules]
    assert flagged == [8, 10]
    assert [(r.rule, r.start, r.end, r.variation) for r in chart.runs] == [
        (Rule.SHIFT, 0, 7, Variation.IMPROVEMENT),  # the first eight points are all below the mean
        (Rule.TWO_OF_THREE, 8, 10, Variation.CONCERN),
    ]


def test_higher_is_better_and_neutral_directions() -> None:
    assert xmr([5] * 11 + [20], improvement=Improvement.HIGHER).points[-1].variation == Variation.IMPROVEMENT
    assert xmr([5] * 11 + [20], improvement=Improvement.NEITHER).points[-1].variation == Variation.NEUTRAL


def test_reading_is_plain_english() -> None:
    lines = reading(xmr([5] * 11 + [20], [f"M{i}" for i in range(1, 13)]), "falls")
    assert any("M12: 20 falls, above the upper process limit" in line for line in lines)
    assert any("11 months in a row (M1 to M11) were below the average" in line for line in lines)
    quiet = reading(xmr([10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 11]), "falls")
    assert quiet[0].startswith("No special cause")


def test_bad_input() -> None:
    with pytest.raises(ValueError):
        xmr([1, 2], ["a"])
    with pytest.raises(ValueError):
        xmr([1, 2], shift_length=1)
    empty = xmr([])
    assert empty.points == () and empty.runs == ()
