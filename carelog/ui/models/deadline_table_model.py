"""Statutory notifications due, overdue or met, one row each."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from carelog.core.deadlines import DeadlineItem, DeadlineState
from carelog.ui.models.row_table_model import RowTableModel

STATE_COLOURS = {
    DeadlineState.OVERDUE: QColor("#f4c7c3"),
    DeadlineState.DUE: QColor("#fff2cc"),
    DeadlineState.MET: QColor("#d9ead3"),
}
STATE_LABELS = {DeadlineState.OVERDUE: "Overdue", DeadlineState.DUE: "Due", DeadlineState.MET: "Done"}


def _due(item: DeadlineItem) -> str:
    if item.state == DeadlineState.MET and item.made_at is not None:
        return f"done {item.made_at:%d/%m/%Y %H:%M}"
    due_by = item.requirement.due_by
    return "as soon as practicable" if due_by is None else due_by.strftime("%d/%m/%Y %H:%M")


class DeadlineTableModel(RowTableModel[DeadlineItem]):
    columns = (
        ("State", "state", lambda i: STATE_LABELS[i.state]),
        ("Reference", "reference", lambda i: i.reference),
        ("Occurred", "occurred_at", lambda i: i.occurred_at.strftime("%d/%m/%Y %H:%M")),
        ("Category", "category", lambda i: i.category),
        ("Who must be told", "notification", lambda i: i.requirement.notification.label),
        ("Due by", "due_by", _due),
        ("Rule", "rule", lambda i: i.requirement.rule),
    )

    def tooltip(self, item: DeadlineItem, column: int) -> str:
        return item.requirement.rule

    def extra_data(self, item: DeadlineItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and column == 0:
            return QBrush(STATE_COLOURS[item.state])
        return None
