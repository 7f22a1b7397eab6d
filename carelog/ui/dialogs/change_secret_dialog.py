"""The signed-in person changes their own PIN or password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from carelog.core.errors import CareLogError, ValidationError
from carelog.ui.style import ERROR_STYLE

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


class ChangeSecretDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.setWindowTitle("Change my PIN or password")
        self.current = _secret_field()
        self.new = _secret_field()
        self.confirm = _secret_field()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        form = QFormLayout()
        form.addRow("&Current PIN or password", self.current)
        form.addRow("&New PIN or password", self.new)
        form.addRow("&Type the new one again", self.confirm)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Signed in as {services.ctx.actor.name}."))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def submit(self) -> bool:
        if self.new.text() != self.confirm.text():
            return self._fail("The two new entries are different; type the same PIN or password twice.")
        try:
            self._services.accounts.change_own_secret(self.current.text(), self.new.text())
        except ValidationError as exc:
            return self._fail(" ".join(exc.errors.values()))
        except CareLogError as exc:
            return self._fail(str(exc))
        self.accept()
        return True

    def _fail(self, text: str) -> bool:
        self.error.setText(text)
        self.error.setVisible(True)
        return False


def _secret_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field
