"""The "Complaints & safeguarding" tab: complaints, compliments, safeguarding concerns, Duty of Candour, staff
debriefs and follow-up audits, each listed with its stage and next due date (overdue in red), an editor and the
thread view. Care staff see only buttons to raise a complaint, compliment or concern. The Home tab opens a record
here (open_record) through a PageLink."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carelog.core.errors import CareLogError
from carelog.core.permissions import Permission, allowed
from carelog.core.thread_records import RecordKind, RecordView
from carelog.ui.dialogs.record_dialog import RecordDialog
from carelog.ui.dialogs.thread_dialog import ThreadDialog
from carelog.ui.events import AppEvents
from carelog.ui.models.row_table_model import RowTableModel
from carelog.ui.task_runner import TaskRunner
from carelog.ui.widgets.chart_view import ChartView

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

OVERDUE = QColor("#b00020")


def _d(value: Any) -> str:
    return f"{value:%d %b %Y}" if value else ""


class RecordTableModel(RowTableModel[RecordView]):
    columns = (
        ("Ref", "id", lambda r: r.label),
        ("Date", "date", lambda r: _d(r.started_on)),
        ("Stage", "stage", lambda r: r.stage),
        ("Next due", "due", lambda r: (_d(r.next_due) + (" (overdue)" if r.overdue else "")) if r.next_due else ""),
        ("Incident", "incident", lambda r: r.incident_reference),
        ("About", "about", lambda r: r.headline),
    )

    def extra_data(self, item: RecordView, column: int, role: int) -> Any:
        from PySide6.QtCore import Qt

        if role == Qt.ItemDataRole.ForegroundRole and item.overdue and column in (2, 3):
            return QBrush(OVERDUE)
        return None


class RecordList(QWidget):
    """One kind's list with New / Edit / Thread buttons."""

    def __init__(self, services: Services, kind: RecordKind) -> None:
        super().__init__()
        self._services = services
        self.kind = kind
        self.model = RecordTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self._on_edit_clicked)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.new_button = QPushButton(f"&New {kind.label.lower()}…")
        self.edit_button = QPushButton("&Open…")
        self.thread_button = QPushButton("&Thread…")
        self.new_button.clicked.connect(self._on_new_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.thread_button.clicked.connect(self._on_thread_clicked)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.thread_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.chart: ChartView | None = None
        if kind == RecordKind.AUDIT:  # the list is shown only to managers, who may see trends
            self.chart = ChartView("audit-scores")
            self.chart.hint.setText("Scores over time: is the improvement sticking?")
            layout.addWidget(self.chart, 1)
        self._chart_stale = True

    def draw_chart(self) -> None:
        """Draw the audit scores chart (matplotlib is loaded only when the audits tab is first shown)."""
        if self.chart is None or not self._chart_stale:
            return
        from carelog.reports.charts import audit_scores_figure

        self.chart.set_figure(audit_scores_figure(self._services.records.audit_scores()))
        self._chart_stale = False

    def refresh(self) -> None:
        rows = self._services.records.records(self.kind)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        overdue = sum(r.overdue for r in rows)
        text = f"{len(rows)} recorded" + (f", {overdue} overdue" if overdue else "")
        if self.kind == RecordKind.COMPLAINT:
            themes = self._services.records.themes()
            if themes:
                text += ". Themes: " + ", ".join(f"{t.theme} {t.count} ({t.upheld} upheld)" for t in themes)
        self.summary.setText(text)
        self._chart_stale = True
        if self.chart is not None and self.isVisible():
            self.draw_chart()

    def selected(self) -> RecordView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def select(self, record_id: int) -> None:
        """Select the record's row (if it is listed) and scroll to it."""
        for row, record in enumerate(self.model.rows()):
            if record.id == record_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def open_editor(self, record: RecordView) -> RecordDialog:
        """Open the record's editor without waiting for it (the list refreshes itself once it is saved)."""
        dialog = RecordDialog(self._services, self.kind, record, parent=self)
        dialog.open()
        return dialog

    def _on_new_clicked(self) -> None:
        RecordDialog(self._services, self.kind, parent=self).exec()

    def _on_edit_clicked(self) -> None:
        record = self.selected()
        if record is not None:
            RecordDialog(self._services, self.kind, record, parent=self).exec()

    def _on_thread_clicked(self) -> None:
        record = self.selected()
        if record is None:
            return
        try:
            view = self._services.thread.thread(self.kind.value, record.id)
        except CareLogError as exc:
            QMessageBox.warning(self, "Thread", str(exc))
            return
        ThreadDialog(view, self).exec()


class ConcernsPage(QWidget):
    def __init__(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        super().__init__()
        self._services = services
        self._runner = runner
        self.editor: RecordDialog | None = None  # the last editor open_record opened
        self.tabs = QTabWidget()
        self.lists = {kind: RecordList(services, kind) for kind in RecordKind}
        for kind, widget in self.lists.items():
            self.tabs.addTab(widget, _TAB_TITLES[kind])
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.raise_panel = QWidget()
        raise_layout = QVBoxLayout(self.raise_panel)
        intro = QLabel(
            "Tell us about a complaint, a compliment or a worry that someone may be at risk of abuse or neglect. "
            "A manager will take it from here. If someone is in danger now, call 999."
        )
        intro.setWordWrap(True)
        raise_layout.addWidget(intro)
        self.raise_buttons: dict[RecordKind, QPushButton] = {}
        for kind, text in (
            (RecordKind.COMPLAINT, "Record a &complaint…"),
            (RecordKind.COMPLIMENT, "Record a com&pliment…"),
            (RecordKind.SAFEGUARDING, "Raise a safe&guarding concern…"),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, k=kind: self.raise_record(k))
            raise_layout.addWidget(button)
            self.raise_buttons[kind] = button
        self.raised = QLabel()
        self.raised.setWordWrap(True)
        raise_layout.addWidget(self.raised)
        raise_layout.addStretch(1)
        self.finder = QWidget()
        finder = QHBoxLayout(self.finder)
        finder.setContentsMargins(0, 0, 0, 0)
        self.start_kind = QComboBox()
        for label, key in (
            ("Incident reference", "incident"),
            ("Review number", "review"),
            ("Action number", "action"),
        ):
            self.start_kind.addItem(label, key)
        self.start_text = QLineEdit()
        self.start_text.setPlaceholderText("e.g. INC-2026-0042")
        self.start_text.returnPressed.connect(self._on_find_clicked)
        find = QPushButton("Show the t&hread")
        find.clicked.connect(self._on_find_clicked)
        finder.addWidget(QLabel("Golden thread from:"))
        finder.addWidget(self.start_kind)
        finder.addWidget(self.start_text, 1)
        finder.addWidget(find)
        layout = QVBoxLayout(self)
        layout.addWidget(self.raise_panel)
        layout.addWidget(self.finder)
        layout.addWidget(self.tabs, 1)
        events.thread_changed.connect(self.refresh)
        events.actions_changed.connect(self.refresh)
        events.identity_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        manager = allowed(self._services.ctx.actor, Permission.MANAGE_CONCERNS)
        self.raise_panel.setVisible(not manager)
        self.tabs.setVisible(manager)
        self.finder.setVisible(manager)
        if manager:
            for widget in self.lists.values():
                widget.refresh()

    def open_record(self, kind: str, record_id: int) -> bool:
        """Show a record in its list and open its editor (from the Home tab); True so the tab comes to the front.
        False, saying why, when it cannot be opened."""
        if not allowed(self._services.ctx.actor, Permission.MANAGE_CONCERNS):
            return False
        record_kind = RecordKind(kind)
        try:
            record = self._services.records.get(record_kind, record_id)
        except CareLogError as exc:
            QMessageBox.warning(self, "Complaints & safeguarding", str(exc))
            return False
        records = self.lists[record_kind]
        self.tabs.setCurrentWidget(records)
        records.refresh()  # the Home tab may know of a record this page has not listed yet
        records.select(record_id)
        self.editor = records.open_editor(record)
        return True

    def thread_for(self, key: str, text: str) -> ThreadDialog | None:
        """The thread dialog (not yet shown) from an incident reference or a review/action number; None with a
        message box when it cannot be found."""
        text = text.strip()
        try:
            if key == "incident":
                record_id = self._services.actions.resolve_references([text])[0]
            elif text.isdigit():
                record_id = int(text)
            else:
                raise ValueError
            view = self._services.thread.thread(key, record_id)
        except (CareLogError, ValueError, IndexError) as exc:
            message = str(exc) if isinstance(exc, CareLogError) else "Type the number shown on the review or action."
            QMessageBox.warning(self, "Golden thread", message)
            return None
        if not view.items:
            QMessageBox.information(self, "Golden thread", f"Nothing is recorded under {view.start}.")
            return None
        return ThreadDialog(view, self)

    def raise_record(self, kind: RecordKind, dialog: RecordDialog | None = None) -> None:
        """Care staff: open the raise form; once saved, say so (and that a manager will take it from here)."""
        dialog = dialog or RecordDialog(self._services, kind, parent=self)
        if dialog.saved is None:
            dialog.exec()
        if dialog.saved is not None:
            self.raised.setText(
                f"Saved: {kind.label.lower()} {dialog.saved.label}. A manager will see it on their list. Thank you."
            )

    def _on_tabs_current_changed(self, _index: int) -> None:
        widget = self.tabs.currentWidget()
        if isinstance(widget, RecordList):
            widget.draw_chart()

    def _on_find_clicked(self) -> None:
        dialog = self.thread_for(str(self.start_kind.currentData()), self.start_text.text())
        if dialog is not None:
            dialog.exec()


_TAB_TITLES = {
    RecordKind.COMPLAINT: "Complaints",
    RecordKind.COMPLIMENT: "Compliments",
    RecordKind.SAFEGUARDING: "Safeguarding",
    RecordKind.CANDOUR: "Duty of Candour",
    RecordKind.DEBRIEF: "Staff debriefs",
    RecordKind.AUDIT: "Follow-up audits",
}
