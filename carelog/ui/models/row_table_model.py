"""The base of CareLog's table models: rows of frozen DTOs, columns declared as data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
ROW_OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_KEY_ROLE = Qt.ItemDataRole.UserRole + 2
T = TypeVar("T")
Column = tuple[str, str, Callable[[Any], str]]


class RowTableModel(QAbstractTableModel, Generic[T]):
    """Rows of frozen DTOs; each column is (header, sort key, text function). Subclasses add colours and
    tooltips in extra_data(); the row object and sort key roles are answered here."""

    columns: tuple[Column, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_object(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section][0]
            if role == SORT_KEY_ROLE:
                return self.columns[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(self.columns):
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()][2](item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, index.column())
        if role == ROW_OBJECT_ROLE:
            return item
        if role == SORT_KEY_ROLE:
            return self.columns[index.column()][1]
        return self.extra_data(item, index.column(), role)

    def tooltip(self, item: T, column: int) -> str:
        """The full text of a cell by default, so a clipped value can still be read."""
        return self.columns[column][2](item)

    def extra_data(self, item: T, column: int, role: int) -> Any:
        """Other roles (colours, alignment) for subclasses; None by default."""
        return None
