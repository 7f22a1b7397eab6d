"""The idle lock: any key, click or wheel in the application restarts a timer; when it runs out, `idle` fires."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleLock(QObject):
    idle = Signal(int)  # the minutes without use

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timeout)
        self._armed = False
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def arm(self, minutes: int) -> None:
        """Start counting (0 turns the lock off)."""
        self.timer.stop()
        self.timer.setInterval(max(minutes, 0) * 60 * 1000)
        self._armed = minutes > 0
        if self._armed:
            self.timer.start()

    def disarm(self) -> None:
        """While locked nothing counts."""
        self._armed = False
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() in _ACTIVITY and self.timer.interval() > 0:
            self.timer.start()
        return False

    def _on_timeout(self) -> None:
        self._armed = False
        self.idle.emit(self.timer.interval() // 60000)

    def uninstall(self) -> None:
        self.disarm()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
