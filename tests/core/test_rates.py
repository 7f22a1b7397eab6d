"""Rates per 1,000 occupied bed days, on hand-computed series: a month without occupancy has no rate (never 0)."""

from __future__ import annotations

from datetime import date

from carelog.core.rates import Measure, pooled_rates, rate_per_1000
from carelog.core.trend_data import SpcSeries, build_spc

MONTHS = (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1))
OAK, BIRCH, MAPLE = 1, 2, 3
NAMES = {OAK: "Oak House", BIRCH: "Birch Court", MAPLE: "Maple Court"}


def test_rate_is_per_1000_bed_days_and_none_without_them() -> None:
    assert rate_per_1000(3, 1500) == 2.0
    assert rate_per_1000(5, 1240) == 4.03  # 5 x 1000 / 1240 = 4.032...
    assert rate_per_1000(4, None) is None and rate_per_1000(4, 0) is None


def test_one_service_with_a_month_missing() -> None:
    beds = {(OAK, MONTHS[0]): 1500, (OAK, MONTHS[1]): 1600, (OAK, MONTHS[3]): 1250}  # March not entered
    series = pooled_rates(MONTHS, {OAK: [3, 4, 2, 5]}, beds, NAMES, [OAK])
    assert series.rates == (2.0, 2.5, None, 4.0)
    assert series.gaps == ((MONTHS[2], ("Oak House",)),)
    assert series.notes() == [
        "No rate for March 2026: occupied bed days not recorded for Oak House (enter them in Lists > Occupancy)."
    ]


def test_services_pool_and_one_without_occupancy_is_left_out_and_named() -> None:
    beds = {(s, m): b for s, b in ((OAK, 1000), (BIRCH, 1500)) for m in MONTHS}
    del beds[(BIRCH, MONTHS[1])]
    counts = {OAK: [2, 3, 1, 4], BIRCH: [3, 1, 4, 1], MAPLE: [9, 9, 9, 9]}
    series = pooled_rates(MONTHS, counts, beds, NAMES, [OAK, BIRCH, MAPLE])
    # (2 + 3) / 2500, February missing at Birch Court, (1 + 4) / 2500, (4 + 1) / 2500; Maple Court's 9s left out
    assert series.rates == (2.0, None, 2.0, 2.0)
    assert series.counts == (5, 4, 5, 5) and series.pooled == ("Birch Court", "Oak House")
    assert series.left_out == ("Maple Court",)
    notes = series.notes()
    assert notes[0] == "Maple Court records no occupancy in this period and is left out of the rate."
    assert notes[1].startswith("No rate for February 2026: occupied bed days not recorded for Birch Court")


def test_no_occupancy_at_all_says_so() -> None:
    series = pooled_rates(MONTHS, {OAK: [1, 2, 3, 4]}, {}, NAMES, [OAK])
    assert series.rates == (None,) * 4 and series.gaps == ()
    assert "No occupied bed days are recorded" in series.notes()[0]
    view = build_spc(SpcSeries(5, "Fall", MONTHS, (1, 2, 3, 4), OAK, rates=series), measure=Measure.RATE)
    assert view.chart.points == () and "Lists > Occupancy" in view.empty_text


def test_rate_chart_is_xmr_of_the_months_with_occupancy() -> None:
    months = tuple(date(2025, m, 1) for m in range(1, 13)) + (date(2026, 1, 1),)
    counts = [4, 6, 5, 5, 4, 6, 5, 5, 4, 6, 5, 5, 7]
    beds = {(OAK, m): 2000 for m in months if m != date(2025, 6, 1)}
    rates = pooled_rates(months, {OAK: counts}, beds, NAMES, [OAK])
    series = SpcSeries(5, "Fall", months, tuple(counts), OAK, target=3, rates=rates)
    view = build_spc(series, measure=Measure.RATE)
    chart = view.chart
    # June 2025 has no bed days: 12 points, each count / 2 (per 1,000 of 2,000 bed days)
    assert [p.label for p in chart.points][4:6] == ["May 2025", "Jul 2025"]
    assert chart.values == (2.0, 3.0, 2.5, 2.5, 2.0, 2.5, 2.5, 2.0, 3.0, 2.5, 2.5, 3.5)
    # mean 30.5 / 12; moving ranges 1, .5, 0, .5, .5, 0, .5, 1, .5, 0, 1 -> 5.5 / 11 = 0.5; upper = mean + 1.33
    assert abs(chart.mean - 30.5 / 12) < 1e-9 and abs(chart.upper_limit - (30.5 / 12 + 2.66 * 0.5)) < 1e-9
    assert view.x_dates[4:6] == (date(2025, 5, 1), date(2025, 7, 1)) and view.measure == Measure.RATE
    assert view.y_label == "Per 1,000 bed days" and view.target_shown is False and view.assurance_icon is None
    assert view.variation_icon is not None  # icons on the rate series
    assert any(n.startswith("No rate for June 2025") for n in view.notes)
    assert any("target is in incidents a month" in n for n in view.notes)
    assert view.what == "fall incidents per 1,000 occupied bed days" and "per 1,000 occupied bed days" in view.title
