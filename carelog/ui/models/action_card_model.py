"""Cards of one board column: a list model of ActionSummary rows, dragged as a small JSON payload."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from carelog.core.action_dto import ActionStatus, ActionSummary

Index = QModelIndex | QPersistentModelIndex
ACTION_MIME = "application/x-carelog-action"
ROW_OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
ACTION_ID_ROLE = Qt.ItemDataRole.UserRole + 2


def encode_card(action_id: int, status: ActionStatus) -> QMimeData:
    mime = QMimeData()
    mime.setData(ACTION_MIME, json.dumps({"id": action_id, "from": status.value}).encode())
    return mime


def decode_card(mime: QMimeData) -> tuple[int, ActionStatus] | None:
    """(action id, status it is dragged from), or None if the payload is not a card."""
    if not mime.hasFormat(ACTION_MIME):
        return None
    try:
        payload = json.loads(bytes(mime.data(ACTION_MIME).data()).decode())
        return int(payload["id"]), ActionStatus(payload["from"])
    except (ValueError, KeyError, TypeError):
        return None


class ActionCardModel(QAbstractListModel):
    def __init__(self, status: ActionStatus, parent: Any = None) -> None:
        super().__init__(parent)
        self.status = status
        self._rows: list[ActionSummary] = []

    def set_rows(self, rows: Sequence[ActionSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> ActionSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, action_id: int) -> int:
        return next((i for i, a in enumerate(self._rows) if a.id == action_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return a.title
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [a.title, f"Lead: {a.lead_name}", f"Strength: {a.strength.label}"]
            if a.review_title:
                lines.append(f"Review: {a.review_title}")
            if a.effect is not None:
                lines.append(a.effect.describe())
            if a.conclusion is not None:
                lines.append(f"Conclusion: {a.conclusion.label}. {a.conclusion_note}".strip())
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            due = a.due_date.strftime("%d %B %Y") if a.due_date else "no due date"
            return f"{a.title}, lead {a.lead_name}, due {due}{', overdue' if a.overdue else ''}"
        if role == ROW_OBJECT_ROLE:
            return a
        if role == ACTION_ID_ROLE:
            return a.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [ACTION_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        action = self.row_object(indexes[0].row()) if indexes else None
        if action is None:
            return QMimeData()
        return encode_card(action.id, action.status)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction
