"""A new-report panel: the form, its autosaved draft, and saving through IncidentService.

The draft is written a moment after each change and when the panel is hidden, so a report is not lost when
the reporter is called away. It belongs to whoever is signed in (DraftService keys it by user)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from carelog.core.dto import IncidentDetail
from carelog.core.errors import CareLogError, ValidationError
from carelog.ui.events import AppEvents
from carelog.ui.widgets.incident_form import IncidentForm

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

logger = logging.getLogger(__name__)
_SHELL_TIME = datetime(2000, 1, 1)  # what a shell's form is told the time is (it has no clock yet)


class ReportPanel(QWidget):
    incident_saved = Signal(object)  # IncidentDetail

    AUTOSAVE_MS = 1500

    _services: Services

    def __init__(self, services: Services | None, events: AppEvents | None, parent: QWidget | None = None) -> None:
        """services and events None: an empty shell (widgets only, no service called), for attach() to fill."""
        super().__init__(parent)
        self._dirty = False
        self.form = IncidentForm(clock=self._clock)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(self.AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self.form.changed.connect(self._on_form_changed)
        self.form.submitted.connect(self.submit)
        self.form.discard_draft_button.clicked.connect(self._on_discard_clicked)
        if services is not None and events is not None:
            self.attach(services, events)

    def attach(self, services: Services, events: AppEvents) -> None:
        """Give the panel its services: from here on it hears changes and loads the signed-in person's form."""
        self._services = services
        self._events = events
        events.reference_data_changed.connect(self.reload_reference_data)
        self.reload_reference_data()
        self.start_for_current_user()

    def _clock(self) -> datetime:
        if not hasattr(self, "_services"):  # a shell's form, never shown before attach() clears it
            return _SHELL_TIME
        return self._services.ctx.clock()

    def reload_reference_data(self) -> None:
        self.form.set_reference_data(self._services.incidents.reference_data())

    def start_for_current_user(self) -> None:
        """Reset the form for whoever is signed in now and bring back their own draft, if any."""
        self._autosave.stop()
        self.form.clear()
        self.form.reporter_name.setText(self._services.ctx.actor.name if self._services.ctx.actor.user_id else "")
        self.form.set_default_service(self._services.incidents.suggested_service_id())
        self._dirty = False
        draft = self._services.drafts.load()
        if draft is not None:
            self.form.set_values(draft.values)
            self.form.show_banner(
                f"Your unsaved report from {draft.saved_at:%d/%m/%Y %H:%M} has been brought back. "
                "Finish it and save, or discard it."
            )

    def focus_first_field(self) -> None:
        """Keyboard focus to the first field of the form (after sign-in, unlock and every save)."""
        self.form.focus_first_field()

    # ------------------------------------------------------------------------------------------ draft
    def _on_form_changed(self) -> None:
        self._dirty = True
        self._autosave.start()

    def save_draft(self) -> None:
        self._autosave.stop()
        if not self._dirty:
            return
        values = self.form.to_values()
        if not values.get("account", "").strip() and not values.get("category_id"):
            return
        try:
            self._services.drafts.save(values)
            self._dirty = False
        except CareLogError as exc:
            self.form.show_banner(f"Could not keep a draft: {exc}", discardable=False)

    def _on_discard_clicked(self) -> None:
        self._services.drafts.discard()
        self.form.clear()
        self._dirty = False

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_draft()
        super().hideEvent(event)

    # ------------------------------------------------------------------------------------------ save
    def submit(self) -> IncidentDetail | None:
        self._autosave.stop()
        data = self.form.to_input()
        try:
            detail = self._services.incidents.report(data)
        except ValidationError as exc:
            self.form.show_errors(exc.errors | self.form.local_problems())
            self.save_draft()
            return None
        except CareLogError as exc:  # busy database, conflict, refusal: nothing was saved; keep what was typed
            self.form.show_errors({"_": f"Not saved: {exc}"})
            self.save_draft()
            return None
        self._services.drafts.discard()
        self._dirty = False
        self.form.clear()
        self._dirty = False
        self.form.show_status(f"Saved as {detail.reference} at {self._services.ctx.clock():%H:%M}. Thank you.")
        self.focus_first_field()
        self.incident_saved.emit(detail)
        return detail
