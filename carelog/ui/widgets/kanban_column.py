"""One board column: a QListView of cards that accepts dropped cards and moves the selected card by keyboard."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListView

from carelog.core.action_dto import ActionStatus
from carelog.ui.models.action_card_model import ACTION_ID_ROLE, ActionCardModel, decode_card
from carelog.ui.widgets.kanban_delegate import CardDelegate


class KanbanColumnView(QListView):
    card_dropped = Signal(int, str, str)  # action id, from status, to status (values of ActionStatus)
    move_key_pressed = Signal(int, int)  # action id, step (-1 left, +1 right)
    card_activated = Signal(int)

    def __init__(self, status: ActionStatus) -> None:
        super().__init__()
        self.status = status
        self.card_model = ActionCardModel(status, self)
        self.setModel(self.card_model)
        self.setItemDelegate(CardDelegate(self))
        self.setUniformItemSizes(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAccessibleName(f"{status.column_title} column")
        self.setStyleSheet("QListView { background: #f1f3f5; border: 1px solid #d0d4d8; border-radius: 4px; }")
        self.activated.connect(self._on_view_activated)

    def selected_action_id(self) -> int | None:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isSelected(index):
            return None
        value = index.data(ACTION_ID_ROLE)
        return value if isinstance(value, int) else None

    def select_action(self, action_id: int) -> bool:
        row = self.card_model.row_of(action_id)
        if row < 0:
            return False
        index = self.card_model.index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True

    # ------------------------------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if decode_card(event.mimeData()) is not None:
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        card = decode_card(event.mimeData())
        if card is not None and card[1] != self.status:
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        card = decode_card(event.mimeData())
        if card is None or card[1] == self.status:
            event.ignore()
            return
        # Copy, not Move, so the source view does not try to remove the row itself; the board reloads instead.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.card_dropped.emit(card[0], card[1].value, self.status.value)

    # ------------------------------------------------------------------------------------------ keyboard
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Left,
            Qt.Key.Key_Right,
        ):
            action_id = self.selected_action_id()
            if action_id is not None:
                self.move_key_pressed.emit(action_id, 1 if event.key() == Qt.Key.Key_Right else -1)
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_view_activated(self, index: QModelIndex) -> None:
        value = index.data(ACTION_ID_ROLE)
        if isinstance(value, int):
            self.card_activated.emit(value)
