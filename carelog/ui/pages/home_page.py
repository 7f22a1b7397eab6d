"""The manager's Home tab (issue 14): what needs doing today, in one screen, computed in the background.

Sections: statutory notifications, incidents awaiting triage, reviews past their target date, actions, complaints,
safeguarding and Duty of Candour steps due, new pattern signals, and a summary per key measure with the services side
by side. Double-click or Enter on an item asks the main window (by signal) to open the incident, review, action or
record it names; "Triage…" opens the triage dialog; a learning point shared with every service opens the shared
learning dialog at that service, to record when its team discussed it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carelog.core.attention import SECTION_OF, AttentionItem, AttentionReport, ItemKind, Opens, Section
from carelog.core.permissions import Permission, allowed
from carelog.ui.events import AppEvents
from carelog.ui.models.attention_models import ROW_OBJECT_ROLE, AttentionListModel, MeasureSummaryModel
from carelog.ui.task_runner import TaskHandle, TaskRunner

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

logger = logging.getLogger(__name__)
REFRESH_DELAY_MS = 400  # several writes in a row refresh once


class AttentionList(QListView):
    """A compact list of attention items; Enter or double-click emits item_activated."""

    item_activated = Signal(object)  # AttentionItem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = AttentionListModel(self)
        self.setModel(self.model_)
        self.setUniformItemSizes(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.doubleClicked.connect(self._on_activated)

    def selected(self) -> AttentionItem | None:
        index = self.currentIndex()
        item = index.data(ROW_OBJECT_ROLE) if index.isValid() else None
        return item if isinstance(item, AttentionItem) else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._on_activated(self.currentIndex())
            return
        super().keyPressEvent(event)

    def _on_activated(self, index: QModelIndex) -> None:
        item = index.data(ROW_OBJECT_ROLE)
        if isinstance(item, AttentionItem):
            self.item_activated.emit(item)


class HomePage(QWidget):
    incident_requested = Signal(int)
    review_requested = Signal(int)
    action_requested = Signal(int)
    signals_requested = Signal()
    record_requested = Signal(str, int)  # RecordKind value, record id (a complaint, safeguarding concern...)
    refreshed = Signal()

    def __init__(self, services: Services, events: AppEvents, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._generation = 0
        self._stale = True
        self._handle: TaskHandle | None = None
        self._signal_handle: TaskHandle | None = None
        self._signal_items: list[AttentionItem] | None = None
        self._signals_generation = -1
        self._report_generation = -1
        self.report: AttentionReport | None = None

        self.heading = QLabel("<b>What needs you today</b>")
        self.as_of_label = QLabel()
        self.service_filter = QComboBox()
        self.service_filter.addItem("All services", None)
        self.service_filter.setAccessibleName("Service")
        self.refresh_button = QPushButton("Re&fresh")
        self.seen_button = QPushButton("I have looked at these sig&nals")
        self.triage_button = QPushButton("Tria&ge…")
        self.triage_button.setToolTip("Triage the incident selected in 'Awaiting triage'")
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.as_of_label, 1)
        top.addWidget(QLabel("Service:"))
        top.addWidget(self.service_filter)
        top.addWidget(self.refresh_button)

        self.lists: dict[Section, AttentionList] = {}
        self.boxes: dict[Section, QGroupBox] = {}
        buttons = {Section.TRIAGE: self.triage_button, Section.SIGNALS: self.seen_button}  # under their list
        for section in Section:
            view = AttentionList()
            view.setAccessibleName(section.value)
            view.item_activated.connect(self._on_item_activated)
            box = QGroupBox(section.value)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(6, 4, 6, 6)
            box_layout.addWidget(view)
            if section in buttons:
                box_layout.addWidget(buttons[section])
            self.lists[section], self.boxes[section] = view, box

        self.summary_model = MeasureSummaryModel(self)
        self.summary = QTableView()
        self.summary.setModel(self.summary_model)
        self.summary.setIconSize(QSize(42, 20))
        self.summary.verticalHeader().setVisible(False)
        self.summary.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.summary.setAccessibleName("Summary per service and measure")
        summary_box = QGroupBox("This month per service and key measure (Making Data Count icons: hover for detail)")
        QVBoxLayout(summary_box).addWidget(self.summary)
        self.message = QLabel()
        self.message.setWordWrap(True)

        grid = QGridLayout()
        grid.addWidget(self.boxes[Section.NOTIFICATIONS], 0, 0)
        grid.addWidget(self.boxes[Section.TRIAGE], 0, 1)
        grid.addWidget(self.boxes[Section.ACTIONS], 1, 0)
        grid.addWidget(self.boxes[Section.RECORDS], 1, 1)
        grid.addWidget(self.boxes[Section.REVIEWS], 2, 0)
        grid.addWidget(self.boxes[Section.SIGNALS], 2, 1)
        grid.addWidget(self.boxes[Section.LEARNING], 3, 0, 1, 2)
        grid.addWidget(summary_box, 4, 0, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 2)
        grid.setRowStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        layout.addWidget(self.message)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        for signal in (
            events.incidents_changed,
            events.reviews_changed,
            events.actions_changed,
            events.settings_changed,
            events.reference_data_changed,
            events.identity_changed,
            events.thread_changed,
        ):
            signal.connect(self._on_data_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.service_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.seen_button.clicked.connect(self._on_seen_clicked)
        self.triage_button.clicked.connect(self._on_triage_clicked)
        self.refresh()

    # ------------------------------------------------------------------------------------------ refresh
    def _on_data_changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._timer.start()

    def refresh(self) -> None:
        """Recompute the attention list in the background; the page keeps showing the last one meanwhile."""
        self._timer.stop()
        if not allowed(self._services.ctx.actor, Permission.VIEW_ALL_INCIDENTS):
            self.message.setText("The Home tab is for managers and administrators.")
            return
        self._stale = False
        self._generation += 1
        generation = self._generation
        service = self.service_filter.currentData()
        attention = self._services.attention
        self.as_of_label.setText("Working out what needs you…")

        def work(handle: TaskHandle) -> tuple[int, AttentionReport]:
            return generation, attention.report(service=service, signals=False)

        def signals(handle: TaskHandle) -> tuple[int, list[AttentionItem]]:
            return generation, attention.signal_items(service=service)  # slow after a change: its own task

        handle = self._runner.submit(work)
        handle.finished.connect(self._on_refresh_finished)
        handle.failed.connect(self._on_refresh_failed)
        self._handle = handle
        signal_handle = self._runner.submit(signals)
        signal_handle.finished.connect(self._on_signals_finished)
        signal_handle.failed.connect(self._on_refresh_failed)
        self._signal_handle = signal_handle

    def _on_refresh_failed(self, message: str) -> None:
        self.as_of_label.setText("")
        self.message.setText(f"The Home tab could not be brought up to date: {message}")

    def _on_refresh_finished(self, result: tuple[int, AttentionReport]) -> None:
        generation, report = result
        if generation != self._generation:
            return
        self.report, self._report_generation = report, generation
        self._fill_services(report)
        for section in Section:
            if section != Section.SIGNALS:
                total = sum(n for kind, n in report.totals.items() if _section(kind) == section)
                self._fill_section(section, report.in_section(section), total)
        self.summary_model.set_rows(report.summary)
        self._fit_summary()
        self.triage_button.setEnabled(bool(report.in_section(Section.TRIAGE)))
        self.as_of_label.setText(f"as at {report.as_of:%A %d %B %Y, %H:%M}")
        self.message.setText("")
        if self._signals_generation != generation:
            self.boxes[Section.SIGNALS].setTitle(f"{Section.SIGNALS.value}: looking for patterns…")
        self._emit_if_done()

    def _on_signals_finished(self, result: tuple[int, list[AttentionItem]]) -> None:
        generation, items = result
        if generation != self._generation:
            return
        self._signals_generation = generation
        self._signal_items = items
        self._fill_section(Section.SIGNALS, items, len(items))
        self.seen_button.setEnabled(bool(items))
        self._emit_if_done()

    def _fill_section(self, section: Section, items: list[AttentionItem], total: int) -> None:
        self.lists[section].model_.set_rows(items)
        shown = f"{len(items)} of {total}" if total > len(items) else str(len(items))
        self.boxes[section].setTitle(f"{section.value} ({shown})" if items else f"{section.value}: none")

    def _emit_if_done(self) -> None:
        if self._report_generation == self._signals_generation == self._generation:
            self.refreshed.emit()

    def _fit_summary(self) -> None:
        """Show every measure without a scroll bar: the table is as tall as its rows."""
        self.summary.resizeRowsToContents()
        rows = sum(self.summary.rowHeight(r) for r in range(self.summary_model.rowCount()))
        self.summary.setFixedHeight(rows + self.summary.horizontalHeader().height() + 2 * self.summary.frameWidth())

    def _fill_services(self, report: AttentionReport) -> None:
        if self.service_filter.currentData() is not None:
            return  # one service chosen: keep the list as it is
        names = list(report.services)
        have = [self.service_filter.itemData(i) for i in range(1, self.service_filter.count())]
        if have == names:
            return
        self.service_filter.blockSignals(True)
        self.service_filter.clear()
        self.service_filter.addItem("All services", None)
        for name in names:
            self.service_filter.addItem(name, name)
        self.service_filter.blockSignals(False)

    # ------------------------------------------------------------------------------------------ actions
    def _on_item_activated(self, item: AttentionItem) -> None:
        if item.opens == Opens.SIGNAL:
            self.signals_requested.emit()
        elif item.target_id is None:
            return
        elif item.opens == Opens.INCIDENT:
            self.incident_requested.emit(item.target_id)
        elif item.opens == Opens.REVIEW:
            self.review_requested.emit(item.target_id)
        elif item.opens == Opens.ACTION:
            self.action_requested.emit(item.target_id)
        elif item.opens.record_kind is not None:
            self.record_requested.emit(item.opens.record_kind.value, item.target_id)
        elif item.opens == Opens.SHARED_LEARNING:
            self.open_shared_learning(item.target_id, item.service)

    def open_shared_learning(self, learning_id: int | None = None, service: str | None = None) -> None:
        """The provider view of learning shared across services, at this point and service (to record it)."""
        from carelog.ui.dialogs.shared_learning_dialog import SharedLearningDialog

        dialog = SharedLearningDialog(self._services, learning_id, service, self)
        dialog.exec()

    def _on_seen_clicked(self) -> None:
        self._services.attention.mark_signals_seen()
        self.message.setText("Signals marked as looked at: only new ones will be listed from now on.")
        self.refresh()

    def _on_triage_clicked(self) -> None:
        view = self.lists[Section.TRIAGE]
        item = view.selected() or view.model_.row_object(0)
        if item is not None and item.target_id is not None:
            self.open_triage(item.target_id)

    def open_triage(self, incident_id: int) -> QWidget:
        from carelog.ui.dialogs.triage_dialog import TriageDialog

        dialog = TriageDialog(self._services, incident_id, self)
        dialog.setModal(False)
        dialog.show()
        return dialog


def _section(kind: ItemKind) -> Section | None:
    return SECTION_OF.get(kind)
