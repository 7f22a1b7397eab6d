"""The Trends tab's rate choice (per 1,000 occupied bed days) and its audit scores tab, looked at in colour and grey."""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from carelog.core.action_dto import ActionInput, ActionStatus
from carelog.core.action_strength import ActionStrength
from carelog.core.dto import Actor, IncidentInput, LoadItem
from carelog.core.enums import Kind, Role
from carelog.core.rates import Measure
from carelog.core.thread_records import AuditInput, RecordKind
from carelog.core.trend_data import add_months
from carelog.services.registry import Services
from carelog.ui.events import AppEvents
from carelog.ui.pages.trends_page import CHARTS, TrendsPage
from tests.conftest import Home

SHOTS = Path(os.environ.get("CARELOG_SHOTS", tempfile.gettempdir()))  # set it to look at the screens
COUNTS = (6, 8, 5, 7, 6, 9, 7, 5, 8, 6, 7, 12, 13, 11)  # falls a month, oldest first, up to last month


def _seed(services: Services, home: Home) -> date:
    """Falls over the 14 complete months before this one, occupancy for all of them but the 5th, and a skipped one."""
    fall = {c.name: c.id for c in services.incidents.reference_data().categories}["Fall"]
    this_month = services.ctx.clock().date().replace(day=1)
    months = [add_months(this_month, k - len(COUNTS)) for k in range(len(COUNTS))]
    items = [
        LoadItem(
            IncidentInput(
                kind=Kind.INCIDENT, category_id=fall, occurred_at=datetime(m.year, m.month, 1 + d, 9),
                service_id=home.service_id, location_id=home.lounge_id, account="Planted for the rates test.",
            )
        )
        for m, n in zip(months, COUNTS, strict=True)
        for d in range(n)
    ]  # fmt: skip
    services.incidents.load_many(items)
    manager = services.ctx.identity.actor
    services.ctx.identity.actor = Actor(9, "Test Admin", Role.ADMIN)
    for k, m in enumerate(months):
        if k != 4:
            services.attention.set_occupancy(home.service_id, m, 1150 + 10 * (k % 3))
    services.ctx.identity.actor = manager
    return months[4]


@pytest.fixture
def page(qtbot, sqlite_services: Services, sqlite_home: Home, runner) -> TrendsPage:  # type: ignore[no-untyped-def]
    p = TrendsPage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(p)
    p.resize(1366, 860)
    p.show()
    qtbot.waitUntil(lambda: p.data is not None, timeout=10000)
    return p


def _shoot(page: TrendsPage, name: str) -> None:
    from PIL import Image

    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"{name}.png"
    assert page.grab().save(str(shot))
    Image.open(shot).convert("L").save(SHOTS / f"{name}_grey.png")


def test_rate_per_1000_bed_days_on_the_spc_chart_and_by_service(  # type: ignore[no-untyped-def]
    qtbot, page: TrendsPage, sqlite_services: Services, sqlite_home: Home
) -> None:
    missing = _seed(sqlite_services, sqlite_home)
    today = sqlite_services.ctx.clock().date()
    page.set_period(add_months(today.replace(day=1), -len(COUNTS)), today)
    page.spc_category.setCurrentIndex(page.spc_category.findText("Fall"))
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.chart_tabs.setCurrentIndex(1)
    assert page.spc is not None and page.spc.chart.values == tuple(float(c) for c in COUNTS)
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.measure.setCurrentIndex(page.measure.findData(Measure.RATE))
    view = page.spc
    assert view is not None and view.measure == Measure.RATE and len(view.chart.points) == len(COUNTS) - 1
    expected = [round(c * 1000 / (1150 + 10 * (k % 3)), 2) for k, c in enumerate(COUNTS) if k != 4]
    assert list(view.chart.values) == expected
    text = page.spc_reading.toPlainText()
    assert f"No rate for {missing:%B %Y}: occupied bed days not recorded for Oak House" in text
    assert "per 1,000 occupied bed days" in text and "Latest month:" in text
    figure = page.views["spc"].figure
    assert figure.axes[0].get_ylabel() == "Per 1,000 bed days"
    qtbot.wait(50)
    _shoot(page, "trends_rate_spc")
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.chart_tabs.setCurrentIndex([k for k, _ in CHARTS].index("services"))
    small = page.views["services"].figure
    assert small.texts[0].get_text() == "Fall at each service per 1,000 occupied bed days"
    assert any("without bed days left out" in t.get_text() for ax in small.axes for t in ax.texts)
    qtbot.wait(50)
    _shoot(page, "trends_rate_by_service")


def test_audit_scores_tab_shows_scores_over_time_with_the_actions(  # type: ignore[no-untyped-def]
    qtbot, page: TrendsPage, sqlite_services: Services
) -> None:
    today = sqlite_services.ctx.clock().date()
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    data = ActionInput("Do-not-disturb tabards on the medicines round", lead_name="Deputy manager",
                       due_date=day(-30), strength=ActionStrength.INTERMEDIATE)  # fmt: skip
    done = datetime.combine(day(100), datetime.min.time())
    action = sqlite_services.actions.create_many([(data, ActionStatus.DONE, done)])[0]
    for ago, score in ((170, 74), (140, 78), (110, 81), (80, 90), (50, 93), (20, 96)):
        sqlite_services.records.create(
            RecordKind.AUDIT, AuditInput("MAR chart audit", day(ago), score, "", "D", (action,))
        )
    for ago, score in ((150, 62), (90, 75), (30, 84)):
        sqlite_services.records.create(RecordKind.AUDIT, AuditInput("Mobility assessments", day(ago), score))
    with qtbot.waitSignal(page.charts_refreshed, timeout=5000):
        page.chart_tabs.setCurrentIndex([k for k, _ in CHARTS].index("audits"))
    figure = page.views["audits"].figure
    ax = figure.axes[0]
    assert [line.get_label() for line in ax.get_lines()][:2] == ["MAR chart audit", "Mobility assessments"]
    assert "A1" in [t.get_text() for t in ax.texts]
    assert any("Do-not-disturb tabards" in t.get_text() for t in figure.texts)
    qtbot.wait(50)
    _shoot(page, "trends_audit_scores")
