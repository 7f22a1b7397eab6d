"""Create or edit an improvement action: SMART description, lead, due date, links, strength, evidence."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carelog.core.action_dto import ActionDetail, ActionInput
from carelog.core.action_strength import EXAMPLES, ActionStrength, suggest_strength
from carelog.core.errors import CareLogError, ValidationError
from carelog.ui.style import ERROR_STYLE
from carelog.ui.widgets.combo_line_edit import combo_line_edit

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

FIELD_LABELS = {
    "title": "Title",
    "lead": "Lead",
    "due_date": "Due date",
    "strength": "Strength",
    "service": "Service",
    "review": "Review",
    "factor": "Contributing factor",
    "incidents": "Incidents",
}


class ActionDialog(QDialog):
    """Saves through ActionService; on success `saved_id` holds the action id."""

    def __init__(self, services: Services, detail: ActionDetail | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._detail = detail
        self.saved_id: int | None = None
        self.setWindowTitle("Edit action" if detail else "New action")
        self.title = QLineEdit()
        self.title.setPlaceholderText("What will change, e.g. Fit sensor mats in rooms 4 and 12")
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(
            "Specific, measurable, achievable, relevant, time-bound: what, who, by when, how we will know it worked"
        )
        self.description.setFixedHeight(80)
        self.lead = QComboBox()
        self.lead.setEditable(True)
        self.lead.addItem("", None)
        for choice in services.actions.staff():
            self.lead.addItem(choice.label, choice.id)
        combo_line_edit(self.lead).setPlaceholderText("Choose a staff member or type a name")
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd/MM/yyyy")
        due = services.ctx.clock().date() + timedelta(days=30)
        self.due.setDate(QDate(due.year, due.month, due.day))
        self.strength = QComboBox()
        self.strength.addItem("Choose…", None)
        for s in ActionStrength:
            self.strength.addItem(s.label, s.value)
        self.strength_hint = QLabel()
        self.strength_hint.setWordWrap(True)
        self.strength_hint.setStyleSheet("color: #555;")
        self.service = QComboBox()
        self.service.addItem("Not specific to one service", None)
        for svc in services.incidents.reference_data().services:
            self.service.addItem(svc.name, svc.id)
        self.review = QComboBox()
        self.review.addItem("No review", None)
        for choice in services.actions.reviews():
            self.review.addItem(choice.label, choice.id)
        self.factor = QComboBox()
        self.incidents = QLineEdit()
        self.incidents.setPlaceholderText("References, separated by commas, e.g. INC-2026-0012, INC-2026-0031")
        self.evidence_note = QPlainTextEdit()
        self.evidence_note.setPlaceholderText("What shows it was done (photos, minutes, audit results)")
        self.evidence_note.setFixedHeight(56)
        self.evidence_path = QLineEdit()
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._on_browse_clicked)
        evidence_row = QHBoxLayout()
        evidence_row.addWidget(self.evidence_path, 1)
        evidence_row.addWidget(browse)
        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.hide()

        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Description (SMART)", self.description)
        form.addRow("&Lead", self.lead)
        form.addRow("D&ue date", self.due)
        form.addRow("&Strength", self.strength)
        form.addRow("", self.strength_hint)
        form.addRow("Ser&vice", self.service)
        form.addRow("&Review", self.review)
        form.addRow("Contributing &factor", self.factor)
        form.addRow("&Incidents", self.incidents)
        form.addRow("Evidence &note", self.evidence_note)
        form.addRow("Evidence file", evidence_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(620, 640)

        self.review.currentIndexChanged.connect(self._on_review_changed)
        self.strength.currentIndexChanged.connect(self._update_hint)
        self.title.textChanged.connect(self._update_hint)
        self._on_review_changed()
        if detail is not None:
            self._fill(detail)
        self._update_hint()

    def _fill(self, detail: ActionDetail) -> None:
        d = detail.data
        self.title.setText(d.title)
        self.description.setPlainText(d.description)
        i = self.lead.findData(d.lead_id) if d.lead_id is not None else -1
        if i >= 0:
            self.lead.setCurrentIndex(i)
        else:
            self.lead.setEditText(d.lead_name)
        if d.due_date:
            self.due.setDate(QDate(d.due_date.year, d.due_date.month, d.due_date.day))
        self.strength.setCurrentIndex(max(self.strength.findData(d.strength.value if d.strength else None), 0))
        self.service.setCurrentIndex(max(self.service.findData(d.service_id), 0))
        self.review.setCurrentIndex(max(self.review.findData(d.review_id), 0))
        self.factor.setCurrentIndex(max(self.factor.findData(d.factor_id), 0))
        self.incidents.setText(", ".join(detail.incident_references))
        self.evidence_note.setPlainText(d.evidence_note)
        self.evidence_path.setText(d.evidence_path)

    def _on_review_changed(self) -> None:
        self.factor.clear()
        self.factor.addItem("No specific factor", None)
        review_id = self.review.currentData()
        if review_id is not None:
            for choice in self._services.actions.factors(review_id):
                self.factor.addItem(choice.label, choice.id)

    def _update_hint(self) -> None:
        chosen = self._strength()
        if chosen is not None:
            text = f"{chosen.label} actions: " + "; ".join(EXAMPLES[chosen][:3]) + "."
        else:
            suggested = suggest_strength(self.title.text())
            text = f"This sounds like a {suggested.label.lower()} action." if suggested else ""
            text += " Stronger actions change the system; weaker ones (training, reminders) rely on memory."
        self.strength_hint.setText(text.strip())

    def _strength(self) -> ActionStrength | None:
        value = self.strength.currentData()
        return ActionStrength(value) if value else None

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Evidence of completion")
        if path:
            self.evidence_path.setText(path)

    def collect(self) -> ActionInput:
        """The form as an ActionInput; ValidationError if incident references are unknown."""
        lead_text = self.lead.currentText().strip()
        index = self.lead.findText(lead_text)
        lead_id = self.lead.itemData(index) if index > 0 else None
        refs = [r for r in self.incidents.text().replace(";", ",").split(",") if r.strip()]
        incident_ids = self._services.actions.resolve_references(refs) if refs else ()
        qd = self.due.date()
        return ActionInput(
            title=self.title.text(),
            description=self.description.toPlainText(),
            lead_id=lead_id,
            lead_name=lead_text,
            due_date=date(qd.year(), qd.month(), qd.day()),
            strength=self._strength(),
            service_id=self.service.currentData(),
            review_id=self.review.currentData(),
            factor_id=self.factor.currentData(),
            incident_ids=incident_ids,
            evidence_note=self.evidence_note.toPlainText(),
            evidence_path=self.evidence_path.text(),
        )

    def save(self) -> None:
        try:
            data = self.collect()
            if self._detail is None:
                self.saved_id = self._services.actions.create(data).id
            else:
                s = self._detail.summary
                self.saved_id = self._services.actions.update(s.id, data, s.version).id
        except ValidationError as exc:
            self.show_errors({FIELD_LABELS.get(k, k.replace("_", " ").capitalize()): v for k, v in exc.errors.items()})
            return
        except CareLogError as exc:
            self.show_errors({"Not saved": str(exc)})
            return
        self.accept()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.errors.setText("Please fix:\n" + "\n".join(f"• {k}: {v}" for k, v in errors.items()))
        self.errors.show()
