"""The Trends aggregation is cached per filter only while nothing has been written: any audited write (a new
incident, a target, occupancy) makes the next read fresh."""

from __future__ import annotations

from datetime import date, datetime

from carelog.core.dto import IncidentFilter, IncidentInput, LoadItem
from carelog.core.enums import Kind
from carelog.core.trend_data import TrendFilter
from carelog.services.registry import Services
from tests.conftest import Home


def _fall(services: Services, home: Home, when: datetime) -> None:
    fall = {c.name: c.id for c in services.incidents.reference_data().categories}["Fall"]
    data = IncidentInput(kind=Kind.INCIDENT, category_id=fall, occurred_at=when, service_id=home.service_id,
                         location_id=home.lounge_id, account="Planted for the cache test.")  # fmt: skip
    services.incidents.load_many([LoadItem(data)])


def test_cached_until_the_next_write(services: Services, home: Home) -> None:
    _fall(services, home, datetime(2025, 3, 4, 10))
    f = TrendFilter(date(2025, 1, 1), date(2025, 6, 30))
    first = services.trends.charts(f)
    assert services.trends.charts(f) is first and first.total == 1  # same filter, no write: the cached result
    _fall(services, home, datetime(2025, 3, 9, 22))
    again = services.trends.charts(f)
    assert again is not first and again.total == 2
    assert sum(map(sum, again.heat_map.counts)) == 2
    fall = again.spc.category_id
    assert fall is not None and again.spc.target is None
    services.trends.set_target(fall, None, 3)
    assert services.trends.charts(f).spc.target == 3  # a setting written: read afresh
    lean = services.trends.charts(f, heat_map=False)  # a caller not drawing the heat map skips its pass
    assert lean.total == 2 and lean.heat_map.total == 0


def test_a_write_from_another_computer_is_seen_at_the_next_read(db_url: str, services: Services, home: Home) -> None:
    """Another PC on the same database (another process): a new incident, an edit that adds no incident, and a
    target each make this one's next read fresh."""
    import dataclasses

    from tests.conftest import MANAGER, _make_services

    other = _make_services(db_url, MANAGER, services.ctx.clock)
    _fall(services, home, datetime(2025, 3, 4, 10))
    f = TrendFilter(date(2025, 1, 1), date(2025, 6, 30))
    assert services.trends.charts(f).total == 1
    _fall(other, home, datetime(2025, 4, 9, 22))
    assert services.trends.charts(f).total == 2
    cats = {c.name: c.id for c in services.incidents.reference_data().categories}
    first = other.incidents.get(min(other.incidents.list_ids(IncidentFilter())))
    other.incidents.update(first.id, dataclasses.replace(first.data, category_id=cats["Medication"]), first.version)
    monthly = {s.name: s.total for s in services.trends.charts(f).monthly.series}
    assert monthly == {"Fall": 1, "Medication": 1}
    other.trends.set_target(cats["Fall"], None, 4)
    assert services.trends.charts(f, cats["Fall"]).spc.target == 4
