"""The care worker's own reports with, in plain words, what a manager has done with each ("My reports")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from carelog.core.report_news import MyReport
from carelog.ui.models.row_table_model import RowTableModel

NEW_MARK = "New: "


class MyReportsModel(RowTableModel[MyReport]):
    columns = (
        ("Reference", "reference", lambda r: r.reference),
        ("When", "occurred_at", lambda r: f"{r.occurred_at:%d/%m/%Y %H:%M}"),
        ("Category", "category", lambda r: r.category),
        ("Status", "status", lambda r: r.status.label),
        ("What has happened since", "news", lambda r: (NEW_MARK if r.is_new else "") + r.news),
    )
    NEWS_COLUMN = 4

    def new_rows(self) -> list[int]:
        return [i for i, r in enumerate(self._rows) if r.is_new]

    def extra_data(self, item: MyReport, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and item.is_new:
            font = QFont()
            font.setBold(True)
            return font
        return None
