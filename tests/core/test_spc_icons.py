"""Variation and assurance icons, limits recalculated at a change date, frozen baselines and T-charts.

Expected numbers are worked out by hand in the comments; the icon rules follow NHSRplotthedots'
ptd_calculate_point_type / ptd_calculate_assurance_type / ptd_get_icons.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from carelog.core.spc import (
    AssuranceIcon,
    Improvement,
    Rule,
    Variation,
    VariationIcon,
    assurance_icon,
    days_between,
    is_rare,
    t_chart,
    variation_icon,
    xmr,
)

QUIET = [10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 11]  # mean 138/12 = 11.5, MRs 2,1,2,1,1,1,2,1,2,1,1 -> 15/11


def test_common_cause_icon_when_the_latest_point_is_ordinary() -> None:
    assert variation_icon(QUIET) == VariationIcon.COMMON
    assert VariationIcon.COMMON.letter == "" and variation_icon([]) is None


def test_latest_point_above_the_limit_is_concern_high_when_lower_is_better() -> None:
    # eleven 5s then 20: mean 6.25, MR 15/11, upper limit 6.25 + 2.66 * 1.3636 = 9.877: 20 is outside
    series = [5] * 11 + [20]
    assert variation_icon(series) == VariationIcon.CONCERN_HIGH
    assert VariationIcon.CONCERN_HIGH.letter == "H"
    assert variation_icon(series, Improvement.HIGHER) == VariationIcon.IMPROVEMENT_HIGH
    assert variation_icon(series, Improvement.NEITHER) == VariationIcon.NEUTRAL_HIGH
    # the mirror image: eleven 20s then 5 -> mean 18.75, lower limit 18.75 - 3.627 = 15.12: 5 is below
    low = [20] * 11 + [5]
    assert variation_icon(low) == VariationIcon.IMPROVEMENT_LOW
    assert variation_icon(low, Improvement.HIGHER) == VariationIcon.CONCERN_LOW
    assert variation_icon(low, Improvement.NEITHER) == VariationIcon.NEUTRAL_LOW


def test_a_falling_trend_above_the_mean_is_low_improvement() -> None:
    # 1,1,1,1,1 then 9..3 falling: mean (5 + 42) / 12 = 3.917; MRs 0,0,0,0,8,1,1,1,1,1,1 -> 14/11 = 1.273,
    # upper limit 3.917 + 3.385 = 7.30 (9 and 8 are outside). The last point, 3, is below the mean and in the
    # seven-point fall (9 to 3): NHSRplotthedots takes the trend's direction -> low, improvement when lower is better.
    chart = xmr([1] * 5 + [9, 8, 7, 6, 5, 4, 3])
    last = chart.points[-1]
    assert Rule.TREND in last.rules and Rule.OUTSIDE_LIMITS not in last.rules
    assert last.direction == -1
    assert variation_icon(chart) == VariationIcon.IMPROVEMENT_LOW


def test_assurance_against_the_limits() -> None:
    # QUIET: limits 11.5 +- 2.66 * 15/11 = 11.5 +- 3.627 -> 7.873 to 15.127
    chart = xmr(QUIET)
    assert chart.lower_limit == pytest.approx(7.873, abs=1e-3) and chart.upper_limit == pytest.approx(15.127, abs=1e-3)
    assert assurance_icon(chart, 16) == AssuranceIcon.PASS  # lower is better: every month will be under 16
    assert assurance_icon(chart, 7) == AssuranceIcon.FAIL  # never as low as 7 unless something changes
    assert assurance_icon(chart, 12) == AssuranceIcon.HIT_OR_MISS
    assert assurance_icon(QUIET, 16, Improvement.HIGHER) == AssuranceIcon.FAIL
    assert assurance_icon(QUIET, 7, Improvement.HIGHER) == AssuranceIcon.PASS
    assert assurance_icon(QUIET, 12, Improvement.NEITHER) is None
    assert assurance_icon(chart, None) is None
    assert [i.letter for i in AssuranceIcon] == ["P", "F", "?"]


def test_limits_recalculated_from_a_change_date() -> None:
    # before: 8, 10, 9, 11, 10, 9, 10, 9 -> mean 76/8 = 9.5; MRs 2,1,2,1,1,1,1 -> 9/7 = 1.2857;
    #   limits 9.5 +- 3.42 = 6.08 to 12.92
    # after (from index 8): 4, 5, 4, 6, 5, 4 -> mean 28/6 = 4.667; MRs 1,1,2,1,1 -> 6/5 = 1.2;
    #   limits 4.667 +- 3.192 = 1.475 to 7.859
    values = [8, 10, 9, 11, 10, 9, 10, 9, 4, 5, 4, 6, 5, 4]
    chart = xmr(values, breaks=[8])
    before, after = chart.segments
    assert (before.start, before.end, after.start, after.end) == (0, 7, 8, 13)
    assert before.mean == pytest.approx(9.5) and before.mean_moving_range == pytest.approx(9 / 7)
    assert before.upper_limit == pytest.approx(9.5 + 2.66 * 9 / 7)
    assert after.mean == pytest.approx(28 / 6) and after.mean_moving_range == pytest.approx(1.2)
    assert after.lower_limit == pytest.approx(28 / 6 - 3.192)
    assert chart.mean == pytest.approx(28 / 6)  # the chart's headline limits are the latest ones
    # judged against their own limits nothing is special; on one set of limits the drop is a signal
    assert chart.runs == ()
    assert xmr(values).runs != ()
    assert [p.segment for p in chart.points] == [0] * 8 + [1] * 6
    assert "6 points behind the limits" in chart.warning


def test_a_frozen_baseline_keeps_the_limits_of_the_first_points() -> None:
    # baseline of the first 4: 10, 12, 11, 13 -> mean 11.5, MRs 2,1,2 -> 5/3; upper 11.5 + 4.433 = 15.93
    chart = xmr([10, 12, 11, 13, 20, 21, 19, 22], baseline=4)
    (only,) = chart.segments
    assert only.frozen and only.baseline == 4
    assert chart.mean == pytest.approx(11.5) and chart.upper_limit == pytest.approx(11.5 + 2.66 * 5 / 3)
    assert all(Rule.OUTSIDE_LIMITS in p.rules for p in chart.points[4:])
    assert variation_icon(chart) == VariationIcon.CONCERN_HIGH


def test_screening_large_moving_ranges_as_nhsrplotthedots() -> None:
    # MRs 0 x 10 and 15: mean 15/11 = 1.364, 15 >= 3.267 x 1.364 = 4.455 is left out -> mean MR 0
    chart = xmr([5] * 11 + [20], screen_outliers=True)
    assert chart.mean_moving_range == 0.0
    assert xmr([5] * 11 + [20]).mean_moving_range == pytest.approx(15 / 11)


def test_t_chart_maths() -> None:
    # days 8, 27, 1, 64 -> y = d ** (1/3.6): 1.7818, 2.4980, 1.0, 3.1748; mean 8.4546 / 4 = 2.1137
    # MRs 0.7162, 1.4980, 2.1748 -> mean 1.4630; upper 2.1137 + 3.8917 = 6.0053 -> 6.0053 ** 3.6 = 634.9 days;
    # lower 2.1137 - 3.8917 < 0 -> 0 days; centre 2.1137 ** 3.6 = 14.80 days
    days = [8, 27, 1, 64]
    y = [d ** (1 / 3.6) for d in days]
    assert y[1] == pytest.approx(2.4980, abs=1e-4)
    chart = t_chart(days)
    mean_y = sum(y) / 4
    mr_y = (abs(y[1] - y[0]) + abs(y[2] - y[1]) + abs(y[3] - y[2])) / 3
    assert chart.kind == "t" and chart.improvement == Improvement.HIGHER
    assert chart.values == (8, 27, 1, 64)
    assert chart.mean == pytest.approx(mean_y**3.6) and chart.mean == pytest.approx(14.80, abs=0.01)
    assert chart.upper_limit == pytest.approx((mean_y + 2.66 * mr_y) ** 3.6)
    assert chart.upper_limit == pytest.approx(634.9, abs=0.1)
    assert chart.lower_limit == 0.0
    with pytest.raises(ValueError):
        t_chart([3, -1])


def test_t_chart_flags_a_long_gap_as_improvement() -> None:
    # gaps of about a week, then 300 days without an event: longer gaps are better
    chart = t_chart([7, 6, 8, 7, 5, 9, 7, 6, 8, 7, 300])
    assert Rule.OUTSIDE_LIMITS in chart.points[-1].rules
    assert chart.points[-1].variation == Variation.IMPROVEMENT
    assert variation_icon(chart) == VariationIcon.IMPROVEMENT_HIGH


def test_days_between_and_rare() -> None:
    start = datetime(2026, 1, 1, 8, 0)
    assert days_between([start + timedelta(days=3), start, start + timedelta(days=3, hours=12)]) == [3.0, 0.5]
    assert is_rare([0, 1, 0, 2, 0, 1]) and not is_rare([3, 5, 2, 4])
    assert not is_rare([0, 0, 0])  # nothing happened: nothing to chart
