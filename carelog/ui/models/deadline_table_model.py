"""Statutory notifications due, overdue or met, one row each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from carelog.core.deadlines import DeadlineItem, DeadlineState

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("State", "Reference", "Occurred", "Category", "Who must be told", "Due by", "Rule")
ROW_OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_COLOURS = {
    DeadlineState.OVERDUE: QColor("#f4c7c3"),
    DeadlineState.DUE: QColor("#fff2cc"),
    DeadlineState.MET: QColor("#d9ead3"),
}
STATE_LABELS = {DeadlineState.OVERDUE: "Overdue", DeadlineState.DUE: "Due", DeadlineState.MET: "Done"}


class DeadlineTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DeadlineItem] = []

    def set_rows(self, rows: Sequence[DeadlineItem]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> DeadlineItem:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 7:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            req = item.requirement
            if req.due_by is None:
                due = "as soon as practicable"
            else:
                due = req.due_by.strftime("%d/%m/%Y %H:%M")
            if item.state == DeadlineState.MET and item.made_at is not None:
                due = f"done {item.made_at:%d/%m/%Y %H:%M}"
            values = (
                STATE_LABELS[item.state],
                item.reference,
                item.occurred_at.strftime("%d/%m/%Y %H:%M"),
                item.category,
                req.notification.label,
                due,
                req.rule,
            )
            return values[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 0:
            return QBrush(STATE_COLOURS[item.state])
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.requirement.rule
        if role == ROW_OBJECT_ROLE:
            return item
        if role == SORT_ROLE:
            return index.row()
        return None
