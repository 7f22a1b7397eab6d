"""Live updates: every few seconds, ask the database whether another PC saved something, and if so emit the same
change signals a local save does (AppEvents.apply), so pages refresh as they always do: lists reload, while forms
keep what is being typed (the pages' refresh keeps unsaved input, see e.g. IncidentForm.set_reference_data).

The poll (services.change_feed) is one short read in the background; a poll still running when the next is due is
not doubled up, and a failed one (the server briefly unreachable) is tried again at the next tick."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from carelog.core.changes import Changes
from carelog.ui.events import AppEvents
from carelog.ui.task_runner import TaskRunner

if TYPE_CHECKING:
    from carelog.services.change_feed import ChangeFeedService

logger = logging.getLogger(__name__)
POLL_INTERVAL_MS = 3000


class LiveUpdates(QObject):
    def __init__(
        self,
        feed: ChangeFeedService,
        events: AppEvents,
        runner: TaskRunner,
        interval_ms: int = POLL_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._feed = feed
        self._events = events
        self._runner = runner
        self._busy = False
        self.failures = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self._feed.start()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> None:
        if self._busy:
            return
        self._busy = True
        feed = self._feed
        handle = self._runner.submit(lambda _h: feed.poll())
        handle.finished.connect(self._on_polled)
        handle.failed.connect(self._on_failed)
        handle.cancelled.connect(self._on_cancelled)

    def _on_polled(self, changes: Changes) -> None:
        self._busy = False
        self.failures = 0
        if changes:
            self._events.apply(changes)

    def _on_failed(self, _message: str) -> None:
        self._busy = False
        self.failures += 1
        if self.failures == 1:
            logger.warning("Live update poll failed; retrying every %d s", self.timer.interval() // 1000)

    def _on_cancelled(self) -> None:
        self._busy = False
