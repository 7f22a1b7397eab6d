"""Sign in when CareLog starts (the database already has accounts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from carelog import APP_NAME
from carelog.ui.services_later import ServicesLater
from carelog.ui.warm_up import WarmUp
from carelog.ui.widgets.lock_sign_in_form import SignInForm

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.core.dto import Actor
    from carelog.services.registry import Services
    from carelog.ui.page_shells import PageShells


class SignInDialog(QDialog):
    def __init__(
        self,
        services: Services | ServicesLater,
        parent: QWidget | None = None,
        db_label: str = "",
        shells: PageShells | None = None,
    ) -> None:
        """shells: the main window's (ui/page_shells.py), built while the person types."""
        super().__init__(parent)
        self.setWindowTitle(f"Sign in to {APP_NAME}")
        self.actor: Actor | None = None
        intro = QLabel(
            f"<h3>Sign in to {APP_NAME}</h3>"
            + (f"<p>Database: {db_label}</p>" if db_label else "")
            + "<p>Use your own username and PIN, so your reports are recorded under your name.</p>"
        )
        intro.setWordWrap(True)
        self.form = SignInForm(services)
        buttons = QDialogButtonBox()  # (the StandardButton constructor would load Qt's namespace: start-up time)
        buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.form.signed_in.connect(self._on_form_signed_in)
        self.form.reset()
        # while the person types: what the first tab needs, whoever signs in
        self.warm_up = WarmUp(self, shells=shells)

    def done(self, result: int) -> None:
        self.warm_up.stop()  # nothing of it runs after Return
        super().done(result)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activateWindow()  # without a window manager nobody else gives the dialog the keyboard
        self.form.focus_username()
        self.warm_up.start()

    def _on_form_signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()
