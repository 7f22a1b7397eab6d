"""Effectiveness check: the app compares matching incidents before and after completion; the manager concludes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from carelog.core.action_dto import ActionStatus, ActionSummary, Conclusion
from carelog.core.errors import CareLogError, ValidationError
from carelog.ui.style import ERROR_STYLE

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


class ActionCheckDialog(QDialog):
    def __init__(
        self,
        services: Services,
        action: ActionSummary,
        conclusion: Conclusion | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._action = action
        self.setWindowTitle("Check effectiveness")
        intro = QLabel(
            f"<b>{action.title}</b><br>Matching incidents are those with the same category and location as the "
            "incidents linked to this action, counted over equal periods before and after it was done."
        )
        intro.setWordWrap(True)
        self.check_date = QDateEdit()
        self.check_date.setCalendarPopup(True)
        self.check_date.setDisplayFormat("dd/MM/yyyy")
        today = services.ctx.clock().date()
        self.check_date.setDate(QDate(today.year, today.month, today.day))
        self.comparison = QLabel()
        self.comparison.setWordWrap(True)
        self.comparison.setStyleSheet("padding: 6px; background: #f1f3f5; border-radius: 4px;")
        self.buttons_group = QButtonGroup(self)
        conclusions = QHBoxLayout()
        self.radios: dict[Conclusion, QRadioButton] = {}
        for c in Conclusion:
            radio = QRadioButton(c.label)
            self.radios[c] = radio
            self.buttons_group.addButton(radio)
            conclusions.addWidget(radio)
        conclusions.addStretch(1)
        self.reopen_to = QComboBox()
        self.reopen_to.addItem(ActionStatus.IN_PROGRESS.column_title, ActionStatus.IN_PROGRESS.value)
        self.reopen_to.addItem(ActionStatus.TO_DO.column_title, ActionStatus.TO_DO.value)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("What the numbers and staff tell you; if not effective, what will change")
        self.note.setFixedHeight(80)
        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.hide()
        form = QFormLayout()
        form.addRow("Check &date", self.check_date)
        form.addRow("Comparison", self.comparison)
        self.audits = QLabel(_audit_lines(services, action))  # follow-up audits testing this action, if any
        self.audits.setWordWrap(True)
        if self.audits.text():
            form.addRow("Follow-up audits", self.audits)
        form.addRow("Conclusion", conclusions)
        form.addRow("&Reopen to (if not effective)", self.reopen_to)
        form.addRow("&Note", self.note)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addStretch(1)
        layout.addWidget(box)
        self.resize(560, 420)
        if action.conclusion_note:
            self.note.setPlainText(action.conclusion_note)
        self.radios[conclusion or action.conclusion or Conclusion.EFFECTIVE].setChecked(True)
        self.check_date.dateChanged.connect(self._refresh)
        self.buttons_group.buttonToggled.connect(lambda *_: self._update_reopen())
        self._refresh()
        self._update_reopen()

    def _date(self) -> date:
        qd = self.check_date.date()
        return date(qd.year(), qd.month(), qd.day())

    def conclusion(self) -> Conclusion:
        return next(c for c, r in self.radios.items() if r.isChecked())

    def _update_reopen(self) -> None:
        self.reopen_to.setEnabled(self.conclusion() == Conclusion.NOT_EFFECTIVE)

    def _refresh(self) -> None:
        try:
            effect = self._services.actions.preview_check(self._action.id, self._date())
        except ValidationError as exc:
            self.comparison.setText(" ".join(exc.errors.values()))
            return
        self.comparison.setText(effect.describe())

    def save(self) -> None:
        try:
            self._services.actions.record_check(
                self._action.id,
                self._date(),
                self.conclusion(),
                self.note.toPlainText(),
                ActionStatus(self.reopen_to.currentData()),
            )
        except ValidationError as exc:
            self.errors.setText("Please fix:\n" + "\n".join(f"• {v}" for v in exc.errors.values()))
            self.errors.show()
            return
        except CareLogError as exc:
            self.errors.setText(str(exc))
            self.errors.show()
            return
        self.accept()


def _audit_lines(services: Services, action: ActionSummary) -> str:
    """Each type of audit before and after the action was done, then every audit that tests it."""
    audits = services.records.audits_for_action(action.id)
    if not audits:
        return ""
    completed = action.completed_at.date() if action.completed_at else None
    scores = [c.describe() for c in services.records.audit_changes(action.id, completed)]
    listed = "; ".join(f"{a.data.audit_type} {a.data.held_on:%d %b %Y}: {a.stage or 'no score'}" for a in audits)
    return "\n".join([*scores, f"Every audit: {listed}"])
