"""Page shells (start-up time): the quick-report page's widgets are built while the person types, with no services
at all, and after sign-in the window fills that shell for whoever signed in; a shell nobody takes is deleted."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from carelog.core import passwords
from carelog.core.enums import Role
from carelog.services.registry import Services
from carelog.ui.events import AppEvents
from carelog.ui.main_window import MainWindow
from carelog.ui.page_shells import SHELLS, PageShells
from carelog.ui.pages.quick_report_page import QuickReportPage
from carelog.ui.task_runner import TaskRunner
from carelog.ui.widgets.when_edit import WhenEdit
from tests.conftest import Home
from tests.services.test_accounts import _sign_in_as, _team

NOW = datetime(2026, 12, 1, 14, 5)


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    passwords.use_fast_parameters_for_tests()


@pytest.fixture
def team(sqlite_services: Services, sqlite_home: Home) -> Services:
    _team(sqlite_services)
    sqlite_services.accounts.sign_out()
    sqlite_services.ctx.clock = lambda: NOW
    return sqlite_services


def _window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow("test.db")
    qtbot.addWidget(window)
    return window


def test_a_shell_is_built_with_no_services_and_shows_no_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    shells = PageShells()
    shells.prepare("quick")  # no services exist at all: the shell cannot call one
    assert shells.keys() == ["quick"] == list(SHELLS)
    shells.prepare("home")  # a page without a shell: nothing is built
    shells.prepare("no such page")
    assert shells.keys() == ["quick"]
    shell = shells._shells["quick"]  # noqa: SLF001
    assert isinstance(shell, QuickReportPage) and not shell.isVisible()
    # never a window of its own, not even an unmapped native one (that cost typed keys under openbox)
    assert not shell.isWindow() and not shell.window().testAttribute(Qt.WidgetAttribute.WA_WState_Created)
    assert shell.greeting.text() == "" and shell.model.rowCount() == 0  # no name, no report


def test_the_window_fills_the_shell_for_whoever_signs_in(qtbot, team: Services, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    window.shells.prepare("quick")
    shell = window.shells._shells["quick"]  # noqa: SLF001
    _sign_in_as(team, Role.CARE_STAFF)
    window.install(team, AppEvents(), runner)
    page = window.page("quick")
    assert page is shell  # the shell built while Sam typed, now his page
    assert isinstance(page, QuickReportPage)
    assert page.greeting.text().startswith("Hello Sam Okafor.")
    assert page.report_panel.form.reporter_name.text() == "Sam Okafor"
    assert page.report_panel.form.occurred_at.understood.text() == "Today 14:05"  # the real clock, not the shell's
    assert window.shells.keys() == []
    window.focus_current_page()
    focus = window.focusWidget()
    assert focus is not None and page.isAncestorOf(focus)  # the keyboard is in his form


def test_a_shell_no_page_takes_is_deleted_and_none_is_made_again(qtbot, team: Services, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    window.shells.prepare("quick")
    destroyed: list[bool] = []
    window.shells._shells["quick"].destroyed.connect(lambda: destroyed.append(True))  # noqa: SLF001
    _sign_in_as(team, Role.MANAGER)  # a manager has no quick-report page
    window.install(team, AppEvents(), runner)
    assert window.shells.keys() == [] and "quick" not in window.page_keys()
    qtbot.waitUntil(lambda: destroyed == [True])
    window.shells.prepare("quick")  # after the first sign-in no shell is made (later pages build as usual)
    assert window.shells.keys() == []


def test_now_shows_the_current_time_even_when_the_text_already_says_now(qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = [datetime(2000, 1, 1, 9, 0)]
    edit = WhenEdit(lambda: clock[0])
    qtbot.addWidget(edit)
    assert edit.understood.text() == "Today 09:00"
    clock[0] = NOW
    edit.set_now()  # the text was "now" already: what it is understood as still follows the clock
    assert edit.understood.text() == "Today 14:05"
