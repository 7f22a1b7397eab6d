"""Demo occupancy: the two care homes record occupied bed days for every complete month but one, so the Trends tab
shows rates (and says which month has none); supported living records none and is named as left out."""

from __future__ import annotations

from datetime import date, datetime

from carelog.core.dto import SYSTEM_ACTOR
from carelog.core.rates import Measure
from carelog.core.trend_data import TrendFilter, add_months, build_spc
from carelog.demo import fill_demo
from carelog.demo.incidents import MONTHS
from carelog.services.registry import Services

AS_OF = datetime(2026, 11, 20, 9, 0)


def test_demo_records_occupancy_for_the_care_homes(sqlite_services: Services) -> None:
    svc = sqlite_services
    fill_demo(svc, incidents=1500, as_of=AS_OF)
    svc.ctx.identity.actor = SYSTEM_ACTOR
    svc.ctx.clock = lambda: AS_OF
    names = {s.id: s.name for s in svc.incidents.reference_data().services}
    beds = svc.attention.occupancy()
    per_service = {names[sid]: sorted(m for s, m in beds if s == sid) for sid in {s for s, _m in beds}}
    assert set(per_service) == {"Willow Bank Care Home", "Heron House"}
    assert len(per_service["Willow Bank Care Home"]) == MONTHS and len(per_service["Heron House"]) == MONTHS - 1
    assert date(2026, 6, 1) not in per_service["Heron House"]  # never entered: five months before November
    assert max(per_service["Willow Bank Care Home"]) == date(2026, 10, 1)  # complete months only
    assert all(60 * 28 * 0.85 < b < 60 * 31 for (s, _m), b in beds.items() if names[s] == "Willow Bank Care Home")

    fall = next(c.id for c in svc.incidents.reference_data().categories if c.name == "Fall")
    f = TrendFilter(add_months(date(2026, 11, 1), -12), AS_OF.date())
    view = build_spc(svc.trends.charts(f, fall, measure=Measure.RATE).spc, measure=Measure.RATE)
    assert len(view.chart.points) == 11  # twelve complete months, June without Heron House's bed days
    assert any(n.startswith("Maple Court Supported Living records no occupancy") for n in view.notes)
    assert any(n.startswith("No rate for June 2026") for n in view.notes)
