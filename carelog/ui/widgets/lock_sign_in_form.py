"""Username + PIN/password fields used by the sign-in dialog and the lock screen.

Return in the username box moves to the PIN box (or signs in when both are filled); Return in the PIN box signs
in once. The form takes the Return key itself, so a dialog around it does not submit a second time. At start-up
the form is on screen before the database is open (ServicesLater): a sign-in pressed before then waits for it.
While the person types, the PIN typed so far is checked in a worker thread (widgets/check_ahead.py), so after Return
the slow check is mostly done; nothing of it is shown, audited or counted before Return."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from carelog.core.errors import CareLogError
from carelog.core.users import USERNAME_HINT
from carelog.ui.services_later import ServicesLater
from carelog.ui.style import ERROR_STYLE
from carelog.ui.widgets.check_ahead import CheckAhead
from carelog.ui.widgets.focus_style import FOCUS_RING

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


def _is_return(key: int) -> bool:
    # Qt's namespace (over a hundred enums, ~40 ms the first time) is touched only once someone types, not while
    # the sign-in screen is being put up (start-up time)
    from PySide6.QtCore import Qt

    return key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class SignInForm(QWidget):
    """Emits `signed_in(actor)` once AccountService accepted the username and PIN or password."""

    signed_in = Signal(object)  # Actor
    checking = Signal()  # the PIN check started in a worker thread (check_in_background): the GUI is free meanwhile
    check_failed = Signal()  # ... and the PIN (or username) was not accepted
    _checked = Signal(object)  # Actor or the exception, from the worker thread

    def __init__(
        self, services: Services | ServicesLater, parent: QWidget | None = None, check_in_background: bool = False
    ) -> None:
        """check_in_background: the PIN check (argon2, deliberately slow) runs in a worker thread, so the GUI
        thread can prepare the first page meanwhile (start-up); the fields are locked until it has answered."""
        super().__init__(parent)
        self._source = services
        self._waiting = False
        self._in_background = check_in_background
        self._checking = False
        self._checked.connect(self._on_checked)
        self.username = QLineEdit()
        self.username.setPlaceholderText(USERNAME_HINT)
        self.username.setAccessibleName("Username")
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText("PIN or password")
        self.secret.setAccessibleName("PIN or password")
        self.setStyleSheet(FOCUS_RING)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.button = QPushButton("Sign in")
        self.button.setAutoDefault(False)  # Return is handled once, by the fields (see keyPressEvent)
        form = QFormLayout()
        form.addRow("&Username", self.username)
        form.addRow("&PIN or password", self.secret)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.button)
        self.username.returnPressed.connect(self._on_username_return_pressed)
        self.secret.returnPressed.connect(self.submit)
        self.button.clicked.connect(self.submit)
        self.ahead = CheckAhead()
        self.username.textChanged.connect(self._check_ahead)
        self.secret.textChanged.connect(self._check_ahead)
        if isinstance(services, ServicesLater):
            services.resolved.connect(self._check_ahead)  # typed before the database was open

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_return(event.key()):
            event.accept()  # a line edit passes Return on after returnPressed: stop it reaching a default button
            return
        super().keyPressEvent(event)

    def _on_username_return_pressed(self) -> None:
        if self.username.text().strip() and self.secret.text():
            self.submit()
        else:
            self.secret.setFocus()

    def _check_ahead(self) -> None:
        services = self.services
        if services is None or self._checking or self._waiting:
            return
        username, secret = self.username.text(), self.secret.text()
        if username.strip() and secret:
            self.ahead.want(services.accounts, username, secret)
        else:
            self.ahead.drop()

    def focus_username(self) -> None:
        self.username.setFocus()  # (Qt.FocusReason.OtherFocusReason)

    def reset(self, username: str = "") -> None:
        self.username.setText(username)
        self.secret.clear()
        self.error.setVisible(False)
        (self.secret if username else self.username).setFocus()

    def submit(self) -> bool:
        if not self.username.text().strip():
            self._show_error("Enter your username.")
            self.username.setFocus()
            return False
        if not self.secret.text():
            self._show_error("Enter your PIN or password.")
            self.secret.setFocus()
            return False
        services = self.services
        if services is None:
            self._wait_for_database()
            return False
        if self._in_background:
            self._check_in_background(services)
            return False
        try:
            actor = services.accounts.sign_in(self.username.text(), self.secret.text())
        except CareLogError as exc:
            self._refused(exc)
            return False
        self._accepted(actor)
        return True

    def _check_in_background(self, services: Services) -> None:
        if self._checking:
            return
        self._checking = True
        self._hold_fields(True)
        username, secret = self.username.text(), self.secret.text()

        def check() -> None:
            try:
                result: object = services.accounts.sign_in(username, secret)
            except Exception as exc:  # handed to the GUI thread, which explains or raises it
                result = exc
            self._checked.emit(result)

        threading.Thread(target=check, name="carelog-sign-in", daemon=True).start()
        self.checking.emit()

    def _on_checked(self, result: object) -> None:
        self._checking = False
        self._hold_fields(False)
        if isinstance(result, CareLogError):
            self._refused(result)
            self.check_failed.emit()
            return
        if isinstance(result, BaseException):
            self.check_failed.emit()
            raise result  # unexpected: the app's crash dialog, as a check in the GUI thread would have
        self._accepted(result)

    def _hold_fields(self, held: bool) -> None:
        """While the PIN is checked: nothing can be typed or pressed again, and the keyboard stays in the field
        (a disabled field would pass it on, and a second Return could reach the Quit button)."""
        for edit in (self.username, self.secret):
            edit.setReadOnly(held)
        self.button.setEnabled(not held)

    def _lock_fields(self, locked: bool) -> None:
        for widget in (self.username, self.secret, self.button):
            widget.setEnabled(not locked)

    def _refused(self, exc: CareLogError) -> None:
        self._show_error(str(exc))
        self.secret.clear()
        self.secret.setFocus()

    def _accepted(self, actor: object) -> None:
        self.secret.clear()
        self.error.setVisible(False)
        self.signed_in.emit(actor)

    @property
    def services(self) -> Services | None:
        """The services, or None while the database is still opening."""
        return self._source.value if isinstance(self._source, ServicesLater) else self._source

    def _wait_for_database(self) -> None:
        """Signed in as soon as the database is open; what was typed stays, and nothing can be typed twice."""
        assert isinstance(self._source, ServicesLater)
        if self._source.error is not None or self._waiting:
            return
        self._waiting = True
        self.error.setStyleSheet("")
        self.error.setText("Opening the database… you are signed in as soon as it is open.")
        self.error.setVisible(True)
        self._lock_fields(True)
        self._source.resolved.connect(self._on_source_resolved)

    def _on_source_resolved(self) -> None:
        self._waiting = False
        self._lock_fields(False)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(False)
        if self.services is not None:
            self.submit()

    def _show_error(self, text: str) -> None:
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setText(text)
        self.error.setVisible(True)
        top = self.window()
        if isinstance(top, QDialog):
            top.adjustSize()  # room for the message: nothing is squashed or cut off
