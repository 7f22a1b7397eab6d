"""Sign-in flow, tabs per role, lock/unlock keeping the draft for its owner only, idle lock, automatic backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from carelog.app import AppParts, build_main_window
from carelog.core import passwords
from carelog.core.enums import Role
from carelog.core.settings import BACKUP_KEEP_COUNT
from carelog.services.accounts import SIGNED_OUT
from carelog.services.registry import Services
from carelog.ui.pages.quick_report_page import QuickReportPage
from carelog.ui.session_guard import SessionGuard, start_session, visible_pages
from tests.conftest import Home
from tests.services.test_accounts import _sign_in_as, _team


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    passwords.use_fast_parameters_for_tests()


@pytest.fixture
def parts(qtbot, sqlite_services: Services, sqlite_home: Home, runner) -> AppParts:  # type: ignore[no-untyped-def]
    _team(sqlite_services)
    p = build_main_window(sqlite_services, runner)
    qtbot.addWidget(p.window)
    return p


def _guard(parts: AppParts) -> SessionGuard:
    return SessionGuard(parts.window, parts.services, parts.events, None)


def _visible_tabs(parts: AppParts) -> set[str]:
    return set(parts.window.page_keys())


def _quick(parts: AppParts) -> QuickReportPage:
    page = parts.window.page("quick")
    assert isinstance(page, QuickReportPage)
    return page


def test_tabs_per_role(parts: AppParts) -> None:
    guard = _guard(parts)
    _sign_in_as(parts.services, Role.CARE_STAFF)
    guard.apply_role()
    assert _visible_tabs(parts) == {"quick", "concerns"}  # care staff may raise a complaint or concern
    _sign_in_as(parts.services, Role.MANAGER)
    guard.apply_role()
    assert "log" in _visible_tabs(parts) and not {"quick", "admin"} & _visible_tabs(parts)
    _sign_in_as(parts.services, Role.ADMIN)
    guard.apply_role()
    assert {"log", "admin"} <= _visible_tabs(parts)


def test_visible_pages_rules() -> None:
    from carelog.core.dto import Actor

    # care staff may raise a complaint or concern beside their report screen
    assert visible_pages(Actor(3, "Sam", Role.CARE_STAFF), True) == ["quick", "concerns"]
    assert visible_pages(Actor(3, "Sam", Role.CARE_STAFF), False) == ["log", "concerns"]
    manager_tabs = ["home", "log", "review", "trends", "actions", "concerns", "reports"]
    assert visible_pages(Actor(2, "Priya", Role.MANAGER), True) == manager_tabs
    assert visible_pages(Actor(1, "Alex", Role.ADMIN), False)[-2:] == ["lists", "admin"]
    assert visible_pages(SIGNED_OUT, True) == []


def test_a_page_without_a_registry_entry_is_shown_to_no_one(parts: AppParts) -> None:
    from carelog.core.dto import Actor

    admin = Actor(1, "Alex", Role.ADMIN)
    assert visible_pages(admin, True, ["log", "secret_page"]) == ["log"]
    parts.window.show_pages(["log", "secret_page"])
    assert parts.window.page_keys() == ["log"]
    with pytest.raises(KeyError):
        parts.window.page("secret_page")


def test_lock_keeps_draft_for_its_owner_only(qtbot, parts: AppParts) -> None:  # type: ignore[no-untyped-def]
    guard = _guard(parts)
    _sign_in_as(parts.services, Role.CARE_STAFF)
    guard.apply_role()
    form = _quick(parts).report_panel.form
    form.account.setPlainText("Sam's unfinished account of a fall in the lounge")
    guard.lock("Locked after 5 minutes without use.")
    assert guard.is_locked and parts.services.ctx.actor == SIGNED_OUT
    assert parts.window.centralWidget() is guard.lock_screen
    assert "Sam Okafor was signed in" in guard.lock_screen.message.text()
    assert parts.window.page_keys() == [] and parts.window.built_pages() == {}  # nothing of Sam's report stays

    lock_form = guard.lock_screen.form
    lock_form.username.setText("priya")
    lock_form.secret.setText("0000")
    assert not lock_form.submit()
    assert "That PIN is not right for priya" in lock_form.error.text() and guard.is_locked
    lock_form.secret.setText("1357")
    assert lock_form.submit()
    assert not guard.is_locked and parts.services.ctx.actor.name == "Priya Shah"
    assert parts.window.centralWidget() is parts.window.tabs
    assert "quick" not in parts.window.page_keys()
    assert "Sam's unfinished" not in parts.window.page("log").report_panel.form.account.toPlainText()  # type: ignore[attr-defined]

    guard.switch_action.trigger()
    assert guard.is_locked
    lock_form.username.setText("sam")
    lock_form.secret.setText("8642")
    assert lock_form.submit()
    form = _quick(parts).report_panel.form
    assert form.account.toPlainText() == "Sam's unfinished account of a fall in the lounge"
    assert form.banner.isVisibleTo(form)


def test_idle_timer_locks(qtbot, parts: AppParts) -> None:  # type: ignore[no-untyped-def]
    guard = _guard(parts)
    _sign_in_as(parts.services, Role.CARE_STAFF)
    guard.apply_settings()
    assert guard.idle_timer.interval() == 5 * 60 * 1000 and guard.idle_timer.isActive()
    guard.idle_timer.setInterval(30)
    guard.idle_timer.start()
    with qtbot.waitSignal(guard.locked, timeout=2000):
        pass
    assert guard.is_locked and not guard.menu.isEnabled()


def test_saved_idle_time_applies_at_once(qtbot, parts: AppParts) -> None:  # type: ignore[no-untyped-def]
    from carelog.core.settings import IDLE_LOCK_MINUTES

    guard = _guard(parts)
    _sign_in_as(parts.services, Role.ADMIN)
    guard.apply_settings()
    parts.services.settings.set(IDLE_LOCK_MINUTES.key, 2)
    parts.events.settings_changed.emit()
    assert guard.idle_timer.interval() == 2 * 60 * 1000 and guard.idle_timer.isActive()


def test_activity_restarts_the_idle_timer(qtbot, parts: AppParts) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    guard = _guard(parts)
    _sign_in_as(parts.services, Role.CARE_STAFF)
    guard.apply_role()
    guard.idle.arm(1)
    guard.idle_timer.stop()
    parts.window.show()
    qtbot.keyClick(_quick(parts).report_panel.form.account, Qt.Key.Key_A)
    assert guard.idle_timer.isActive()


def test_start_session_first_run_creates_admin(qtbot, sqlite_services: Services, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from carelog.ui.dialogs.first_admin_dialog import FirstAdminDialog

    def fake_exec(self: FirstAdminDialog) -> int:
        self.display_name.setText("Alex Morgan")
        self.display_name.textEdited.emit("Alex Morgan")
        self.secret.setText("2580")
        self.confirm.setText("2580")
        return int(QDialog.DialogCode.Accepted) if self.submit() else 0

    monkeypatch.setattr(FirstAdminDialog, "exec", fake_exec)
    from carelog.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog

    shown: list[str] = []

    def fake_key_exec(self: RecoveryKeyDialog) -> int:
        shown.append(self.key_label.text())
        assert not self.done_button.isEnabled()  # only once they say it is written down
        self.confirm.setChecked(True)
        self.accept()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(RecoveryKeyDialog, "exec", fake_key_exec)
    p = build_main_window(sqlite_services, runner)
    qtbot.addWidget(p.window)
    from PySide6.QtWidgets import QApplication

    assert start_session(QApplication.instance(), p.window, sqlite_services, p.events, runner)  # type: ignore[arg-type]
    assert len(shown) == 1 and len(shown[0].split()) == 14  # the recovery key, once, in 14 groups of four
    assert sqlite_services.backup.ensure_key() is None  # the key is kept: nothing new to show
    actor = sqlite_services.ctx.actor
    assert actor.name == "Alex Morgan" and actor.role == Role.ADMIN
    assert [u.username for u in sqlite_services.accounts.list_users()] == ["alex.morgan"]
    assert "admin" in _visible_tabs(p)


def test_start_session_quit_returns_false(qtbot, parts: AppParts, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from carelog.ui.dialogs.sign_in_dialog import SignInDialog

    monkeypatch.setattr(SignInDialog, "exec", lambda self: int(QDialog.DialogCode.Rejected))
    assert not start_session(QApplication.instance(), parts.window, parts.services, parts.events)  # type: ignore[arg-type]
    assert parts.services.ctx.actor == SIGNED_OUT


def test_first_admin_dialog_says_what_to_fix(qtbot, sqlite_services: Services) -> None:  # type: ignore[no-untyped-def]
    from carelog.ui.dialogs.first_admin_dialog import FirstAdminDialog

    dialog = FirstAdminDialog(sqlite_services)
    qtbot.addWidget(dialog)
    dialog.secret.setText("12")
    dialog.confirm.setText("13")
    assert not dialog.submit()
    assert "full name" in dialog.error_text("display_name")
    assert "PIN" in dialog.error_text("secret")
    assert "different" in dialog.error_text("confirm")
    assert sqlite_services.accounts.needs_first_admin()


def test_automatic_backup_on_schedule(parts: AppParts, tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    from carelog.services.backup import BackupService

    backup = BackupService(parts.services.ctx, folder=lambda: tmp_path)
    _sign_in_as(parts.services, Role.ADMIN)
    parts.services.settings.set(BACKUP_KEEP_COUNT.key, 2)
    start = datetime(2025, 3, 1, 9, 0)
    assert backup.automatic_backup_due(start)
    written = [backup.run_automatic_if_due(start + timedelta(days=d)) for d in (0, 0, 1, 2, 3)]
    assert written[1] is None  # not due again the same day
    assert [p.name for p in backup.automatic_backups()] == [written[4].name, written[3].name]  # type: ignore[union-attr]
    assert backup.last_automatic_backup_at() == start + timedelta(days=3)


def test_a_key_made_by_an_automatic_backup_is_shown_to_the_next_administrator_once(
    parts: AppParts, tmp_path: Path
) -> None:
    from datetime import datetime

    from carelog.services.backup import BackupService

    guard = _guard(parts)
    _sign_in_as(parts.services, Role.CARE_STAFF)  # whoever is at the keyboard when the backup runs
    backup = BackupService(parts.services.ctx, folder=lambda: tmp_path)
    assert backup.run_automatic_if_due(datetime(2026, 3, 1, 9, 0)) is not None  # made the key, showed nothing
    guard.show_pending_recovery_key()
    assert guard.recovery_key_dialog is None  # never to care staff
    _sign_in_as(parts.services, Role.MANAGER)
    guard.show_pending_recovery_key()
    assert guard.recovery_key_dialog is None  # nor to managers
    _sign_in_as(parts.services, Role.ADMIN)
    guard.show_pending_recovery_key()
    dialog = guard.recovery_key_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.confirm.setChecked(True)  # type: ignore[attr-defined]
    dialog.accept()
    guard.recovery_key_dialog = None
    guard.show_pending_recovery_key()
    assert guard.recovery_key_dialog is None  # once only


def test_care_staff_saving_a_report_calls_no_service_they_may_not_use(  # type: ignore[no-untyped-def]
    qtbot, parts: AppParts, sqlite_home: Home
) -> None:
    """Issue 13: after a manager used every tab, a care worker signs in on the lock screen and saves a report;
    no page refreshes through a service care staff may not use (no error, no false "denied" in the audit)."""
    from tests.services.test_accounts import _denials, _incident

    guard = _guard(parts)
    _sign_in_as(parts.services, Role.MANAGER)
    guard.apply_role()
    for key in parts.window.page_keys():  # every manager page built and listening
        parts.window.show_page(key)
    assert {"review", "trends", "actions"} <= set(parts.window.built_pages())
    before = _denials(parts.services)
    guard.lock()
    lock_form = guard.lock_screen.form
    lock_form.username.setText("sam")
    lock_form.secret.setText("8642")
    assert lock_form.submit()
    assert parts.window.page_keys() == ["quick", "concerns"] and list(parts.window.built_pages()) == ["quick"]
    parts.services.incidents.report(_incident(sqlite_home, parts.services))  # publishes incidents_changed
    qtbot.wait(50)  # the change signal is queued to the GUI thread
    assert _denials(parts.services) == before
    assert _quick(parts).model.rowCount() == 1  # the quick page did refresh: Sam sees the new report


def test_after_a_restore_in_the_admin_tab_everyone_signs_in_again(parts: AppParts) -> None:
    guard = _guard(parts)
    _sign_in_as(parts.services, Role.ADMIN)
    guard.apply_role()
    admin = parts.window.page("admin")
    admin.lock_requested.emit("The backup of 01/12/2026 09:00 was restored. Sign in again.")  # type: ignore[attr-defined]
    assert guard.is_locked and parts.services.ctx.actor == SIGNED_OUT
    assert "was restored" in guard.lock_screen.message.text()
