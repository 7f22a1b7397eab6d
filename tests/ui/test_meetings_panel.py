"""The governance meetings panel of the Reports tab: record a meeting, add a decision, make it an action with a lead
and due date (it appears on the board), and edit the meeting again; hidden from care staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from carelog.core.action_dto import ActionFilter, ActionStatus
from carelog.core.action_strength import ActionStrength
from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.core.meeting_dto import MeetingItemKind
from carelog.ui.events import AppEvents
from carelog.ui.models.meeting_models import DecisionModel, MeetingItemModel, MeetingTableModel
from carelog.ui.qt_time import qdate
from carelog.ui.widgets.meetings_panel import MeetingsPanel

pytestmark = pytest.mark.usefixtures("sqlite_staff")


@pytest.fixture
def panel(qtbot, sqlite_services, sqlite_home):  # type: ignore[no-untyped-def]
    widget = MeetingsPanel(sqlite_services, AppEvents().listen_to(sqlite_services.ctx))
    qtbot.addWidget(widget)
    widget.resize(820, 300)
    return widget


def _select(view, row: int) -> None:  # type: ignore[no-untyped-def]
    view.setCurrentIndex(view.model().index(row, 0))


def test_record_a_meeting_and_make_a_decision_an_action(qtbot, panel, sqlite_services, sqlite_home) -> None:  # type: ignore[no-untyped-def]
    services = sqlite_services
    today = services.ctx.clock().date()
    dialog = panel.new_meeting()
    dialog.held_on.setDate(qdate(today - timedelta(days=1)))
    dialog.service.setCurrentIndex(dialog.service.findData(sqlite_home.service_id))
    dialog.attendees.setPlainText("Test Manager\nDana Deputy")
    dialog.item_kind.setCurrentIndex(dialog.item_kind.findData(MeetingItemKind.SIGNAL.value))
    dialog.item_text.setText("Falls in the lounge above the upper limit")
    dialog.item_note.setText("Third month running")
    dialog.add_item()
    dialog.decision_text.setText("Move the night check to 02:00")
    dialog.add_decision()
    assert dialog.items.rowCount() == 1 and dialog.decisions.rowCount() == 1

    _select(dialog.decisions_view, 0)
    action_dialog = dialog.make_action()  # saves the meeting first, then opens the action form
    assert action_dialog is not None and dialog.detail is not None
    assert action_dialog.title.text() == "Move the night check to 02:00"
    action_dialog.lead.setCurrentIndex(action_dialog.lead.findText("Test Manager"))
    action_dialog.strength.setCurrentIndex(action_dialog.strength.findData(ActionStrength.INTERMEDIATE.value))
    action_dialog.due.setDate(qdate(today + timedelta(days=21)))
    action_dialog.save()
    assert action_dialog.result() == action_dialog.DialogCode.Accepted, action_dialog.errors.text()

    board = services.actions.list_actions(ActionFilter(status=ActionStatus.TO_DO))
    assert [(a.title, a.lead_name, a.due_date, a.service_id) for a in board] == [
        ("Move the night check to 02:00", "Test Manager", today + timedelta(days=21), sqlite_home.service_id)
    ]
    assert "Test Manager" in dialog.decisions.index(0, DecisionModel.ACTION).data()  # the dialog shows the action
    saved = services.meetings.get(dialog.detail.id)
    assert saved.attendees[0].user_id == 1  # matched to the staff account
    assert saved.items[0].note == "Third month running"
    assert saved.decisions[0].action_id == board[0].id
    dialog.reject()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.model.index(0, MeetingTableModel.ACTIONS).data() == "1"


def test_errors_are_shown_and_nothing_is_saved(qtbot, panel, sqlite_services) -> None:  # type: ignore[no-untyped-def]
    dialog = panel.new_meeting()
    dialog.attendees.setPlainText("   ")
    assert dialog.save() is False
    assert "Name at least one person who attended" in dialog.errors.text()
    dialog.item_kind.setCurrentIndex(dialog.item_kind.findData(MeetingItemKind.INCIDENT.value))
    dialog.item_text.setText("INC-1999-0001")
    dialog.add_item()
    assert "No incident with reference INC-1999-0001" in dialog.errors.text()
    assert sqlite_services.meetings.list_meetings() == []


def test_a_decision_can_be_reworded_in_place(qtbot, panel, sqlite_services) -> None:  # type: ignore[no-untyped-def]
    dialog = panel.new_meeting()
    dialog.attendees.setPlainText("Test Manager")
    dialog.decision_text.setText("Share learning")
    dialog.add_decision()
    index = dialog.decisions.index(0, DecisionModel.TEXT)
    assert dialog.decisions.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert dialog.decisions.setData(index, "Share the falls learning at handover")
    assert dialog.save()
    assert [d.text for d in sqlite_services.meetings.get(dialog.detail.id).decisions] == [
        "Share the falls learning at handover"
    ]


def test_models_pass_the_model_tester(qtmodeltester, panel, sqlite_services) -> None:  # type: ignore[no-untyped-def]
    dialog = panel.new_meeting()
    dialog.attendees.setPlainText("Test Manager")
    dialog.item_text.setText("Night staffing")
    dialog.item_kind.setCurrentIndex(dialog.item_kind.findData(MeetingItemKind.OTHER.value))
    dialog.add_item()
    dialog.decision_text.setText("Audit the call bells")
    dialog.add_decision()
    assert dialog.save()
    panel.refresh()
    for model in (panel.model, dialog.items, dialog.decisions):
        assert isinstance(model, MeetingTableModel | MeetingItemModel | DecisionModel)
        qtmodeltester.check(model)


def test_hidden_from_care_staff_and_shown_again_for_a_manager(qtbot, sqlite_services) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    manager = sqlite_services.ctx.identity.actor
    sqlite_services.ctx.identity.actor = Actor(7, "Carer Jo", Role.CARE_STAFF)
    page = QWidget()
    qtbot.addWidget(page)
    events = AppEvents()
    widget = MeetingsPanel(sqlite_services, events)
    QVBoxLayout(page).addWidget(widget)
    page.show()
    assert not widget.isVisible()
    sqlite_services.ctx.identity.actor = manager
    events.identity_changed.emit()
    assert widget.isVisible()
