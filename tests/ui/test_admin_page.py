"""Admin tab: staff accounts table, add/edit/switch off, settings, database check and backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QCheckBox, QSpinBox

from carelog.core import passwords
from carelog.core.enums import Role
from carelog.core.settings import IDLE_LOCK_MINUTES
from carelog.services.registry import Services
from carelog.ui.dialogs.user_dialog import UserDialog
from carelog.ui.events import AppEvents
from carelog.ui.models.user_table_model import UserTableModel
from carelog.ui.pages.admin_page import AdminPage
from tests.services.test_accounts import _sign_in_as, _team


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    passwords.use_fast_parameters_for_tests()


@pytest.fixture
def page(qtbot, sqlite_services: Services, runner) -> AdminPage:  # type: ignore[no-untyped-def]
    _team(sqlite_services)
    p = AdminPage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(p)
    return p


def test_user_model(qtmodeltester, page: AdminPage) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 3
    qtmodeltester.check(UserTableModel())


def test_add_person_and_switch_off(qtbot, page: AdminPage, sqlite_services: Services) -> None:  # type: ignore[no-untyped-def]
    dialog = UserDialog(sqlite_services, None, page)
    qtbot.addWidget(dialog)
    dialog.display_name.setText("Jo Lewis")
    dialog.username.setText("jo")
    dialog.secret.setText("12")
    assert not dialog.submit()
    assert "PIN" in dialog.error_text("secret")
    dialog.secret.setText("2468")
    assert dialog.submit() and dialog.saved is not None
    page.refresh()
    page.select_user(dialog.saved.id)
    assert page.toggle_button.text() == "Switch &off"
    page.toggle_button.click()
    page.refresh()
    page.select_user(dialog.saved.id)
    assert page.selected_user() is not None and not page.selected_user().active  # type: ignore[union-attr]
    assert page.toggle_button.text() == "Switch &on"


def test_edit_role_and_reset_pin(qtbot, page: AdminPage, sqlite_services: Services) -> None:  # type: ignore[no-untyped-def]
    staff = next(u for u in sqlite_services.accounts.list_users() if u.role == Role.CARE_STAFF)
    dialog = UserDialog(sqlite_services, staff, page)
    qtbot.addWidget(dialog)
    assert dialog.username.isReadOnly()
    dialog.role.setCurrentIndex(dialog.role.findData(Role.MANAGER.value))
    dialog.secret.setText("9753")
    assert dialog.submit()
    assert sqlite_services.accounts.sign_in("sam", "9753").role == Role.MANAGER


def test_settings_saved_from_the_form(page: AdminPage, sqlite_services: Services) -> None:
    spin = page.setting_widgets[IDLE_LOCK_MINUTES.key]
    assert isinstance(spin, QSpinBox) and spin.value() == 5
    spin.setValue(2)
    check = page.setting_widgets["terminal.quick_report_for_care_staff"]
    assert isinstance(check, QCheckBox) and check.isChecked()
    assert page.save_settings()
    assert sqlite_services.settings.get(IDLE_LOCK_MINUTES) == 2
    assert "saved" in page.settings_status.text()


def test_check_and_backup_buttons(qtbot, page: AdminPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.run_check()
    assert not page.check_button.isEnabled()  # runs on the task runner, the window stays responsive
    qtbot.waitUntil(lambda: page.check_button.isEnabled(), timeout=5000)
    assert page.db_status.text().startswith("No problems found. Audit seal: CL-SEAL ")
    page.grab().save(str(tmp_path / "admin-check.png"))
    out = tmp_path / "manual.carelog-backup"
    page.backup_to(out)
    qtbot.waitUntil(lambda: page.backup_button.isEnabled(), timeout=5000)
    assert out.exists() and "Backup written" in page.db_status.text()
    # a database from before encrypted backups had no key: it was made now, and its recovery key is shown once
    dialog = page.recovery_key_dialog
    assert dialog is not None
    assert dialog.isVisible() and len(dialog.key_label.text().split()) == 14
    dialog.grab().save(str(tmp_path / "recovery.png"))
    dialog.confirm.setChecked(True)
    dialog.accept()
    page.recovery_key_dialog = None
    page.backup_to(tmp_path / "second.carelog-backup")
    qtbot.waitUntil(lambda: page.backup_button.isEnabled(), timeout=5000)
    assert page.recovery_key_dialog is None  # the key exists now: nothing new to show


def test_page_is_empty_for_non_admins(page: AdminPage, sqlite_services: Services) -> None:
    _sign_in_as(sqlite_services, Role.MANAGER)
    page.refresh()
    assert page.model.rowCount() == 0


def test_repeated_pauses_are_shown(qtbot, sqlite_services: Services, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta

    from carelog.core.errors import PermissionDenied

    _team(sqlite_services)
    now = [datetime(2026, 6, 1, 9, 0)]
    sqlite_services.ctx.clock = lambda: now[0]
    sqlite_services.accounts.sign_out()
    for _ in range(2):
        for _ in range(5):
            with pytest.raises(PermissionDenied):
                sqlite_services.accounts.sign_in("sam", "1111")
        now[0] += timedelta(minutes=20)
    _sign_in_as(sqlite_services, Role.ADMIN)
    page = AdminPage(sqlite_services, AppEvents(), runner)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    assert page.lockouts_label.isVisible()
    assert "Sam Okafor (sam): 2 times" in page.lockouts_label.text()
    page.grab().save(str(tmp_path / "admin-lockouts.png"))
