"""The list of reviews on the Review tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from carelog.core.review_dto import ReviewStatus, ReviewSummary
from carelog.ui.models.row_table_model import ROW_OBJECT_ROLE, SORT_KEY_ROLE, RowTableModel

__all__ = ["ROW_OBJECT_ROLE", "SORT_KEY_ROLE", "ReviewTableModel"]

SIGNED_OFF = QColor("#2e7d32")


class ReviewTableModel(RowTableModel[ReviewSummary]):
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
