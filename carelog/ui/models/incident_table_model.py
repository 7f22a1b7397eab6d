"""Incident list model: holds the ids of the current filter (sorted in SQL) and fetches rows lazily in blocks,
so 100,000 incidents show at once and scroll smoothly."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from carelog.core.dto import IncidentSummary
from carelog.core.enums import PhysicalHarm, Status

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[Sequence[int]], list[IncidentSummary]]

COL_REFERENCE, COL_OCCURRED, COL_KIND, COL_CATEGORY, COL_SERVICE, COL_LOCATION, COL_HARM, COL_STATUS, COL_SHIFT = range(
    9
)
COLUMNS = (
    ("Reference", "reference"),
    ("Occurred", "occurred_at"),
    ("Kind", "kind"),
    ("Category", "category"),
    ("Service", "service"),
    ("Location", "location"),
    ("Harm", "harm"),
    ("Status", "status"),
    ("Shift", "shift"),
)
ROW_OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_KEY_ROLE = Qt.ItemDataRole.UserRole + 2

HARM_COLOURS = {
    PhysicalHarm.MODERATE: QColor("#f0a030"),
    PhysicalHarm.SEVERE: QColor("#d9534f"),
    PhysicalHarm.FATAL: QColor("#8b1e1e"),
}
STATUS_COLOURS = {Status.REPORTED: QColor("#1f6fb2"), Status.CLOSED: QColor("#6b6b6b")}


class IncidentTableModel(QAbstractTableModel):
    BLOCK = 256
    MAX_BLOCKS = 64

    def __init__(self, fetch: Fetch, parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[int] = []
        self._blocks: OrderedDict[int, list[IncidentSummary | None]] = OrderedDict()

    # ------------------------------------------------------------------------------------------ content
    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._blocks.clear()
        self.endResetModel()

    def set_rows(self, rows: Sequence[IncidentSummary]) -> None:
        """Show given rows (already fetched) without lazy loading."""
        self.beginResetModel()
        self._ids = [r.id for r in rows]
        self._blocks.clear()
        for b in range(0, len(rows), self.BLOCK):
            self._blocks[b // self.BLOCK] = list(rows[b : b + self.BLOCK])
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_object(self, row: int) -> IncidentSummary | None:
        if not 0 <= row < len(self._ids):
            return None
        block_no, offset = divmod(row, self.BLOCK)
        block = self._blocks.get(block_no)
        if block is None:
            block = self._load_block(block_no)
        else:
            self._blocks.move_to_end(block_no)
        return block[offset] if offset < len(block) else None

    def _load_block(self, block_no: int) -> list[IncidentSummary | None]:
        ids = self._ids[block_no * self.BLOCK : (block_no + 1) * self.BLOCK]
        fetched = {s.id: s for s in self._fetch(ids)}
        block: list[IncidentSummary | None] = [fetched.get(i) for i in ids]
        self._blocks[block_no] = block
        while len(self._blocks) > self.MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return block

    # ------------------------------------------------------------------------------------------ Qt API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][0]
            if role == SORT_KEY_ROLE:
                return COLUMNS[section][1]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_object(index.row())
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, col)
        if role == ROW_OBJECT_ROLE:
            return row
        if role == SORT_KEY_ROLE:
            return COLUMNS[col][1]
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_HARM and row.physical_harm in HARM_COLOURS:
                return QBrush(HARM_COLOURS[row.physical_harm])
            if col == COL_STATUS and row.status in STATUS_COLOURS:
                return QBrush(STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_CATEGORY and row.subcategory:
            return f"{row.category}: {row.subcategory}"
        return None


def _display(row: IncidentSummary, col: int) -> str:
    if col == COL_REFERENCE:
        return row.reference
    if col == COL_OCCURRED:
        return _when(row.occurred_at)
    if col == COL_KIND:
        return row.kind.label
    if col == COL_CATEGORY:
        return row.category
    if col == COL_SERVICE:
        return row.service
    if col == COL_LOCATION:
        return row.location
    if col == COL_HARM:
        return row.physical_harm.label
    if col == COL_STATUS:
        return row.status.label
    return row.shift.label


def _when(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M")
