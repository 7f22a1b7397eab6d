"""Statutory deadlines: which incidents still need CQC, safeguarding, RIDDOR or Duty of Candour action."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carelog.core.deadlines import DeadlineState
from carelog.ui.models.deadline_table_model import DeadlineTableModel

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


class DeadlinesDialog(QDialog):
    incident_requested = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.setWindowTitle("Statutory notifications: what is due")
        self.resize(1100, 560)
        self.days = QSpinBox()
        self.days.setRange(7, 3650)
        self.days.setValue(90)
        self.days.setSuffix(" days")
        self.show_met = QCheckBox("Show those already done")
        self.summary = QLabel()
        self.model = DeadlineTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        note = QLabel(
            "CareLog flags incidents that may need a statutory notification: CQC (Regulations 16 and 18, "
            "'without delay', shown as the same day), safeguarding (same day), RIDDOR (work-connected injuries: "
            "10 or 15 days) and Duty of Candour (moderate harm or worse). Record who was told on the incident "
            "itself (More details, Who was told). Double-click a row to open the incident."
        )
        note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Incidents in the last"))
        top.addWidget(self.days)
        top.addWidget(self.show_met)
        top.addStretch(1)
        top.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.days.valueChanged.connect(self.reload)
        self.show_met.toggled.connect(self.reload)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.reload()

    def reload(self) -> None:
        since = self._services.ctx.clock() - timedelta(days=self.days.value())
        items = self._services.incidents.deadlines(since, include_met=self.show_met.isChecked())
        self.model.set_rows(items)
        for col, width in enumerate((80, 110, 120, 170, 180, 150)):
            self.view.setColumnWidth(col, width)
        overdue = sum(1 for i in items if i.state == DeadlineState.OVERDUE)
        due = sum(1 for i in items if i.state == DeadlineState.DUE)
        self.summary.setText(f"<b>{overdue}</b> overdue, <b>{due}</b> still to do")

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        item = self.model.row_object(index.row())
        if item is not None:
            self.incident_requested.emit(item.incident_id)
