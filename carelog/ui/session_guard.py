"""Who is at the keyboard: sign-in at start-up, switching user, and which tabs the signed-in person has.

start_session() is called by app.run_gui before the pages exist. The guard puts together the parts in
ui/session/: the Session menu, the idle lock, the backup scheduler and the unsaved-work protocol. On lock, every
page that holds unsaved work keeps it under the person signed in (DraftService keys drafts by user), then every
page is torn down and every open record window closed; the window shows only the lock screen. After the next
sign-in only the pages that person may see are built (the tab on screen first), so no page, timer or refresh
ever calls a service the person may not use, and only the owner gets their draft back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMenu, QWidget

from carelog.core.dto import Actor
from carelog.core.errors import CareLogError
from carelog.core.settings import IDLE_LOCK_MINUTES
from carelog.ui.events import AppEvents
from carelog.ui.pages.registry import pages_for, visible_pages
from carelog.ui.session.backup_scheduler import BACKUP_CHECK_MS, BackupScheduler
from carelog.ui.session.idle_lock import IdleLock
from carelog.ui.session.menu import SessionMenu
from carelog.ui.session.unsaved_work import keep_unsaved_work
from carelog.ui.task_runner import TaskRunner
from carelog.ui.widgets.lock_screen import LockScreen

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services
    from carelog.ui.main_window import MainWindow

logger = logging.getLogger(__name__)
__all__ = ["BACKUP_CHECK_MS", "SessionGuard", "start_session", "visible_pages"]


class SessionGuard(QObject):
    """Owns the lock screen of one main window and decides its tabs from the signed-in person's role."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self, window: QMainWindow, services: Services, events: AppEvents, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._events = events
        self._content: QWidget | None = None
        self.recovery_key_dialog: QDialog | None = None  # an administrator's pending recovery key, shown once
        self._runner = runner or getattr(window, "runner", None)
        self.lock_screen = LockScreen(services)
        self.lock_screen.unlocked.connect(self._on_lock_screen_unlocked)
        self.session_menu = SessionMenu(window, services)
        self.session_menu.lock_requested.connect(self._on_lock_requested)
        self.idle = IdleLock(self)
        self.idle.idle.connect(self._on_idle)
        self.backups = BackupScheduler(window, services, runner)
        page_built = getattr(window, "page_built", None)
        if page_built is not None:
            page_built.connect(self._on_page_built)
            for page in getattr(window, "built_pages", dict)().values():
                self._on_page_built("", page)
        events.settings_changed.connect(self._on_events_settings_changed)
        events.users_changed.connect(self._on_events_users_changed)

    # the parts, under the names the rest of the app and the tests use
    @property
    def menu(self) -> QMenu:
        return self.session_menu.menu

    @property
    def switch_action(self) -> QAction:
        return self.session_menu.switch_action

    @property
    def idle_timer(self) -> QTimer:
        return self.idle.timer

    @property
    def backup_timer(self) -> QTimer:
        return self.backups.timer

    def run_automatic_backup(self) -> None:
        self.backups.run_if_due()

    def stop(self) -> None:
        """Leave no timer or event filter behind (tests; the window closing)."""
        self.idle.uninstall()
        self.backups.stop()

    def _on_page_built(self, _key: str, page: QWidget) -> None:
        sign_out = getattr(page, "sign_out_requested", None)  # the quick-report screen's own Sign out button
        if sign_out is not None:
            sign_out.connect(self._on_lock_requested)
        lock = getattr(page, "lock_requested", None)  # e.g. the Admin tab after a restore: everyone signs in again
        if lock is not None:
            lock.connect(self.lock)

    # ------------------------------------------------------------------------------------------ settings
    def apply_settings(self) -> None:
        if self.is_locked:
            self.idle.disarm()
            return
        self.idle.arm(self._services.settings.get_int(IDLE_LOCK_MINUTES))

    def _on_events_settings_changed(self) -> None:
        """An administrator saved settings: a new idle time or quick-report mode applies at once."""
        if not self.is_locked:
            self.apply_settings()
            self.apply_role()

    def _on_events_users_changed(self) -> None:
        if not self.is_locked:
            self.apply_role()

    def _on_idle(self, minutes: int) -> None:
        self.lock(f"Locked after {minutes} minute{'s' if minutes != 1 else ''} without use.")

    def _on_lock_requested(self) -> None:
        self.lock("Signed out so someone else can use CareLog.")

    # ------------------------------------------------------------------------------------------ lock / unlock
    @property
    def is_locked(self) -> bool:
        return self._content is not None

    def lock(self, reason: str = "Locked.") -> None:
        if self.is_locked:
            return
        previous = self._services.ctx.actor
        pages = list(getattr(self._window, "built_pages", dict)().values())
        keep_unsaved_work(pages)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        clear = getattr(self._window, "clear_pages", None)
        if callable(clear):
            clear()  # before signing out: no page refreshes as "nobody"
        if isinstance(self._runner, TaskRunner) and not self._runner.end_session():
            logger.warning("Background work was still running when the screen locked")
        self._services.accounts.sign_out()
        content = self._window.takeCentralWidget() or QWidget()
        content.hide()
        self._content = content
        self.lock_screen.prepare(previous.name if previous.user_id is not None else "", reason)
        self._window.setCentralWidget(self.lock_screen)
        self.lock_screen.show()
        self.session_menu.set_enabled(False)
        self._window.statusBar().hide()
        self.idle.disarm()
        self._events.identity_changed.emit()
        self.lock_screen.focus_username()
        logger.info("Screen locked")
        self.locked.emit()

    def _on_lock_screen_unlocked(self, _actor: Actor) -> None:
        if self._content is None:
            return
        self._window.takeCentralWidget()
        self.lock_screen.setParent(None)
        self._window.setCentralWidget(self._content)
        self._content.show()
        self._content = None
        self.session_menu.set_enabled(True)
        self._window.statusBar().show()
        self._events.identity_changed.emit()
        self.apply_role()
        self.apply_settings()
        self.focus_first_field()
        self.unlocked.emit()
        self.show_pending_recovery_key()

    def show_pending_recovery_key(self) -> None:
        """An administrator signed in, and an automatic backup made the backup key without anyone seeing it (a
        database from an earlier CareLog): show its recovery key now, once."""
        try:
            pending = self._services.backup.pending_recovery_key()
        except (CareLogError, OSError):
            logger.exception("Could not look up the backup key")
            return
        if pending is not None:
            from carelog.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog

            self.recovery_key_dialog = RecoveryKeyDialog(pending, self._window)
            self.recovery_key_dialog.open()

    # ------------------------------------------------------------------------------------------ roles
    def apply_role(self) -> None:
        """Show exactly the tabs the signed-in person may see (registry), tearing down the others."""
        show = getattr(self._window, "show_pages", None)
        if callable(show):
            show(pages_for(self._services))

    def focus_first_field(self) -> None:
        focus = getattr(self._window, "focus_current_page", None)
        if callable(focus):
            focus()


