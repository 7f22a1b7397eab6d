"""Who is at the keyboard: sign-in at start-up, switching user, the idle lock, tabs per role, automatic backups.

start_session() is called by app.run_gui before the window is shown. While locked, the window shows only the
lock screen; the pages are hidden and every open record window is closed. Before signing the person out, each
report panel saves its draft under that person (DraftService keys drafts by user), and after the next sign-in
the pages reload for whoever signed in, so only the owner gets their draft back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QTabWidget, QWidget

from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.core.permissions import Permission, allowed
from carelog.core.settings import IDLE_LOCK_MINUTES, QUICK_REPORT_FOR_CARE_STAFF
from carelog.ui.events import AppEvents
from carelog.ui.task_runner import TaskRunner
from carelog.ui.widgets.lock_screen import LockScreen

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

logger = logging.getLogger(__name__)

QUICK_PAGE = "quick"
ADMIN_PAGE = "admin"
# Pages that need more than reporting; anything not listed is open to managers and administrators.
CONCERNS_PAGE = "concerns"
PAGE_PERMISSIONS: dict[str, Permission] = {
    "review": Permission.REVIEW,
    "reviews": Permission.REVIEW,
    "actions": Permission.MANAGE_ACTIONS,
    "trends": Permission.VIEW_TRENDS,
    "reports": Permission.EXPORT,
    "packs": Permission.EXPORT,
    "pack": Permission.EXPORT,
    "lists": Permission.EDIT_LISTS,
    ADMIN_PAGE: Permission.MANAGE_USERS,
}
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}
BACKUP_CHECK_MS = 60 * 60 * 1000  # look once an hour whether the daily backup is due


def visible_pages(actor: Actor, keys: list[str], quick_report_mode: bool) -> set[str]:
    """Which tabs a role sees. Care staff: the quick-report screen only (or the Log, if that mode is off)."""
    if actor.user_id is None and actor.role == Role.CARE_STAFF:
        return set()
    if actor.role == Role.CARE_STAFF or not allowed(actor, Permission.VIEW_ALL_INCIDENTS):
        wanted = {QUICK_PAGE} if quick_report_mode and QUICK_PAGE in keys else {"log"}
        if allowed(actor, Permission.RAISE_CONCERN):
            wanted.add(CONCERNS_PAGE)  # care staff may raise a complaint or concern (not respond to or close one)
        return wanted & set(keys)
    return {k for k in keys if k != QUICK_PAGE and (k not in PAGE_PERMISSIONS or allowed(actor, PAGE_PERMISSIONS[k]))}


class SessionGuard(QObject):
    """Owns the lock screen, the idle timer and the Session menu of one main window."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self, window: QMainWindow, services: Services, events: AppEvents, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._events = events
        self._runner = runner
        self._content: QWidget | None = None
        self.lock_screen = LockScreen(services)
        self.lock_screen.unlocked.connect(self._on_lock_screen_unlocked)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self._on_idle_timer_timeout)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.run_automatic_backup)
        self._build_menu()
        events.settings_changed.connect(self._on_events_settings_changed)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # ------------------------------------------------------------------------------------------ menu
    def _build_menu(self) -> None:
        menu = self._window.menuBar().addMenu("&Session")
        self.switch_action = QAction("&Switch user / lock", self._window)
        self.switch_action.setShortcut(QKeySequence("Ctrl+L"))
        self.switch_action.setStatusTip("Lock CareLog so the next person can sign in (your unsaved report is kept)")
        self.switch_action.triggered.connect(self._on_switch_action_triggered)
        self.change_secret_action = QAction("&Change my PIN or password…", self._window)
        self.change_secret_action.triggered.connect(self._on_change_secret_triggered)
        menu.addAction(self.switch_action)
        menu.addAction(self.change_secret_action)
        self.menu = menu

    def _on_switch_action_triggered(self) -> None:
        self.lock("Signed out so someone else can use CareLog.")

    def _on_change_secret_triggered(self) -> None:
        from carelog.ui.dialogs.change_secret_dialog import ChangeSecretDialog

        ChangeSecretDialog(self._services, self._window).exec()

    # ------------------------------------------------------------------------------------------ idle
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.is_locked and self.idle_timer.interval() > 0:
            self.idle_timer.start()
        return False

    def apply_settings(self) -> None:
        minutes = self._services.settings.get_int(IDLE_LOCK_MINUTES)
        self.idle_timer.stop()
        self.idle_timer.setInterval(max(minutes, 0) * 60 * 1000)
        if minutes > 0 and not self.is_locked:
            self.idle_timer.start()

    def _on_events_settings_changed(self) -> None:
        """An administrator saved settings: a new idle time or quick-report mode applies at once."""
        if not self.is_locked:
            self.apply_settings()
            self.apply_role()

    def _on_idle_timer_timeout(self) -> None:
        minutes = self.idle_timer.interval() // 60000
        self.lock(f"Locked after {minutes} minute{'s' if minutes != 1 else ''} without use.")

    # ------------------------------------------------------------------------------------------ lock / unlock
    @property
    def is_locked(self) -> bool:
        return self._content is not None

    def lock(self, reason: str = "Locked.") -> None:
        if self.is_locked:
            return
        previous = self._services.ctx.actor
        self._save_drafts()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        self._services.accounts.sign_out()
        self._content = self._window.takeCentralWidget()
        self._content.hide()
        self.lock_screen.prepare(previous.name if previous.user_id is not None else "", reason)
        self._window.setCentralWidget(self.lock_screen)
        self.lock_screen.show()
        self.menu.setEnabled(False)
        self._window.statusBar().hide()
        self.idle_timer.stop()
        self._events.identity_changed.emit()
        logger.info("Screen locked")
        self.locked.emit()

    def _save_drafts(self) -> None:
        """Ask every report panel to keep its unsaved report under the person signed in now."""
        for widget in self._window.findChildren(QWidget):
            save = getattr(widget, "save_draft", None)
            if callable(save):
                save()

    def _on_lock_screen_unlocked(self, _actor: Actor) -> None:
        if self._content is None:
            return
        self._window.takeCentralWidget()
        self.lock_screen.setParent(None)
        self._window.setCentralWidget(self._content)
        self._content.show()
        self._content = None
        self.menu.setEnabled(True)
        self._window.statusBar().show()
        self.apply_role()
        self._events.identity_changed.emit()
        self.apply_settings()
        self.unlocked.emit()

    # ------------------------------------------------------------------------------------------ roles
    def apply_role(self) -> None:
        tabs = self._tabs()
        page_keys = getattr(self._window, "page_keys", None)
        page = getattr(self._window, "page", None)
        if tabs is None or page_keys is None or page is None:
            return
        keys = list(page_keys())
        quick = bool(self._services.settings.get(QUICK_REPORT_FOR_CARE_STAFF))
        shown = visible_pages(self._services.ctx.actor, keys, quick)
        for key in keys:
            tabs.setTabVisible(tabs.indexOf(page(key)), key in shown)
        tabs.tabBar().setVisible(len(shown) > 1)
        if tabs.currentWidget() is None or not tabs.isTabVisible(tabs.currentIndex()):
            first = next((k for k in keys if k in shown), None)
            if first is not None:
                tabs.setCurrentWidget(page(first))

    def _tabs(self) -> QTabWidget | None:
        tabs = getattr(self._window, "tabs", None)
        return tabs if isinstance(tabs, QTabWidget) else None

    # ------------------------------------------------------------------------------------------ backups
    def run_automatic_backup(self) -> None:
        """Write the scheduled backup in the background if it is due (errors are logged, never shown)."""
        backup = self._services.backup
        try:
            due = backup.automatic_backup_due()
        except Exception:  # a backup check must never get in the way of reporting
            logger.exception("Could not check whether an automatic backup is due")
            return
        if not due:
            return
        if self._runner is None:
            backup.run_automatic_if_due()
            return
        handle = self._runner.submit(lambda h: backup.run_automatic_if_due(progress=lambda p, m: h.report(p, m)))
        handle.failed.connect(self._on_backup_failed)

    def _on_backup_failed(self, message: str) -> None:
        logger.error("Automatic backup failed: %s", message)
        self._window.statusBar().showMessage("The automatic backup could not be written; see the log file.", 15000)


