"""The Trends aggregation is cached per filter only while nothing has been written: any audited write (a new
incident, a target, occupancy) makes the next read fresh."""

from __future__ import annotations

from datetime import date, datetime

from carelog.core.dto import IncidentInput, LoadItem
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
