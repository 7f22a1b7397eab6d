"""Record or edit a governance meeting: date, service, attendees, items reviewed, decisions, notes. A saved
decision can be made an improvement action (lead, due date) from here."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carelog.core.errors import CareLogError, ValidationError
from carelog.core.meeting_dto import (
    AttendeeInput,
    DecisionInput,
    MeetingDetail,
    MeetingInput,
    MeetingItemKind,
    parse_attendees,
)
from carelog.ui.dialogs.decision_action_dialog import DecisionActionDialog
from carelog.ui.models.meeting_models import DecisionModel, DecisionRow, MeetingItemModel
from carelog.ui.qt_time import pydate, qdate
from carelog.ui.style import ERROR_STYLE

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

FIELD_LABELS = {
    "held_on": "Date",
    "service": "Service",
    "attendees": "Attendees",
    "items": "Items reviewed",
    "item": "Item",
    "decisions": "Decisions",
}
ITEM_HINTS = {
    MeetingItemKind.INCIDENT: "Incident reference, e.g. INC-2026-0042",
    MeetingItemKind.REVIEW: "Review number, e.g. 12",
    MeetingItemKind.ACTION: "Action number, e.g. 7",
    MeetingItemKind.SIGNAL: "The signal, e.g. Falls in the Rose Lounge above the upper limit",
    MeetingItemKind.OTHER: "What was discussed, e.g. Night staffing",
}


def _table(model: object) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setMinimumHeight(110)
    return view


class MeetingDialog(QDialog):
    """Saves through MeetingService; `detail` holds the meeting as last saved (None until the first save)."""

    def __init__(self, services: Services, detail: MeetingDetail | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.detail = detail
        self.action_dialog: DecisionActionDialog | None = None
        self._staff = {c.label.lower(): c.id for c in services.actions.staff()}
        self.setWindowTitle("Governance meeting")

        self.held_on = QDateEdit()
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("dd/MM/yyyy")
        self.held_on.setDate(qdate(services.ctx.clock().date()))
        self.held_on.setMaximumWidth(160)
        self.service = QComboBox()
        self.service.setMaximumWidth(360)
        self.service.addItem("All services", None)
        for svc in services.incidents.reference_data().services:
            self.service.addItem(svc.name, svc.id)
        self.attendees = QPlainTextEdit()
        self.attendees.setPlaceholderText("One person a line, e.g.\nAnn Lead, registered manager\nDana Deputy")
        self.attendees.setFixedHeight(84)

        self.items = MeetingItemModel(self)
        self.items_view = _table(self.items)
        self.items_view.horizontalHeader().setStretchLastSection(False)
        self.items_view.horizontalHeader().setSectionResizeMode(MeetingItemModel.ITEM, QHeaderView.ResizeMode.Stretch)
        self.items_view.setColumnWidth(MeetingItemModel.NOTE, 240)
        self.item_kind = QComboBox()
        for kind in MeetingItemKind:
            self.item_kind.addItem(kind.label, kind.value)
        self.item_text = QLineEdit()
        self.item_note = QLineEdit()
        self.item_note.setPlaceholderText("Note (optional)")
        add_item = QPushButton("&Add item")
        remove_item = QPushButton("Remove item")
        item_row = QHBoxLayout()
        item_row.addWidget(self.item_kind)
        item_row.addWidget(self.item_text, 2)
        item_row.addWidget(self.item_note, 1)
        item_row.addWidget(add_item)
        item_row.addWidget(remove_item)
        items_box = QGroupBox("Items reviewed")
        items_layout = QVBoxLayout(items_box)
        items_layout.addWidget(self.items_view)
        items_layout.addLayout(item_row)

        self.decisions = DecisionModel(self)
        self.decisions_view = _table(self.decisions)
        self.decisions_view.horizontalHeader().setStretchLastSection(False)
        self.decisions_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.decisions_view.setColumnWidth(DecisionModel.ACTION, 380)
        self.decision_text = QLineEdit()
        self.decision_text.setPlaceholderText("What was decided, e.g. Move the night check to 02:00")
        add_decision = QPushButton("Add &decision")
        remove_decision = QPushButton("Remove decision")
        self.make_action_button = QPushButton("Make it an a&ction…")
        decision_row = QHBoxLayout()
        decision_row.addWidget(self.decision_text, 1)
        decision_row.addWidget(add_decision)
        decision_row.addWidget(remove_decision)
        decision_row.addWidget(self.make_action_button)
        decisions_box = QGroupBox("Decisions")
        decisions_layout = QVBoxLayout(decisions_box)
        decisions_layout.addWidget(self.decisions_view)
        decisions_layout.addLayout(decision_row)

        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(56)
        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.hide()

        form = QFormLayout()
        form.addRow("Da&te held", self.held_on)
        form.addRow("Ser&vice", self.service)
        form.addRow("Atte&ndees", self.attendees)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(items_box, 1)
        layout.addWidget(decisions_box, 1)
        notes_form = QFormLayout()
        notes_form.addRow("N&otes", self.notes)
        layout.addLayout(notes_form)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)
        self.resize(860, 720)

        self.item_kind.currentIndexChanged.connect(self._on_item_kind_changed)
        add_item.clicked.connect(self.add_item)
        remove_item.clicked.connect(self._on_remove_item_clicked)
        self.item_text.returnPressed.connect(self.add_item)
        add_decision.clicked.connect(self.add_decision)
        self.decision_text.returnPressed.connect(self.add_decision)
        remove_decision.clicked.connect(self._on_remove_decision_clicked)
        self.make_action_button.clicked.connect(self.make_action)
        self._on_item_kind_changed()
        if detail is not None:
            self._fill(detail)

    # ------------------------------------------------------------------------------------------ form
    def _fill(self, d: MeetingDetail) -> None:
        self.setWindowTitle(f"Governance meeting, {d.held_on:%d %B %Y}")
        self.held_on.setDate(qdate(d.held_on))
        self.service.setCurrentIndex(max(self.service.findData(d.service_id), 0))
        self.attendees.setPlainText("\n".join(a.name for a in d.attendees))
        self.items.set_rows(d.items)
        self.decisions.set_rows([DecisionRow.of(x) for x in d.decisions])
        self.notes.setPlainText(d.notes)

    def collect(self) -> MeetingInput:
        typed = parse_attendees(self.attendees.toPlainText())
        attendees = tuple(AttendeeInput(a.name, self._staff.get(a.name.lower())) for a in typed)
        return MeetingInput(
            held_on=pydate(self.held_on.date()),
            service_id=self.service.currentData(),
            attendees=attendees,
            items=tuple(self.items.rows()),
            decisions=tuple(DecisionInput(d.text, d.id) for d in self.decisions.rows()),
            notes=self.notes.toPlainText(),
        )

    def _on_item_kind_changed(self) -> None:
        self.item_text.setPlaceholderText(ITEM_HINTS[MeetingItemKind(self.item_kind.currentData())])

    def add_item(self) -> None:
        try:
            item = self._services.meetings.resolve_item(
                MeetingItemKind(self.item_kind.currentData()), self.item_text.text()
            )
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.items.set_rows([*self.items.rows(), replace(item, note=self.item_note.text().strip())])
        self.item_text.clear()
        self.item_note.clear()
        self.errors.hide()

    def _on_remove_item_clicked(self) -> None:
        row = self.items_view.currentIndex().row()
        if row >= 0:
            self.items.set_rows([r for n, r in enumerate(self.items.rows()) if n != row])

    def add_decision(self) -> None:
        text = self.decision_text.text().strip()
        if not text:
            self.show_errors({"decisions": "Type the decision first."})
            return
        self.decisions.set_rows([*self.decisions.rows(), DecisionRow(text)])
        self.decision_text.clear()
        self.errors.hide()

    def _on_remove_decision_clicked(self) -> None:
        row = self.decisions_view.currentIndex().row()
        chosen = self.decisions.row_object(row)
        if chosen is None:
            return
        if chosen.action_id is not None:
            self.show_errors({"decisions": f"This decision became action {chosen.action_id}: it stays on the record."})
            return
        self.decisions.set_rows([r for n, r in enumerate(self.decisions.rows()) if n != row])

    # ------------------------------------------------------------------------------------------ saving
    def save(self) -> bool:
        """Save the meeting (create or update); True when saved. Errors are shown in the dialog."""
        try:
            data = self.collect()
            if self.detail is None:
                self.detail = self._services.meetings.create(data)
            else:
                self.detail = self._services.meetings.update(self.detail.id, data, self.detail.version)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except CareLogError as exc:
            self.show_errors({"Not saved": str(exc)})
            return False
        self._fill(self.detail)
        self.errors.hide()
        return True

    def _on_save_clicked(self) -> None:
        if self.save():
            self.accept()

    def make_action(self) -> DecisionActionDialog | None:
        """Open the action form for the selected decision (the meeting is saved first, so the decision has an id)."""
        row = self.decisions_view.currentIndex().row()
        chosen = self.decisions.row_object(row)
        if chosen is None:
            self.show_errors({"decisions": "Select the decision that should become an action."})
            return None
        if chosen.action_id is not None:
            self.show_errors({"decisions": f"This decision is already action {chosen.action_id}."})
            return None
        if not self.save() or self.detail is None:
            return None
        saved = self.detail.decisions[row]
        dialog = DecisionActionDialog(self._services, saved.id, saved.text, self.detail.service_id, parent=self)
        dialog.finished.connect(self._on_action_dialog_finished)
        self.action_dialog = dialog
        dialog.open()
        return dialog

    def _on_action_dialog_finished(self, _result: int) -> None:
        dialog = self.action_dialog
        if dialog is not None and dialog.meeting is not None:
            self.detail = dialog.meeting
            self._fill(dialog.meeting)

    def show_errors(self, errors: dict[str, str]) -> None:
        lines = [f"• {FIELD_LABELS.get(k, k)}: {v}" for k, v in errors.items()]
        self.errors.setText("Please fix:\n" + "\n".join(lines))
        self.errors.show()
