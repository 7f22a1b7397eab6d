"""One runner for long work on QThreadPool. Workers report progress by signal and never touch widgets."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from carelog.logging_setup import log_exception

logger = logging.getLogger(__name__)


class CancelledError(Exception):
    """Raised inside a task when the user cancelled it."""


class TaskHandle(QObject):
    """What a caller holds on to: signals for progress, result and failure, and cancel()."""

    progressed = Signal(int, str)  # percent, message
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, percent: int, message: str = "") -> None:
        """Called from the worker thread; raises CancelledError if the user cancelled."""
        if self._cancel.is_set():
            raise CancelledError
        try:
            self.progressed.emit(int(percent), message)
        except RuntimeError:  # the window that wanted this work has closed: stop quietly
            raise CancelledError from None


TaskFn = Callable[[TaskHandle], Any]


class _Runnable(QRunnable):
    def __init__(self, fn: TaskFn, handle: TaskHandle, still_wanted: Callable[[], bool] = lambda: True) -> None:
        super().__init__()
        self._fn = fn
        self._handle = handle
        self._still_wanted = still_wanted

    def run(self) -> None:
        try:
            if not self._still_wanted():  # queued for a person who has since signed out: never starts
                self._handle.cancelled.emit()
                return
            try:
                result = self._fn(self._handle)
            except CancelledError:
                self._handle.cancelled.emit()
            except Exception as exc:  # reported to the UI, logged without personal data
                log_exception(logger, "Background task failed", exc)
                self._handle.failed.emit(str(exc) or exc.__class__.__name__)
            else:
                if self._handle.is_cancelled:
                    self._handle.cancelled.emit()
                else:
                    self._handle.finished.emit(result)
        except RuntimeError:
            # the handle was deleted because the application is closing: nobody is waiting for the result
            logger.info("Background task ended after its window closed")


class TaskRunner:
    """Runs `fn(handle)` on the global thread pool. Tests use InlineTaskRunner to run synchronously."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self._pool = pool or QThreadPool.globalInstance()
        self._live: set[TaskHandle] = set()
        self._session = 0

    def end_session(self, msecs: int = 5000) -> bool:
        """The signed-in person is leaving: work they queued and that has not started is dropped, and work
        already running may finish (up to `msecs`) before anyone else signs in. Services read who is signed in
        when they run, so no task of one person ever runs as the next."""
        self._session += 1
        return self.wait(msecs)

    def _wanted_for(self, session: int) -> Callable[[], bool]:
        return lambda: session == self._session

    def submit(self, fn: TaskFn) -> TaskHandle:
        handle = TaskHandle()
        self._live.add(handle)
        for sig in (handle.finished, handle.failed, handle.cancelled):
            sig.connect(lambda *_a, h=handle: self._live.discard(h))
        self._pool.start(_Runnable(fn, handle, self._wanted_for(self._session)))
        return handle

    def wait(self, msecs: int = 30000) -> bool:
        return bool(self._pool.waitForDone(msecs))


class InlineTaskRunner(TaskRunner):
    """Runs the task at once in the calling thread; signals are delivered after submit() returns."""

    def submit(self, fn: TaskFn) -> TaskHandle:
        from PySide6.QtCore import QTimer

        handle = TaskHandle()
        runnable = _Runnable(fn, handle, self._wanted_for(self._session))
        QTimer.singleShot(0, runnable.run)
        self._live.add(handle)
        return handle
