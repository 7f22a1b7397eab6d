"""Alt+letter access keys: a tab's letter must not steal one the page uses (a care worker pressing Alt+C for Category
once landed on the Complaints tab; on the Log page Alt+L went to the Log tab, not Location). Tabs go by Alt+1..9, and
every Alt+letter live on screen (menu bar, inner tabs, buttons, labels) is unique on every page for every role."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMainWindow, QTabBar, QTabWidget

from carelog.core.enums import Role
from carelog.services.registry import Services
from carelog.ui.pages.registry import PAGES
from carelog.ui.widgets.report_panel import ReportPanel

MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _letter(text: str) -> str | None:
    m = MNEMONIC.search(text)
    return m.group(1).lower() if m else None


def test_tabs_take_no_alt_letter() -> None:
    """Ten tabs would take ten letters from every page; they go by Alt+1..9 instead (main_window.py)."""
    assert [spec.title for spec in PAGES if _letter(spec.title)] == []


def test_alt_and_a_number_opens_that_tab(qtbot, sqlite_services: Services) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from carelog.core import passwords
    from carelog.ui.qt_app import build_main_window
    from tests.services.test_accounts import _sign_in_as, _team

    passwords.use_fast_parameters_for_tests()
    _team(sqlite_services)
    _sign_in_as(sqlite_services, Role.MANAGER)
    window = build_main_window(sqlite_services).window
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert window.current_key() == "home"
    QTest.keyClick(window.tabs, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.current_key() == window.page_keys()[2] == "review"
    assert window.tabs.tabToolTip(2) == "Review (Alt+3)"
    QTest.keyClick(window.tabs, Qt.Key.Key_9, Qt.KeyboardModifier.AltModifier)  # no ninth tab for a manager: nothing
    assert window.current_key() == "review"


def test_shared_terminal_form_keeps_its_keys(qtbot, sqlite_services: Services) -> None:  # type: ignore[no-untyped-def]
    """The keys a care worker learns on the report form (the e2e test presses Alt+C and Alt+A)."""
    from carelog.ui.events import AppEvents

    panel = ReportPanel(sqlite_services, AppEvents().listen_to(sqlite_services.ctx))
    qtbot.addWidget(panel)
    form_letters = {
        letter
        for w in panel.findChildren(QLabel) + panel.findChildren(QAbstractButton)
        if (letter := _letter(w.text()))
    }
    assert {"c", "a", "w", "h"} <= form_letters


def _alt_keys(window: QMainWindow) -> dict[str, list[str]]:
    """Every Alt+letter live on screen: menu bar, tab bars (the main one and any inside the page), buttons, group
    boxes and labels with a buddy, counting only what is visible (hidden widgets take no key)."""
    keys: dict[str, list[str]] = {}

    def add(text: str) -> None:
        letter = _letter(text)
        if letter:
            keys.setdefault(letter, []).append(text.replace("&&", "and"))

    for action in window.menuBar().actions():
        if action.isVisible():
            add(action.text())
    for bar in window.findChildren(QTabBar):
        if bar.isVisibleTo(window):
            for i in range(bar.count()):
                if bar.isTabVisible(i):
                    add(bar.tabText(i))
    for w in window.findChildren(QAbstractButton) + window.findChildren(QGroupBox):
        if w.isVisibleTo(window):
            add(w.text() if isinstance(w, QAbstractButton) else w.title())
    for label in window.findChildren(QLabel):
        if label.isVisibleTo(window) and label.buddy() is not None:
            add(label.text())
    return keys


@pytest.mark.parametrize(
    ("role", "quick_mode"),
    [(Role.MANAGER, True), (Role.ADMIN, True), (Role.CARE_STAFF, True), (Role.CARE_STAFF, False)],
)
def test_every_alt_letter_on_every_page_is_unique(qtbot, sqlite_services: Services, role, quick_mode) -> None:  # type: ignore[no-untyped-def]
    from carelog.core import passwords
    from carelog.core.settings import QUICK_REPORT_FOR_CARE_STAFF
    from carelog.ui.qt_app import build_main_window
    from carelog.ui.session.menu import SessionMenu
    from tests.services.test_accounts import _sign_in_as, _team

    passwords.use_fast_parameters_for_tests()
    _team(sqlite_services)
    sqlite_services.settings.set(QUICK_REPORT_FOR_CARE_STAFF.key, quick_mode)
    _sign_in_as(sqlite_services, role)
    window = build_main_window(sqlite_services).window
    qtbot.addWidget(window)
    SessionMenu(window, sqlite_services)  # the real app's menu bar (Alt+S)
    window.show()
    clashes = {}
    for key in window.page_keys():
        window.show_page(key)
        inner = [t for t in window.page(key).findChildren(QTabWidget) if t.isVisibleTo(window)]
        for tabs in inner or [None]:  # each tab inside the page on screen in turn
            for i in range(tabs.count() if tabs else 1):
                if tabs:
                    if not tabs.isTabVisible(i):
                        continue  # a tab this person may not see is never on screen
                    tabs.setCurrentIndex(i)
                for letter, texts in _alt_keys(window).items():
                    if len(texts) > 1:
                        clashes[f"{key}: Alt+{letter.upper()}"] = sorted(set(texts))
    assert not clashes, "\n".join(f"{k}: {v}" for k, v in sorted(clashes.items()))
