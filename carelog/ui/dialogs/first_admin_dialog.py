"""First run: no accounts yet, so the person installing CareLog creates the first administrator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from carelog import APP_NAME
from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.core.errors import CareLogError, ValidationError
from carelog.core.users import MIN_PASSWORD_LENGTH, MIN_PIN_DIGITS, UserInput, validate_user
from carelog.ui.style import ERROR_STYLE

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.backup_keys import NewBackupKey
    from carelog.services.registry import Services


class FirstAdminDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.actor: Actor | None = None
        self.new_backup_key: NewBackupKey | None = None  # shown once after this dialog (RecoveryKeyDialog)
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        intro = QLabel(
            f"<h3>Set up {APP_NAME}</h3>"
            "<p>This database has no user accounts yet. Create the first <b>administrator</b> account now: "
            "usually the registered manager or the person looking after CareLog.</p>"
            "<p>The administrator adds everyone else afterwards (care staff, seniors and managers) from the "
            "Admin tab. Keep the PIN or password private: everything you do is recorded under your name.</p>"
            "<p>CareLog also creates the key that encrypts this database's backups, and shows it to you once as a "
            "recovery key to print or write down.</p>"
        )
        intro.setWordWrap(True)
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText("e.g. Alex Morgan")
        self.username = QLineEdit()
        self.username.setPlaceholderText("e.g. alex.morgan (no spaces)")
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        hint = QLabel(
            f"A PIN of {MIN_PIN_DIGITS}-8 digits, or a password of at least {MIN_PASSWORD_LENGTH} characters. "
            "Administrators are encouraged to use a password."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self._errors = {key: _error_label() for key in ("display_name", "username", "secret", "confirm")}
        form = QFormLayout()
        form.addRow("Your full &name", self.display_name)
        form.addRow("", self._errors["display_name"])
        form.addRow("&Username", self.username)
        form.addRow("", self._errors["username"])
        form.addRow("&PIN or password", self.secret)
        form.addRow("", hint)
        form.addRow("", self._errors["secret"])
        form.addRow("&Type it again", self.confirm)
        form.addRow("", self._errors["confirm"])
        self.general_error = _error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Create administrator and start")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.display_name.textEdited.connect(self._on_display_name_edited)
        self._username_touched = False
        self.username.textEdited.connect(self._on_username_edited)

    def _on_display_name_edited(self, text: str) -> None:
        if not self._username_touched:
            self.username.setText(".".join(text.lower().split())[:40])

    def _on_username_edited(self, _text: str) -> None:
        self._username_touched = True

    def submit(self) -> bool:
        errors: dict[str, str] = {}
        if self.secret.text() != self.confirm.text():
            errors["confirm"] = "The two entries are different; type the same PIN or password twice."
        data = UserInput(self.username.text(), self.display_name.text(), Role.ADMIN, self.secret.text())
        try:
            validate_user(data, require_secret=True)
        except ValidationError as exc:
            errors = exc.errors | errors
        try:
            if errors:
                raise ValidationError(errors)
            setup = self._services.accounts.set_up_first_admin(data)
            self.actor, self.new_backup_key = setup.actor, setup.new_backup_key
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return False
        except CareLogError as exc:
            self._show_errors({})
            self.general_error.setText(str(exc))
            self.general_error.setVisible(True)
            return False
        self.accept()
        return True

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self._errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        self.general_error.setVisible(False)

    def error_text(self, key: str) -> str:
        label = self._errors[key]
        return label.text() if not label.isHidden() else ""


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label
