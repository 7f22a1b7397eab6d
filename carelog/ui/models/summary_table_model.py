"""The Trends tab's summary: one row per measure (category) and service, with the Making Data Count icons."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from carelog.core.trend_data import SummaryCell
from carelog.ui.models.row_table_model import ROW_OBJECT_ROLE, SORT_KEY_ROLE, RowTableModel

__all__ = ["COL_ASSURANCE", "COL_VARIATION", "ROW_OBJECT_ROLE", "SORT_KEY_ROLE", "SummaryTableModel"]
COL_MEASURE, COL_SERVICE, COL_MONTH, COL_LATEST, COL_MEAN, COL_VARIATION, COL_ASSURANCE = range(7)


def _variation(c: SummaryCell) -> str:
    return f"{c.variation.letter or '~'}  {c.variation.label}" if c.variation else ""


def _assurance(c: SummaryCell) -> str:
    if c.assurance is None:
        return "No target set" if c.target is None else ""
    return f"{c.assurance.letter}  {c.assurance.label} (at most {c.target:g})"


class SummaryTableModel(RowTableModel[SummaryCell]):
    columns = (
        ("Measure", "category", lambda c: c.category),
        ("Service", "service", lambda c: c.service),
        ("Latest month", "latest_month", lambda c: f"{c.latest_month:%b %Y}"),
        ("Latest", "latest", lambda c: str(c.latest)),
        ("Mean", "mean", lambda c: f"{c.mean:.1f}"),
        ("Variation", "variation", _variation),
        ("Assurance", "assurance", _assurance),
    )

    def extra_data(self, item: SummaryCell, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_VARIATION and item.variation is not None:
                return QBrush(QColor(item.variation.colour))
            if column == COL_ASSURANCE and item.assurance is not None:
                return QBrush(QColor(item.assurance.colour))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_LATEST, COL_MEAN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
