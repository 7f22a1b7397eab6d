"""The Session menu: switch user / lock (Ctrl+L) and change my PIN or password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

LOCK_SHORTCUT = "Ctrl+L"


class SessionMenu(QObject):
    lock_requested = Signal()

    def __init__(self, window: QMainWindow, services: Services) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self.menu = window.menuBar().addMenu("&Session")
        self.switch_action = QAction("&Switch user / lock", window)
        self.switch_action.setShortcut(QKeySequence(LOCK_SHORTCUT))
        self.switch_action.setStatusTip("Lock CareLog so the next person can sign in (your unsaved report is kept)")
        self.switch_action.triggered.connect(self.lock_requested)
        self.change_secret_action = QAction("&Change my PIN or password…", window)
        self.change_secret_action.triggered.connect(self._on_change_secret_triggered)
        self.menu.addAction(self.switch_action)
        self.menu.addAction(self.change_secret_action)

    def set_enabled(self, enabled: bool) -> None:
        self.menu.setEnabled(enabled)
        self.switch_action.setEnabled(enabled)
        self.change_secret_action.setEnabled(enabled)

    def _on_change_secret_triggered(self) -> None:
        from carelog.ui.dialogs.change_secret_dialog import ChangeSecretDialog

        ChangeSecretDialog(self._services, self._window).exec()
