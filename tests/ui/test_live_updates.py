"""Live updates in the window: what another PC saves appears in this one's Log within a poll, on SQLite and on
PostgreSQL, and the report someone is typing here is kept as it is."""

from __future__ import annotations

from carelog.core.clock import FixedClock
from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.services.registry import Services
from carelog.ui.events import AppEvents
from carelog.ui.live_updates import POLL_INTERVAL_MS, LiveUpdates
from carelog.ui.pages.log_page import LogPage
from tests.conftest import MANAGER, Home, _make_services
from tests.services.test_accounts import _incident


def test_another_pcs_save_appears_and_the_typed_report_stays(  # type: ignore[no-untyped-def]
    qtbot, services: Services, db_url: str, clock: FixedClock, home: Home, staff: None, runner
) -> None:
    events = AppEvents().listen_to(services.ctx)
    page = LogPage(services, events.relay(), runner)
    qtbot.addWidget(page)
    page.show()
    live = LiveUpdates(services.change_feed, events, runner)
    live.start()
    assert live.timer.isActive() and live.timer.interval() == POLL_INTERVAL_MS
    form = page.report_panel.form
    form.service.setCurrentIndex(form.service.findData(home.service_id))
    form.account.setFocus()
    qtbot.keyClicks(form.account, "Half-typed report, not saved yet")
    assert page.model.rowCount() == 0

    other_pc = _make_services(db_url, MANAGER, clock)
    other_pc.incidents.report(_incident(home, other_pc))
    other_pc.ctx.identity.actor = Actor(9, "Test Admin", Role.ADMIN)
    other_pc.lists.add("location", "Garden room", home.service_id)

    heard: list[str] = []
    events.incidents_changed.connect(lambda: heard.append("incidents"))
    events.reference_data_changed.connect(lambda: heard.append("reference"))
    live.poll()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert heard == ["incidents", "reference"]
    assert form.account.toPlainText() == "Half-typed report, not saved yet"
    assert form.service.currentData() == home.service_id
    locations = [form.location.itemText(i) for i in range(form.location.count())]
    assert "Garden room" in locations  # the other PC's new location is offered at once
    live.stop()
    assert not live.timer.isActive()


def test_a_save_here_is_not_announced_twice(qtbot, services: Services, home: Home, staff: None, runner) -> None:  # type: ignore[no-untyped-def]
    events = AppEvents().listen_to(services.ctx)
    live = LiveUpdates(services.change_feed, events, runner)
    live.start()
    heard: list[str] = []
    events.incidents_changed.connect(lambda: heard.append("incidents"))
    services.incidents.report(_incident(home, services))
    qtbot.waitUntil(lambda: heard == ["incidents"], timeout=2000)  # the local announcement
    live.poll()
    qtbot.wait(50)
    assert heard == ["incidents"]


def test_a_failed_poll_is_tried_again_at_the_next_tick(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    from carelog.core.changes import Aggregate, Changes

    class Feed:
        calls = 0

        def start(self) -> None:
            return None

        def poll(self) -> Changes:
            Feed.calls += 1
            if Feed.calls == 1:
                raise OSError("server unreachable")
            return Changes.of(Aggregate.ACTIONS)

    events = AppEvents()
    heard: list[str] = []
    events.actions_changed.connect(lambda: heard.append("actions"))
    live = LiveUpdates(Feed(), events, runner)  # type: ignore[arg-type]
    live.poll()
    qtbot.waitUntil(lambda: live.failures == 1, timeout=2000)
    live.poll()
    qtbot.waitUntil(lambda: heard == ["actions"], timeout=2000)
    assert live.failures == 0