def start_session(
    app: QApplication,
    window: QMainWindow,
    services: Services,
    events: AppEvents,
    runner: TaskRunner | None = None,
    on_signed_in: Callable[[], None] | None = None,
) -> bool:
    """First run: create the first administrator; otherwise sign in. Returns False if the person chose Quit.

    on_signed_in runs once someone has signed in and before the guard applies their role: app.run_gui builds the
    pages there, so no record is loaded (or visible behind the dialog) before anyone has signed in."""
    if services.accounts.needs_first_admin():
        from carelog.ui.dialogs.first_admin_dialog import FirstAdminDialog

        dialog: QDialog = FirstAdminDialog(services)
    else:
        from carelog.ui.dialogs.sign_in_dialog import SignInDialog

        services.accounts.sign_out()
        dialog = SignInDialog(services)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if on_signed_in is not None:
        on_signed_in()
    guard = SessionGuard(window, services, events, runner)
    window.setProperty("session_guard_installed", True)  # the guard is parented to the window
    quick = getattr(window, "page", None)
    if quick is not None and QUICK_PAGE in getattr(window, "page_keys", list)():
        quick(QUICK_PAGE).sign_out_requested.connect(guard._on_switch_action_triggered)
    guard.apply_role()
    events.identity_changed.emit()
    guard.apply_settings()
    events.users_changed.connect(guard.apply_role)
    guard.backup_timer.start()
    QTimer.singleShot(5000, guard.run_automatic_backup)
    app.setProperty("session_guard", guard)
    return True
