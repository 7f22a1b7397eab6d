"""What the window shows while locked: nothing of the records, just a sign-in panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from carelog import APP_NAME
from carelog.ui.widgets.lock_sign_in_form import SignInForm

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


class LockScreen(QWidget):
    unlocked = Signal(object)  # Actor

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lockScreen { background: #eef2f5; } #lockPanel { background: white; border-radius: 8px; }")
        self.title = QLabel(f"<h2>{APP_NAME} is locked</h2>")
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.form = SignInForm(services)
        panel = QFrame()
        panel.setObjectName("lockPanel")
        panel.setFixedWidth(420)
        pl = QVBoxLayout(panel)
        pl.setContentsMargins(28, 24, 28, 24)
        pl.setSpacing(12)
        pl.addWidget(self.title)
        pl.addWidget(self.message)
        pl.addWidget(self.form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.form.signed_in.connect(self.unlocked)

    def prepare(self, previous_name: str, reason: str) -> None:
        """Set the message for this lock and clear the fields (the previous username is not shown)."""
        who = f"{previous_name} was signed in. " if previous_name else ""
        self.message.setText(
            f"{reason} {who}Sign in to carry on. Any unsaved report is kept for the person who started it, "
            "and only they will see it."
        )
        self.form.reset()

    def focus_username(self) -> None:
        """The next person can type their username straight away."""
        self.form.focus_username()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.form.focus_username()