def start_session(
    app: QApplication,
    window: MainWindow,
    services: Services,
    events: AppEvents,
    runner: TaskRunner | None = None,
    on_signed_in: Callable[[], None] | None = None,
    signed_in: bool = False,
) -> bool:
    """First run: create the first administrator; otherwise sign in. Returns False if the person chose Quit.

    on_signed_in runs once someone has signed in and before the guard applies their role: app.run_gui installs
    the pages there, so no record is loaded (or visible behind the dialog) before anyone has signed in.
    signed_in: the person already signed in (app.run_gui showed the sign-in dialog while the database opened)."""
    if not signed_in and not _sign_in(window, services):
        return False
    if on_signed_in is not None:
        on_signed_in()
    guard = SessionGuard(window, services, events, runner)
    window.setProperty("session_guard_installed", True)  # the guard is parented to the window
    guard.apply_role()
    if on_signed_in is None:  # pages built before the sign-in reload for whoever signed in
        events.identity_changed.emit()
    guard.apply_settings()
    guard.backups.start()
    guard.show_pending_recovery_key()
    app.setProperty("session_guard", guard)
    QTimer.singleShot(0, guard, guard.focus_first_field)  # once the window is on screen
    return True


def _sign_in(window: QMainWindow, services: Services) -> bool:
    if services.accounts.needs_first_admin():
        from carelog.ui.dialogs.first_admin_dialog import FirstAdminDialog

        dialog: QDialog = FirstAdminDialog(services)
    else:
        from carelog.ui.dialogs.sign_in_dialog import SignInDialog

        services.accounts.sign_out()
        dialog = SignInDialog(services)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    new_key = getattr(dialog, "new_backup_key", None)
    if new_key is not None:
        from carelog.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog

        RecoveryKeyDialog(new_key, window).exec()
    return True
