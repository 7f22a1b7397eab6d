"""Automatic backups: a look once an hour (and soon after start) whether the daily backup is due; the backup is
written in the background. Errors are logged and shown briefly in the status bar, never as a dialog."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow

from carelog.logging_setup import log_exception
from carelog.ui.task_runner import TaskRunner

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

logger = logging.getLogger(__name__)
BACKUP_CHECK_MS = 60 * 60 * 1000  # look once an hour whether the daily backup is due
FIRST_CHECK_MS = 5000


class BackupScheduler(QObject):
    def __init__(self, window: QMainWindow, services: Services, runner: TaskRunner | None) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._runner = runner
        self.timer = QTimer(self)
        self.timer.setInterval(BACKUP_CHECK_MS)
        self.timer.timeout.connect(self.run_if_due)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self, self.run_if_due)

    def stop(self) -> None:
        self.timer.stop()

    def run_if_due(self) -> None:
        """Write the scheduled backup in the background if it is due (errors are logged, never shown)."""
        backup = self._services.backup
        try:
            due = backup.automatic_backup_due()
        except Exception as exc:  # a backup check must never get in the way of reporting
            log_exception(logger, "Could not check whether an automatic backup is due", exc)
            return
        if not due:
            return
        if self._runner is None:
            backup.run_automatic_if_due()
            return
        handle = self._runner.submit(lambda h: backup.run_automatic_if_due(progress=lambda p, m: h.report(p, m)))
        handle.failed.connect(self._on_backup_failed)

    def _on_backup_failed(self, message: str) -> None:
        logger.error("Automatic backup failed (the background task's log line above has the details)")
        self._window.statusBar().showMessage("The automatic backup could not be written; see the log file.", 15000)
