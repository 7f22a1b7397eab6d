"""The services while the database is still opening off the GUI thread: the sign-in screen is shown at once, and
the person types their username and PIN while SQLAlchemy, the models and the database load behind it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, Signal

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


class ServicesLater(QObject):
    """Resolved once, in the GUI thread: with the open services, or with the exception that stopped them."""

    resolved = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.value: Services | None = None
        self.error: BaseException | None = None
        # lets the opening start if it was held back until the sign-in screen is on screen (app.open_in_background)
        self.release: Callable[[], None] = lambda: None

    @property
    def done(self) -> bool:
        return self.value is not None or self.error is not None

    def resolve(self, value: Services | BaseException) -> None:
        if isinstance(value, BaseException):
            self.error = value
        else:
            self.value = value
        self.resolved.emit()

    def wait(self) -> Services | BaseException:
        """Keep the GUI running (painting, typing) until resolved; then the services or the exception."""
        if not self.done:
            loop = QEventLoop()
            self.resolved.connect(loop.quit)
            if not self.done:  # (resolved between the check and the connect)
                loop.exec()
        if self.error is not None:
            return self.error
        assert self.value is not None
        return self.value
