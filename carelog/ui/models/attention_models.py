"""Models of the Home tab: one attention list per section, and the summary table with services side by side."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPixmap

from carelog.core.attention import AttentionItem, MeasureSummary
from carelog.ui.models.row_table_model import ROW_OBJECT_ROLE, RowTableModel
from carelog.ui.widgets.mdc_icons import SIZE, assurance_icon, variation_icon, variation_text

__all__ = ["ROW_OBJECT_ROLE", "AttentionListModel", "MeasureSummaryModel"]
Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = "#a61b1b"


class AttentionListModel(RowTableModel[AttentionItem]):
    columns = (("What needs doing", "title", lambda i: i.title or i.text),)

    def tooltip(self, item: AttentionItem, column: int) -> str:
        return item.text

    def extra_data(self, item: AttentionItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and item.overdue:
            return QBrush(QColor(OVERDUE_COLOUR))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return "overdue" if item.overdue else ""
        return None


def _icons(s: MeasureSummary) -> QPixmap:
    pixmap = QPixmap(SIZE * 2 + 2, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    variation_icon(s.variation, s.side).paint(painter, QRect(0, 0, SIZE, SIZE))
    assurance_icon(s.assurance).paint(painter, QRect(SIZE + 2, 0, SIZE, SIZE))
    painter.end()
    return pixmap


class MeasureSummaryModel(QAbstractTableModel):
    """Rows: key measures; columns: the measure, then one per service (this month, last month, average, icons)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._services: list[str] = []
        self._measures: list[str] = []
        self._cells: dict[tuple[str, str], MeasureSummary] = {}
        self._icons: dict[tuple[str, str], QPixmap] = {}

    def set_rows(self, rows: tuple[MeasureSummary, ...] | list[MeasureSummary]) -> None:
        self.beginResetModel()
        self._services = list(dict.fromkeys(r.service for r in rows))
        self._measures = list(dict.fromkeys(r.measure for r in rows))
        self._cells = {(r.measure, r.service): r for r in rows}
        self._icons = {}
        self.endResetModel()

    def cell(self, row: int, column: int) -> MeasureSummary | None:
        if not 0 <= row < len(self._measures) or not 1 <= column <= len(self._services):
            return None
        return self._cells.get((self._measures[row], self._services[column - 1]))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._measures)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self._services)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "Measure"
            if 1 <= section <= len(self._services):
                return self._services[section - 1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= index.row() < len(self._measures):
                return self._measures[index.row()]
            return None
        s = self.cell(index.row(), index.column())
        if s is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = f"{s.this_month} this month · {s.last_month} last · avg {s.average:.1f}"
            if s.rate_per_1000 is not None:
                text += f" · {s.rate_per_1000:.1f} per 1,000 bed days"
            return text
        if role == Qt.ItemDataRole.DecorationRole:
            key = (s.measure, s.service)
            if key not in self._icons:
                self._icons[key] = _icons(s)
            return self._icons[key]
        if role == Qt.ItemDataRole.ToolTipRole:
            return summary_tooltip(s)
        if role == ROW_OBJECT_ROLE:
            return s
        return None


def summary_tooltip(s: MeasureSummary) -> str:
    lines = [
        f"{s.measure} at {s.service}: {s.this_month} so far this month; {s.last_month} last month; "
        f"monthly average {s.average:.1f} over {s.months} complete month(s).",
        variation_text(s.variation, s.side) + " (last complete month).",
    ]
    if s.target is not None:
        lines.append(f"Target: at most {s.target} a month. " + (s.assurance.label if s.assurance else ""))
    else:
        lines.append("No target set (Admin > Settings).")
    if s.rate_per_1000 is not None and s.bed_days:
        lines.append(f"Last month: {s.rate_per_1000:.2f} per 1,000 occupied bed days ({s.bed_days} bed days).")
    return "\n".join(lines)
