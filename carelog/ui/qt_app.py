"""The Qt application object and a main window wired to open services (used by the app, screenshots and smoke)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from carelog import APP_NAME, APP_ORG, __version__
from carelog.ui.main_window import MainWindow
from carelog.ui.resources import app_icon
from carelog.ui.task_runner import TaskRunner

if TYPE_CHECKING:  # SQLAlchemy is imported only after the window is on screen (start-up time)
    from carelog.services.registry import Services
    from carelog.ui.events import AppEvents


@dataclass
class AppParts:
    services: Services
    events: AppEvents
    runner: TaskRunner
    window: MainWindow


def ensure_qapp() -> QApplication:
    app = QApplication.instance()
    if app is None:
        # Fractional scaling (150%) is passed through as it is: Qt 6's default rounding policy, so it is not set
        # here (touching Qt's namespace costs ~40 ms before the window is first painted; tests/ui/test_app_start.py)
        app = QApplication([sys.argv[0]])
        app.setApplicationName(APP_NAME)
        app.setOrganizationName(APP_ORG)
        app.setApplicationVersion(__version__)
        app.setWindowIcon(QIcon(app_icon()))
    assert isinstance(app, QApplication)
    return app


def build_main_window(services: Services, runner: TaskRunner | None = None, db_label: str = "") -> AppParts:
    from carelog.ui.events import AppEvents

    events = AppEvents()
    runner = runner or TaskRunner()
    window = MainWindow(db_label=db_label)
    window.install(services, events, runner)
    return AppParts(services, events, runner, window)
