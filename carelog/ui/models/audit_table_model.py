"""Audit history rows (who, when, what changed: old -> new)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from carelog.core.dto import AuditEntry

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("When", "Who", "Action", "Field", "Old value", "New value")
ROW_OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

FIELD_LABELS = {
    "kind": "Kind",
    "category_id": "Category",
    "subcategory_id": "Subcategory",
    "occurred_at": "Occurred at",
    "reported_at": "Reported at",
    "service_id": "Service",
    "location_id": "Location",
    "person_ids": "People involved",
    "account": "What happened",
    "immediate_action": "Immediate action",
    "physical_harm": "Physical harm",
    "psychological_harm": "Psychological harm",
    "risk_consequence": "Risk consequence",
    "risk_likelihood": "Risk likelihood",
    "notifications": "Who was told",
    "body_sites": "Body map",
    "post_fall_observations": "Post-fall observations",
}


class AuditTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditEntry] = []

    def set_rows(self, rows: Sequence[AuditEntry]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> AuditEntry:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        e = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                e.at.strftime("%d/%m/%Y %H:%M"),
                e.actor_name,
                e.action.capitalize(),
                FIELD_LABELS.get(e.field, e.field.replace("_", " ").capitalize()),
                e.old_value,
                e.new_value,
            )
            return values[index.column()]
        if role == SORT_ROLE:
            return e.id
        if role == ROW_OBJECT_ROLE:
            return e
        return None
