"""The Reports tab's "Governance meetings" part: the meetings recorded, newest first; record a new one or open one
to edit it and make its decisions actions. Shown to accounts that may manage actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout

from carelog.core.errors import CareLogError
from carelog.core.permissions import Permission, allowed
from carelog.ui.dialogs.meeting_dialog import MeetingDialog
from carelog.ui.events import AppEvents
from carelog.ui.models.meeting_models import MeetingTableModel

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


class MeetingsPanel(QGroupBox):
    def __init__(self, services: Services, events: AppEvents) -> None:
        super().__init__("Governance meetings")
        self._services = services
        self.dialog: MeetingDialog | None = None
        intro = QLabel(
            "Record each governance meeting: who attended, what it reviewed and what it decided. Decisions can "
            "become actions on the board; the monthly report prints the month's meeting."
        )
        intro.setWordWrap(True)
        self.model = MeetingTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setMinimumHeight(120)
        self.new_button = QPushButton("Ne&w meeting…")
        self.open_button = QPushButton("Open meetin&g…")
        self.status = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

        self.new_button.clicked.connect(self.new_meeting)
        self.open_button.clicked.connect(self.open_selected)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        events.meetings_changed.connect(self.refresh)
        events.actions_changed.connect(self.refresh)
        events.identity_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        if not allowed(self._services.ctx.actor, Permission.MANAGE_ACTIONS):
            self.hide()
            self.model.set_rows([])
            return
        if self.isHidden() and self.parentWidget() is not None:  # never pop up as a window of its own
            self.show()
        try:
            rows = self._services.meetings.list_meetings()
        except CareLogError as exc:
            self.status.setText(str(exc))
            return
        self.model.set_rows(rows)
        self.status.setText("No meeting recorded yet." if not rows else f"{len(rows)} meetings recorded.")
        self.open_button.setEnabled(bool(rows))

    def new_meeting(self) -> MeetingDialog:
        return self._open(MeetingDialog(self._services, parent=self))

    def open_selected(self) -> MeetingDialog | None:
        chosen = self.model.row_object(self.view.currentIndex().row())
        if chosen is None and self.model.rowCount():
            chosen = self.model.row_object(0)
        if chosen is None:
            return None
        return self._open(MeetingDialog(self._services, self._services.meetings.get(chosen.id), parent=self))

    def _on_view_double_clicked(self, _index: QModelIndex) -> None:
        self.open_selected()

    def _open(self, dialog: MeetingDialog) -> MeetingDialog:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog
