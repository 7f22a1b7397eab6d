"""The Home tab as a manager uses it: each section lists its planted item, Enter opens what it names (by signal;
a complaint opens in its editor on the Complaints & safeguarding tab), Triage… saves a triage from the Home tab, the
summary has the services side by side; the incident record has a Triage… button for managers only; Home is the
first tab for managers and hidden from care staff."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from carelog.core.attention import ItemKind, Section
from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.core.triage import CheckAnswer, TriageDecision
from carelog.services.registry import Services
from carelog.ui.dialogs.incident_dialog import IncidentDialog
from carelog.ui.dialogs.triage_dialog import TriageDialog
from carelog.ui.events import AppEvents
from carelog.ui.pages.home_page import HomePage
from carelog.ui.session_guard import visible_pages
from tests.conftest import Home
from tests.services.plant_attention import Planted, plant

pytestmark = pytest.mark.usefixtures("sqlite_staff")


@pytest.fixture
def planted(sqlite_services: Services, sqlite_home: Home) -> Planted:
    return plant(sqlite_services, sqlite_home)


@pytest.fixture
def page(qtbot, sqlite_services: Services, planted: Planted, runner) -> HomePage:  # type: ignore[no-untyped-def]
    p = HomePage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(p)
    p.resize(1400, 900)
    with qtbot.waitSignal(p.refreshed, timeout=10000):
        p.show()
    return p


def _kinds(page: HomePage, section: Section) -> list[tuple[ItemKind, int | None]]:
    model = page.lists[section].model_
    return [(i.kind, i.target_id) for i in model.rows()]


def test_sections_list_the_planted_items(page: HomePage, planted: Planted, qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    notes = _kinds(page, Section.NOTIFICATIONS)
    assert notes[0] == (ItemKind.NOTIFICATION_OVERDUE, planted.death)
    assert (ItemKind.NOTIFICATION_LATE, planted.late_cqc) in notes and len(notes) == 4
    assert _kinds(page, Section.TRIAGE) == [(ItemKind.TRIAGE, planted.death), (ItemKind.TRIAGE, planted.new_fall)]
    assert _kinds(page, Section.REVIEWS) == [(ItemKind.REVIEW_OVERDUE, planted.review_id)]
    assert [k for k, _ in _kinds(page, Section.ACTIONS)] == [ItemKind.ACTION_NOT_EFFECTIVE, ItemKind.ACTION_OVERDUE]
    assert _kinds(page, Section.RECORDS) == [(ItemKind.COMPLAINT_STEP, planted.complaint)] * 2
    records = page.lists[Section.RECORDS].model_
    ack = records.index(0, 0)
    assert ack.data() == f"4 days overdue: Acknowledge the complaint (Complaint C-{planted.complaint}, INC-2026-0003)"
    assert ack.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "overdue"  # shown in red
    assert records.index(1, 0).data(Qt.ItemDataRole.AccessibleDescriptionRole) == ""
    assert page.boxes[Section.RECORDS].title() == "Complaints, safeguarding and Duty of Candour (2)"
    assert page.boxes[Section.TRIAGE].title() == "Awaiting triage (2)"
    first = page.lists[Section.TRIAGE].model_.index(0, 0)
    assert "INC-2026-0001 Death, fatal harm:" in first.data() and "CQC" not in first.data()
    assert "triage within 24 hours" in first.data(Qt.ItemDataRole.ToolTipRole)  # the full sentence on hover
    summary = page.summary_model
    assert summary.rowCount() == 6 and [summary.headerData(c, Qt.Orientation.Horizontal) for c in (1, 2)] == [
        "Birch Court",
        "Oak House",
    ]
    falls = summary.index(0, 2)
    assert falls.data().startswith("1 this month · 1 last") and "Falls at Oak House" in falls.data(
        Qt.ItemDataRole.ToolTipRole
    )
    qtmodeltester.check(page.lists[Section.NOTIFICATIONS].model_)
    qtmodeltester.check(summary)
    assert page.grab().save(str(tmp_path / "home.png"))


def test_enter_and_double_click_ask_for_what_the_item_names(page: HomePage, planted: Planted, qtbot) -> None:  # type: ignore[no-untyped-def]
    triage = page.lists[Section.TRIAGE]
    triage.setFocus()
    triage.setCurrentIndex(triage.model_.index(1, 0))
    with qtbot.waitSignal(page.incident_requested) as opened:
        qtbot.keyClick(triage, Qt.Key.Key_Return)
    assert opened.args == [planted.new_fall]
    reviews = page.lists[Section.REVIEWS]
    with qtbot.waitSignal(page.review_requested) as review:
        reviews.doubleClicked.emit(reviews.model_.index(0, 0))
    assert review.args == [planted.review_id]
    actions = page.lists[Section.ACTIONS]
    with qtbot.waitSignal(page.action_requested) as action:
        actions.doubleClicked.emit(actions.model_.index(0, 0))
    assert action.args == [planted.not_effective_action]


def test_enter_on_a_complaint_opens_it_on_the_concerns_tab(  # type: ignore[no-untyped-def]
    qtbot, sqlite_services: Services, planted: Planted, runner, tmp_path: Path
) -> None:
    from carelog.core.thread_records import RecordKind
    from carelog.ui.dialogs.record_dialog import RecordDialog
    from carelog.ui.qt_app import build_main_window

    parts = build_main_window(sqlite_services, runner)
    window = parts.window
    qtbot.addWidget(window)
    home = window.page("home")
    assert isinstance(home, HomePage)
    with qtbot.waitSignal(home.refreshed, timeout=10000):
        home.refresh()
    records = home.lists[Section.RECORDS]
    records.setFocus()
    records.setCurrentIndex(records.model_.index(0, 0))
    with qtbot.waitSignal(home.record_requested) as asked:
        qtbot.keyClick(records, Qt.Key.Key_Return)
    assert asked.args == [RecordKind.COMPLAINT.value, planted.complaint]
    assert window.current_key() == "concerns"
    concerns = window.page("concerns")
    editor = concerns.editor  # type: ignore[attr-defined]
    assert isinstance(editor, RecordDialog) and editor.isVisible()
    assert editor.windowTitle() == f"Complaint C-{planted.complaint}"
    assert concerns.tabs.currentWidget() is concerns.lists[RecordKind.COMPLAINT]  # type: ignore[attr-defined]
    assert concerns.lists[RecordKind.COMPLAINT].selected().id == planted.complaint  # type: ignore[attr-defined]
    editor.reject()


def test_acknowledging_the_complaint_refreshes_the_home_tab(  # type: ignore[no-untyped-def]
    qtbot, page: HomePage, planted: Planted, sqlite_services: Services
) -> None:
    from dataclasses import replace
    from datetime import date

    from carelog.core.thread_records import RecordKind

    record = sqlite_services.records.get(RecordKind.COMPLAINT, planted.complaint)
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        sqlite_services.records.update(
            RecordKind.COMPLAINT, planted.complaint, replace(record.data, acknowledged_on=date(2026, 3, 13)),
            record.version,
        )  # fmt: skip
    (left,) = page.lists[Section.RECORDS].model_.rows()
    assert left.title.startswith("Due Wed 08 Apr: Send the response") and not left.overdue


def test_triage_from_the_home_tab_removes_it_from_the_list(  # type: ignore[no-untyped-def]
    page: HomePage, planted: Planted, sqlite_services: Services, qtbot, tmp_path: Path
) -> None:
    triage = page.lists[Section.TRIAGE]
    triage.setCurrentIndex(triage.model_.index(1, 0))
    page.triage_button.click()
    dialog = next(w for w in page.findChildren(TriageDialog))
    qtbot.addWidget(dialog)
    dialog.resize(640, 780)
    dialog.show()
    dialog.save()
    assert "Not saved yet" in dialog.errors.text() and sqlite_services.triage.get(planted.new_fall) is None
    assert dialog.grab().save(str(tmp_path / "triage_errors.png"))
    dialog.care_plan.setCurrentIndex(dialog.care_plan.findData(CheckAnswer.NOT_NEEDED))
    dialog.risk_assessment.setCurrentIndex(dialog.risk_assessment.findData(CheckAnswer.YES))
    dialog.notifications_checked.setChecked(True)
    dialog.decisions[TriageDecision.NO_FURTHER_ACTION].setChecked(True)
    assert not dialog.decisions[TriageDecision.DUTY_OF_CANDOUR].isEnabled()
    dialog.reason.setPlainText("Slid from the chair, no injury; falls plan already covers this.")
    assert dialog.grab().save(str(tmp_path / "triage.png"))
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        saved = dialog.save()
    assert saved is not None and saved.decisions == (TriageDecision.NO_FURTHER_ACTION,)
    assert "This incident has been triaged" in dialog.done_view.text()
    assert _kinds(page, Section.TRIAGE) == [(ItemKind.TRIAGE, planted.death)]


def test_incident_record_has_triage_for_managers_only(qtbot, sqlite_services: Services, planted: Planted) -> None:  # type: ignore[no-untyped-def]
    dialog = IncidentDialog(sqlite_services, planted.new_fall)
    qtbot.addWidget(dialog)
    assert not dialog.triage_button.isHidden() and "Not triaged yet" in dialog.record.toPlainText()
    triaged = IncidentDialog(sqlite_services, planted.late_cqc)
    qtbot.addWidget(triaged)
    assert "Learning response (opens a review)" in triaged.record.toPlainText()
    assert triaged.triage_button.text() == "Triage (done)…"
    triage = dialog.open_triage()
    qtbot.addWidget(triage)
    assert isinstance(triage, TriageDialog) and triage.windowTitle() == "Triage INC-2026-0004"
    sqlite_services.ctx.identity.actor = Actor(7, "Carer Jo", Role.CARE_STAFF)
    sqlite_services.ctx.clock = lambda: datetime(2026, 3, 17, 9, 0)
    own = _report_as_carer(sqlite_services)
    other = IncidentDialog(sqlite_services, own)
    qtbot.addWidget(other)
    assert other.triage_button.isHidden() and "triage" not in other.record.toPlainText().lower()


def _report_as_carer(services: Services) -> int:
    from carelog.core.dto import IncidentInput
    from carelog.core.enums import Kind

    ref = services.incidents.reference_data()
    fall = next(c.id for c in ref.categories if c.name == "Fall")
    data = IncidentInput(kind=Kind.INCIDENT, category_id=fall, occurred_at=datetime(2026, 3, 17, 8, 0),
                         service_id=ref.services[0].id, account="Found sitting on the floor.")  # fmt: skip
    return services.incidents.report(data).id


def test_home_is_first_for_managers_and_hidden_from_care_staff() -> None:
    keys = ["home", "quick", "log", "review", "trends", "actions", "reports", "lists", "admin"]
    manager = visible_pages(Actor(1, "M", Role.MANAGER), True, keys)
    assert manager[0] == "home" and visible_pages(Actor(9, "A", Role.ADMIN), True, keys)[0] == "home"
    assert "home" not in visible_pages(Actor(7, "C", Role.CARE_STAFF), False, keys)
