"""Incidents to choose for a new review: a tick box in the first column; ticks survive a new search."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal

from carelog.core.dto import IncidentSummary
from carelog.ui.models.row_table_model import RowTableModel

Index = QModelIndex | QPersistentModelIndex


class ReviewPickModel(RowTableModel[IncidentSummary]):
    checked_changed = Signal()
    columns = (
        ("Reference", "reference", lambda i: i.reference),
        ("When", "occurred_at", lambda i: f"{i.occurred_at:%d/%m/%Y %H:%M}"),
        ("Category", "category", lambda i: i.category + (f" ({i.subcategory})" if i.subcategory else "")),
        ("Where", "location", lambda i: f"{i.service}, {i.location}" if i.location else i.service),
        ("Status", "status", lambda i: i.status.label),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._checked: dict[int, str] = {}  # id -> reference

    def set_checked(self, summaries: Sequence[IncidentSummary]) -> None:
        self._checked = {s.id: s.reference for s in summaries}
        self._refresh_checks()

    def checked_ids(self) -> list[int]:
        return sorted(self._checked)

    def checked_references(self) -> list[str]:
        return [self._checked[i] for i in sorted(self._checked)]

    def toggle(self, row: int) -> None:
        item = self.row_object(row)
        if item is None:
            return
        if item.id in self._checked:
            del self._checked[item.id]
        else:
            self._checked[item.id] = item.reference
        self._refresh_checks()

    def _refresh_checks(self) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, 0), [Qt.ItemDataRole.CheckStateRole]
            )
        self.checked_changed.emit()

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def extra_data(self, item: IncidentSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if item.id in self._checked else Qt.CheckState.Unchecked
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        item = self.row_object(index.row())
        if item is None:
            return False
        want = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        if want:
            self._checked[item.id] = item.reference
        else:
            self._checked.pop(item.id, None)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()
        return True
