"""Rates per 1,000 occupied bed days from the Trends service: the SPC series for a service and for all services, and
the small multiples per service, with months (and services) without occupancy said, never drawn as zero."""

from __future__ import annotations

from datetime import date, datetime

from carelog.core.dto import Actor, IncidentInput, LoadItem
from carelog.core.enums import Kind, Role
from carelog.core.rates import Measure
from carelog.core.trend_data import TrendFilter, build_spc
from carelog.services.registry import Services
from tests.conftest import Home


def _plant(services: Services, service_id: int, location_id: int | None, counts: list[int]) -> int:
    fall = {c.name: c.id for c in services.incidents.reference_data().categories}["Fall"]
    items = [
        LoadItem(
            IncidentInput(
                kind=Kind.INCIDENT,
                category_id=fall,
                occurred_at=datetime(2025, m + 1, d + 1, 10),
                service_id=service_id,
                location_id=location_id,
                account="Planted for the rate tests.",
            )
        )
        for m, n in enumerate(counts)
        for d in range(n)
    ]
    services.incidents.load_many(items)
    return fall


def _beds(services: Services, service_id: int, month: date, bed_days: int) -> None:
    """Occupancy is entered by an administrator (Lists > Occupancy); the charts are read by the manager."""
    manager = services.ctx.identity.actor
    services.ctx.identity.actor = Actor(9, "Test Admin", Role.ADMIN)
    try:
        services.attention.set_occupancy(service_id, month, bed_days)
    finally:
        services.ctx.identity.actor = manager


def test_rates_for_one_service_and_pooled_across_services(services: Services, home: Home) -> None:
    fall = _plant(services, home.service_id, home.lounge_id, [2, 4, 3, 6])  # Jan to Apr 2025 at Oak House
    _plant(services, home.other_service_id, None, [1, 1, 1, 1])  # Birch Court
    for month, beds in ((1, 1000), (2, 2000), (4, 1500)):  # Oak House: March 2025 not entered
        _beds(services, home.service_id, date(2025, month, 1), beds)
    f = TrendFilter(date(2025, 1, 1), date(2025, 4, 30), service_id=home.service_id)
    spc = services.trends.charts(f, fall, measure=Measure.RATE).spc
    assert spc.rates is not None and spc.rates.rates == (2.0, 2.0, None, 4.0)
    assert services.trends.charts(f, fall).spc.rates is None  # counts only unless asked for

    view = services.trends.spc_view(f, fall, measure=Measure.RATE)
    assert view.chart.values == (2.0, 2.0, 4.0) and [p.label for p in view.chart.points][-1] == "Apr 2025"
    assert any(n.startswith("No rate for March 2025: occupied bed days not recorded for Oak House") for n in view.notes)

    # all services: Birch Court records no occupancy, so it is left out of the rate and named
    everywhere = services.trends.charts(TrendFilter(date(2025, 1, 1), date(2025, 4, 30)), fall, measure=Measure.RATE)
    rates = everywhere.spc.rates
    assert rates is not None and rates.left_out == ("Birch Court",) and rates.counts == (2, 4, 3, 6)
    _beds(services, home.other_service_id, date(2025, 1, 1), 1000)
    rates = services.trends.charts(everywhere.filter, fall, measure=Measure.RATE).spc.rates
    # Birch Court now pooled: January (2 + 1) / 2000; February and April lack Birch Court, March lacks both
    assert rates is not None and rates.rates == (1.5, None, None, None) and rates.left_out == ()
    assert dict(rates.gaps)[date(2025, 3, 1)] == ("Birch Court", "Oak House")


def test_small_multiples_use_rates_when_chosen(services: Services, home: Home) -> None:
    fall = _plant(services, home.service_id, home.lounge_id, [2, 4, 3, 6])
    _plant(services, home.other_service_id, None, [1, 2, 1, 2])
    for month in range(1, 5):
        _beds(services, home.service_id, date(2025, month, 1), 1000)
    f = TrendFilter(date(2025, 1, 1), date(2025, 4, 30))
    counts = {v.title: v for v in services.trends.by_service(f, fall)}
    rates = {v.title: v for v in services.trends.by_service(f, fall, measure=Measure.RATE)}
    assert counts["Oak House"].chart.values == (2.0, 4.0, 3.0, 6.0)
    assert rates["Oak House"].chart.values == (2.0, 4.0, 3.0, 6.0) and rates["Oak House"].measure == Measure.RATE
    birch = rates["Birch Court"]
    assert birch.chart.points == () and "No occupied bed days" in birch.notes[0]
    assert build_spc(services.trends.charts(f, fall).spc).measure == Measure.COUNT
