"""Staff accounts on the Admin tab."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from carelog.core.users import UserSummary

Index = QModelIndex | QPersistentModelIndex
COL_NAME, COL_USERNAME, COL_ROLE, COL_SECRET, COL_STATUS, COL_LAST = range(6)
COLUMNS = (
    ("Name", "display_name"),
    ("Username", "username"),
    ("Role", "role"),
    ("Signs in with", "secret_kind"),
    ("Status", "active"),
    ("Last signed in", "last_sign_in_at"),
)
ROW_OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_KEY_ROLE = Qt.ItemDataRole.UserRole + 2
INACTIVE = QColor("#8a8a8a")


class UserTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[UserSummary] = []

    def set_rows(self, rows: Sequence[UserSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> UserSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, user_id: int) -> int:
        return next((i for i, u in enumerate(self._rows) if u.id == user_id), -1)

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
        user, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(user, col)
        if role == ROW_OBJECT_ROLE:
            return user
        if role == SORT_KEY_ROLE:
            return COLUMNS[col][1] if 0 <= col < len(COLUMNS) else None
        if role == Qt.ItemDataRole.ForegroundRole and not user.active:
            return INACTIVE
        return None


def _display(user: UserSummary, col: int) -> str | None:
    if col == COL_NAME:
        return user.display_name
    if col == COL_USERNAME:
        return user.username
    if col == COL_ROLE:
        return user.role.label
    if col == COL_SECRET:
        return "PIN" if user.secret_kind == "pin" else "Password"
    if col == COL_STATUS:
        return "Active" if user.active else "Switched off"
    if col == COL_LAST:
        return f"{user.last_sign_in_at:%d/%m/%Y %H:%M}" if user.last_sign_in_at else "Never"
    return None
