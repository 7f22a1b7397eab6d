"""Shared-terminal screen for care staff: report an incident, see your own reports and what a manager did with
them, sign out. No navigation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carelog.core.report_news import news_headline
from carelog.ui.events import AppEvents
from carelog.ui.models.my_reports_model import MyReportsModel
from carelog.ui.task_runner import TaskRunner
from carelog.ui.theme import FOCUS_RING, NOTE_STYLE, larger_font
from carelog.ui.widgets.report_panel import ReportPanel

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


class QuickReportPage(QWidget):
    sign_out_requested = Signal()

    _services: Services

    def __init__(self, services: Services | None, events: AppEvents | None, runner: TaskRunner | None) -> None:
        """services and events None: an empty shell (widgets only, no service called; see ui/page_shells.py),
        which attach() fills once someone has signed in."""
        super().__init__()
        self.greeting = QLabel()
        self.greeting.setWordWrap(True)
        larger_font(self.greeting)
        self.sign_out_button = QPushButton("Sign &out (Ctrl+L)")
        self.sign_out_button.setToolTip("Lock CareLog so the next person can sign in. Your unsaved report is kept.")
        self.news_label = QLabel()
        self.news_label.setWordWrap(True)
        self.news_button = QPushButton("See &news")
        self.news_button.setToolTip("Show the reports with news in My reports")
        self.news_banner = QFrame()
        self.news_banner.setObjectName("newsBanner")
        self.news_banner.setStyleSheet(f"#newsBanner {{ {NOTE_STYLE} }}")
        banner_row = QHBoxLayout(self.news_banner)
        banner_row.setContentsMargins(4, 2, 4, 2)
        banner_row.addWidget(self.news_label, 1)
        banner_row.addWidget(self.news_button)
        self.news_banner.setVisible(False)
        self.report_panel = ReportPanel(None, None)
        self.model = MyReportsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setStyleSheet(FOCUS_RING)
        self.table.setAccessibleName("My reports")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for col in range(MyReportsModel.NEWS_COLUMN):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.count_label = QLabel()
        my_reports_title = QLabel("<b>My &reports</b>: what has happened to them")
        my_reports_title.setBuddy(self.table)

        top = QHBoxLayout()
        top.addWidget(self.greeting, 1)
        top.addWidget(self.sign_out_button)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 0, 0, 0)
        rl.addWidget(my_reports_title)
        rl.addWidget(self.table, 1)
        rl.addWidget(self.count_label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.report_panel)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([620, 640])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.news_banner)
        layout.addWidget(self.splitter, 1)

        self.sign_out_button.clicked.connect(self.sign_out_requested)
        self.news_button.clicked.connect(self.show_news)
        if services is not None and events is not None:
            self.attach(services, events, runner)

    def attach(self, services: Services, events: AppEvents, _runner: TaskRunner | None = None) -> None:
        """Give the page its services: it hears changes and shows the signed-in person's form and reports."""
        self._services = services
        self.report_panel.attach(services, events)
        events.incidents_changed.connect(self.refresh)
        events.identity_changed.connect(self._on_identity_changed)
        self._on_identity_changed(reload_form=False)

    def focus_first_field(self) -> None:
        """Keyboard focus to the first field of the report (the shell calls this after sign-in and unlock)."""
        self.report_panel.focus_first_field()

    def _on_identity_changed(self, reload_form: bool = True) -> None:
        actor = self._services.ctx.actor
        self.greeting.setText(f"Hello {actor.name}. Report what happened; it takes about a minute.")
        if reload_form:
            self.report_panel.start_for_current_user()
        self.refresh()

    def save_draft(self) -> None:
        self.report_panel.save_draft()

    def refresh(self) -> None:
        """The signed-in person's own reports, newest first, each saying what has happened to it."""
        reports = self._services.feedback.my_reports()
        self.model.set_rows(reports)
        n = len(reports)
        self.count_label.setText(f"{n} report{'s' if n != 1 else ''} made by you" if reports else "")
        with_news = sum(1 for r in reports if r.is_new)
        self.news_label.setText(news_headline(with_news))
        self.news_banner.setVisible(with_news > 0)

    def show_news(self) -> None:
        """Bring the reports with news into view; from now on they are no longer news to this person."""
        rows = self.model.new_rows()
        self._services.feedback.mark_seen()
        self.news_banner.setVisible(False)  # the rows keep their "New" mark until the next refresh
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if rows:
            self.table.selectRow(rows[0])
            self.table.scrollTo(self.model.index(rows[0], 0))
