"""The Log tab as a care worker and a manager use it: keyboard entry, validation, search, edit, history, draft."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from carelog.core.dto import IncidentFilter
from carelog.services.registry import Services
from carelog.ui.events import AppEvents
from carelog.ui.pages.log_page import LogPage

pytestmark = pytest.mark.usefixtures("sqlite_home", "sqlite_staff")


@pytest.fixture
def page(qtbot, sqlite_services: Services, runner) -> LogPage:  # type: ignore[no-untyped-def]
    p = LogPage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(p)
    p.resize(1400, 900)
    p.show()
    p.activateWindow()
    qtbot.waitExposed(p)
    return p


def _type_report(qtbot, page: LogPage, text: str) -> None:  # type: ignore[no-untyped-def]
    form = page.report_panel.form
    form.category.setFocus()
    qtbot.keyClicks(form.category, "Fal")
    qtbot.keyClick(form.category, Qt.Key.Key_Tab)
    form.service.setFocus()
    qtbot.keyClicks(form.service, "Oak")
    form.account.setFocus()
    qtbot.keyClicks(form.account, text)


def test_report_by_keyboard_then_find_it_by_search(qtbot, page: LogPage, sqlite_services: Services) -> None:  # type: ignore[no-untyped-def]
    _type_report(qtbot, page, "Found sitting beside the wardrobe, no injury seen")
    qtbot.keyClick(page.report_panel.form.account, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert sqlite_services.incidents.count(IncidentFilter()) == 1
    saved = sqlite_services.incidents.list(IncidentFilter())[0]
    assert (saved.category, saved.service) == ("Fall", "Oak House")
    assert "Saved as INC-" in page.report_panel.form.status_label.text()
    assert page.report_panel.form.account.toPlainText() == ""  # ready for the next report
    assert page.model.rowCount() == 1
    qtbot.keyClicks(page.filter_bar.search, "wardrob")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.filter_bar.current_filter().text == "wardrob")
    page.filter_bar.search.setText("nothing-like-this")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.count_label.text() == "0 incidents"


def test_ctrl_f_goes_to_search_and_ctrl_n_to_the_first_field_of_the_report(qtbot, page: LogPage) -> None:  # type: ignore[no-untyped-def]
    page.report_panel.form.account.setFocus()
    qtbot.keyClick(page.report_panel.form.account, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.filter_bar.search.hasFocus())
    qtbot.keyClick(page.filter_bar.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.report_panel.form.kind.hasFocus())


def test_missing_essentials_show_messages_next_to_fields_and_save_nothing(
    qtbot,
    page: LogPage,
    sqlite_services: Services,  # type: ignore[no-untyped-def]
) -> None:
    form = page.report_panel.form
    form.account.setFocus()
    qtbot.keyClicks(form.account, "fell")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.error_text("category_id") == "Choose a category."
    assert "at least 10 characters" in form.error_text("account")
    assert form.error_text("service_id") == ""
    assert sqlite_services.incidents.count(IncidentFilter()) == 0
    assert form.account.toPlainText() == "fell"  # nothing typed is lost


def test_edit_from_the_record_dialog_is_audited(qtbot, page: LogPage, sqlite_services: Services, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    _type_report(qtbot, page, "Found on the floor of the lounge after a loud bang")
    page.report_panel.submit()
    incident_id = page.model.row_object(0).id
    dialog = page.open_incident(incident_id)
    qtbot.addWidget(dialog)
    assert "Found on the floor of the lounge" in dialog.record.toPlainText()
    dialog.form.witnesses.setText("")
    qtbot.keyClicks(dialog.form.witnesses, "Sam Whitaker")
    dialog.form.submitted.emit()
    history = dialog.audit_model
    fields = [history.row_object(r).field for r in range(history.rowCount())]
    assert fields == ["reference", "witnesses"]
    assert history.row_object(1).new_value == "Sam Whitaker"
    assert history.data(history.index(1, 3)) == "Witnesses"
    assert sqlite_services.incidents.get(incident_id).data.witnesses == "Sam Whitaker"
    qtmodeltester.check(history)
    qtmodeltester.check(page.model)


def test_interrupted_report_comes_back_as_a_draft(qtbot, sqlite_services: Services, runner) -> None:  # type: ignore[no-untyped-def]
    first = LogPage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(first)
    first.report_panel.form.account.setPlainText("Half-written account of a fall in the dining room")
    qtbot.waitUntil(lambda: sqlite_services.drafts.load() is not None, timeout=5000)
    first.close()
    again = LogPage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(again)
    form = again.report_panel.form
    assert form.account.toPlainText() == "Half-written account of a fall in the dining room"
    assert form.banner.isVisibleTo(again) and "brought back" in form.banner.text()
    form.discard_draft_button.click()
    assert sqlite_services.drafts.load() is None and form.account.toPlainText() == ""


def test_sorting_by_header_is_done_in_sql(qtbot, page: LogPage, sqlite_services: Services) -> None:  # type: ignore[no-untyped-def]
    for text in ("First fall near the window seat", "Second fall by the fire door"):
        _type_report(qtbot, page, text)
        page.report_panel.submit()
    page.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: page.model.row_object(0).reference.endswith("0001"))
    page.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: page.model.row_object(0).reference.endswith("0002"))


def test_page_renders(qtbot, page: LogPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "log.png"
    assert page.grab().save(str(out))
    assert out.stat().st_size > 10_000


@pytest.mark.any_date
def test_deadlines_dialog_lists_what_is_overdue(qtbot, page: LogPage, sqlite_services: Services) -> None:  # type: ignore[no-untyped-def]
    form = page.report_panel.form
    _type_report(qtbot, page, "Found on the floor, hip pain, taken to hospital by ambulance")
    form.physical_harm.setCurrentIndex(form.physical_harm.findData("severe"))
    form.occurred_at.set_value(sqlite_services.ctx.clock() - timedelta(days=2))
    assert page.report_panel.submit() is not None
    dialog = page.open_deadlines()
    qtbot.addWidget(dialog)
    rows = [dialog.model.row_object(r) for r in range(dialog.model.rowCount())]
    assert [(r.requirement.notification.value, r.state.value) for r in rows] == [
        ("cqc", "overdue"),
        ("duty_of_candour", "due"),
    ]
    assert "1</b> overdue" in dialog.summary.text()


def test_a_long_list_shows_the_first_ones_in_its_order_and_says_there_are_more(  # type: ignore[no-untyped-def]
    qtbot, page: LogPage, sqlite_services: Services, monkeypatch
) -> None:
    for text in ("First fall in the lounge", "Second fall in the lounge", "Third fall in the lounge"):
        _type_report(qtbot, page, text)
        qtbot.keyClick(page.report_panel.form.account, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    monkeypatch.setattr("carelog.ui.pages.log_page.LIST_LIMIT", 2)
    page.refresh()
    newest = sqlite_services.incidents.list_ids(IncidentFilter())[:2]
    assert [page.model.row_object(r).id for r in range(page.model.rowCount())] == newest  # type: ignore[union-attr]
    assert page.count_label.text().startswith("Showing the first 2 incidents in this order (there are more)")
    page.filter_bar.search.setText("Second")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.count_label.text() == "1 incident"
