"""Staff accounts on the Admin tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from carelog.core.users import UserSummary
from carelog.ui.models.row_table_model import ROW_OBJECT_ROLE, SORT_KEY_ROLE, RowTableModel

__all__ = ["ROW_OBJECT_ROLE", "SORT_KEY_ROLE", "UserTableModel"]
INACTIVE = QColor("#8a8a8a")


class UserTableModel(RowTableModel[UserSummary]):
    columns = (
        ("Name", "display_name", lambda u: u.display_name),
        ("Username", "username", lambda u: u.username),
        ("Role", "role", lambda u: u.role.label),
        ("Signs in with", "secret_kind", lambda u: "PIN" if u.secret_kind == "pin" else "Password"),
        ("Status", "active", lambda u: "Active" if u.active else "Switched off"),
        (
            "Last signed in",
            "last_sign_in_at",
            lambda u: f"{u.last_sign_in_at:%d/%m/%Y %H:%M}" if u.last_sign_in_at else "Never",
        ),
    )

    def row_of(self, user_id: int) -> int:
        return next((i for i, u in enumerate(self._rows) if u.id == user_id), -1)

    def extra_data(self, item: UserSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not item.active:
            return INACTIVE
        return None
