"""The import wizard driven as an administrator would, page by page, and rendered (PNG per page)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from carelog.core.dto import Actor, IncidentFilter
from carelog.core.enums import Role
from carelog.core.import_mapping import CREATE
from carelog.services.registry import Services
from carelog.ui.events import AppEvents
from carelog.ui.import_wizard import ImportWizard
from carelog.ui.pages.lists_page import ListsPage
from tests.conftest import Home

SHOTS = Path("/tmp/import_png")


def _shot(wizard: ImportWizard, name: str, tmp_path: Path) -> None:
    target = SHOTS if SHOTS.is_dir() else tmp_path
    assert wizard.grab().save(str(target / f"wizard_{name}.png"))


def _log(services: Services, tmp_path: Path, bad: bool = False) -> Path:
    now = services.ctx.clock()
    days = [(now - timedelta(days=d)).strftime("%d/%m/%Y") for d in (30, 20, 10)]
    lines = [
        "Date,Time,Home,Room,Type,Category,Severity,What happened,Staff notes",
        f"{days[0]},14:20,Oak House,Main lounge,Incident,Falls,No harm,Found on the floor by the café table,Obs done",
        f"{days[1]},09:05,Oak House,,Near miss,Medication error,none,Wrong pot spotted before giving,Pharmacy told",
        f"{days[2]},22:40,Elm Lodge,Conservatory,Incident,Tumble,Low harm,Slid off the chair onto the rug,Checked",
    ]
    if bad:
        lines.append("31/02/2026,25:00,Oak House,,Incident,Fall,purple,Short,")
    path = tmp_path / "log.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return path


@pytest.fixture
def admin(sqlite_services: Services, sqlite_home: Home) -> Services:
    sqlite_services.ctx.identity.actor = Actor(None, "Admin", Role.ADMIN)
    return sqlite_services


def test_wizard_end_to_end_then_undo(
    qtbot,
    admin: Services,
    runner,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    page = ListsPage(admin, AppEvents().listen_to(admin.ctx), runner)
    qtbot.addWidget(page)
    wizard = page.open_import_wizard()
    _shot(wizard, "1_empty", tmp_path)
    files = wizard.file_page
    assert files.load(str(_log(admin, tmp_path)))
    assert not files.isComplete() and files.encoding_ok.isVisibleTo(wizard)
    assert "It would read: café" in files.encoding_note.text()
    files.encoding_ok.setChecked(True)
    assert files.isComplete()
    _shot(wizard, "1_file", tmp_path)

    wizard.next()
    columns = wizard.columns_page
    assert wizard.currentPage() is columns
    assert {h: c.currentData() for h, c in columns.combos.items()} == {
        "Date": "date", "Time": "time", "Home": "service", "Room": "location", "Type": "kind",
        "Category": "category", "Severity": "harm", "What happened": "description", "Staff notes": "",
    }  # fmt: skip
    columns.choose("Staff notes", "immediate_action")
    assert columns.isComplete()
    _shot(wizard, "2_columns", tmp_path)

    wizard.next()
    values = wizard.values_page
    asked = {(q.field, q.raw) for q in values.questions}
    assert asked == {("service", "Elm Lodge"), ("category", "Tumble")}  # Falls, Medication error, No harm: known
    values.choose("service", "Elm Lodge", CREATE)
    values.choose("category", "Tumble", "Fall")
    _shot(wizard, "3_values", tmp_path)
    map_file = tmp_path / "MAP.json"
    assert columns.save_map(str(map_file))
    saved = json.loads(map_file.read_text(encoding="utf-8"))
    assert saved["columns"]["Staff notes"] == "immediate_action"
    assert saved["values"] == {"service": {"Elm Lodge": CREATE}, "category": {"Tumble": "Fall"}}

    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: wizard.state.plan is not None, timeout=10000)
    assert preview.isComplete() and preview.problems.rowCount() == 0
    assert "3 incidents are ready to import" in preview.summary.text()
    assert "It will also add: Elm Lodge, Conservatory (Elm Lodge)" in preview.summary.text()
    _shot(wizard, "4_preview", tmp_path)
    assert admin.incidents.count(IncidentFilter()) == 0  # nothing written before the import step

    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=10000)
    assert wizard.run_page.progress.value() == 100
    result = wizard.result_page
    assert "3 incidents imported" in result.summary.text() and "import batch 1" in result.summary.text()
    assert admin.incidents.count(IncidentFilter()) == 3
    rows = admin.incidents.list(IncidentFilter(descending=False))
    assert [r.category for r in rows] == ["Fall", "Medication", "Fall"]
    assert admin.incidents.get(rows[0].id).data.account == "Found on the floor by the café table"
    _shot(wizard, "5_result", tmp_path)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    result.undo_button.click()
    assert "were removed" in result.undo_message.text()
    assert admin.incidents.count(IncidentFilter()) == 0
    _shot(wizard, "6_undone", tmp_path)


def test_wizard_preview_lists_every_problem_and_blocks_the_import(
    qtbot,
    admin: Services,
    runner,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    wizard = ImportWizard(admin, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.file_page.load(str(_log(admin, tmp_path, bad=True)))
    wizard.file_page.encoding_ok.setChecked(True)
    wizard.next()
    wizard.next()
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: wizard.state.plan is not None, timeout=10000)
    problems = preview.problems.stringList()
    assert not preview.isComplete()
    assert any(p.startswith("line 4, column Home: 'Elm Lodge' is not a service") for p in problems)
    assert any(p.startswith("line 4, column Category: 'Tumble' is not a category") for p in problems)
    assert any(p.startswith("line 5, column Date:") for p in problems)
    assert any(p.startswith("line 5, column Severity: 'purple' is not a harm level") for p in problems)
    assert "nothing will be imported until they are fixed" in preview.summary.text()
    _shot(wizard, "4_preview_problems", tmp_path)


def test_wizard_cancel_writes_nothing(
    qtbot,
    admin: Services,
    runner,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    wizard = ImportWizard(admin, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.load(str(_log(admin, tmp_path)))
    wizard.file_page.encoding_ok.setChecked(True)
    wizard.next()
    wizard.next()
    wizard.values_page.choose("service", "Elm Lodge", CREATE)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.state.plan is not None, timeout=10000)
    wizard.next()  # the import is queued; cancel before it runs
    wizard.run_page.cancel_button.click()
    qtbot.waitUntil(lambda: "Cancelled" in wizard.run_page.status.text(), timeout=10000)
    assert admin.incidents.count(IncidentFilter()) == 0
    assert wizard.currentPage() is wizard.run_page
    _shot(wizard, "5_cancelled", tmp_path)


def test_wizard_picks_the_sheet_of_a_workbook(
    qtbot,
    admin: Services,
    runner,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook

    now = admin.ctx.clock()
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["Fictional demo incident log"])
    log = wb.create_sheet("Log")
    log.append(["Date", "Time", "Home", "Room", "Type", "Category", "Severity", "What happened"])
    for days in (30, 20):
        when = now - timedelta(days=days)
        log.append([when.date(), when.time().replace(hour=10, minute=15, second=0, microsecond=0), "Oak House",
                    None, "Incident", "Falls", "No harm", "Found on the floor by the window"])  # fmt: skip
    book = tmp_path / "log.xlsx"
    wb.save(book)
    wizard = ImportWizard(admin, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    files = wizard.file_page
    assert files.load(str(book))
    assert files.sheet.isVisibleTo(wizard) and files.sheet.currentText() == "Cover"
    assert not files.encoding_ok.isVisibleTo(wizard)
    files.sheet.setCurrentText("Log")
    files.sheet.activated.emit(files.sheet.currentIndex())
    assert "2 rows found in sheet 'Log', with 8 columns" in files.message.text()
    _shot(wizard, "1_sheet", tmp_path)
    wizard.next()
    wizard.next()
    assert wizard.values_page.questions == []
    wizard.next()
    qtbot.waitUntil(lambda: wizard.state.plan is not None, timeout=10000)
    assert "2 incidents are ready to import" in wizard.preview_page.summary.text()
