"""Detected patterns and special causes on the Trends tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from carelog.core.patterns import PatternSignal
from carelog.ui.models.row_table_model import ROW_OBJECT_ROLE, SORT_KEY_ROLE, RowTableModel

__all__ = ["COL_COUNT", "COL_TYPE", "ROW_OBJECT_ROLE", "SORT_KEY_ROLE", "SignalTableModel"]
COL_TYPE, COL_CATEGORY, COL_WHERE, COL_COUNT, COL_PERIOD = range(5)


class SignalTableModel(RowTableModel[PatternSignal]):
    columns = (
        ("Signal", "type", lambda s: s.type.label),
        ("Category", "category", lambda s: s.category),
        ("Where / who", "location", lambda s: s.person_code or s.location),
        ("Incidents", "count", lambda s: str(s.count)),
        ("Period", "period_start", lambda s: s.period),
    )

    def tooltip(self, item: PatternSignal, column: int) -> str:
        return item.explanation

    def extra_data(self, item: PatternSignal, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_TYPE:
            return QBrush(QColor(item.variation.colour))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
