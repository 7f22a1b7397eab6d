"""Trend aggregation in SQL on both backends, the incidents behind a click, and pattern detection end to end."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from carelog.core.dto import Actor, IncidentInput, LoadItem
from carelog.core.enums import Kind, PhysicalHarm, Role
from carelog.core.errors import PermissionDenied
from carelog.core.patterns import SignalType
from carelog.core.trend_data import ChartSelection, TrendFilter
from carelog.services.registry import Services
from tests.conftest import Home

pytestmark = pytest.mark.postgres


def _ids(services: Services) -> dict[str, int]:
    return {c.name: c.id for c in services.incidents.reference_data().categories}


def _load(services: Services, home: Home, rows: list[tuple]) -> None:  # type: ignore[type-arg]
    cats = _ids(services)
    items = []
    for when, category, location, harm, people in rows:
        items.append(
            LoadItem(
                IncidentInput(
                    kind=Kind.INCIDENT,
                    category_id=cats[category],
                    occurred_at=when,
                    service_id=home.service_id,
                    location_id=location,
                    account="Planted for the trend tests.",
                    physical_harm=harm,
                    person_ids=people,
                )
            )
        )
    services.incidents.load_many(items)


@pytest.fixture
def planted(services: Services, home: Home) -> Home:
    lounge, bedroom = home.lounge_id, home.bedroom_id
    p1 = home.person_ids[0]
    _load(
        services,
        home,
        [
            (datetime(2026, 1, 5, 7, 30), "Fall", lounge, PhysicalHarm.LOW, (p1,)),  # Monday 07:30
            (datetime(2026, 1, 12, 7, 45), "Fall", lounge, PhysicalHarm.NONE, (p1,)),  # Monday
            (datetime(2026, 1, 20, 22, 10), "Fall", lounge, PhysicalHarm.MODERATE, (p1,)),  # Tuesday
            (datetime(2026, 2, 1, 14, 0), "Medication", bedroom, PhysicalHarm.NONE, ()),  # Sunday
            (datetime(2026, 3, 8, 9, 0), "Medication", None, PhysicalHarm.NONE, ()),  # Sunday, no location
        ],
    )
    return home


def test_monthly_counts_by_category(services: Services, planted: Home) -> None:
    f = TrendFilter(date(2026, 1, 1), date(2026, 3, 31))
    charts = services.trends.charts(f)
    assert charts.monthly.months == (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))
    by_name = {s.name: s.counts for s in charts.monthly.series}
    assert by_name == {"Fall": (3, 0, 0), "Medication": (0, 1, 1)}
    assert charts.monthly.series[0].name == "Fall"  # largest first
    assert charts.total == 5
    assert charts.spc.category == "Fall" and charts.spc.counts == (3, 0, 0)


def test_weekday_hour_location_and_harm(services: Services, planted: Home) -> None:
    charts = services.trends.charts(TrendFilter(date(2026, 1, 1), date(2026, 3, 31)))
    heat = charts.heat_map.counts
    assert heat[0][7] == 2  # Monday, 07:00-07:59
    assert heat[1][22] == 1  # Tuesday 22:00
    assert heat[6][14] == 1 and heat[6][9] == 1  # Sunday
    assert charts.heat_map.total == 5
    locations = {item.label: item.count for item in charts.by_location}
    assert locations == {"Main lounge (Oak House)": 3, "Bedroom corridor (Oak House)": 1, "No location (Oak House)": 1}
    harm = {item.key: item.count for item in charts.harm}
    assert harm == {"none": 3, "low": 1, "moderate": 1, "severe": 0, "fatal": 0}


def test_filters_apply_to_every_chart(services: Services, planted: Home) -> None:
    cats = _ids(services)
    f = TrendFilter(date(2026, 1, 1), date(2026, 1, 31), service_id=planted.service_id, category_id=cats["Fall"])
    charts = services.trends.charts(f)
    assert charts.total == 3 and charts.heat_map.total == 3
    assert [i.label for i in charts.by_location] == ["Main lounge"]
    assert services.trends.charts(TrendFilter(service_id=planted.other_service_id)).total == 0
    assert services.trends.charts(TrendFilter(kind=Kind.NEAR_MISS)).total == 0


def test_safety_cross_daily_counts(services: Services, planted: Home) -> None:
    cats = _ids(services)
    cross = services.trends.safety_cross(TrendFilter(), date(2026, 1, 15), cats["Fall"])
    assert (cross.year, cross.month, cross.category, len(cross.counts)) == (2026, 1, "Fall", 31)
    assert [d + 1 for d, n in enumerate(cross.counts) if n] == [5, 12, 20]


def test_incidents_behind_a_click(services: Services, planted: Home) -> None:
    cats = _ids(services)
    f = TrendFilter(date(2026, 1, 1), date(2026, 3, 31))

    def refs(selection: ChartSelection) -> list[str]:
        ids = services.trends.incident_ids(f, selection)
        return [s.occurred_at.strftime("%d/%m %H:%M") for s in services.incidents.summaries(ids)]

    assert refs(ChartSelection("Falls in January", month=date(2026, 1, 1), category_id=cats["Fall"])) == [
        "20/01 22:10",
        "12/01 07:45",
        "05/01 07:30",
    ]
    assert refs(ChartSelection("Mondays 07:00", weekday=0, hour=7)) == ["12/01 07:45", "05/01 07:30"]
    assert refs(ChartSelection("Sundays 09:00", weekday=6, hour=9)) == ["08/03 09:00"]
    assert refs(ChartSelection("No location", no_location=True)) == ["08/03 09:00"]
    assert refs(ChartSelection("Lounge", location_id=planted.lounge_id)) == [
        "20/01 22:10",
        "12/01 07:45",
        "05/01 07:30",
    ]
    assert refs(ChartSelection("Moderate", harm=PhysicalHarm.MODERATE)) == ["20/01 22:10"]
    assert refs(ChartSelection("12 Jan", day=date(2026, 1, 12), category_id=cats["Fall"])) == ["12/01 07:45"]


def test_patterns_end_to_end(services: Services, planted: Home) -> None:
    signals = services.trends.patterns(as_of=date(2026, 3, 31))
    kinds = {(s.type, s.category) for s in signals}
    assert (SignalType.LOCATION_CLUSTER, "Fall") in kinds
    assert (SignalType.PERSON_REPEAT, "Fall") in kinds
    cluster = next(s for s in signals if s.type == SignalType.LOCATION_CLUSTER)
    assert cluster.location == "Main lounge, Oak House" and cluster.count == 3
    person = next(s for s in signals if s.type == SignalType.PERSON_REPEAT)
    assert person.person_code == "OH-014" and "Edith" not in person.explanation  # ID codes only
    assert services.trends.patterns(as_of=date(2026, 7, 31)) == []  # long past


def test_care_staff_cannot_see_trends(services: Services, planted: Home) -> None:
    services.ctx.identity.actor = Actor(7, "Carer Jo", Role.CARE_STAFF)
    with pytest.raises(PermissionDenied):
        services.trends.charts(TrendFilter())
    with pytest.raises(PermissionDenied):
        services.trends.patterns()
