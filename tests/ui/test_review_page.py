"""The Review tab end to end: open a thematic review from a suggested grouping, tick factors with notes, 5 whys,
findings, who took part, sign off (refused for care staff), learning shared, case study; incident status and audit."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from carelog.core.dto import Actor, IncidentInput
from carelog.core.enums import Kind, PhysicalHarm, Role, Status
from carelog.core.factors import SeipsHeading
from carelog.core.review_dto import ParticipantInput, ParticipantKind, ReviewStatus
from carelog.services.registry import Services
from carelog.ui.dialogs.review_case_study_dialog import ReviewCaseStudyDialog, case_study_html
from carelog.ui.dialogs.review_new_dialog import ReviewNewDialog
from carelog.ui.dialogs.review_shared_dialog import ReviewSharedDialog
from carelog.ui.events import AppEvents
from carelog.ui.pages.review_page import ReviewPage
from tests.conftest import Home

NOW = datetime(2026, 4, 20, 10, 0)
MANAGER = Actor(1, "Test Manager", Role.MANAGER)
CARER = Actor(7, "Carer Jo", Role.CARE_STAFF)


def _falls(services: Services, home: Home) -> list[int]:
    services.ctx.clock = lambda: NOW
    fall = next(c for c in services.incidents.reference_data().categories if c.name == "Fall")
    ids = []
    for day in (3, 10, 17):
        data = IncidentInput(
            kind=Kind.INCIDENT,
            category_id=fall.id,
            occurred_at=datetime(2026, 4, day, 15, 30),
            service_id=home.service_id,
            location_id=home.lounge_id,
            account="Found on the floor by the armchair in the lounge.",
            person_ids=(home.person_ids[0],),
            physical_harm=PhysicalHarm.LOW,
        )
        ids.append(services.incidents.report(data).id)
    return ids


@pytest.fixture
def page(qtbot, sqlite_services: Services, sqlite_home: Home, sqlite_staff: None, runner) -> ReviewPage:  # type: ignore[no-untyped-def]
    _falls(sqlite_services, sqlite_home)
    events = AppEvents().listen_to(sqlite_services.ctx)
    p = ReviewPage(sqlite_services, events, runner)
    qtbot.addWidget(p)
    p.resize(1400, 820)
    return p


def test_review_end_to_end(
    qtbot,
    page: ReviewPage,
    sqlite_services: Services,
    qtmodeltester,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,
) -> None:
    services = sqlite_services
    # suggested grouping: the three lounge falls
    assert page.groupings_model.rowCount() >= 1
    group = page.groupings_model.row_object(0)
    assert group is not None and group.size == 3
    page.groupings.selectRow(0)
    with qtbot.waitSignal(page.review_opened):
        page.thematic_button.click()
    ws = page.workspace
    assert ws.review is not None and ws.review.incidents and len(ws.review.incidents) == 3
    assert page.model.rowCount() == 1
    assert all(i.status == Status.UNDER_REVIEW for i in ws.review.incidents)
    assert page.groupings_model.rowCount() == 0  # reviewed incidents are no longer suggested

    # contributing factors with notes, fishbone follows
    ws.factors.set_checked("env.layout", True, "Armchairs moved for the activity")
    ws.factors.set_checked("org.staffing", True, "One carer for lounge and dining room")
    assert ws.fishbone.factor_count(SeipsHeading.INTERNAL_ENVIRONMENT) == 1
    assert ws.fishbone.factor_count(SeipsHeading.ORGANISATION) == 1
    ws.problem.setText("Residents fall in the lounge in the afternoon")
    ws.whys[0].setText("Nobody was in the lounge")
    ws.whys[1].setText("Staff were serving teas in the dining room")
    ws.went_well.setPlainText("First aid given quickly; family told the same day.")
    ws.learning.setPlainText("Keep one carer in the lounge at tea time\nMove chairs back after activities")
    ws.participants.add_row(ParticipantInput("Sam Okafor", ParticipantKind.STAFF, "Carer"))
    ws.participants.add_row(ParticipantInput("OH-014's son", ParticipantKind.FAMILY, "Son"))
    assert ws.has_unsaved_changes()
    ws.save_button.click()
    assert ws.message.text().startswith("Saved"), ws.message.text()
    assert not ws.has_unsaved_changes()

    # sign-off without findings: told what to fix, nothing lost
    ws.sign_off()
    assert "Findings" in ws.message.text()
    ws.findings.setPlainText("The lounge is unobserved between 15:00 and 16:00.")

    # care staff are refused by the service layer (the button is not hidden from them here on purpose)
    services.ctx.identity.actor = CARER
    ws.signoff_button.click()
    assert ws.message.text() == "Not saved: Care staff accounts cannot review. Ask a manager or administrator."
    services.ctx.identity.actor = MANAGER
    ws.save_button.click()
    services.ctx.identity.actor = CARER
    ws.signoff_button.click()
    assert ws.message.text().startswith("Not signed off: Care staff accounts cannot sign off review")
    services.ctx.identity.actor = MANAGER
    assert services.reviews.get(ws.review.id).status == ReviewStatus.OPEN
    ws.findings.setPlainText("The lounge is unobserved between 15:00 and 16:00 while teas are served.")
    ws.signoff_button.click()  # saves the pending findings first, then signs off
    review = ws.review
    assert review.status == ReviewStatus.SIGNED_OFF and review.signed_off_by == "Test Manager"
    assert review.findings.endswith("while teas are served.")
    assert [i.status for i in review.incidents] == [Status.CLOSED] * 3  # no actions planned
    assert not ws.save_button.isEnabled()

    # learning shared (after sign-off)
    def fill_and_save(dialog: ReviewSharedDialog) -> int:
        dialog.point.setCurrentIndex(1)
        dialog.set_confirmed(["Sam Okafor", "Jo Lewis"])
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(ReviewSharedDialog, "exec", fill_and_save)
    ws.tabs.setCurrentIndex(5)
    ws.share_button.click()
    assert ws.shared_model.rowCount() == 1
    shared = ws.shared_model.row_object(0)
    assert shared is not None and shared.confirmed_by == ("Sam Okafor", "Jo Lewis")
    assert shared.learning_point == "Move chairs back after activities"

    # case study, four parts, read-only view
    ws.case_parts["context"].setPlainText("Three falls in the lounge in April.")
    ws.case_parts["learning_process"].setPlainText("Thematic review with the team and a family member.")
    ws.case_parts["improvement_actions"].setPlainText("A carer stays in the lounge at tea time.")
    ws.case_parts["outcome"].setPlainText("No lounge falls in May.")
    ws.case_save_button.click()
    assert ws.message.text() == "Case study saved."
    dialog = ReviewCaseStudyDialog(ws.review)
    qtbot.addWidget(dialog)
    text = dialog.view.toPlainText()
    assert "No lounge falls in May." in text and "How we learned" in text

    # audit rows: review and its incidents
    detail = services.reviews.get(ws.review.id)
    fields = {(a.action, a.field) for a in detail.audit}
    assert {
        ("create", "title"),
        ("create", "factor.env.layout"),
        ("update", "findings"),
        ("status", "status"),
        ("update", "case_study.outcome"),
    } <= fields
    assert any(f.startswith("learning_shared.") for _, f in fields)
    assert ("denied", "sign_off_review") in fields
    incident = services.incidents.get(review.incidents[0].id)
    changes = [(a.old_value, a.new_value) for a in incident.audit if a.action == "status"]
    assert changes == [("Reported", "Under review"), ("Under review", "Closed")]

    for model in (page.model, page.groupings_model, ws.shared_model):
        qtmodeltester.check(model)
    page.show()
    ws.tabs.setCurrentIndex(1)
    assert page.grab().save(str(tmp_path / "review.png"))


def test_ctrl_s_saves_the_open_review(qtbot, page: ReviewPage, sqlite_services: Services) -> None:  # type: ignore[no-untyped-def]
    page.show()
    page.groupings.selectRow(0)
    with qtbot.waitSignal(page.review_opened):
        page.thematic_button.click()
    ws = page.workspace
    assert ws.review is not None
    ws.tabs.setCurrentIndex(2)  # 5 whys, where the problem is written
    with qtbot.waitActive(page):
        page.activateWindow()
    ws.problem.setFocus()
    problem = "Residents fall in the lounge in the afternoon"
    ws.problem.setText(problem)
    assert ws.has_unsaved_changes()
    qtbot.keyClick(ws.problem, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert ws.message.text().startswith("Saved"), ws.message.text()
    assert sqlite_services.reviews.get(ws.review.id).problem_statement == problem
    assert not ws.has_unsaved_changes()


def test_new_review_dialog_and_thematic_request(
    qtbot,
    page: ReviewPage,
    sqlite_services: Services,  # type: ignore[no-untyped-def]
    qtmodeltester,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = ReviewNewDialog(sqlite_services)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    dialog.search.setText("INC-2026-0002")
    dialog.run_search()
    assert dialog.model.rowCount() == 1
    dialog.create_review()
    assert "Choose at least one incident" in dialog.message.text()
    dialog.model.toggle(0)
    assert dialog.title.text() == "Fall: INC-2026-0002"
    dialog.create_review()
    assert dialog.created is not None and dialog.created.response_type.label == "After action review"

    assert page.start_thematic_review([], "Nothing") is None
    assert "Choose at least one incident" in page.message.text()
    review_id = page.start_thematic_review([1, 3], "Lounge falls (from Trends)")
    assert review_id is not None and page.workspace.review is not None
    assert page.workspace.review.title == "Lounge falls (from Trends)"
    assert page.stack.currentWidget() is page.workspace

    # switching reviews with unsaved edits offers to save them
    page.workspace.findings.setPlainText("Unsaved words")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    other = page.model.row_of(dialog.created.id)
    page.table.selectRow(other)
    assert sqlite_services.reviews.get(review_id).findings == "Unsaved words"
    assert page.workspace.review.id == dialog.created.id


def test_case_study_html_marks_missing_parts(page: ReviewPage, sqlite_services: Services) -> None:
    review = sqlite_services.reviews.open_review([1], "One fall")
    html = case_study_html(review)
    assert "Not written yet" in html and "Not signed off yet" in html
