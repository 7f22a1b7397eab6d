"""The SPC chart's data from the service: targets (a setting per category and service), completed actions offered as
change dates, rare categories switched to a T-chart, and the thresholds of pattern detection read from settings."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from carelog.core.action_dto import ActionInput, ActionStatus
from carelog.core.action_strength import ActionStrength
from carelog.core.dto import IncidentFilter, IncidentInput, LoadItem
from carelog.core.enums import Kind
from carelog.core.errors import ValidationError
from carelog.core.spc import AssuranceIcon, VariationIcon
from carelog.core.trend_data import TrendFilter, build_spc
from carelog.services.registry import Services
from tests.conftest import Home


def _falls(services: Services, home: Home, times: list[datetime], category: str = "Fall") -> None:
    cid = {c.name: c.id for c in services.incidents.reference_data().categories}[category]
    services.incidents.load_many(
        [
            LoadItem(
                IncidentInput(
                    kind=Kind.INCIDENT,
                    category_id=cid,
                    occurred_at=t,
                    service_id=home.service_id,
                    location_id=home.lounge_id,
                    account="Planted for the SPC tests.",
                )
            )
            for t in times
        ]
    )


def _cat(services: Services, name: str) -> int:
    return {c.name: c.id for c in services.incidents.reference_data().categories}[name]


def test_target_per_category_and_service_gives_the_assurance_icon(services: Services, home: Home) -> None:
    # 12 months of 4, 6, 5, 5 ... falls: mean 5, MRs 2,1,0,1,... -> 11 / 11 = 1.0 -> limits 2.34 to 7.66
    counts = [4, 6, 5, 5, 4, 6, 5, 5, 4, 6, 5, 5]
    times = [datetime(2025, m + 1, d + 1, 10) for m, n in enumerate(counts) for d in range(n)]
    _falls(services, home, times)
    fall = _cat(services, "Fall")
    f = TrendFilter(date(2025, 1, 1), date(2025, 12, 31), service_id=home.service_id)
    assert services.trends.charts(f, fall).spc.target is None
    services.trends.set_target(fall, None, 2)  # for all services: 2 a month is below the lower limit
    assert services.trends.charts(f, fall).spc.target == 2
    services.trends.set_target(fall, home.service_id, 9)  # this service's own target wins
    view = build_spc(services.trends.charts(f, fall).spc)
    assert view.chart.kind == "xmr" and view.target == 9
    assert view.assurance_icon == AssuranceIcon.PASS and view.variation_icon == VariationIcon.COMMON
    assert services.trends.targets() == {(fall, None): 2.0, (fall, home.service_id): 9.0}
    services.trends.set_target(fall, home.service_id, None)
    assert build_spc(services.trends.charts(f, fall).spc).assurance_icon == AssuranceIcon.FAIL
    with pytest.raises(ValidationError):
        services.trends.set_target(fall, None, -1)


def test_completed_actions_are_offered_as_change_dates(services: Services, home: Home) -> None:
    _falls(services, home, [datetime(2025, m, 3, 9) for m in range(1, 13)])
    _falls(services, home, [datetime(2025, 2, 4, 9)], category="Medication")
    fall_ids = tuple(services.incidents.list_ids(IncidentFilter(category_id=_cat(services, "Fall"))))
    med_ids = tuple(services.incidents.list_ids(IncidentFilter(category_id=_cat(services, "Medication"))))

    def action(title: str, links: tuple[int, ...]) -> ActionInput:
        return ActionInput(
            title,
            lead_name="R. Lead",
            due_date=date(2025, 6, 1),
            strength=ActionStrength.STRONGER,
            service_id=home.service_id,
            incident_ids=links,
        )

    services.actions.create_many(
        [
            (action("Sensor mats in two rooms", fall_ids[:2]), ActionStatus.DONE, datetime(2025, 6, 14, 12)),
            (action("Not finished yet", fall_ids[:1]), ActionStatus.IN_PROGRESS, None),
            (action("Checked and kept", fall_ids[2:3]), ActionStatus.VERIFIED, datetime(2025, 9, 2, 12)),
            (action("About medicines", med_ids), ActionStatus.DONE, datetime(2025, 7, 2, 12)),
        ]
    )
    f = TrendFilter(date(2025, 1, 1), date(2025, 12, 31), service_id=home.service_id)
    spc = services.trends.charts(f, _cat(services, "Fall")).spc
    # done and verified actions linked to falls; not the one still in progress, nor the one about medicines
    assert [(a.title, a.completed, a.status) for a in spc.actions] == [
        ("Sensor mats in two rooms", date(2025, 6, 14), ActionStatus.DONE.column_title),
        ("Checked and kept", date(2025, 9, 2), ActionStatus.VERIFIED.column_title),
    ]


def test_a_rare_category_is_drawn_as_a_t_chart(services: Services, home: Home) -> None:
    # five falls in 12 months: too few for monthly counts
    when = [
        datetime(2025, 1, 10),
        datetime(2025, 3, 1),
        datetime(2025, 5, 20),
        datetime(2025, 8, 1),
        datetime(2025, 11, 30),
    ]
    _falls(services, home, when)
    f = TrendFilter(date(2025, 1, 1), date(2025, 12, 31), service_id=home.service_id)
    spc = services.trends.charts(f, _cat(services, "Fall")).spc
    assert spc.rare and spc.event_times == tuple(when)
    view = build_spc(spc)
    assert view.chart.kind == "t" and view.chart.values == (50.0, 80.0, 73.0, 121.0)
    assert view.notes[0].startswith("T-chart: fall incidents are rare (about 0.4 a month)")
    assert view.x_dates == (date(2025, 3, 1), date(2025, 5, 20), date(2025, 8, 1), date(2025, 11, 30))
    assert view.assurance_icon is None  # a monthly target says nothing about days between


def test_limits_recalculated_from_an_action_date_on_the_monthly_chart(services: Services, home: Home) -> None:
    counts = [8, 10, 9, 11, 10, 9, 10, 9, 4, 5, 4, 6, 5, 4]  # worked by hand in tests/core/test_spc_icons.py
    times = [datetime(2025 + (m // 12), m % 12 + 1, d + 1, 10) for m, n in enumerate(counts) for d in range(n)]
    _falls(services, home, times)
    f = TrendFilter(date(2025, 1, 1), date(2026, 2, 28), service_id=home.service_id)
    spc = services.trends.charts(f, _cat(services, "Fall")).spc
    view = build_spc(spc, changes=[date(2025, 9, 14)])  # limits from September 2025, the month of the change
    before, after = view.chart.segments
    assert (before.end, after.start) == (7, 8)
    assert before.mean == pytest.approx(9.5) and after.mean == pytest.approx(28 / 6)
    assert view.chart.runs == ()
    assert "Limits recalculated from 14 September 2025." in view.notes


def test_summary_of_measures_by_service_with_icons(services: Services, home: Home) -> None:
    # falls: eleven months of 5 then 20 in December -> mean 6.25, upper limit 9.88: concern, high
    counts = [5] * 11 + [20]
    _falls(services, home, [datetime(2025, m + 1, d + 1, 10) for m, n in enumerate(counts) for d in range(n)])
    _falls(services, home, [datetime(2025, 3, 9, 10), datetime(2025, 9, 9, 10)], category="Medication")
    fall = _cat(services, "Fall")
    services.trends.set_target(fall, home.service_id, 12)  # above the upper limit 9.88: the limits say "pass"
    cells = {c.category: c for c in services.trends.summary(as_of=date(2026, 1, 10))}
    f = cells["Fall"]
    assert (f.latest, f.latest_month, f.points) == (20, date(2025, 12, 1), 12)
    assert f.mean == pytest.approx(6.25)
    assert f.variation == VariationIcon.CONCERN_HIGH and f.assurance == AssuranceIcon.PASS and f.target == 12
    med = cells["Medication"]
    assert med.variation == VariationIcon.COMMON and med.assurance is None and med.latest == 0


def test_small_multiples_one_panel_per_service(services: Services, home: Home) -> None:
    from carelog.reports.charts import small_multiples_figure

    _falls(services, home, [datetime(2025, m, 3, 9) for m in range(1, 13)])
    fall = _cat(services, "Fall")
    services.trends.set_target(fall, home.service_id, 5)
    views = services.trends.by_service(TrendFilter(date(2025, 1, 1), date(2025, 12, 31)), fall)
    name = next(s.name for s in services.incidents.reference_data().services if s.id == home.service_id)
    assert [(v.title, v.chart.values, v.target) for v in views] == [(name, (1.0,) * 12, 5)]
    assert views[0].assurance_icon == AssuranceIcon.PASS
    fig = small_multiples_figure(views, "Fall at each service")
    assert fig.axes[0].get_title(loc="left").endswith("[~] common cause   [P] meets target")
    assert services.trends.by_service(TrendFilter(), None) == []
