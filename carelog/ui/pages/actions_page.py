"""The Actions tab: a Kanban board of improvement actions, tracked until they are shown to work.

Cards move by drag and drop or Ctrl+Left / Ctrl+Right; each move is saved and audited at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carelog.core.action_dto import ActionFilter, ActionStatus, Conclusion
from carelog.core.errors import CareLogError, ValidationError
from carelog.core.permissions import Permission, allowed
from carelog.ui.dialogs.action_check_dialog import ActionCheckDialog
from carelog.ui.dialogs.action_dialog import ActionDialog
from carelog.ui.events import AppEvents
from carelog.ui.task_runner import TaskRunner
from carelog.ui.widgets.kanban_board import KanbanBoard

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


class ActionsPage(QWidget):
    def __init__(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        super().__init__()
        self._services = services
        self._events = events
        self._runner = runner
        self.lead = QComboBox()
        self.service = QComboBox()
        self.review = QComboBox()
        self.review.setMinimumContentsLength(24)
        self.overdue = QCheckBox("&Overdue only")
        self.new_button = QPushButton("&New action…")
        self.edit_button = QPushButton("&Edit…")
        self.thread_button = QPushButton("T&hread…")  # the golden thread: what happened -> ... -> did it work
        self.check_button = QPushButton("Check e&ffectiveness…")
        self.not_effective_button = QPushButton("Mark not effec&tive…")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "background: #fff4e5; color: #6b3d00; border: 1px solid #f0b060; border-radius: 4px; padding: 6px;"
        )
        self.warning.hide()
        self.message = QLabel()
        self.message.setStyleSheet("color: #555;")
        self.board = KanbanBoard()

        filters = QHBoxLayout()
        for text, widget in (("Lea&d", self.lead), ("Ser&vice", self.service), ("Revie&w", self.review)):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.overdue)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.check_button, self.not_effective_button, self.thread_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.warning)
        layout.addWidget(self.board, 1)
        layout.addLayout(buttons)

        self.lead.currentIndexChanged.connect(self._on_filter_changed)
        self.service.currentIndexChanged.connect(self._on_filter_changed)
        self.review.currentIndexChanged.connect(self._on_filter_changed)
        self.overdue.toggled.connect(self._on_filter_changed)
        self.new_button.clicked.connect(self.new_action)
        self.edit_button.clicked.connect(self.edit_selected)
        self.thread_button.clicked.connect(self._on_thread_clicked)
        self.check_button.clicked.connect(lambda: self.check_selected())
        self.not_effective_button.clicked.connect(lambda: self.check_selected(Conclusion.NOT_EFFECTIVE))
        self.board.move_requested.connect(self._on_board_move_requested)
        self.board.card_activated.connect(self._on_board_card_activated)
        self.board.selection_changed.connect(self._update_buttons)
        events.actions_changed.connect(self.refresh)
        events.reviews_changed.connect(self._reload_choices)
        events.reference_data_changed.connect(self._reload_choices)
        events.identity_changed.connect(self.refresh)
        self._reload_choices()

    # ------------------------------------------------------------------------------------------ content
    def _reload_choices(self) -> None:
        widgets = (self.lead, self.service, self.review)
        kept = [w.currentData() for w in widgets]
        for w in widgets:
            w.blockSignals(True)
            w.clear()
        self.lead.addItem("All leads", None)
        for name in self._services.actions.lead_names():
            self.lead.addItem(name, name)
        self.service.addItem("All services", None)
        for svc in self._services.incidents.reference_data().services:
            self.service.addItem(svc.name, svc.id)
        self.review.addItem("All reviews", None)
        for choice in self._services.actions.reviews():
            self.review.addItem(choice.label, choice.id)
        for w, value in zip(widgets, kept, strict=True):
            w.setCurrentIndex(max(w.findData(value), 0))
            w.blockSignals(False)
        self.refresh()

    def current_filter(self) -> ActionFilter:
        return ActionFilter(
            lead_name=self.lead.currentData(),
            service_id=self.service.currentData(),
            review_id=self.review.currentData(),
            overdue_only=self.overdue.isChecked(),
        )

    def refresh(self) -> None:
        if not allowed(self._services.ctx.actor, Permission.VIEW_ALL_INCIDENTS):
            self.board.set_actions([])  # signed out, or care staff: the tab is hidden and shows nothing
            self.warning.setVisible(False)
            self.message.setText("The action board is for managers.")
            return
        selected = self.board.selected()
        actions = self._services.actions.list_actions(self.current_filter())
        self.board.set_actions(actions)
        if selected is not None:
            self.board.select_action(selected.id)
        overdue = sum(1 for a in actions if a.overdue)
        self.message.setText(f"{len(actions)} actions, {overdue} overdue")
        weak = self._services.actions.weak_reviews()
        shown_review = self.review.currentData()
        weak = [w for w in weak if shown_review is None or w.id == shown_review]
        if weak:
            names = "; ".join(w.label for w in weak[:5]) + (f" and {len(weak) - 5} more" if len(weak) > 5 else "")
            self.warning.setText(
                f"Only weaker actions (training, reminders, new policy) in the plan of: {names}. "
                "Add at least one stronger or intermediate action, such as a change to equipment, the environment "
                "or the way the task is done."
            )
        self.warning.setVisible(bool(weak))
        self._update_buttons()

    def _on_filter_changed(self) -> None:
        self.refresh()

    def _update_buttons(self) -> None:
        a = self.board.selected()
        self.edit_button.setEnabled(a is not None)
        self.thread_button.setEnabled(a is not None)
        checkable = a is not None and a.status in (ActionStatus.DONE, ActionStatus.VERIFIED)
        self.check_button.setEnabled(checkable)
        self.not_effective_button.setEnabled(checkable)

    def _on_thread_clicked(self) -> None:
        from carelog.ui.dialogs.thread_dialog import ThreadDialog

        a = self.board.selected()
        if a is not None:
            ThreadDialog(self._services.thread.thread("action", a.id), self).exec()

    # ------------------------------------------------------------------------------------------ moves
    def move_card(self, action_id: int, from_status: ActionStatus, to_status: ActionStatus) -> bool:
        """Save a move at once. Dropping on Verified effective opens the effectiveness check instead."""
        summary = next(
            (
                v.card_model.row_object(v.card_model.row_of(action_id))
                for v in self.board.columns.values()
                if v.card_model.row_of(action_id) >= 0
            ),
            None,
        )
        if to_status == ActionStatus.VERIFIED and summary is not None and summary.conclusion != Conclusion.EFFECTIVE:
            if from_status != ActionStatus.DONE:
                self._warn("Move the action to Done (awaiting check) first; then check whether it worked.")
                return False
            return self.check_action(summary.id) is not None
        try:
            self._services.actions.move(action_id, to_status, from_status)
        except ValidationError as exc:
            self._warn(" ".join(exc.errors.values()))
            return False
        except CareLogError as exc:
            self._warn(str(exc))
            self.refresh()  # show the board as it is saved now
            return False
        self.board.select_action(action_id)
        return True

    def _on_board_move_requested(self, action_id: int, from_status: str, to_status: str) -> None:
        self.move_card(action_id, ActionStatus(from_status), ActionStatus(to_status))

    def _warn(self, text: str) -> None:
        QMessageBox.information(self, "Action not moved", text)

    # ------------------------------------------------------------------------------------------ dialogs
    def new_action(self) -> ActionDialog:
        dialog = ActionDialog(self._services, parent=self)
        dialog.finished.connect(lambda _r: self._after_dialog(dialog.saved_id))
        dialog.open()
        return dialog

    def edit_selected(self) -> ActionDialog | None:
        a = self.board.selected()
        return self.edit_action(a.id) if a is not None else None

    def edit_action(self, action_id: int) -> ActionDialog:
        dialog = ActionDialog(self._services, self._services.actions.get(action_id), parent=self)
        dialog.finished.connect(lambda _r: self._after_dialog(dialog.saved_id))
        dialog.open()
        return dialog

    def _on_board_card_activated(self, action_id: int) -> None:
        self.edit_action(action_id)

    def check_selected(self, conclusion: Conclusion | None = None) -> ActionCheckDialog | None:
        a = self.board.selected()
        return self.check_action(a.id, conclusion) if a is not None else None

    def check_action(self, action_id: int, conclusion: Conclusion | None = None) -> ActionCheckDialog | None:
        summary = self._services.actions.get(action_id).summary
        dialog = ActionCheckDialog(self._services, summary, conclusion, parent=self)
        dialog.accepted.connect(lambda: self._after_dialog(action_id))
        dialog.open()
        return dialog

    def _after_dialog(self, action_id: int | None) -> None:
        if action_id is None:
            return
        self._reload_choices()
        self.board.select_action(action_id)
