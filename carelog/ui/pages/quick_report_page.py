"""Shared-terminal screen for care staff: report an incident, see your own reports, sign out. No navigation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
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

from carelog.core.dto import IncidentFilter
from carelog.ui.events import AppEvents
from carelog.ui.models.incident_table_model import IncidentTableModel
from carelog.ui.task_runner import TaskRunner
from carelog.ui.widgets.report_panel import ReportPanel

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

MY_REPORTS_LIMIT = 200


class QuickReportPage(QWidget):
    sign_out_requested = Signal()

    def __init__(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        super().__init__()
        self._services = services
        self.greeting = QLabel()
        self.greeting.setStyleSheet("font-size: 15px;")
        self.sign_out_button = QPushButton("Sign &out (Ctrl+L)")
        self.sign_out_button.setToolTip("Lock CareLog so the next person can sign in. Your unsaved report is kept.")
        self.report_panel = ReportPanel(services, events)
        self.model = IncidentTableModel(services.incidents.summaries, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((105, 115, 95, 150, 150, 120, 75, 125, 55)):
            self.table.setColumnWidth(col, width)
        self.count_label = QLabel()

        top = QHBoxLayout()
        top.addWidget(self.greeting, 1)
        top.addWidget(self.sign_out_button)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 0, 0, 0)
        rl.addWidget(QLabel("<b>My reports</b>"))
        rl.addWidget(self.table, 1)
        rl.addWidget(self.count_label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.report_panel)
        self.splitter.addWidget(right)
        self.splitter.setSizes([620, 640])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        self.sign_out_button.clicked.connect(self.sign_out_requested)
        events.incidents_changed.connect(self.refresh)
        events.identity_changed.connect(self._on_identity_changed)
        self._on_identity_changed(reload_form=False)

    def _on_identity_changed(self, reload_form: bool = True) -> None:
        actor = self._services.ctx.actor
        self.greeting.setText(f"Hello {actor.name}. Report what happened; it takes about a minute.")
        if reload_form:
            self.report_panel.start_for_current_user()
        self.refresh()

    def save_draft(self) -> None:
        self.report_panel.save_draft()

    def refresh(self) -> None:
        """The signed-in person's own reports, newest first (the service scopes care staff to their own)."""
        actor = self._services.ctx.actor
        if actor.user_id is None:
            self.model.set_ids([])
            self.count_label.setText("")
            return
        ids = self._services.incidents.list_ids(IncidentFilter(reporter_id=actor.user_id, limit=MY_REPORTS_LIMIT))
        self.model.set_ids(ids)
        self.count_label.setText(f"{len(ids)} report{'s' if len(ids) != 1 else ''} made by you")
