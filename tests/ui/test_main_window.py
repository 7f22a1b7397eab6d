"""The main window builds its tabs from the page registry: only the tab on screen at first, the rest on first
show; a page torn down hears no more change signals; declared links join pages without special cases."""

from __future__ import annotations

import pytest

from carelog.app import AppParts, build_main_window
from carelog.core import passwords
from carelog.core.enums import Role
from carelog.services.registry import Services
from carelog.ui.pages.registry import LINKS, PAGES
from tests.services.test_accounts import _sign_in_as, _team


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    passwords.use_fast_parameters_for_tests()


@pytest.fixture
def parts(qtbot, sqlite_services: Services, sqlite_home, runner) -> AppParts:  # type: ignore[no-untyped-def]
    _team(sqlite_services)
    _sign_in_as(sqlite_services, Role.MANAGER)
    p = build_main_window(sqlite_services, runner)
    qtbot.addWidget(p.window)
    return p


def test_only_the_tab_on_screen_is_built(parts: AppParts) -> None:
    window = parts.window
    assert window.page_keys() == ["home", "log", "review", "trends", "actions", "concerns", "reports"]
    assert list(window.built_pages()) == ["home"]
    window.show_page("actions")
    assert list(window.built_pages()) == ["home", "actions"]


def test_a_torn_down_page_hears_no_more_changes(qtbot, parts: AppParts) -> None:  # type: ignore[no-untyped-def]
    window = parts.window
    window.page("review")
    heard: list[str] = []
    relay = window._holders["review"].property("events")  # noqa: SLF001
    relay.reviews_changed.connect(lambda: heard.append("relay"))  # what the review page listens to
    parts.events.reviews_changed.emit()
    assert heard == ["relay"]
    heard.clear()
    window.show_pages(["log"])
    parts.events.reviews_changed.emit()
    assert heard == [] and "review" not in window.page_keys()


def test_trends_can_open_a_thematic_review_through_the_declared_link(qtbot, parts: AppParts, sqlite_home) -> None:  # type: ignore[no-untyped-def]
    from tests.services.test_accounts import _incident

    assert any(link.source == "trends" and link.target == "review" for link in LINKS)
    window = parts.window
    ids = [parts.services.incidents.report(_incident(sqlite_home, parts.services)).id]
    assert "review" not in window.built_pages()
    window.page("trends").thematic_review_requested.emit(ids, "Falls in the lounge")  # type: ignore[attr-defined]
    assert window.current_key() == "review"
    assert [r.title for r in parts.services.reviews.list_reviews()] == ["Falls in the lounge"]


def test_every_registry_entry_builds_for_an_administrator(qtbot, parts: AppParts) -> None:  # type: ignore[no-untyped-def]
    _sign_in_as(parts.services, Role.ADMIN)
    parts.window.show_pages([spec.key for spec in PAGES])
    for spec in PAGES:
        assert parts.window.page(spec.key).__class__.__name__ == spec.factory.split(":")[1]


def test_the_window_fits_the_screen_and_remembers_where_it_was(qtbot) -> None:  # type: ignore[no-untyped-def]
    from carelog.ui.main_window import MainWindow
    from carelog.ui.window_geometry import available_area, place_window, remember_geometry

    first = MainWindow()
    qtbot.addWidget(first)
    assert place_window(first)  # nothing saved yet: open maximised, sized to the free area of the screen
    area = available_area(first)
    assert area.contains(first.geometry())
    first.setGeometry(area.x() + 20, area.y() + 30, area.width() // 2, area.height() // 2)
    remember_geometry(first)
    again = MainWindow()
    qtbot.addWidget(again)
    assert not place_window(again)
    assert (again.width(), again.height()) == (area.width() // 2, area.height() // 2)
