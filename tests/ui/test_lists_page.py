"""The Lists tab: an administrator adds a location and switches one off; the report form follows."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.services.registry import Services
from carelog.ui.events import AppEvents
from carelog.ui.pages.lists_page import ListsPage
from carelog.ui.widgets.report_panel import ReportPanel
from tests.conftest import Home


def test_add_location_and_switch_one_off(
    qtbot,
    sqlite_services: Services,
    sqlite_home: Home,
    runner,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,
) -> None:
    sqlite_services.ctx.identity.actor = Actor(None, "Admin", Role.ADMIN)
    events = AppEvents().listen_to(sqlite_services.ctx)
    page = ListsPage(sqlite_services, events, runner)
    panel = ReportPanel(sqlite_services, events)
    qtbot.addWidget(page)
    qtbot.addWidget(panel)
    editor = page.services_editor
    oak = next(r for r in range(editor.model.rowCount()) if editor.model.item(r, 0).text() == "Oak House")
    editor.view.setCurrentIndex(editor.model.index(oak, 0))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Hair salon", True))
    editor.add_child_button.click()
    assert "Added Hair salon to Oak House" in editor.message.text()
    oak_item = editor.model.item(oak, 0)
    assert "Hair salon" in [oak_item.child(i).text() for i in range(oak_item.rowCount())]
    panel.form.service.setCurrentIndex(panel.form.service.findData(sqlite_home.service_id))
    assert panel.form.location.findText("Hair salon") >= 0
    lounge = next(i for i in range(oak_item.rowCount()) if oak_item.child(i).text() == "Main lounge")
    editor.view.setCurrentIndex(oak_item.child(lounge).index())
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    editor.toggle_button.click()
    assert "switched off" in editor.message.text()
    assert panel.form.location.findText("Main lounge") < 0
    page.resize(900, 600)
    assert page.grab().save(str(tmp_path / "lists.png"))


def test_care_staff_are_refused_by_the_service(
    qtbot,
    sqlite_services: Services,
    sqlite_home: Home,
    runner,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = ListsPage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(page)
    sqlite_services.ctx.identity.actor = Actor(7, "Carer Jo", Role.CARE_STAFF)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Sneaky service", True))
    page.services_editor.add_button.click()
    assert page.services_editor.message.text().startswith("Not saved:")


def test_words_people_use_are_edited_and_the_report_form_finds_the_category_by_them(
    qtbot,
    sqlite_services: Services,
    sqlite_home: Home,
    runner,  # type: ignore[no-untyped-def]
    tmp_path,
) -> None:
    sqlite_services.ctx.identity.actor = Actor(None, "Admin", Role.ADMIN)
    events = AppEvents().listen_to(sqlite_services.ctx)
    page = ListsPage(sqlite_services, events, runner)
    panel = ReportPanel(sqlite_services, events)
    qtbot.addWidget(page)
    qtbot.addWidget(panel)
    editor = page.categories_editor
    assert editor.synonyms is not None and not editor.synonyms.edit.isEnabled()  # nothing chosen yet
    fall = next(r for r in range(editor.model.rowCount()) if editor.model.item(r, 0).text() == "Fall")
    editor.view.setCurrentIndex(editor.model.index(fall, 0))
    assert "found on floor" in editor.synonyms.edit.text()
    editor.synonyms.edit.setText("fell, tumble,  found on floor")
    editor.synonyms.save_button.click()
    assert editor.message.text() == "Saved 3 word(s) for Fall; the report form finds Fall by them."
    assert editor.model.item(fall, 2).text() == "fell, tumble, found on floor"
    assert editor.selected() is not None and editor.selected()[3].text() == "Fall"  # type: ignore[index]  # kept
    matches = panel.form.category_completer.matches("tumble")
    assert [m.category.name for m in matches] == ["Fall"]
    page.resize(1000, 650)
    assert page.grab().save(str(tmp_path / "lists_words.png"))


def test_occupancy_is_saved_per_service_and_month_and_gives_rates(  # type: ignore[no-untyped-def]
    qtbot, sqlite_services: Services, sqlite_home: Home, runner, tmp_path
) -> None:
    from datetime import date, datetime

    sqlite_services.ctx.identity.actor = Actor(None, "Admin", Role.ADMIN)
    sqlite_services.ctx.clock = lambda: datetime(2026, 3, 16, 9, 0)
    page = ListsPage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(page)
    editor = page.occupancy_editor
    model = editor.model
    oak = next(c for c in range(model.columnCount()) if model.horizontalHeaderItem(c).text() == "Oak House")
    assert model.verticalHeaderItem(1).text() == "February 2026"
    model.item(1, oak).setText("1,120")
    assert "Saved February 2026: 1120" in editor.message.text()
    assert sqlite_services.attention.occupancy() == {(sqlite_home.service_id, date(2026, 2, 1)): 1120}
    model.item(2, oak).setText("lots")
    assert "whole number" in editor.message.text() and len(sqlite_services.attention.occupancy()) == 1
    assert model.item(2, oak).text() == "" and model.item(1, oak).text() == "1120"  # the cell shows what is saved
    page.tabs.setCurrentWidget(editor)
    page.resize(900, 600)
    assert page.grab().save(str(tmp_path / "occupancy.png"))
    model.item(1, oak).setText("")
    assert sqlite_services.attention.occupancy() == {}
