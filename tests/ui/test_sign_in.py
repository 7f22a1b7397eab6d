"""Signing in: one submit per Return, a wrong PIN says whose PIN and what to do, the keyboard is where typing goes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QScrollArea

from carelog.app import AppParts, build_main_window
from carelog.core import passwords
from carelog.core.enums import Role
from carelog.core.users import USERNAME_HINT
from carelog.services.registry import Services
from carelog.ui.dialogs.sign_in_dialog import SignInDialog
from carelog.ui.page_shells import PageShells
from carelog.ui.session_guard import SessionGuard
from tests.services.test_accounts import _sign_in_as, _team


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    passwords.use_fast_parameters_for_tests()


@pytest.fixture
def counted(sqlite_services: Services, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    _team(sqlite_services)
    sqlite_services.accounts.sign_out()
    calls: list[str] = []
    real = sqlite_services.accounts.sign_in

    def sign_in(username: str, secret: str):  # type: ignore[no-untyped-def]
        calls.append(username)
        return real(username, secret)

    monkeypatch.setattr(sqlite_services.accounts, "sign_in", sign_in)
    return calls


def _dialog(qtbot, services: Services) -> SignInDialog:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_return_in_the_dialog_signs_in_once(qtbot, sqlite_services: Services, counted: list[str]) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, sqlite_services)
    form = dialog.form
    assert form.username.placeholderText() == USERNAME_HINT
    qtbot.keyClicks(form.username, "sam")
    qtbot.keyClick(form.username, Qt.Key.Key_Return)  # no PIN yet: moves on, does not submit
    assert counted == [] and not form.error.isVisible()
    qtbot.keyClicks(form.secret, "0000")
    qtbot.keyClick(form.secret, Qt.Key.Key_Return)
    assert counted == ["sam"]  # once, not twice (the dialog's default button used to submit again)
    assert form.error.text().startswith("That PIN is not right for sam.")
    assert "Ask a manager or administrator to reset it" in form.error.text()
    assert dialog.isVisible()
    qtbot.keyClicks(form.secret, "8642")
    qtbot.keyClick(form.secret, Qt.Key.Key_Enter)
    assert counted == ["sam", "sam"] and dialog.actor is not None and dialog.actor.name == "Sam Okafor"


def _parts(qtbot, services: Services, runner) -> AppParts:  # type: ignore[no-untyped-def]
    parts = build_main_window(services, runner)
    qtbot.addWidget(parts.window)
    parts.window.resize(1366, 768)
    parts.window.show()
    qtbot.waitExposed(parts.window)
    parts.window.activateWindow()
    return parts


def test_lock_screen_takes_the_username_and_unlock_the_first_field(qtbot, sqlite_services: Services, runner) -> None:  # type: ignore[no-untyped-def]
    _team(sqlite_services)
    parts = _parts(qtbot, sqlite_services, runner)
    guard = SessionGuard(parts.window, parts.services, parts.events, runner)
    _sign_in_as(sqlite_services, Role.MANAGER)
    guard.apply_role()
    guard.lock()
    form = guard.lock_screen.form
    qtbot.waitUntil(form.username.hasFocus, timeout=2000)
    qtbot.keyClicks(form.username, "sam")  # typed straight away, nothing lost
    qtbot.keyClick(form.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(form.secret, "8642")
    qtbot.keyClick(form.secret, Qt.Key.Key_Return)
    assert not guard.is_locked and sqlite_services.ctx.actor.name == "Sam Okafor"
    page = parts.window.page("quick")
    focused = parts.window.focusWidget()
    assert focused is not None and page.isAncestorOf(focused)  # the keyboard is in the report form
    assert not isinstance(focused, QAbstractButton | QScrollArea)  # a field, not Sign out or a scroll area
    guard.stop()


def _background_dialog(qtbot, services: Services) -> tuple[SignInDialog, PageShells]:  # type: ignore[no-untyped-def]
    shells = PageShells()
    dialog = SignInDialog(services, shells=shells, check_in_background=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, shells


def test_the_pin_is_checked_in_a_worker_while_the_first_page_shell_is_built(
    qtbot, sqlite_services: Services, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import threading

    threads: list[threading.Thread] = []
    real = sqlite_services.accounts.sign_in

    def sign_in(username: str, secret: str):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(username, secret)

    monkeypatch.setattr(sqlite_services.accounts, "sign_in", sign_in)
    dialog, shells = _background_dialog(qtbot, sqlite_services)
    form = dialog.form
    qtbot.keyClicks(form.username, "sam")
    qtbot.keyClick(form.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(form.secret, "8642")
    qtbot.keyClick(form.secret, Qt.Key.Key_Return)
    qtbot.keyClick(form.secret, Qt.Key.Key_Return)  # pressed again while checking: nothing more happens
    qtbot.waitUntil(lambda: dialog.actor is not None)
    assert dialog.actor is not None and dialog.actor.name == "Sam Okafor" and dialog.result() == 1
    assert counted == ["sam"] and threads[0] is not threading.main_thread()  # once, off the GUI thread
    assert shells.keys() == ["quick"]  # built meanwhile, with no services: the window fills it after sign-in


def test_a_refused_pin_in_the_worker_is_explained_and_leaves_no_shell(
    qtbot, sqlite_services: Services, counted: list[str]
) -> None:  # type: ignore[no-untyped-def]
    dialog, shells = _background_dialog(qtbot, sqlite_services)
    form = dialog.form
    qtbot.keyClicks(form.username, "sam")
    qtbot.keyClick(form.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(form.secret, "0000")
    qtbot.keyClick(form.secret, Qt.Key.Key_Return)
    assert form.secret.isReadOnly() and not form.button.isEnabled()  # held while the PIN is checked
    qtbot.waitUntil(lambda: form.error.isVisible())
    assert form.error.text().startswith("That PIN is not right for sam.")
    assert counted == ["sam"] and dialog.actor is None and dialog.isVisible()
    assert shells.keys() == []  # the shell built during the check is gone again
    assert not form.secret.isReadOnly() and form.secret.text() == "" and form.button.isEnabled()
    qtbot.keyClicks(form.secret, "8642")  # the keyboard is back in the PIN box
    qtbot.keyClick(form.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.actor is not None)
    assert counted == ["sam", "sam"]


@pytest.mark.parametrize("in_background", [False, True])  # the lock screen, and the sign-in at start-up
def test_the_pin_is_checked_while_typing_and_not_again_after_return(  # type: ignore[no-untyped-def]
    qtbot, sqlite_services: Services, monkeypatch: pytest.MonkeyPatch, in_background: bool
) -> None:
    _team(sqlite_services)
    sqlite_services.accounts.sign_out()
    checked: list[str] = []
    real = passwords.verify_secret
    monkeypatch.setattr(passwords, "verify_secret", lambda h, s: checked.append(s) or real(h, s))
    dialog = SignInDialog(sqlite_services, check_in_background=in_background)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.username, "sam")
    qtbot.keyClick(dialog.form.username, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.form.secret, "8642")
    qtbot.waitUntil(lambda: not dialog.form.ahead.busy)  # the moment before Return
    assert checked == ["8642"]  # shorter text than any PIN was not checked
    assert not dialog.form.error.isVisible()  # nothing is said before Return
    qtbot.keyClick(dialog.form.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.actor is not None)
    assert dialog.actor is not None and dialog.actor.name == "Sam Okafor"
    assert checked == ["8642"]
