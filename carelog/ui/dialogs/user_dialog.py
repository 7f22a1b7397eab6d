"""Add a staff account, edit one (name, role, switched on/off), or set a new PIN for someone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from carelog.core.enums import Role
from carelog.core.errors import CareLogError, ValidationError
from carelog.core.users import UserInput, UserSummary
from carelog.ui.style import ERROR_STYLE

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

ROLE_HELP = {
    Role.CARE_STAFF: "Reports incidents and sees their own reports.",
    Role.MANAGER: "Also reviews incidents, manages actions, sees trends and makes evidence packs.",
    Role.ADMIN: "Also manages staff accounts, lists and settings.",
}


class UserDialog(QDialog):
    """New account when `user` is None; otherwise edits that account (and optionally resets its PIN)."""

    def __init__(self, services: Services, user: UserSummary | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._user = user
        self.saved: UserSummary | None = None
        self.setWindowTitle("Add a person" if user is None else f"Edit {user.display_name}")
        self.display_name = QLineEdit(user.display_name if user else "")
        self.username = QLineEdit(user.username if user else "")
        self.username.setReadOnly(user is not None)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.role.setCurrentIndex(self.role.findData((user.role if user else Role.CARE_STAFF).value))
        self.role_help = QLabel()
        self.role_help.setWordWrap(True)
        self.role_help.setStyleSheet("color: #555;")
        self.active = QCheckBox("Can sign in")
        self.active.setChecked(user.active if user else True)
        self.active.setVisible(user is not None)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText("leave empty to keep the current one" if user else "4-8 digit PIN or password")
        self.errors = {k: _error_label() for k in ("display_name", "username", "role", "secret", "_")}
        form = QFormLayout()
        form.addRow("Full &name", self.display_name)
        form.addRow("", self.errors["display_name"])
        form.addRow("&Username", self.username)
        form.addRow("", self.errors["username"])
        form.addRow("&Role", self.role)
        form.addRow("", self.role_help)
        form.addRow("", self.errors["role"])
        if user is not None:
            form.addRow("", self.active)
        form.addRow("New &PIN or password" if user else "&PIN or password", self.secret)
        form.addRow("", self.errors["secret"])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors["_"])
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.role.currentIndexChanged.connect(self._on_role_changed)
        self._on_role_changed()

    def _on_role_changed(self) -> None:
        self.role_help.setText(ROLE_HELP[Role(self.role.currentData())])

    def submit(self) -> bool:
        role = Role(self.role.currentData())
        accounts = self._services.accounts
        try:
            if self._user is None:
                self.saved = accounts.create_user(
                    UserInput(self.username.text(), self.display_name.text(), role, self.secret.text())
                )
            else:
                if self.secret.text():
                    accounts.reset_secret(self._user.id, self.secret.text())
                self.saved = accounts.update_user(
                    self._user.id, self.display_name.text(), role, self.active.isChecked()
                )
        except ValidationError as exc:
            self._show(exc.errors)
            return False
        except CareLogError as exc:
            self._show({"_": str(exc)})
            return False
        self.accept()
        return True

    def _show(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)

    def error_text(self, key: str) -> str:
        return "" if self.errors[key].isHidden() else self.errors[key].text()


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label
