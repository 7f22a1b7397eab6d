"""The action board: one column view per status, side by side, with a header showing the count."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from carelog.core.action_dto import BOARD_ORDER, ActionStatus, ActionSummary, neighbour_status
from carelog.ui.widgets.kanban_column import KanbanColumnView


class KanbanBoard(QWidget):
    move_requested = Signal(int, str, str)  # action id, from status, to status (ActionStatus values)
    card_activated = Signal(int)
    selection_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.columns: dict[ActionStatus, KanbanColumnView] = {}
        self._headers: dict[ActionStatus, QLabel] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for status in BOARD_ORDER:
            view = KanbanColumnView(status)
            header = QLabel()
            header.setStyleSheet("font-weight: bold; padding: 2px 4px;")
            header.setBuddy(view)
            box = QVBoxLayout()
            box.addWidget(header)
            box.addWidget(view, 1)
            layout.addLayout(box, 1)
            self.columns[status] = view
            self._headers[status] = header
            view.card_dropped.connect(self._on_column_card_dropped)
            view.move_key_pressed.connect(lambda aid, step, s=status: self._on_column_move_key_pressed(s, aid, step))
            view.card_activated.connect(self.card_activated)
            view.selectionModel().selectionChanged.connect(lambda *_args, s=status: self._on_column_selected(s))
        self.set_actions([])

    def set_actions(self, actions: Sequence[ActionSummary]) -> None:
        by_status: dict[ActionStatus, list[ActionSummary]] = {s: [] for s in BOARD_ORDER}
        for a in actions:
            by_status[a.status].append(a)
        for status, view in self.columns.items():
            view.card_model.set_rows(by_status[status])
            overdue = sum(1 for a in by_status[status] if a.overdue)
            extra = f", {overdue} overdue" if overdue else ""
            self._headers[status].setText(f"{status.column_title} ({len(by_status[status])}{extra})")

    def selected(self) -> ActionSummary | None:
        for view in self.columns.values():
            action_id = view.selected_action_id()
            if action_id is not None:
                return view.card_model.row_object(view.card_model.row_of(action_id))
        return None

    def select_action(self, action_id: int) -> bool:
        for view in self.columns.values():
            if view.select_action(action_id):
                view.setFocus()
                return True
        return False

    def _on_column_selected(self, status: ActionStatus) -> None:
        view = self.columns[status]
        if view.selected_action_id() is not None:
            for other_status, other in self.columns.items():
                if other_status != status:
                    other.clearSelection()
        self.selection_changed.emit()

    def _on_column_card_dropped(self, action_id: int, from_status: str, to_status: str) -> None:
        self.move_requested.emit(action_id, from_status, to_status)

    def _on_column_move_key_pressed(self, status: ActionStatus, action_id: int, step: int) -> None:
        target = neighbour_status(status, step)
        if target is not None:
            self.move_requested.emit(action_id, status.value, target.value)
