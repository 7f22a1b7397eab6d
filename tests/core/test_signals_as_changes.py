"""Signals as people think of them: one per phenomenon, ranked by strength and recency; clusters against the usual."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from carelog.core.patterns import MonthlySeries, PatternIncident, location_clusters, sort_signals, spc_special_causes
from carelog.core.spc import Rule, Variation, changes, describe_change, xmr
from carelog.core.trend_data import add_months

BEFORE = [4, 3, 5, 4, 4, 3, 5, 4, 3, 4, 5, 4, 3, 4, 5, 4, 4]  # January 2025 to May 2026, 17 months
AFTER = [10, 9, 11, 10, 9, 10]  # June to November 2026: a step up
MONTHS = tuple(add_months(date(2025, 1, 1), i) for i in range(len(BEFORE) + len(AFTER)))


def _ids(sid: int, cid: int, first: date, last: date) -> list[tuple[int, str]]:
    return [(first.toordinal(), f"INC-{first:%Y%m}")]


def test_one_step_up_from_june_is_one_signal() -> None:
    counts = BEFORE + AFTER
    labels = [f"{m:%B %Y}" for m in MONTHS]
    chart = xmr(counts, labels)
    # several rules fire at once: months beyond the upper limit, the run of months below the average before it
    assert len(chart.runs) >= 3
    assert {r.rule for r in chart.runs} >= {Rule.OUTSIDE_LIMITS, Rule.SHIFT}
    (change,) = [c for c in changes(chart) if c.end >= len(counts) - 3]
    assert (change.start, change.end, change.kind, change.side) == (17, 22, "step", 1)
    assert change.variation == Variation.CONCERN
    # before = 68 / 17 = 4.0 a month; during = 59 / 6 = 9.83
    assert change.before_mean == 4.0 and round(change.during_mean, 2) == 9.83
    text = describe_change(chart, change, "medication incidents")
    assert text.startswith("Step up since June 2026: medication incidents averaged 9.8 a month over these 6 points")
    assert "against 4.0 a month before" in text and "concern" in text

    series = MonthlySeries(1, "Willow Bank", 2, "Medication", MONTHS, tuple(counts))
    (signal,) = spc_special_causes([series], _ids)
    assert (signal.period_start, signal.period_end) == (date(2026, 6, 1), date(2026, 11, 30))
    assert "Step up since June 2026" in signal.explanation and signal.strength > 3


def test_a_step_down_after_an_action_is_one_improvement() -> None:
    chart = xmr([9, 10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 3, 2, 3, 2, 3, 2, 3])
    # the eleven months above the average (some beyond the limits) are the "before" of the same step
    (change,) = changes(chart)
    assert (change.start, change.kind, change.variation) == (11, "step", Variation.IMPROVEMENT)
    assert change.before_mean == 10.0


def test_a_spike_is_told_as_one_month_and_comes_before_weaker_changes() -> None:
    # mean 92 / 14 = 6.57: the 25 is beyond the limits; the seven months after it are all below the (inflated) mean
    values = [5, 6, 5, 4, 5, 6, 25, 5, 6, 5, 4, 5, 6, 5]
    chart = xmr(values, [f"M{i}" for i in range(1, 15)])
    found = changes(chart)
    assert [(c.kind, c.start, c.end) for c in found] == [("spike", 6, 6), ("step", 7, 13)]
    assert describe_change(chart, found[0], "falls").startswith("M7: 25 falls, above the upper process limit")


def _at(n: int, day: float, location_id: int = 1) -> PatternIncident:
    when = datetime(2026, 1, 1, 10) + timedelta(days=day)
    return PatternIncident(n, f"INC-{n:04d}", when, 1, "Fall", 1, "Oak House", location_id, "Lounge", "early")


def test_a_busy_lounge_is_not_a_cluster_every_month_but_a_quiet_one_is() -> None:
    # busy: a fall every 7 days for 90 days (13); the best 30-day window holds 5, usual = 8 x 30 / 60 = 4 -> 1.25x
    busy = [_at(i, 7 * i) for i in range(13)]
    assert location_clusters(busy) == []
    assert len(location_clusters(busy, times_usual=1.0)) == 1  # the old rule (3 in 30 days) fired
    # quiet place: 3 falls in a fortnight and nothing else -> a cluster
    quiet = [_at(100 + i, 60 + 5 * i, location_id=2) for i in range(3)]
    (s,) = location_clusters(busy + quiet)
    assert s.count == 3 and s.strength == 3.0


def test_ranking_by_strength_then_recency() -> None:
    quiet = [_at(100 + i, 60 + 5 * i, location_id=2) for i in range(3)]
    strong_old = [_at(200 + i, 1 + i, location_id=3) for i in range(6)]
    (recent,) = location_clusters(quiet)
    (old,) = location_clusters(strong_old)
    assert old.strength == 6.0 and recent.strength == 3.0
    # 6 halved twice (about 64 days older) is 1.5 < 3: the recent one comes first
    assert sort_signals([old, recent]) == [recent, old]
    assert sort_signals([old, recent], as_of=old.period_end) == [old, recent]
