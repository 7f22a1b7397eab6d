"""The Review tab: reviews on the left (with suggested groupings for thematic reviews), the workspace on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carelog.core.errors import CareLogError, ValidationError
from carelog.core.permissions import Permission, allowed
from carelog.core.review_dto import ResponseType, ReviewStatus
from carelog.ui.dialogs.review_new_dialog import ReviewNewDialog
from carelog.ui.events import AppEvents
from carelog.ui.models.review_grouping_model import ReviewGroupingModel
from carelog.ui.models.review_table_model import ReviewTableModel
from carelog.ui.task_runner import TaskRunner
from carelog.ui.widgets.review_workspace import ReviewWorkspace

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


def _table(model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class ReviewPage(QWidget):
    review_opened = Signal(int)  # a review was created here (new, or thematic from a grouping or another page)

    def __init__(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        super().__init__()
        self._services = services
        self._events = events
        self._runner = runner
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a review by title or incident reference")
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.status_filter.addItem("All reviews", None)
        for status in ReviewStatus:
            self.status_filter.addItem(status.label, status)
        self.model = ReviewTableModel(self)
        self.table = _table(self.model)
        for col, width in enumerate((230, 150, 70, 80)):
            self.table.setColumnWidth(col, width)
        self.new_button = QPushButton("&New review…")
        self.shared_button = QPushButton("Learning for every service…")
        self.shared_button.setToolTip(
            "Share a learning point with every service, and see which services have discussed it with their team"
        )
        self.count_label = QLabel()
        self.groupings_model = ReviewGroupingModel(self)
        self.groupings = _table(self.groupings_model)
        self.groupings.setWordWrap(True)
        for col, width in enumerate((230, 70)):
            self.groupings.setColumnWidth(col, width)
        self.thematic_button = QPushButton("Start &thematic review")
        self.groupings_label = QLabel()
        self.groupings_label.setWordWrap(True)
        self.workspace = ReviewWorkspace(services)
        self.placeholder = QLabel(
            "Choose a review on the left, or press New review to review an incident.\n\n"
            "A review records why an incident happened (contributing factors, 5 whys), what went well, "
            "the findings and learning, who took part, and how the learning reached staff."
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.workspace)
        self.message = QLabel()
        self.message.setWordWrap(True)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 6, 0)
        ll.addWidget(QLabel("<b>Reviews</b>"))
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status_filter)
        ll.addLayout(filters)
        ll.addWidget(self.table, 3)
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.shared_button)
        row.addWidget(self.new_button)
        ll.addLayout(row)
        ll.addSpacing(8)
        ll.addWidget(QLabel("<b>Suggested groupings</b> (incidents not yet reviewed, last 120 days)"))
        ll.addWidget(self.groupings, 2)
        row2 = QHBoxLayout()
        row2.addWidget(self.groupings_label, 1)
        row2.addWidget(self.thematic_button)
        ll.addLayout(row2)
        ll.addWidget(self.message)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([520, 860])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.search.textChanged.connect(self._on_search_text_changed)
        self.status_filter.currentIndexChanged.connect(self._on_status_filter_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.new_button.clicked.connect(self.new_review)
        self.shared_button.clicked.connect(self.open_shared_learning)
        self.thematic_button.clicked.connect(self.start_selected_grouping)
        self.groupings.doubleClicked.connect(self.start_selected_grouping)
        events.reviews_changed.connect(self.refresh)
        events.incidents_changed.connect(self._on_events_incidents_changed)
        events.identity_changed.connect(self.refresh)
        self.refresh()

    # ------------------------------------------------------------------------------------------ lists
    def refresh(self) -> None:
        """Reload the review list (keeping the selection) and the suggested groupings."""
        if not allowed(self._services.ctx.actor, Permission.REVIEW):
            self.model.set_rows([])
            self.groupings_model.set_rows([])
            self._show(None)
            self.count_label.setText("Reviews are for managers.")
            return
        keep = self.workspace.review.id if self.workspace.review else None
        wanted = self.status_filter.currentData()
        status = ReviewStatus(wanted) if wanted else None
        rows = self._services.reviews.list_reviews(status, self.search.text())
        self.model.set_rows(rows)
        self.count_label.setText(f"{len(rows)} review{'s' if len(rows) != 1 else ''}")
        if keep is not None and self.model.row_of(keep) >= 0:
            self._select_row(self.model.row_of(keep), reload=False)
        self.refresh_groupings()

    def refresh_groupings(self) -> None:
        groups = self._services.reviews.suggested_groupings()
        self.groupings_model.set_rows(groups)
        self.groupings.resizeRowsToContents()
        self.groupings_label.setText(
            f"{len(groups)} suggestion{'s' if len(groups) != 1 else ''}" if groups else "No suggestions at the moment."
        )
        self.thematic_button.setEnabled(bool(groups))

    def _select_row(self, row: int, reload: bool = True) -> None:
        blocker = self.table.selectionModel().blockSignals(not reload)
        self.table.selectRow(row)
        self.table.selectionModel().blockSignals(blocker)

    def open_review(self, review_id: int) -> bool:
        """Show one review in the workspace (from the Home tab); True so the tab comes to the front."""
        self.select_review(review_id)
        return True

    def select_review(self, review_id: int) -> None:
        if self.model.row_of(review_id) < 0:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.status_filter.setCurrentIndex(0)
            self.refresh()
        row = self.model.row_of(review_id)
        if row >= 0:
            self.table.selectRow(row)
            self._open(review_id)

    def _show(self, review_id: int | None) -> None:
        if review_id is None:
            self.workspace.show_review(None)
            self.stack.setCurrentWidget(self.placeholder)
        else:
            self._open(review_id)

    def _open(self, review_id: int) -> None:
        if self.workspace.review is not None and self.workspace.review.id == review_id:
            if self.stack.currentWidget() is self.workspace:
                return
        try:
            detail = self._services.reviews.get(review_id)
        except CareLogError as exc:
            self.message.setText(f"Could not open the review: {exc}")
            return
        self.workspace.message.clear()
        self.workspace.show_review(detail)
        self.stack.setCurrentWidget(self.workspace)

    def _on_table_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        summary = self.model.row_object(rows[0].row()) if rows else None
        if summary is None:
            return
        if self.workspace.has_unsaved_changes() and (self.workspace.review and self.workspace.review.id != summary.id):
            answer = QMessageBox.question(
                self,
                "Unsaved changes",
                "Save the changes to the review you were working on first?",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard,
            )
            if answer == QMessageBox.StandardButton.Save:
                self.workspace.save()
        self._open(summary.id)

    def _on_search_text_changed(self, _text: str) -> None:
        self.refresh()

    def _on_status_filter_changed(self, _index: int) -> None:
        self.refresh()

    def _on_events_incidents_changed(self) -> None:
        self.refresh_groupings()

    # ------------------------------------------------------------------------------------------ new reviews
    def new_review(self) -> None:
        dialog = ReviewNewDialog(self._services, parent=self)
        if dialog.exec() and dialog.created is not None:
            self._opened(dialog.created.id, f"Opened review: {dialog.created.title}")

    def open_shared_learning(self) -> None:
        """Learning shared across services: share a point with every service; see who has discussed it."""
        from carelog.ui.dialogs.shared_learning_dialog import SharedLearningDialog

        SharedLearningDialog(self._services, parent=self).exec()

    def start_selected_grouping(self) -> None:
        rows = self.groupings.selectionModel().selectedRows()
        group = self.groupings_model.row_object(rows[0].row()) if rows else None
        if group is None:
            self.message.setText("Choose a suggested grouping first.")
            return
        self.start_thematic_review(list(group.incident_ids), group.title)

    def start_thematic_review(self, incident_ids: list[int], title: str) -> int | None:
        """Open a thematic review of these incidents and show it (used by the groupings list and the Trends page).
        Returns the new review's id, or None (with the reason shown) if it could not be opened."""
        try:
            review = self._services.reviews.open_review(incident_ids, title, ResponseType.THEMATIC_REVIEW)
        except ValidationError as exc:
            self.message.setText("Not opened: " + " ".join(exc.errors.values()))
            return None
        except CareLogError as exc:
            self.message.setText(f"Not opened: {exc}")
            return None
        self._opened(review.id, f"Opened thematic review: {review.title}")
        return review.id

    def _opened(self, review_id: int, text: str) -> None:
        self.message.setText(text)
        self.select_review(review_id)
        self.review_opened.emit(review_id)
