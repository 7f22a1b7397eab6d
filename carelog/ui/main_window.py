"""The main window only assembles pages; each page gets its services, events and task runner."""

from __future__ import annotations

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from carelog import APP_NAME, __version__
from carelog.core.services.registry import Services
from carelog.ui.events import AppEvents
from carelog.ui.resources import app_icon
from carelog.ui.task_runner import TaskRunner


class MainWindow(QMainWindow):
    def __init__(self, services: Services, events: AppEvents, runner: TaskRunner, db_label: str = "") -> None:
        super().__init__()
        self.services = services
        self.events = events
        self.setWindowTitle(f"{APP_NAME} {__version__}" + (f" - {db_label}" if db_label else ""))
        self.setWindowIcon(QIcon(app_icon()))
        self.resize(1280, 800)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._pages: dict[str, QWidget] = {}
        self._build_pages(services, events, runner)
        self._status = QLabel()
        self.statusBar().addPermanentWidget(self._status)
        self._update_status()
        events.identity_changed.connect(self._update_status)
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)

    def _build_pages(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        from carelog.ui.pages.admin_page import AdminPage
        from carelog.ui.pages.lists_page import ListsPage
        from carelog.ui.pages.log_page import LogPage
        from carelog.ui.pages.quick_report_page import QuickReportPage
        from carelog.ui.pages.reports_page import ReportsPage

        self.add_page("quick", "&Quick report", QuickReportPage(services, events, runner))
        self.add_page("log", "&Log", LogPage(services, events, runner))
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
        actor = self.services.ctx.actor
        self._status.setText(f"Signed in: {actor.name} ({actor.role.label})")
