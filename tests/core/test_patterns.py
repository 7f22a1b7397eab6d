"""Pattern detection on planted data: what must be found is found, with the right incidents, and noise is not."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from carelog.core.patterns import (
    MonthlySeries,
    PatternIncident,
    SignalType,
    binomial_tail,
    format_period,
    location_clusters,
    person_repeats,
    sort_signals,
    spc_special_causes,
    time_concentrations,
)
from carelog.core.shifts import shift_for
from carelog.core.spc import Variation
from carelog.core.trend_data import add_months

START = datetime(2026, 1, 1, 10, 0)


def inc(
    n: int,
    days: float,
    category: str = "Fall",
    location: str | None = "Rose Lounge",
    hour: int = 10,
    people: tuple[str, ...] = (),
) -> PatternIncident:
    when = (START + timedelta(days=days)).replace(hour=hour)
    locations = {"Rose Lounge": 1, "Dining room": 2}
    categories = {"Fall": 1, "Medication": 2, "Skin tear": 3}
    return PatternIncident(
        n,
        f"INC-2026-{n:04d}",
        when,
        categories[category],
        category,
        1,
        "Willow Bank",
        locations.get(location or ""),
        location or "",
        shift_for(when).value,
        people,
    )


def test_three_falls_in_one_lounge_within_30_days_is_a_cluster() -> None:
    planted = [inc(1, 0), inc(2, 10), inc(3, 25), inc(4, 70)]  # the fourth is outside the 30 days
    other = [inc(5, 5, location="Dining room"), inc(6, 6, category="Medication")]
    signals = location_clusters(planted + other)
    assert len(signals) == 1
    s = signals[0]
    assert (s.type, s.category, s.location, s.count) == (
        SignalType.LOCATION_CLUSTER,
        "Fall",
        "Rose Lounge, Willow Bank",
        3,
    )
    assert s.incident_ids == (1, 2, 3)
    assert s.incident_references[0] == "INC-2026-0001"
    assert (s.period_start, s.period_end) == (date(2026, 1, 1), date(2026, 1, 26))
    assert "3 fall incidents in Rose Lounge at Willow Bank within 30 days (1 to 26 January 2026)" in s.explanation
    assert location_clusters([inc(1, 0), inc(2, 10), inc(3, 31)]) == []  # spread over more than 30 days


def test_the_largest_window_is_reported() -> None:
    items = [inc(i, d) for i, d in enumerate([0, 40, 45, 50, 55, 60], start=1)]
    (s,) = location_clusters(items)
    assert s.incident_ids == (2, 3, 4, 5, 6)


def test_repeats_for_one_person() -> None:
    items = [
        inc(1, 0, people=("WB-007",)),
        inc(2, 8, location="Dining room", people=("WB-007", "WB-011")),
        inc(3, 20, location=None, people=("WB-007",)),
        inc(4, 3, people=("WB-011",)),
    ]
    (s,) = person_repeats(items)
    assert (s.person_code, s.count, s.category) == ("WB-007", 3, "Fall")
    assert "WB-007 was involved in 3 incidents within 30 days" in s.explanation and "3 fall" in s.explanation
    # mixed categories need five incidents
    mixed = [inc(i, i, category=c, people=("WB-020",)) for i, c in enumerate(["Fall", "Medication", "Skin tear"], 1)]
    assert person_repeats(mixed) == []
    mixed += [inc(4, 4, "Medication", people=("WB-020",)), inc(5, 5, "Skin tear", people=("WB-020",))]
    (m,) = person_repeats(mixed)
    assert m.category == "Several categories" and m.count == 5


def test_concentration_in_an_hour_band() -> None:
    rng = random.Random(3)
    items = [inc(i, i, category="Medication", hour=rng.choice([7, 8])) for i in range(1, 11)]
    items += [inc(20 + i, i, category="Medication", hour=h) for i, h in enumerate([0, 4, 12, 15, 18, 21])]
    (s,) = time_concentrations(items)
    assert s.type == SignalType.TIME_CONCENTRATION and s.count == 10
    assert "10 of 16 medication incidents at Willow Bank" in s.explanation
    assert "between 07:00 and 09:00" in s.explanation and "8% of the day" in s.explanation


def test_no_concentration_when_spread_over_the_day() -> None:
    items = [inc(i, i, hour=(i * 5) % 24) for i in range(1, 25)]
    assert time_concentrations(items) == []


def test_night_shift_concentration() -> None:
    hours = [22, 23, 0, 1, 2, 3, 4, 5, 6, 23, 1, 3, 22, 5, 2, 0, 6]  # spread over the night, no two-hour peak
    items = [inc(i, i, hour=h) for i, h in enumerate(hours, 1)]
    items += [inc(50, 1, hour=10)]
    (s,) = time_concentrations(items)
    assert s.count == 17 and "on the night shift" in s.explanation


def test_binomial_tail() -> None:
    assert binomial_tail(0, 10, 0.3) == 1.0
    assert abs(binomial_tail(2, 2, 0.5) - 0.25) < 1e-12
    assert abs(binomial_tail(1, 3, 0.5) - 0.875) < 1e-12
    assert binomial_tail(11, 10, 0.5) == 0.0


def _series(counts: list[int]) -> MonthlySeries:
    months = tuple(add_months(date(2024, 1, 1), i) for i in range(len(counts)))
    return MonthlySeries(1, "Willow Bank", 1, "Fall", months, tuple(counts))


def test_spc_special_cause_in_recent_months() -> None:
    asked: list[tuple[int, int, date, date]] = []

    def ids_for(sid: int, cid: int, first: date, last: date) -> list[tuple[int, str]]:
        asked.append((sid, cid, first, last))
        return [(101, "INC-2025-0101"), (102, "INC-2025-0102")]

    quiet = [10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 11, 10, 12]
    assert spc_special_causes([_series(quiet)], ids_for) == []
    (s,) = spc_special_causes([_series(quiet + [30])], ids_for)
    assert s.type == SignalType.SPC_SPECIAL_CAUSE and s.variation == Variation.CONCERN
    assert asked[-1] == (1, 1, date(2025, 3, 1), date(2025, 4, 1))
    assert (s.period_start, s.period_end) == (date(2025, 3, 1), date(2025, 3, 31))
    assert s.incident_ids == (101, 102) and "above the upper process limit" in s.explanation
    # an old special cause (not in the last three months) is not reported
    assert spc_special_causes([_series([30] + quiet)], ids_for) == []
    # too few points: nothing
    assert spc_special_causes([_series([1, 1, 9])], ids_for) == []


def test_sorting_and_periods() -> None:
    a = location_clusters([inc(1, 0), inc(2, 1), inc(3, 2)])[0]
    b = location_clusters([inc(i, i) for i in range(10, 15)])[0]
    assert sort_signals([a, b])[0] is b
    assert format_period(date(2026, 1, 3), date(2026, 2, 1)) == "3 January to 1 February 2026"
    assert format_period(date(2025, 12, 3), date(2026, 2, 1)) == "3 December 2025 to 1 February 2026"
    assert a.as_json()["incident_references"] == ["INC-2026-0001", "INC-2026-0002", "INC-2026-0003"]
    assert a.review_title().startswith("Thematic review: fall in Rose Lounge, Willow Bank")
