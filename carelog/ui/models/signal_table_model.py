"""Detected patterns (core.patterns.PatternSignal) on the Trends tab."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from carelog.core.patterns import PatternSignal

Index = QModelIndex | QPersistentModelIndex
COL_TYPE, COL_CATEGORY, COL_WHERE, COL_COUNT, COL_PERIOD = range(5)
COLUMNS = (
    ("Signal", "type"),
    ("Category", "category"),
    ("Where / who", "location"),
    ("Incidents", "count"),
    ("Period", "period_start"),
)
ROW_OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_KEY_ROLE = Qt.ItemDataRole.UserRole + 2


class SignalTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PatternSignal] = []

    def set_rows(self, rows: Sequence[PatternSignal]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[PatternSignal]:
        return list(self._rows)

    def row_object(self, row: int) -> PatternSignal | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][0]
            if role == SORT_KEY_ROLE:
                return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        signal, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(signal, col)
        if role == ROW_OBJECT_ROLE:
            return signal
        if role == SORT_KEY_ROLE:
            return COLUMNS[col][1] if 0 <= col < len(COLUMNS) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return signal.explanation
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_TYPE:
            return QBrush(QColor(signal.variation.colour))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _display(signal: PatternSignal, col: int) -> str | None:
    if col == COL_TYPE:
        return signal.type.label
    if col == COL_CATEGORY:
        return signal.category
    if col == COL_WHERE:
        return signal.person_code or signal.location
    if col == COL_COUNT:
        return str(signal.count)
    if col == COL_PERIOD:
        return signal.period
    return None
