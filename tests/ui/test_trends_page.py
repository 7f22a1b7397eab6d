"""The Trends tab as a manager uses it: charts for the filters, click-through to incidents, signals, export."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from carelog.core.clock import FixedClock
from carelog.core.dto import IncidentInput, LoadItem
from carelog.core.enums import Kind, PhysicalHarm
from carelog.core.trend_data import ChartSelection, add_months
from carelog.services.registry import Services
from carelog.ui.events import AppEvents
from carelog.ui.pages.trends_page import TrendsPage
from tests.conftest import Home


def _seed(services: Services, home: Home) -> None:
    """Three falls in the lounge in the last eight days (a cluster: this month and maybe the last), and one
    medication error on the 15th of each of the seven months before those, so that on any date no medication
    error shares a month with a fall."""
    cats = {c.name: c.id for c in services.incidents.reference_data().categories}
    today = services.ctx.clock().date()
    rows = []
    for i in range(3):  # a cluster of falls in the lounge in the last few days
        day = date.fromordinal(today.toordinal() - 2 - i * 3)
        rows.append((datetime(day.year, day.month, day.day, 7, 15), "Fall", home.lounge_id, PhysicalHarm.LOW))
    for m in range(2, 9):
        day = add_months(today.replace(day=15), -m)
        rows.append((datetime(day.year, day.month, day.day, 14, 0), "Medication", home.bedroom_id, PhysicalHarm.NONE))
    services.incidents.load_many(
        [
            LoadItem(
                IncidentInput(
                    kind=Kind.INCIDENT,
                    category_id=cats[c],
                    occurred_at=when,
                    service_id=home.service_id,
                    location_id=loc,
                    account="Planted for the Trends tab test.",
                    physical_harm=harm,
                    person_ids=(home.person_ids[0],),
                )
            )
            for when, c, loc, harm in rows
        ]
    )


@pytest.fixture
def page(qtbot, sqlite_services: Services, sqlite_home: Home, runner) -> TrendsPage:  # type: ignore[no-untyped-def]
    _seed(sqlite_services, sqlite_home)
    p = TrendsPage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(p)
    p.resize(1400, 900)
    p.show()
    qtbot.waitUntil(lambda: p.data is not None, timeout=10000)
    return p


def test_charts_and_signals_are_shown(page: TrendsPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert page.data is not None and page.data.total == 10
    # only the chart on show is built; each other one when its tab is shown (the data is cached by the service)
    assert page.views["monthly"].figure is not None
    assert all(view.figure is None for key, view in page.views.items() if key != "monthly")
    assert "10 records match" in page.status_label.text()
    types = {(s.type.value, s.category) for s in page.signal_model.rows()}
    assert ("location_cluster", "Fall") in types
    qtmodeltester.check(page.signal_model)
    qtmodeltester.check(page.incident_model)
    assert "Reading this chart" in page.spc_reading.toPlainText()


def test_filter_change_redraws(qtbot, page: TrendsPage) -> None:  # type: ignore[no-untyped-def]
    index = page.category.findText("Fall")
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.category.setCurrentIndex(index)
    assert page.data is not None and page.data.total == 3
    assert page.data.spc.category == "Fall"


def test_compliments_are_left_out_unless_asked_for(
    qtbot,  # type: ignore[no-untyped-def]
    page: TrendsPage,
    sqlite_services: Services,
    sqlite_home: Home,
) -> None:
    compliment = next(c.id for c in sqlite_services.incidents.reference_data().categories if c.name == "Compliment")
    thanks = IncidentInput(
        Kind.COMPLIMENT, compliment, sqlite_services.ctx.clock(), sqlite_home.service_id, "Thank-you card."
    )
    sqlite_services.incidents.load_many([LoadItem(thanks)])
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.refresh()
    assert page.kind.currentText() == "Any kind but compliments"
    assert page.data is not None and page.data.total == 10  # as the printed pack counts: not an incident
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.kind.setCurrentIndex(page.kind.findText("Any kind, with compliments"))
    assert page.data.total == 11
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.kind.setCurrentIndex(page.kind.findText(Kind.COMPLIMENT.label))
    assert page.data.total == 1


@pytest.mark.any_date
def test_left_open_overnight_the_charts_take_in_the_new_day(
    qtbot,  # type: ignore[no-untyped-def]
    page: TrendsPage,
    sqlite_services: Services,
    sqlite_home: Home,
    clock: FixedClock,
) -> None:
    clock.moment = datetime.combine(clock().date() + timedelta(days=1), time(0, 20))
    falls = next(c.id for c in sqlite_services.incidents.reference_data().categories if c.name == "Fall")
    data = IncidentInput(
        Kind.INCIDENT, falls, clock() - timedelta(minutes=10), sqlite_home.service_id, "Found on the floor."
    )
    sqlite_services.incidents.load_many([LoadItem(data)])
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.refresh()
    assert page.current_filter().date_to == clock().date()
    assert page.data is not None and page.data.total == 11
    page.set_period(date(2020, 1, 1), date(2020, 12, 31))  # a period the manager chose stays as chosen
    clock.advance(timedelta(days=1))
    page.refresh()
    assert page.current_filter().date_to == date(2020, 12, 31)


@pytest.mark.any_date
def test_clicking_a_chart_lists_the_incidents_behind_it(qtbot, page: TrendsPage) -> None:  # type: ignore[no-untyped-def]
    assert page.data is not None
    months = page.data.monthly.months
    falls = next(i for i, s in enumerate(page.data.monthly.series) if s.name == "Fall")
    month_index = max(i for i, n in enumerate(page.data.monthly.series[falls].counts) if n)
    with qtbot.waitSignal(page.incidents_listed):
        page.views["monthly"].clicked.emit(float(month_index), 0.5)
    assert page.incident_model.rowCount() >= 1
    assert page.selection is not None and page.selection.month == months[month_index]
    assert all(
        r.category == "Fall"
        for r in (page.incident_model.row_object(i) for i in range(page.incident_model.rowCount()))
        if r
    )
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):  # the day-and-hour grid is read when it is shown
        page.chart_tabs.setCurrentIndex(2)
    assert page.data is not None and page.data.heat_map.total == 10
    with qtbot.waitSignal(page.incidents_listed):
        page.views["heat"].clicked.emit(
            14.0, float(page.data.heat_map.counts.index(max(page.data.heat_map.counts, key=lambda r: r[14])))
        )
    assert page.incident_model.rowCount() >= 1
    assert page.incident_model.row_object(0).category == "Medication"
    ids = page.show_selection(ChartSelection("Low harm", harm=PhysicalHarm.LOW))
    assert len(ids) == 3 and "Low harm" in page.selection_label.text()


def test_signal_starts_a_thematic_review(qtbot, page: TrendsPage) -> None:  # type: ignore[no-untyped-def]
    row = next(i for i, s in enumerate(page.signal_model.rows()) if s.type.value == "location_cluster")
    page.signal_table.selectRow(row)
    signal = page.current_signal()
    assert signal is not None and page.review_button.isEnabled()
    assert signal.explanation[:30] in page.signal_explanation.text()
    page.show_signal_incidents()
    assert page.incident_model.ids() == list(signal.incident_ids)
    with qtbot.waitSignal(page.thematic_review_requested) as blocker:
        page.review_button.click()
    ids, title = blocker.args
    assert ids == list(signal.incident_ids) and title.startswith("Thematic review: fall")


def test_export_chart_to_png_and_svg(qtbot, page: TrendsPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    png = page.views["monthly"].export_to(tmp_path / "monthly.png")
    assert png.read_bytes()[:4] == b"\x89PNG"
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.chart_tabs.setCurrentIndex(1)
    svg = page.views["spc"].export_to(tmp_path / "spc.svg")
    # seven medication incidents in seven months are rare: the tab draws (and says it draws) a T-chart
    assert "T-chart: days between medication incidents" in svg.read_text()
    with pytest.raises(ValueError):
        page.views["harm"].export_to(tmp_path / "harm.jpg")


def test_main_window_has_a_trends_tab(qtbot, sqlite_services: Services, runner) -> None:  # type: ignore[no-untyped-def]
    from carelog.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.install(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    assert "trends" in window.page_keys()
    assert isinstance(window.page("trends"), TrendsPage)


def test_spc_tab_shows_icons_saves_a_target_and_recalculates_limits_from_an_action(
    qtbot, page: TrendsPage, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    assert page.spc is not None and page.xmr is not None
    text = page.spc_reading.toPlainText()
    assert "Latest month:" in text and "Common cause variation" in text
    assert "T-chart" in text  # the reading says why the chart is a T-chart
    # a target for the chosen category at all services
    fall = page.spc_category.findText("Fall")
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.spc_category.setCurrentIndex(fall)
    page.spc_target.setValue(2)
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.spc_target_button.click()
    assert "Target for Fall at all services saved: at most 2 a month." in page.spc_target_status.text()
    assert page.data is not None and page.data.spc.target == 2
    # limits: one set, a date of my choice (the date box appears), frozen baseline
    assert page.spc_limits.itemText(0) == "One set for the whole period"
    own = page.spc_limits.findData(page.OWN_DATE)
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.spc_limits.setCurrentIndex(own)
    assert not page.spc_change_date.isHidden() and len(page.spc_options()[0]) == 1
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.spc_freeze.setChecked(True)
    assert page.spc_options()[1] == 12
    page.chart_tabs.setCurrentIndex(1)
    shot = tmp_path / "spc_tab.png"
    page.grab().save(str(shot))
    Image.open(shot).convert("L").save(tmp_path / "spc_tab_grey.png")
    assert shot.stat().st_size > 10_000


def test_summary_tab_lists_measures_by_service_with_icons(qtbot, page: TrendsPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    rows = page.summary_model.rows()
    assert {r.category for r in rows} >= {"Fall", "Medication"}
    qtmodeltester.check(page.summary_model)
    med = next(i for i, r in enumerate(rows) if r.category == "Medication")
    text = page.summary_model.index(med, 5).data()
    assert text.startswith(("~  Common cause", "H  Special", "L  Special"))  # the letter reads without colour
    assert page.summary_model.index(med, 6).data() == "No target set"
    page._on_summary_table_double_clicked(page.summary_model.index(med, 0))
    assert page.chart_tabs.currentIndex() == 1 and page.spc_category.currentText() == "Medication"


def test_by_service_tab_is_drawn_when_shown(qtbot, page: TrendsPage) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.chart_tabs.setCurrentIndex(6)
    figure = page.views["services"].figure
    assert figure is not None and figure.texts[0].get_text().endswith("at each service")
