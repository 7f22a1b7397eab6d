"""Start-up work that does not depend on who signs in, done in small steps while the sign-in screen waits for
typing (the GUI thread is idle then), so the first tab after Return builds from warm caches.

PySide6 makes each Qt class's Python type (and its enums) the first time it is used: over 0.1 s for the classes
the first pages, the idle lock and the timers touch. Here every class of QtCore, QtGui and QtWidgets is made,
each step a few milliseconds, so keys typed meanwhile are not held up. (Bigger steps, such as building a page's
shell, cost typed keys under a window manager (tests/e2e): the shell is built during the PIN check instead, see
SignInDialog.) stop() ends it when the sign-in screen closes, so nothing of it runs after Return.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from functools import partial

from PySide6.QtCore import QObject, QTimer

logger = logging.getLogger(__name__)
STEP_SECONDS = 0.005  # at most this long per step, then the GUI handles the keys typed meanwhile


def _qt_classes() -> Iterator[Callable[[], object]]:
    import PySide6.QtCore
    import PySide6.QtGui
    import PySide6.QtWidgets

    for module in (PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets):
        for name in dir(module):
            yield partial(getattr, module, name)


def warm_up_steps() -> Iterator[Callable[[], object]]:
    yield from _qt_classes()


class WarmUp(QObject):
    """Runs warm_up_steps() from the event loop, a few milliseconds at a time, until done or stopped."""

    def __init__(self, parent: QObject | None = None, steps: Iterator[Callable[[], object]] | None = None) -> None:
        super().__init__(parent)
        self._steps = steps if steps is not None else warm_up_steps()
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_some)
        self.finished = False

    def start(self) -> None:
        if not self.finished:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def _run_some(self) -> None:
        import time

        until = time.perf_counter() + STEP_SECONDS
        for step in self._steps:
            try:
                step()
            except Exception:  # a warm-up failure costs only time: the real build does the same work again
                logger.exception("A start-up warm-up step failed")
            if time.perf_counter() >= until:
                return
        self.finished = True
        self._timer.stop()
        logger.debug("Start-up warm-up done")
