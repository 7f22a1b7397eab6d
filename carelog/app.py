"""Builds the engine, services and main window and wires them together."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from carelog import APP_NAME
from carelog.logging_setup import log_exception
from carelog.paths import default_db_path
from carelog.ui.main_window import MainWindow
from carelog.ui.qt_app import AppParts, build_main_window, ensure_qapp
from carelog.ui.services_later import ServicesLater
from carelog.ui.task_runner import TaskHandle, TaskRunner
from carelog.ui.window_geometry import show_fitted

if TYPE_CHECKING:  # SQLAlchemy is imported only after the window is on screen (start-up time)
    from carelog.services.registry import Services

logger = logging.getLogger(__name__)
HOLD_AT_MOST_MS = 500  # open_in_background(hold=True): the longest the worker waits for the sign-in dialog
__all__ = ["AppParts", "build_main_window", "ensure_qapp", "install_excepthook", "run_gui"]


def install_excepthook() -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log_exception(logger, "Unhandled error", exc.with_traceback(tb))  # types and places only, no data
        if QApplication.instance() is not None:
            from PySide6.QtWidgets import QMessageBox

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


def run_gui(db: str | None, demo: bool = False, housekeeping: Callable[[], None] | None = None) -> int:
    """Show the window at once and open the database (migrating it if needed) off the GUI thread. When the
    database already has accounts the sign-in dialog is on screen meanwhile, so the person types while SQLAlchemy
    and the models load (start-up time); on a first start the window shows progress until it is open.
    housekeeping (the log file, stale temporary files) runs first in that thread, after the window is painted."""
    app = ensure_qapp()
    install_excepthook()
    target, refused = _startup_target(db)
    if target is None:
        return refused
    window = MainWindow(db_label=_db_label(target))
    window.remembers_geometry = True
    show_fitted(window)
    app.processEvents()
    runner = TaskRunner()
    early = has_accounts(target)
    later = open_in_background(window, runner, target, demo, signed_out=early, first=housekeeping, hold=early)
    signed_in = False
    if early:
        from PySide6.QtWidgets import QDialog

        from carelog.ui.dialogs.sign_in_dialog import SignInDialog

        dialog = SignInDialog(later, shells=window.shells, check_in_background=True)
        later.resolved.connect(lambda: dialog.reject() if later.error is not None else None)
        signed_in = dialog.exec() == QDialog.DialogCode.Accepted
        opened = later.wait()
        if not signed_in and not isinstance(opened, BaseException):
            return 0  # the person chose Quit
    else:
        opened = later.wait()
    if isinstance(opened, BaseException):
        _explain_open_failure(window, target, opened, _settings_note(db))
        window.close()
        return 2
    services = opened
    from carelog.ui.events import AppEvents

    events = AppEvents()
    window.show_waiting("Please sign in to CareLog.", -1)
    from carelog.ui.session_guard import start_session

    installed = start_session(
        app, window, services, events, runner, lambda: window.install(services, events, runner), signed_in=signed_in
    )
    if not installed:
        return 0
    window.show()
    from carelog.ui.live_updates import LiveUpdates

    live = LiveUpdates(services.change_feed, events, runner, parent=window)  # other PCs' saves appear here too
    live.start()
    code = app.exec()
    live.stop()
    runner.wait(10_000)  # let background work (a pack being written) finish before the process ends
    return code


def _explain_open_failure(window: MainWindow, target: str, opened: BaseException, note: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    from carelog.core.errors import CareLogError

    if isinstance(opened, CareLogError):
        QMessageBox.critical(window, f"{APP_NAME} cannot open the database", f"{opened}{note}")
        return
    # a server that is down, a file that is not a database, a bad URL
    logger.error("Could not open the database: %s", opened.__class__.__name__)
    QMessageBox.critical(
        window,
        f"{APP_NAME} cannot open the database",
        f"CareLog could not open {_db_label(target)}:\n\n{opened.__class__.__name__}: {opened}\n\n"
        "Check the --db path or address, that the server is running and that you may use it.",
    )


def has_accounts(target: str) -> bool:
    """True if `target` is an SQLite file that already has staff accounts, read with the standard library only
    (no SQLAlchemy: that loads behind the sign-in screen). False when unsure (a server, a new or odd file): the
    caller then waits for the database to open, as on a first start."""
    import sqlite3

    if "://" in target and not target.startswith("sqlite:///"):
        return False
    path = Path(target.removeprefix("sqlite:///"))
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return False
    try:
        row = conn.execute("SELECT COUNT(*) FROM users").fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return bool(row and row[0])


def open_in_background(
    window: MainWindow,
    runner: TaskRunner,
    target: str,
    demo: bool,
    signed_out: bool = False,
    first: Callable[[], None] | None = None,
    hold: bool = False,
) -> ServicesLater:
    """Start open_services (and the demo on first start) in a worker thread and return at once; the GUI thread
    keeps painting the window, its progress bar and the sign-in dialog meanwhile. The modules of the first tabs
    are imported there too (no widget is made off the GUI thread), so the first tab builds sooner after sign-in.
    signed_out: the services come back acting as nobody (for the sign-in dialog), not as the system.
    first: run in the worker before the database is opened (a failure is logged and does not stop the start).
    hold: the worker waits for `later.release()`, which the sign-in dialog calls once it is on screen (loading
    SQLAlchemy meanwhile would slow the dialog's first paint: both need the interpreter), or HOLD_AT_MOST_MS."""

    connected = threading.Event()

    def work(handle: TaskHandle) -> Services | BaseException:
        connected.wait()  # so no signal is emitted before the GUI thread listens
        if first is not None:
            try:
                first()
            except Exception:  # e.g. a log folder that cannot be written: CareLog still starts
                logger.exception("Start-up housekeeping failed")
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
            if signed_out:
                services.accounts.sign_out()
                services.warm_up()  # the person is typing their PIN meanwhile
        except Exception as exc:  # handed to the GUI thread, which explains it
            logger.exception("Could not open the database")
            from carelog.core.errors import CareLogError
            from carelog.db.connection_check import explain_failure

            plain = explain_failure(target, exc)
            return CareLogError(plain) if plain else exc
        preload_first_pages()
        return services

    later = ServicesLater(window)
    handle = runner.submit(work)
    handle.progressed.connect(lambda _percent, text: window.show_waiting(text))
    handle.finished.connect(later.resolve)
    handle.failed.connect(lambda message: later.resolve(RuntimeError(message)))
    if hold:
        from PySide6.QtCore import QTimer

        later.release = connected.set
        QTimer.singleShot(HOLD_AT_MOST_MS, later, connected.set)  # (a dialog that never showed: start anyway)
    else:
        connected.set()
    return later


def preload_first_pages() -> None:
    """Import (not build) the pages someone sees first after signing in; a failure here only costs time."""
    import importlib

    from carelog.ui.pages.registry import FIRST_PAGES, spec_for

    for key in FIRST_PAGES:
        spec = spec_for(key)
        try:
            if spec is not None:
                importlib.import_module(spec.factory.partition(":")[0])
        except Exception:  # the page is imported again, in the GUI thread, when it is built
            logger.exception("Could not preload a page module")


def _open_in_background(window: MainWindow, runner: TaskRunner, target: str, demo: bool) -> Services | BaseException:
    """open_in_background, waited for (the GUI keeps running): the services or the exception."""
    return open_in_background(window, runner, target, demo).wait()


def _startup_target(db: str | None) -> tuple[str | None, int]:
    """The database to open: --db, else the saved database settings (user, then machine), else the default file.
    A server whose password this Windows user has not stored yet asks for it once. (None, exit code): nothing to
    open (settings that cannot be read, or the password prompt cancelled)."""
    from carelog.core.db_config import ConfigError
    from carelog.services.database_config import startup_database, store_password

    try:
        chosen = startup_database(db, default_db_path())
    except ConfigError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, f"{APP_NAME} cannot read its database settings", str(exc))
        return None, 2
    if not chosen.needs_password or chosen.config is None:
        return chosen.target, 0
    config = chosen.config
    from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

    password, ok = QInputDialog.getText(
        None,
        f"{APP_NAME}: database server password",
        f"CareLog opens the shared database {config.label()} ({chosen.source.value}).\n"
        "Type the password of that database user. It is kept in your own credential store, so it is asked for "
        "only once on this PC.",
        QLineEdit.EchoMode.Password,
    )
    if not ok:
        return None, 0
    if password:
        try:
            store_password(config, password)
        except ConfigError as exc:  # no credential store: used for this start only
            QMessageBox.warning(None, APP_NAME, str(exc))
    return startup_database(db, default_db_path(), password).target, 0


def _settings_note(db: str | None) -> str:
    """Where the database that failed to open was chosen, when it came from a settings file (not --db)."""
    if db:
        return ""
    from carelog.core.db_config import ConfigSource
    from carelog.services.database_config import Scope, config_file, resolved

    try:
        source = resolved(None).source
    except ValueError:
        return ""
    scope = {ConfigSource.USER: Scope.USER, ConfigSource.MACHINE: Scope.MACHINE}.get(source)
    if scope is None:
        return ""
    return (
        f"\n\nCareLog opened this database because of {source.value} ({config_file(scope)}). To open another "
        "one, start CareLog with --db, or remove that file and start again."
    )


def _db_label(db: str) -> str:
    """A short name for the title bar: the file name, or host/database without the password."""
    if "://" not in db:
        return Path(db).name
    if db.startswith("sqlite:///"):
        return Path(db.removeprefix("sqlite:///")).name
    return db.split("@")[-1]
