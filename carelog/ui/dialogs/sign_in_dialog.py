"""Sign in when CareLog starts (the database already has accounts)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from carelog import APP_NAME
from carelog.ui.page_shells import SHELLS
from carelog.ui.services_later import ServicesLater
from carelog.ui.warm_up import WarmUp
from carelog.ui.widgets.lock_sign_in_form import SignInForm

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.core.dto import Actor
    from carelog.services.registry import Services
    from carelog.ui.page_shells import PageShells


logger = logging.getLogger(__name__)
WARM_UP_FALLBACK_MS = 600  # a window manager that never says the dialog is active: warm up anyway


class SignInDialog(QDialog):
    def __init__(
        self,
        services: Services | ServicesLater,
        parent: QWidget | None = None,
        db_label: str = "",
        shells: PageShells | None = None,
        check_in_background: bool = False,
    ) -> None:
        """check_in_background: the PIN check runs in a worker thread (start-up), and meanwhile the GUI thread
        builds `shells` (the main window's, ui/page_shells.py), which are deleted again if the PIN is refused."""
        super().__init__(parent)
        self.setWindowTitle(f"Sign in to {APP_NAME}")
        self.actor: Actor | None = None
        intro = QLabel(
            f"<h3>Sign in to {APP_NAME}</h3>"
            + (f"<p>Database: {db_label}</p>" if db_label else "")
            + "<p>Use your own username and PIN, so your reports are recorded under your name.</p>"
        )
        intro.setWordWrap(True)
        self._services = services
        self.form = SignInForm(services, check_in_background=check_in_background)
        self._shells = shells
        self.form.checking.connect(self._on_checking)
        self.form.check_failed.connect(self._on_check_failed)
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
        self.warm_up = WarmUp(self)

    def done(self, result: int) -> None:
        self.warm_up.stop()  # nothing of it runs after Return
        super().done(result)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activateWindow()  # without a window manager nobody else gives the dialog the keyboard
        self.form.focus_username()
        if isinstance(self._services, ServicesLater):
            QTimer.singleShot(0, self._services.release)  # the database opens once the dialog is painted
        # The warm-up starts once the dialog has the keyboard: a busy GUI thread while a window manager was still
        # moving the focus to it cost the first key typed (tests/e2e). Offscreen there is no focus to wait for.
        if self.isActiveWindow() or QGuiApplication.platformName() == "offscreen":
            self.warm_up.start()
        else:
            QTimer.singleShot(WARM_UP_FALLBACK_MS, self, self._start_warm_up)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self._start_warm_up()

    def _start_warm_up(self) -> None:
        if self.isVisible() and not self.warm_up.running:
            self.warm_up.start()

    def _on_checking(self) -> None:
        """The PIN is being checked in a worker thread: build the first pages' empty shells meanwhile."""
        if self._shells is None:
            return
        for key in SHELLS:
            try:
                self._shells.prepare(key)
            except Exception:  # a shell only saves time: the page is built as usual after sign-in
                logger.exception("Could not prepare a page shell")

    def _on_check_failed(self) -> None:
        if self._shells is not None:
            self._shells.clear()  # nothing made for the attempt stays behind

    def _on_form_signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()
