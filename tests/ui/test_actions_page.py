"""Actions tab: card model, drag and drop via synthetic drag events, keyboard moves, filters, weak-plan warning."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from carelog.core.action_dto import ActionFilter, ActionInput, ActionStatus
from carelog.core.action_strength import ActionStrength
from carelog.services.registry import Services
from carelog.ui.events import AppEvents
from carelog.ui.models.action_card_model import ACTION_MIME, ActionCardModel, decode_card, encode_card
from carelog.ui.pages.actions_page import ActionsPage
from tests.conftest import Home

pytestmark = pytest.mark.usefixtures("sqlite_staff")
NOW = datetime(2026, 6, 1, 9, 0)


@pytest.fixture
def page(qtbot, sqlite_services: Services, sqlite_home: Home, runner) -> ActionsPage:  # type: ignore[no-untyped-def]
    sqlite_services.ctx.clock = lambda: NOW
    make = sqlite_services.actions.create
    make(_input(sqlite_home, "Fit sensor mats in rooms 4 and 12", ActionStrength.STRONGER, date(2026, 5, 20)))
    make(_input(sqlite_home, "Falls training for night staff", ActionStrength.WEAKER, date(2026, 7, 1), "Priya Shah"))
    p = ActionsPage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    return p


def _input(home: Home, title: str, strength: ActionStrength, due: date, lead: str = "Test Manager") -> ActionInput:
    return ActionInput(title=title, lead_name=lead, due_date=due, strength=strength, service_id=home.service_id)


def _drop(view, mime) -> QDropEvent:  # type: ignore[no-untyped-def]
    pos = QPoint(20, 20)
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    enter = QDragEnterEvent(pos, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), enter)
    move = QDragMoveEvent(pos, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), move)
    drop = QDropEvent(QPointF(pos), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), drop)
    return drop


def test_card_model_passes_model_tester_and_encodes_a_drag_payload(qtmodeltester, page: ActionsPage) -> None:
    model: ActionCardModel = page.board.columns[ActionStatus.TO_DO].card_model
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    mime = model.mimeData([model.index(0, 0)])
    assert mime.hasFormat(ACTION_MIME)
    assert decode_card(mime) == (model.row_object(0).id, ActionStatus.TO_DO)  # type: ignore[union-attr]
    assert "overdue" in model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)


def test_drop_moves_the_card_saves_and_emits(qtbot, page: ActionsPage, sqlite_services: Services) -> None:  # type: ignore[no-untyped-def]
    action = sqlite_services.actions.list_actions()[0]
    target = page.board.columns[ActionStatus.IN_PROGRESS]
    with qtbot.waitSignal(page._events.actions_changed, timeout=1000):
        drop = _drop(target, encode_card(action.id, ActionStatus.TO_DO))
    assert drop.isAccepted()
    assert sqlite_services.actions.get(action.id).summary.status == ActionStatus.IN_PROGRESS
    assert target.card_model.row_of(action.id) == 0
    assert page.board.columns[ActionStatus.TO_DO].card_model.rowCount() == 1
    moves = [e for e in sqlite_services.actions.get(action.id).audit if e.action == "move"]
    assert [(m.old_value, m.new_value) for m in moves] == [("To do", "In progress")]


def test_drop_of_foreign_data_is_refused(page: ActionsPage) -> None:
    from PySide6.QtCore import QMimeData

    mime = QMimeData()
    mime.setText("not a card")
    target = page.board.columns[ActionStatus.DONE]
    _drop(target, mime)
    assert target.card_model.rowCount() == 0


def test_keyboard_moves_selected_card_right_and_left(qtbot, page: ActionsPage, sqlite_services: Services) -> None:  # type: ignore[no-untyped-def]
    action = sqlite_services.actions.list_actions()[0]
    assert page.board.select_action(action.id)
    view = page.board.columns[ActionStatus.TO_DO]
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert sqlite_services.actions.get(action.id).summary.status == ActionStatus.IN_PROGRESS
    assert page.board.selected().id == action.id  # type: ignore[union-attr]
    qtbot.keyClick(page.board.columns[ActionStatus.IN_PROGRESS], Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert sqlite_services.actions.get(action.id).summary.status == ActionStatus.DONE
    qtbot.keyClick(page.board.columns[ActionStatus.DONE], Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert sqlite_services.actions.get(action.id).summary.status == ActionStatus.IN_PROGRESS


def test_move_card_saves_the_move_and_leaves_qwidget_move_alone(page: ActionsPage, sqlite_services: Services) -> None:
    action = sqlite_services.actions.list_actions()[0]
    assert page.move_card(action.id, ActionStatus.TO_DO, ActionStatus.IN_PROGRESS)
    assert sqlite_services.actions.get(action.id).summary.status == ActionStatus.IN_PROGRESS
    assert page.board.columns[ActionStatus.IN_PROGRESS].card_model.row_of(action.id) == 0
    page.move(QPoint(30, 40))  # QWidget.move positions the page again (ActionsPage.move used to hide it)
    assert page.pos() == QPoint(30, 40)
    assert sqlite_services.actions.get(action.id).summary.status == ActionStatus.IN_PROGRESS


def test_effectiveness_check_shows_the_comparison_and_keeps_qdialog_result(qtbot, page: ActionsPage) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog

    from carelog.ui.dialogs.action_check_dialog import ActionCheckDialog

    action = page._services.actions.list_actions()[0]
    dialog = ActionCheckDialog(page._services, action)
    qtbot.addWidget(dialog)
    assert dialog.comparison.text() == "This action is not done yet: move it to Done first."
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected.value  # QDialog.result is the dialog's, not a label


def test_filters_and_weak_plan_warning(page: ActionsPage, sqlite_services: Services) -> None:
    page.overdue.setChecked(True)
    shown = [v.card_model.rowCount() for v in page.board.columns.values()]
    assert sum(shown) == 1 and "1 actions, 1 overdue" in page.message.text()
    page.overdue.setChecked(False)
    page.lead.setCurrentIndex(page.lead.findData("Priya Shah"))
    assert page.board.columns[ActionStatus.TO_DO].card_model.row_object(0).lead_name == "Priya Shah"  # type: ignore[union-attr]
    assert page.warning.isHidden()
    assert sqlite_services.actions.list_actions(ActionFilter(lead_name="Priya Shah"))


def test_page_renders_cards(page: ActionsPage, tmp_path) -> None:  # type: ignore[no-untyped-def]
    image = page.grab()
    assert not image.isNull() and image.width() >= 1000


def test_warning_when_a_review_has_only_weaker_actions(
    page: ActionsPage, sqlite_services: Services, sqlite_home: Home
) -> None:
    from carelog.db.models.reviews import ReviewRow

    with sqlite_services.ctx.unit() as session:
        review = ReviewRow(
            title="Night falls review",
            response_type="aar",
            status="open",
            created_at=NOW,
            updated_at=NOW,
            findings="",
            version=1,
        )
        session.add(review)
        session.flush()
        review_id = review.id
    data = _input(sqlite_home, "Remind staff about call bells", ActionStrength.WEAKER, date(2026, 7, 1))
    sqlite_services.actions.create(ActionInput(**{**data.__dict__, "review_id": review_id}))
    page._reload_choices()
    assert not page.warning.isHidden()
    assert "Night falls review" in page.warning.text()


def test_new_action_dialog_saves_and_lists_what_to_fix(page: ActionsPage, sqlite_services: Services) -> None:
    dialog = page.new_action()
    dialog.save()
    assert dialog.isVisible() and "Title" in dialog.errors.text() and "Strength" in dialog.errors.text()
    dialog.title.setText("Fit grab rail in the ground floor bathroom")
    dialog.lead.setEditText("Tom Hughes (maintenance)")
    dialog.strength.setCurrentIndex(dialog.strength.findData(ActionStrength.STRONGER.value))
    dialog.save()
    assert dialog.saved_id is not None
    saved = sqlite_services.actions.get(dialog.saved_id)
    assert saved.summary.strength == ActionStrength.STRONGER and saved.data.lead_name == "Tom Hughes (maintenance)"
    assert page.board.columns[ActionStatus.TO_DO].card_model.row_of(dialog.saved_id) >= 0
