"""The Log tab (being written)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from carelog.core.services.registry import Services
from carelog.ui.events import AppEvents
from carelog.ui.task_runner import TaskRunner


class LogPage(QWidget):
    def __init__(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        super().__init__()
