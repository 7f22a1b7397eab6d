"""Triage one incident: confirm or correct harm and risk, say whether the care plan and risk assessment were
reviewed, check who was told, and choose what happens next. Once saved, the dialog shows the triage read-only."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from carelog.core.deadlines import DeadlineCandidate, DeadlineState, assess
from carelog.core.dto import IncidentDetail
from carelog.core.enums import PhysicalHarm
from carelog.core.errors import CareLogError, ValidationError
from carelog.core.review_dto import ResponseType
from carelog.core.risk import CONSEQUENCES, LIKELIHOODS, risk_band, risk_score
from carelog.core.triage import CheckAnswer, Triage, TriageDecision, TriageInput, triage_due
from carelog.ui.style import ERROR_STYLE

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


def _answers() -> QComboBox:
    box = QComboBox()
    box.addItem("Choose…", None)
    for answer in CheckAnswer:
        box.addItem(answer.label, answer)
    return box


def _scale(labels: dict[int, str]) -> QComboBox:
    box = QComboBox()
    box.addItem("Not rated", None)
    for value, label in labels.items():
        box.addItem(f"{value} {label}", value)
    return box


def notifications_html(detail: IncidentDetail, services: Services) -> str:
    """The statutory notifications this incident needs (core.deadlines) and whether each was recorded."""
    data = detail.data
    assert data.occurred_at is not None and data.kind is not None
    made = {n.kind: n.made_at for n in data.notifications}
    code = next((c.code for c in services.incidents.reference_data().categories if c.id == data.category_id), "")
    candidate = DeadlineCandidate(
        detail.id, detail.reference, data.occurred_at, code, detail.category_name, detail.subcategory_name,
        data.kind, data.physical_harm, made,
    )  # fmt: skip
    items = assess(candidate, services.ctx.clock())
    lines = []
    for item in items:
        req = item.requirement
        if item.state == DeadlineState.MET:
            when = f"made {item.made_at:%d/%m/%Y %H:%M}" if item.made_at else "recorded"
            state = f"<span style='color:#2e7d32'>{when}</span>"
        else:
            due = f"due {req.due_by:%d/%m/%Y %H:%M}" if req.due_by else "as soon as reasonably practicable"
            colour = "#a61b1b" if item.state == DeadlineState.OVERDUE else "#8a5a00"
            state = f"<span style='color:{colour}'>not recorded ({due})</span>"
        lines.append(f"<li>{html.escape(req.rule)}: {state}</li>")
    told = ", ".join(html.escape(n.kind.label) for n in data.notifications) or "nobody recorded"
    needed = f"<ul style='margin:0'>{''.join(lines)}</ul>" if lines else "<p>No statutory notification needed.</p>"
    return f"{needed}<p>Told so far: {told}.</p>"


def triage_html(t: Triage) -> str:
    """The saved triage as a small table (the triage dialog and the incident record show it)."""
    harm = t.physical_harm.label + (f" (corrected from {t.harm_recorded.label})" if t.harm_corrected else "")
    target = "within" if t.within_target else "after"
    rows = [
        ("Triaged", f"{t.triaged_at:%d/%m/%Y %H:%M} by {html.escape(t.triaged_by)}, {target} the "
                    f"{t.target_hours}-hour target"),
        ("Physical harm", harm),
        ("Risk score", str(t.risk_score) if t.risk_score else "not rated"),
        ("Care plan reviewed", t.care_plan.label),
        ("Risk assessment reviewed", t.risk_assessment.label),
        ("Notifications checked", "Yes" if t.notifications_checked else "No"),
        ("Next steps", "; ".join(d.label for d in t.decisions)),
        ("Reason or note", html.escape(t.reason) or "<i>none</i>"),
    ]  # fmt: skip
    if t.review_id is not None:
        rows.append(("Learning review", f"opened (review {t.review_id})"))
    body = "".join(f"<tr><th align='left' valign='top' width='190'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f"<table cellspacing='4'>{body}</table>"


class TriageDialog(QDialog):
    triage_saved = Signal(int)  # incident id

    def __init__(self, services: Services, incident_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._id = incident_id
        self.resize(640, 780)
        self.detail = services.incidents.get(incident_id, with_audit=False)
        self.saved: Triage | None = services.triage.get(incident_id)
        self.setWindowTitle(f"Triage {self.detail.reference}")

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.harm = QComboBox()
        for h in PhysicalHarm:
            self.harm.addItem(h.label, h)
        self.consequence = _scale(CONSEQUENCES)
        self.likelihood = _scale(LIKELIHOODS)
        self.risk_label = QLabel()
        self.care_plan = _answers()
        self.risk_assessment = _answers()
        self.notifications = QLabel()
        self.notifications.setWordWrap(True)
        self.notifications_checked = QCheckBox("I have checked who was told and what is still to do")
        self.decisions: dict[TriageDecision, QCheckBox] = {d: QCheckBox(d.label) for d in TriageDecision}
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Why no further action is needed, or a note for the record")
        self.reason.setFixedHeight(70)
        self.review_title = QLineEdit()
        self.response_type = QComboBox()
        for r in ResponseType:
            self.response_type.addItem(r.label, r)
        self.response_type.setCurrentIndex(list(ResponseType).index(ResponseType.AFTER_ACTION_REVIEW))
        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(ERROR_STYLE)

        rating = QFormLayout()
        rating.addRow("Physical harm:", self.harm)
        risk_row = QHBoxLayout()
        risk_row.addWidget(self.consequence)
        risk_row.addWidget(QLabel("×"))
        risk_row.addWidget(self.likelihood)
        risk_row.addWidget(self.risk_label, 1)
        rating.addRow("Risk (consequence × likelihood):", risk_row)
        rating.addRow("Care plan reviewed:", self.care_plan)
        rating.addRow("Risk assessment reviewed:", self.risk_assessment)
        rating_box = QGroupBox("1. Harm and risk: confirm or correct")
        rating_box.setLayout(rating)
        told_box = QGroupBox("2. Notifications")
        told_layout = QVBoxLayout(told_box)
        told_layout.addWidget(self.notifications)
        told_layout.addWidget(self.notifications_checked)
        next_box = QGroupBox("3. What happens next")
        next_layout = QVBoxLayout(next_box)
        for box in self.decisions.values():
            next_layout.addWidget(box)
        review_form = QFormLayout()
        review_form.addRow("Review title:", self.review_title)
        review_form.addRow("Learning response:", self.response_type)
        next_layout.addLayout(review_form)
        next_layout.addWidget(QLabel("Reason or note:"))
        next_layout.addWidget(self.reason)
        next_layout.addStretch(1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Save triage")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.done_view = QLabel()
        self.done_view.setWordWrap(True)
        self.form = QWidget()
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        for w in (rating_box, told_box, next_box):
            form_layout.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.done_view, 1)
        layout.addWidget(self.errors)
        layout.addWidget(self.buttons)

        self.consequence.currentIndexChanged.connect(self._show_risk)
        self.likelihood.currentIndexChanged.connect(self._show_risk)
        self.decisions[TriageDecision.LEARNING_RESPONSE].toggled.connect(self._sync_review_fields)
        self.decisions[TriageDecision.NO_FURTHER_ACTION].toggled.connect(self._sync_exclusive)
        self._fill()

    def _fill(self) -> None:
        d = self.detail
        data = d.data
        standard, serious = self._services.triage.targets()
        due = triage_due(d.reported_at, data.physical_harm, standard, serious)
        now = self._services.ctx.clock()
        left = "overdue" if now > due else "still in time"
        self.header.setText(
            f"<b>{html.escape(d.reference)}</b> {html.escape(d.category_name)} at {html.escape(d.service_name)}, "
            f"reported {d.reported_at:%d/%m/%Y %H:%M}. Triage target: {due:%d/%m/%Y %H:%M} ({left})."
        )
        self.harm.setCurrentIndex(list(PhysicalHarm).index(data.physical_harm))
        self.consequence.setCurrentIndex(self.consequence.findData(data.risk_consequence))
        self.likelihood.setCurrentIndex(self.likelihood.findData(data.risk_likelihood))
        if data.care_plan_reviewed:
            self.care_plan.setCurrentIndex(self.care_plan.findData(CheckAnswer.YES))
        if data.risk_assessment_reviewed:
            self.risk_assessment.setCurrentIndex(self.risk_assessment.findData(CheckAnswer.YES))
        self.notifications.setText(notifications_html(d, self._services))
        self.review_title.setText(f"{d.category_name} at {d.service_name}, {data.occurred_at:%d %B %Y}")
        self._show_risk()
        self._sync_review_fields()
        self._show_saved()

    def _show_saved(self) -> None:
        t = self.saved
        self.form.setVisible(t is None)
        self.done_view.setVisible(t is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setVisible(t is None)
        if t is None:
            return
        self.done_view.setText(f"<p>This incident has been triaged.</p>{triage_html(t)}")

    def _show_risk(self) -> None:
        c, lk = self.consequence.currentData(), self.likelihood.currentData()
        if c is None or lk is None:
            self.risk_label.setText("not rated")
            return
        score = risk_score(c, lk)
        band = risk_band(score)
        self.risk_label.setText(
            f"= <b>{score}</b> <span style='background:{band.colour}'>&nbsp;{band.name}&nbsp;</span>"
        )

    def _sync_review_fields(self) -> None:
        on = self.decisions[TriageDecision.LEARNING_RESPONSE].isChecked()
        self.review_title.setEnabled(on)
        self.response_type.setEnabled(on)

    def _sync_exclusive(self, checked: bool) -> None:
        for decision, box in self.decisions.items():
            if decision != TriageDecision.NO_FURTHER_ACTION:
                box.setEnabled(not checked)
                if checked:
                    box.setChecked(False)

    def to_input(self) -> TriageInput:
        def answer(box: QComboBox) -> CheckAnswer | None:  # Qt hands enum data back as plain text
            return CheckAnswer(box.currentData()) if box.currentData() is not None else None

        return TriageInput(
            physical_harm=PhysicalHarm(self.harm.currentData()),
            risk_consequence=self.consequence.currentData(),
            risk_likelihood=self.likelihood.currentData(),
            care_plan=answer(self.care_plan),
            risk_assessment=answer(self.risk_assessment),
            notifications_checked=self.notifications_checked.isChecked(),
            decisions=tuple(d for d, box in self.decisions.items() if box.isChecked()),
            reason=self.reason.toPlainText(),
            review_title=self.review_title.text(),
            response_type=ResponseType(self.response_type.currentData()),
        )

    def _show_error(self, text: str) -> None:
        self.errors.setText(text)
        self.errors.setMinimumHeight(self.errors.heightForWidth(max(self.errors.width(), 400)))  # all lines show
        layout = self.layout()
        if layout is not None:
            layout.activate()

    def save(self) -> Triage | None:
        try:
            saved = self._services.triage.triage(self._id, self.to_input(), self.detail.version)
        except ValidationError as exc:
            self._show_error("Not saved yet: " + " ".join(exc.errors.values()))
            return None
        except CareLogError as exc:
            self._show_error(f"Not saved: {exc}")
            return None
        self.saved = saved
        self.errors.setText("")
        self._show_saved()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
        self.triage_saved.emit(self._id)
        return saved
