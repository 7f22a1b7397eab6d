"""Table models of the governance meetings panel and dialog: meetings, items reviewed, decisions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt

from carelog.core.meeting_dto import MeetingDecision, MeetingItemInput, MeetingSummary
from carelog.ui.models.row_table_model import Index, RowTableModel


class MeetingTableModel(RowTableModel[MeetingSummary]):
    DATE, SERVICE, ATTENDEES, ITEMS, DECISIONS, ACTIONS = range(6)
    columns = (
        ("Held on", "held_on", lambda m: f"{m.held_on:%d/%m/%Y}"),
        ("Service", "service", lambda m: m.service_name),
        ("Attendees", "attendees", lambda m: str(m.attendees)),
        ("Items reviewed", "items", lambda m: str(m.items)),
        ("Decisions", "decisions", lambda m: str(m.decisions)),
        ("Became actions", "actions", lambda m: str(m.actions)),
    )


class MeetingItemModel(RowTableModel[MeetingItemInput]):
    KIND, ITEM, NOTE = range(3)
    columns = (
        ("Kind", "kind", lambda i: i.kind.label),
        ("Item", "label", lambda i: i.label),
        ("Note", "note", lambda i: i.note),
    )


@dataclass(frozen=True)
class DecisionRow:
    """A decision in the dialog: saved (id) or new (id None); `action` names the action it became."""

    text: str
    id: int | None = None
    action_id: int | None = None
    action: str = ""  # "12: Fit sensor mats · Ann Lead · due 31/03/2026 · To do"

    @classmethod
    def of(cls, d: MeetingDecision) -> DecisionRow:
        action = ""
        if d.action_id is not None:
            due = f" · due {d.action_due:%d/%m/%Y}" if d.action_due else ""
            action = f"{d.action_id}: {d.action_title} · {d.action_lead}{due} · {d.action_status}"
        return cls(d.text, d.id, d.action_id, action)


class DecisionModel(RowTableModel[DecisionRow]):
    """The decision's wording can be edited in place (double-click); the action column is read-only."""

    TEXT, ACTION = range(2)
    columns = (
        ("Decision (double-click to reword)", "text", lambda d: d.text),
        ("Action", "action", lambda d: d.action or "Not an action yet"),
    )

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == self.TEXT else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.TEXT or not str(value).strip():
            return False
        rows = self.rows()
        rows[index.row()] = replace(rows[index.row()], text=str(value).strip())
        self._rows = rows
        self.dataChanged.emit(index, index)
        return True

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid():
            row = self.row_object(index.row())
            return row.text if row is not None else None
        return super().data(index, role)
