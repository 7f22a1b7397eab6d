"""Table models for the Review tab. ReviewRowsModel is a small base: rows of frozen DTOs, columns as
(header, sort key, text function). ReviewTableModel lists reviews."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from carelog.core.review_dto import ReviewStatus, ReviewSummary

Index = QModelIndex | QPersistentModelIndex
ROW_OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_KEY_ROLE = Qt.ItemDataRole.UserRole + 2
T = TypeVar("T")
Column = tuple[str, str, Callable[[Any], str]]


class ReviewRowsModel(QAbstractTableModel, Generic[T]):
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
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()][2](item)
        if role == ROW_OBJECT_ROLE:
            return item
        if role == SORT_KEY_ROLE:
            return self.columns[index.column()][1]
        return self.extra_data(item, index.column(), role)

    def extra_data(self, item: T, column: int, role: int) -> Any:
        return None


SIGNED_OFF = QColor("#2e7d32")


class ReviewTableModel(ReviewRowsModel[ReviewSummary]):
    columns = (
        ("Review", "title", lambda r: r.title),
        ("Response", "response_type", lambda r: r.response_type.label),
        ("Incidents", "incident_count", lambda r: str(r.incident_count)),
        ("Status", "status", lambda r: r.status.label),
        ("Updated", "updated_at", lambda r: f"{r.updated_at:%d/%m/%Y}"),
    )

    def row_of(self, review_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == review_id), -1)

    def extra_data(self, item: ReviewSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and item.status == ReviewStatus.SIGNED_OFF:
            return SIGNED_OFF
        return None
