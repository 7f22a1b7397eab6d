"""Open one incident: the record, an edit form (for those allowed to edit), status, and its audit history."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from carelog.core.dto import IncidentDetail
from carelog.core.enums import Status
from carelog.core.errors import CareLogError, ValidationError
from carelog.core.incident_status import ALLOWED_TRANSITIONS
from carelog.core.permissions import Permission, allowed
from carelog.core.risk import risk_band
from carelog.ui.dialogs.triage_dialog import TriageDialog
from carelog.ui.models.audit_table_model import AuditTableModel
from carelog.ui.widgets.body_map import site_label
from carelog.ui.widgets.incident_form import IncidentForm

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


class IncidentDialog(QDialog):
    incident_changed = Signal(int)

    def __init__(self, services: Services, incident_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._id = incident_id
        self.resize(900, 720)
        self.record = QTextBrowser()
        self.record.setOpenLinks(False)
        self.form = IncidentForm(editing=True, clock=lambda: services.ctx.clock())
        self.audit_model = AuditTableModel(self)
        self.audit_view = QTableView()
        self.audit_view.setModel(self.audit_model)
        self.audit_view.setWordWrap(True)
        self.audit_view.verticalHeader().setVisible(False)
        self.audit_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.audit_view.horizontalHeader().setStretchLastSection(True)
        self.status_combo = QComboBox()
        self.status_button = QPushButton("Change status")
        self.triage_button = QPushButton("&Triage…")
        self.message = QLabel()
        self.message.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.record, "&Record")
        self.can_edit = allowed(services.ctx.actor, Permission.EDIT_INCIDENT)
        if self.can_edit:
            self.tabs.addTab(self.form, "&Edit")
        self.tabs.addTab(self.audit_view, "&History")
        status_row = QHBoxLayout()
        status_row.addWidget(QLabel("Status:"))
        status_row.addWidget(self.status_combo)
        status_row.addWidget(self.status_button)
        status_row.addWidget(self.message, 1)
        status_row.addWidget(self.triage_button)
        self.triage_button.setVisible(allowed(services.ctx.actor, Permission.TRIAGE))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        if allowed(services.ctx.actor, Permission.VIEW_ALL_INCIDENTS):  # linked complaints, reviews, actions, audits
            self.thread_button = buttons.addButton("Golden &thread…", QDialogButtonBox.ButtonRole.ActionRole)
            self.thread_button.clicked.connect(self._on_thread_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        if allowed(services.ctx.actor, Permission.REVIEW):
            layout.addLayout(status_row)
        else:
            layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.form.submitted.connect(self._on_form_submitted)
        self.status_button.clicked.connect(self._on_status_clicked)
        self.triage_button.clicked.connect(self.open_triage)
        self._ref = services.incidents.reference_data()
        self.form.set_reference_data(self._ref)
        self.detail: IncidentDetail | None = None
        self.load()

    def load(self) -> None:
        detail = self._services.incidents.get(self._id)
        self.detail = detail
        self.setWindowTitle(f"{detail.reference} - {detail.category_name} - {detail.status.label}")
        record = render_record(detail)
        if allowed(self._services.ctx.actor, Permission.VIEW_ALL_INCIDENTS):
            from carelog.ui.dialogs.triage_dialog import triage_html

            triage = self._services.triage.get(self._id)
            record += "<h3>Manager's triage</h3>" + (
                triage_html(triage) if triage else "<p><i>Not triaged yet.</i></p>"
            )
            self.triage_button.setText("Triage (done)…" if triage else "&Triage…")
        self.record.setHtml(record)
        self.form.set_input(detail.data)
        self.form.show_errors({})
        self.audit_model.set_rows(detail.audit)
        self.audit_view.resizeColumnsToContents()
        self.status_combo.clear()
        self.status_combo.addItem(detail.status.label, detail.status)
        for s in Status:
            if s in ALLOWED_TRANSITIONS[detail.status]:
                self.status_combo.addItem(s.label, s)

    def open_triage(self) -> QDialog:
        dialog = TriageDialog(self._services, self._id, self)
        dialog.triage_saved.connect(self._on_triage_saved)
        dialog.open()
        return dialog

    def _on_triage_saved(self, incident_id: int) -> None:
        self.load()
        self.message.setText("Triage saved; see the History tab.")
        self.incident_changed.emit(incident_id)

    def _on_form_submitted(self) -> None:
        assert self.detail is not None
        try:
            self._services.incidents.update(self._id, self.form.to_input(), self.detail.version)
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return
        except CareLogError as exc:
            self.form.show_errors({"_": str(exc)})
            return
        self.load()
        self.message.setText("Changes saved; see the History tab.")
        self.tabs.setCurrentWidget(self.record)
        self.incident_changed.emit(self._id)

    def _on_thread_clicked(self) -> None:
        from carelog.ui.dialogs.thread_dialog import ThreadDialog

        ThreadDialog(self._services.thread.thread("incident", self._id), self).exec()

    def _on_status_clicked(self) -> None:
        raw = self.status_combo.currentData()  # Qt hands a str-based enum back as its plain value
        status = Status(raw) if raw is not None else None
        if self.detail is None or status is None or status == self.detail.status:
            return
        try:
            self._services.incidents.set_status(self._id, status)
        except CareLogError as exc:
            self.message.setText(str(exc))
            return
        self.load()
        self.message.setText(f"Status changed to {status.label.lower()}.")
        self.incident_changed.emit(self._id)


def render_record(d: IncidentDetail) -> str:
    data = d.data

    def row(label: str, value: str) -> str:
        return f"<tr><th align='left' valign='top' width='190'>{label}</th><td>{value}</td></tr>"

    def esc(text: str) -> str:
        return html.escape(text).replace("\n", "<br>") or "<i>not recorded</i>"

    people = ", ".join(f"{html.escape(p.code)} {html.escape(p.display_name)}" for p in d.people) or "<i>none</i>"
    risk = "<i>not rated</i>"
    if d.risk_score:
        band = risk_band(d.risk_score)
        risk = (
            f"{data.risk_consequence} × {data.risk_likelihood} = <b>{d.risk_score}</b> "
            f"<span style='background:{band.colour}'>&nbsp;{band.name}&nbsp;</span>"
        )
    told = "".join(
        f"<li>{html.escape(n.kind.label)}: {n.made_at:%d/%m/%Y %H:%M}"
        f"{' ref ' + html.escape(n.reference) if n.reference else ''}</li>"
        if n.made_at
        else f"<li>{html.escape(n.kind.label)}</li>"
        for n in data.notifications
    )
    sites = ", ".join(site_label(s) for s in data.body_sites)
    rows = [
        row("Reference", f"<b>{html.escape(d.reference)}</b>"),
        row("Kind", html.escape(data.kind.label if data.kind else "")),
        row("Category", html.escape(d.category_name + (f": {d.subcategory_name}" if d.subcategory_name else ""))),
        row(
            "Occurred",
            f"{data.occurred_at:%A %d %B %Y, %H:%M} ({d.shift.label.lower()} shift)" if data.occurred_at else "",
        ),
        row("Reported", f"{d.reported_at:%d/%m/%Y %H:%M} by {esc(data.reporter_name)}"),
        row("Where", html.escape(d.service_name + (f", {d.location_name}" if d.location_name else ""))),
        row("People involved", people),
        row("Witnesses", esc(data.witnesses)),
        row("What happened", esc(data.account)),
        row("Immediate action", esc(data.immediate_action)),
        row("Injury", ("Yes: " + html.escape(sites)) if data.injury else "No"),
        row("Post-fall observations", esc(data.post_fall_observations)),
        row("Harm", f"Physical: {data.physical_harm.label}; psychological: {data.psychological_harm.label}"),
        row("Risk", risk),
        row("Who was told", f"<ul style='margin:0'>{told}</ul>" if told else "<i>nobody recorded</i>"),
        row(
            "Reviews done",
            f"Risk assessment: {'yes' if data.risk_assessment_reviewed else 'no'}; "
            f"care plan: {'yes' if data.care_plan_reviewed else 'no'}",
        ),
        row("Status", html.escape(d.status.label)),
    ]
    return "<table cellspacing='4'>" + "".join(rows) + "</table>"
