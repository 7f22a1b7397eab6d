"""The Log tab: report an incident on the left, find and open incidents on the right."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carelog.core.dto import LIST_LIMIT, IncidentFilter
from carelog.core.permissions import Permission, allowed
from carelog.ui.dialogs.deadlines_dialog import DeadlinesDialog
from carelog.ui.dialogs.export_dialog import ExportDialog
from carelog.ui.dialogs.incident_dialog import IncidentDialog
from carelog.ui.events import AppEvents
from carelog.ui.models.incident_table_model import COLUMNS, IncidentTableModel
from carelog.ui.task_runner import TaskRunner
from carelog.ui.widgets.incident_filter_bar import IncidentFilterBar
from carelog.ui.widgets.report_panel import ReportPanel

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


class LogPage(QWidget):
    list_refreshed = Signal(int)  # number of incidents shown

    def __init__(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        super().__init__()
        self._services = services
        self._events = events
        self.report_panel = ReportPanel(services, events)
        self.filter_bar = IncidentFilterBar(clock=services.ctx.clock)
        self.model = IncidentTableModel(services.incidents.summaries, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move inside it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        header.setStretchLastSection(True)
        for col, width in enumerate((105, 115, 95, 160, 160, 130, 75, 125, 55)):
            self.table.setColumnWidth(col, width)
        self.count_label = QLabel()
        self.open_button = QPushButton("&Open selected")
        self.deadlines_button = QPushButton("Statutory &deadlines")
        self.deadlines_button.setVisible(allowed(services.ctx.actor, Permission.VIEW_ALL_INCIDENTS))
        self.export_button = QPushButton("E&xport…")
        self.export_button.setToolTip("Write the incidents the list shows to a CSV file or an Excel workbook")
        self.export_button.setVisible(allowed(services.ctx.actor, Permission.EXPORT))
        self._runner = runner

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 0, 0, 0)
        title = QLabel("<b>Incidents</b>")
        rl.addWidget(title)
        rl.addWidget(self.filter_bar)
        rl.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.deadlines_button)
        bottom.addWidget(self.open_button)
        rl.addLayout(bottom)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.report_panel)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)  # the form keeps the width it needs; the list takes the rest
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([540, 800])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.filter_bar.filter_changed.connect(self._on_filter_changed)
        header.sortIndicatorChanged.connect(self._on_header_sort_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated.connect(self._on_table_double_clicked)
        self.open_button.clicked.connect(self.open_selected)
        self.deadlines_button.clicked.connect(self.open_deadlines)
        self.export_button.clicked.connect(self.open_export)
        events.incidents_changed.connect(self.refresh)
        events.reference_data_changed.connect(self._reload_reference_data)
        events.identity_changed.connect(self._on_identity_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, self.filter_bar.search.setFocus)
        QShortcut(QKeySequence("Ctrl+N"), self, self.focus_first_field)
        self._reload_reference_data()
        self.refresh()

    def focus_first_field(self) -> None:
        """Keyboard focus to the first field of the report form (after sign-in, unlock, Ctrl+N)."""
        self.report_panel.focus_first_field()

    # ------------------------------------------------------------------------------------------ list
    def refresh(self) -> None:
        self._show(self.filter_bar.current_filter())

    def _show(self, f: IncidentFilter) -> None:
        limit = f.limit if f.limit is not None else LIST_LIMIT
        ids = self._services.incidents.list_ids(replace(f, limit=limit + 1))
        more = len(ids) > limit
        ids = ids[:limit]
        self.model.set_ids(ids)
        own = "" if allowed(self._services.ctx.actor, Permission.VIEW_ALL_INCIDENTS) else " (your own reports)"
        if more:
            self.count_label.setText(
                f"Showing the first {len(ids):,} incidents{own} in this order (there are more): narrow the dates, "
                "service, category or search to see the others"
            )
        else:
            self.count_label.setText(f"{len(ids):,} incident{'s' if len(ids) != 1 else ''}{own}")
        self.list_refreshed.emit(len(ids))

    def _on_filter_changed(self, f: IncidentFilter) -> None:
        self._show(f)

    def _on_header_sort_changed(self, section: int, order: Qt.SortOrder) -> None:
        self.filter_bar.set_sort(COLUMNS[section][1], order == Qt.SortOrder.DescendingOrder)

    def _reload_reference_data(self) -> None:
        self.filter_bar.set_reference_data(self._services.incidents.reference_data())

    def _on_identity_changed(self) -> None:
        self.deadlines_button.setVisible(allowed(self._services.ctx.actor, Permission.VIEW_ALL_INCIDENTS))
        self.export_button.setVisible(allowed(self._services.ctx.actor, Permission.EXPORT))
        self.report_panel.start_for_current_user()
        self.refresh()

    # ------------------------------------------------------------------------------------------ open
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        row = self.model.row_object(index.row())
        if row is not None:
            self.open_incident(row.id)

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._on_table_double_clicked(rows[0])

    def open_incident(self, incident_id: int) -> IncidentDialog:
        dialog = IncidentDialog(self._services, incident_id, self)
        dialog.setModal(False)
        dialog.show()
        return dialog

    def open_export(self) -> ExportDialog:
        """Export what the list shows now: its filter and search, every matching incident (not only those loaded)."""
        f = self.filter_bar.current_filter()
        dialog = ExportDialog(self._services, self._runner, f, self._services.incidents.count(f), self)
        dialog.open()
        return dialog

    def open_deadlines(self) -> DeadlinesDialog:
        dialog = DeadlinesDialog(self._services, self)
        dialog.incident_requested.connect(self.open_incident)
        self._events.incidents_changed.connect(dialog.reload)
        dialog.show()
        return dialog
