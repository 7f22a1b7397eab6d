"""Start-up work that does not depend on who signs in, done in small steps while the sign-in screen waits for
typing (the GUI thread is idle then), so the first tab after Return builds from warm caches.

- PySide6 makes each Qt class's Python type (and its enums) the first time it is used: over 0.1 s for the classes
  the first pages, the idle lock and the timers touch. Here every class of QtCore, QtGui and QtWidgets is made.
- The shells of the first pages are built (ui/page_shells.py: widgets only, no service, no data, never shown
  as they are), for the main window to fill after sign-in; without a window to take them, the report form is
  built once and thrown away, so its modules, style sheets and fonts are loaded.

Each step takes a few milliseconds, so keys typed meanwhile are not held up; stop() ends it when the sign-in
screen closes (the person signed in, or quit) so nothing of it runs after Return.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import partial

from PySide6.QtCore import QObject, QTimer

from carelog.ui.page_shells import SHELLS, PageShells

logger = logging.getLogger(__name__)
STEP_SECONDS = 0.005  # at most this long per step, then the GUI handles the keys typed meanwhile
_NEVER_SHOWN = datetime(2000, 1, 1)  # the thrown-away form's clock: it is never shown, so no real time is needed


def _qt_classes() -> Iterator[Callable[[], object]]:
    import PySide6.QtCore
    import PySide6.QtGui
    import PySide6.QtWidgets

    for module in (PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets):
        for name in dir(module):
            yield partial(getattr, module, name)


def _report_form() -> object:
    from carelog.ui.widgets.incident_form import IncidentForm

    form = IncidentForm(clock=lambda: _NEVER_SHOWN)
    form.ensurePolished()
    form.deleteLater()
    return None


def warm_up_steps(shells: PageShells | None = None) -> Iterator[Callable[[], object]]:
    """Qt's classes, then the shells of the first pages (ui/page_shells.py), or without a window to keep them
    a thrown-away report form."""
    yield from _qt_classes()
    if shells is None:
        yield _report_form
        return
    for key in SHELLS:
        yield partial(shells.prepare, key)


class WarmUp(QObject):
    """Runs warm_up_steps() from the event loop, a few milliseconds at a time, until done or stopped."""

    def __init__(
        self,
        parent: QObject | None = None,
        steps: Iterator[Callable[[], object]] | None = None,
        shells: PageShells | None = None,
    ) -> None:
        super().__init__(parent)
        self._steps = steps if steps is not None else warm_up_steps(shells)
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
