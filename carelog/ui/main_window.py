"""The main window only assembles pages; each page gets its services, events and task runner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from carelog import APP_NAME, __version__
from carelog.ui.events import AppEvents
from carelog.ui.resources import app_icon
from carelog.ui.task_runner import TaskRunner

if TYPE_CHECKING:  # keeps SQLAlchemy out of the import path until the database is opened
    from carelog.services.registry import Services


class MainWindow(QMainWindow):
    """Shown at once as an empty shell ('Opening…'), then filled by install() once the database is open,
    so the window appears before SQLAlchemy and the pages have loaded."""

    def __init__(self, db_label: str = "") -> None:
        super().__init__()
        self.services: Services | None = None
        self.events: AppEvents | None = None
        self.setWindowTitle(f"{APP_NAME} {__version__}" + (f" - {db_label}" if db_label else ""))
        self.setWindowIcon(QIcon(app_icon()))
        self.resize(1280, 800)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._loading: QLabel | None = QLabel("Opening CareLog…")
        self._loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self._loading)
        self._pages: dict[str, QWidget] = {}
        self._status = QLabel()
        self.statusBar().addPermanentWidget(self._status)
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)

    def show_waiting(self, text: str) -> None:
        """Change the message shown until the pages are installed (for example 'Please sign in')."""
        if self._loading is not None:
            self._loading.setText(text)

    def install(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        """Build the pages for an open database and show them in place of the 'Opening…' message."""
        self.services = services
        self.events = events
        events.listen_to(services.ctx)  # committed writes -> the app's change signals (ui/events.py)
        self._build_pages(services, events, runner)
        self.setCentralWidget(self.tabs)
        self._loading = None
        self._update_status()
        events.identity_changed.connect(self._update_status)

    def _build_pages(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        from carelog.ui.pages.actions_page import ActionsPage
        from carelog.ui.pages.admin_page import AdminPage
        from carelog.ui.pages.concerns_page import ConcernsPage
        from carelog.ui.pages.lists_page import ListsPage
        from carelog.ui.pages.log_page import LogPage
        from carelog.ui.pages.quick_report_page import QuickReportPage
        from carelog.ui.pages.reports_page import ReportsPage
        from carelog.ui.pages.review_page import ReviewPage
        from carelog.ui.pages.trends_page import TrendsPage

        self.add_page("quick", "&Quick report", QuickReportPage(services, events, runner))
        self.add_page("log", "&Log", LogPage(services, events, runner))
        review = ReviewPage(services, events, runner)
        self.add_page("review", "&Review", review)
        trends = TrendsPage(services, events, runner)
        self.add_page("trends", "&Trends", trends)
        trends.thematic_review_requested.connect(
            lambda ids, title: self.show_page("review") if review.start_thematic_review(ids, title) else None
        )
        self.add_page("actions", "&Actions", ActionsPage(services, events, runner))
        self.add_page("concerns", "&Complaints && safeguarding", ConcernsPage(services, events, runner))
        self.add_page("reports", "Re&ports", ReportsPage(services, events, runner))
        self.add_page("lists", "L&ists", ListsPage(services, events, runner))
        self.add_page("admin", "A&dmin", AdminPage(services, events, runner))

    def add_page(self, key: str, title: str, page: QWidget) -> None:
        self._pages[key] = page
        self.tabs.addTab(page, title)

    def page(self, key: str) -> QWidget:
        return self._pages[key]

    def show_page(self, key: str) -> None:
        self.tabs.setCurrentWidget(self._pages[key])

    def page_keys(self) -> list[str]:
        return list(self._pages)

    def _update_status(self) -> None:
        if self.services is None:
            return
        actor = self.services.ctx.actor
        self._status.setText(f"Signed in: {actor.name} ({actor.role.label})")
