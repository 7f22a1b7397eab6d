"""Builds the engine, services and main window and wires them together."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QMessageBox

from carelog import APP_NAME
from carelog.logging_setup import log_exception
from carelog.paths import default_db_path
from carelog.ui.events import AppEvents
from carelog.ui.main_window import MainWindow
from carelog.ui.qt_app import AppParts, build_main_window, ensure_qapp
from carelog.ui.task_runner import TaskHandle, TaskRunner
from carelog.ui.window_geometry import show_fitted

if TYPE_CHECKING:  # SQLAlchemy is imported only after the window is on screen (start-up time)
    from carelog.services.registry import Services

logger = logging.getLogger(__name__)
__all__ = ["AppParts", "build_main_window", "ensure_qapp", "install_excepthook", "run_gui"]


def install_excepthook() -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log_exception(logger, "Unhandled error", exc.with_traceback(tb))  # types and places only, no data
        if QApplication.instance() is not None:
            QMessageBox.critical(None, f"{APP_NAME} - unexpected error", unexpected_error_text(exc_type, exc))

    sys.excepthook = hook


def unexpected_error_text(exc_type: type[BaseException], exc: BaseException) -> str:
    """What the crash dialog says. CareLog cannot know whether the last action reached the database."""
    return (
        "Something went wrong that CareLog did not expect, so your last action may not have been saved. "
        "Records saved before it are not affected. What you were typing is still on screen: check the record "
        "and save it again.\n\n"
        f"{exc_type.__name__}: {exc}\n\nThe details are in the log file in CareLog's data folder."
    )


def run_gui(db: str | None, demo: bool = False) -> int:
    """Show the window at once, open the database (migrating it if needed) off the GUI thread while the window
    shows progress and stays responsive, then sign in and fill the window."""
    app = ensure_qapp()
    install_excepthook()
    target = db or str(default_db_path())
    window = MainWindow(db_label=_db_label(target))
    window.remembers_geometry = True
    show_fitted(window)
    app.processEvents()
    from carelog.core.errors import CareLogError

    runner = TaskRunner()
    opened = _open_in_background(window, runner, target, demo)
    if isinstance(opened, CareLogError):
        QMessageBox.critical(window, f"{APP_NAME} cannot open the database", str(opened))
    elif isinstance(opened, BaseException):  # a server that is down, a file that is not a database, a bad URL
        logger.error("Could not open the database: %s", opened.__class__.__name__)
        QMessageBox.critical(
            window,
            f"{APP_NAME} cannot open the database",
            f"CareLog could not open {_db_label(target)}:\n\n{opened.__class__.__name__}: {opened}\n\n"
            "Check the --db path or address, that the server is running and that you may use it.",
        )
    if isinstance(opened, BaseException):
        window.close()
        return 2
    services = opened
    events = AppEvents()
    window.show_waiting("Please sign in to CareLog.", -1)
    from carelog.ui.session_guard import start_session

    if not start_session(app, window, services, events, runner, lambda: window.install(services, events, runner)):
        return 0
    window.show()
    code = app.exec()
    runner.wait(10_000)  # let background work (a pack being written) finish before the process ends
    return code


def _open_in_background(window: MainWindow, runner: TaskRunner, target: str, demo: bool) -> Services | BaseException:
    """open_services (and the demo on first start) in a worker thread; the GUI thread keeps painting the window
    and its progress bar meanwhile. Returns the services, or the exception that stopped them opening."""

    connected = threading.Event()

    def work(handle: TaskHandle) -> Services | BaseException:
        connected.wait()  # so no signal is emitted before the GUI thread listens
        try:
            handle.report(0, "Preparing the database… (the first start takes a few seconds)")
            from carelog.services.registry import open_services

            services = open_services(target)
            if demo:
                from carelog.core.dto import IncidentFilter

                if services.incidents.count(IncidentFilter()) == 0:
                    handle.report(0, "Adding the fictional demo records… (first start only)")
                    from carelog.demo import fill_demo_if_empty

                    fill_demo_if_empty(services)
            return services
        except Exception as exc:  # handed to the GUI thread, which explains it
            logger.exception("Could not open the database")
            return exc

    handle = runner.submit(work)
    loop = QEventLoop()
    result: list[Services | BaseException] = []
    handle.progressed.connect(lambda _percent, text: window.show_waiting(text))

    def done(value: Services | BaseException) -> None:
        result.append(value)
        loop.quit()

    handle.finished.connect(done)
    handle.failed.connect(lambda message: done(RuntimeError(message)))
    connected.set()
    loop.exec()
    return result[0]


def _db_label(db: str) -> str:
    """A short name for the title bar: the file name, or host/database without the password."""
    if "://" not in db:
        return Path(db).name
    if db.startswith("sqlite:///"):
        return Path(db.removeprefix("sqlite:///")).name
    return db.split("@")[-1]
