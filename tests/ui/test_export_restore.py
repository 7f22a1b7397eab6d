"""Export from the Log list and restore from the Admin tab, without the command line (issue 17)."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from carelog.core import passwords
from carelog.core.dto import IncidentFilter
from carelog.core.enums import Role
from carelog.db.models import AuditRow
from carelog.services.registry import Services
from carelog.ui.dialogs.export_dialog import ExportDialog
from carelog.ui.dialogs.restore_dialog import RestoreDialog
from carelog.ui.events import AppEvents
from carelog.ui.pages.admin_page import AdminPage
from carelog.ui.pages.log_page import LogPage
from tests.conftest import Home
from tests.services.test_accounts import _incident, _team

ACCOUNT = "Edith Marsh was found on the lounge floor beside the armchair, no visible injury."


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    passwords.use_fast_parameters_for_tests()


@pytest.fixture
def admin(sqlite_services: Services, sqlite_home: Home) -> Services:
    """An administrator signed in, three incidents in Oak House and one in Birch Court."""
    _team(sqlite_services)
    sqlite_services.ctx.identity.actor = sqlite_services.accounts.sign_in("admin", "2580")
    base = replace(_incident(sqlite_home, sqlite_services), account=ACCOUNT, person_ids=(sqlite_home.person_ids[0],))
    for _ in range(3):
        sqlite_services.incidents.report(base)
    birch = sqlite_services.incidents.reference_data()
    dining = next(loc for loc in birch.locations if loc.service_id == sqlite_home.other_service_id)
    sqlite_services.incidents.report(replace(base, service_id=sqlite_home.other_service_id, location_id=dining.id))
    return sqlite_services


def _audit_details(services: Services, entity: str) -> list[str]:
    with services.ctx.unit() as session:
        return [r.new_value for r in session.scalars(select(AuditRow).where(AuditRow.entity == entity))]


# ------------------------------------------------------------------------------------------ export
def test_export_writes_what_the_list_shows_with_ids_only_by_default(
    qtbot, admin: Services, sqlite_home: Home, runner, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = LogPage(admin, AppEvents().listen_to(admin.ctx), runner)
    qtbot.addWidget(page)
    assert page.export_button.isVisibleTo(page)
    page.filter_bar.apply(IncidentFilter(service_id=sqlite_home.service_id))
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    dialog = page.open_export()  # owned by the page
    assert "the 3 incidents that match the list's filter" in dialog.intro.text()
    out = tmp_path / "oak.csv"
    dialog.path_edit.setText(str(out))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None)
    assert dialog.written == 3 and f"Exported 3 incidents to {out}" in dialog.status.text()
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["service"] for r in rows} == {"Oak House"} and len(rows) == 3
    assert "person_name" not in rows[0]
    assert all(r["person"] == "OH-014" and "Edith" not in r["description"] for r in rows)
    assert any("3 incidents" in d and "(filtered)" in d and "ID codes" in d for d in _audit_details(admin, "export"))


def test_export_with_names_as_a_workbook_warns_and_is_audited(qtbot, admin: Services, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(admin, runner, IncidentFilter(), 4)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.xlsx_radio.setChecked(True)
    assert dialog.path_edit.text().endswith(".xlsx")
    dialog.pseudonymise.setChecked(False)
    assert dialog.names_warning.isVisible()
    out = tmp_path / "all"
    dialog.path_edit.setText(str(out))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None)
    written = tmp_path / "all.xlsx"
    ws = load_workbook(written, read_only=True)["Incidents"]
    header, *rows = list(ws.values)
    names = dict(zip(header, rows[0], strict=True))
    assert len(rows) == 4 and names["person_name"] == "Edith Marsh" and names["description"].startswith("Edith")
    assert any("WITH NAMES" in d for d in _audit_details(admin, "export"))


def test_export_to_a_missing_folder_says_what_to_fix_and_writes_nothing(
    qtbot, admin: Services, runner, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(admin, runner, IncidentFilter(), 4)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "no-such-folder" / "x.csv"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "Nothing was exported" in dialog.status.text())
    assert "does not exist" in dialog.status.text() and dialog.written is None
    assert not (tmp_path / "no-such-folder").exists()


def test_care_staff_see_no_export(qtbot, admin: Services, runner) -> None:  # type: ignore[no-untyped-def]
    admin.ctx.identity.actor = admin.accounts.sign_in("sam", "8642")
    page = LogPage(admin, AppEvents().listen_to(admin.ctx), runner)
    qtbot.addWidget(page)
    assert not page.export_button.isVisibleTo(page)


# ------------------------------------------------------------------------------------------ restore
def _count(services: Services) -> int:
    return len(services.incidents.list_ids(IncidentFilter()))


def test_restore_shows_what_the_backup_holds_then_replaces_and_signs_everyone_out(
    qtbot, admin: Services, sqlite_home: Home, runner, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "b.carelog-backup"
    admin.backup.backup_to(backup)
    admin.incidents.report(_incident(sqlite_home, admin))  # recorded after the backup: gone after the restore
    assert _count(admin) == 5
    page = AdminPage(admin, AppEvents().listen_to(admin.ctx), runner)
    qtbot.addWidget(page)
    reasons: list[str] = []
    page.lock_requested.connect(reasons.append)
    dialog = page.open_restore()
    dialog.choose(backup)
    qtbot.waitUntil(lambda: dialog.manifest is not None)
    assert "4 incidents" in dialog.holds.text() and "3 staff accounts" in dialog.holds.text()
    assert not dialog.restore_button.isEnabled()  # not before the person confirms
    dialog.confirm.setChecked(True)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=15000)
    assert _count(admin) == 4
    kept = dialog.outcome.previous_copy
    assert kept is not None and kept.exists() and str(kept) in dialog.status.text()
    assert reasons == []  # the result stays readable until the dialog is closed
    dialog.close_button.click()
    assert len(reasons) == 1 and "restored" in reasons[0] and "Sign in again" in reasons[0]
    report = admin.integrity.check()
    assert report.ok, report.lines()


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(
    qtbot, admin: Services, runner, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / "notes.carelog-backup"
    bogus.write_text("shopping list")
    dialog = RestoreDialog(admin, runner)
    qtbot.addWidget(dialog)
    dialog.choose(bogus)
    assert "cannot be restored" in dialog.status.text()
    assert dialog.manifest is None and not dialog.restore_button.isEnabled()
    assert _count(admin) == 4


def test_a_backup_from_another_computer_asks_for_its_recovery_key(
    qtbot, admin: Services, runner, tmp_path: Path, keyring_store: dict[tuple[str, str], str]
) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "b.carelog-backup"
    made = admin.backup.backup_to(backup)
    assert made.new_key is not None  # the first backup made the key and showed its recovery key
    recovery = made.new_key.recovery_key
    keyring_store.clear()  # another computer
    dialog = RestoreDialog(admin, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose(backup)
    assert dialog.key_edit.isVisible() and "recovery key" in dialog.status.text()
    dialog.key_edit.setText("AAAA-BBBB")
    dialog.check()
    qtbot.waitUntil(lambda: "cannot be restored" in dialog.status.text())
    assert dialog.manifest is None
    dialog.key_edit.setText(recovery.lower())
    dialog.check()
    qtbot.waitUntil(lambda: dialog.manifest is not None)
    assert "4 incidents" in dialog.holds.text()


def test_a_manager_cannot_open_a_backup(admin: Services, tmp_path: Path) -> None:
    from carelog.core.errors import PermissionDenied

    backup = tmp_path / "b.carelog-backup"
    admin.backup.backup_to(backup)
    admin.ctx.identity.actor = admin.accounts.sign_in("priya", "1357")
    assert admin.ctx.actor.role is Role.MANAGER
    with pytest.raises(PermissionDenied):
        admin.backup.inspect(backup)
