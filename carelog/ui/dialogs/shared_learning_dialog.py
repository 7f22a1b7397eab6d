"""Learning shared across services (issue 18): the provider view of which services have discussed each learning
point marked "for every service" and which have not; a service's manager records the discussion here; managers
share a new point (written here or taken from a signed-off review)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carelog.core.errors import CareLogError, ValidationError
from carelog.core.permissions import Permission, allowed
from carelog.core.review_dto import ReviewStatus
from carelog.core.shared_learning import SharedLearning
from carelog.ui.models.shared_learning_models import ServiceDiscussionModel, SharedLearningModel
from carelog.ui.qt_time import pydate, qdate
from carelog.ui.style import ERROR_STYLE

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


class SharedLearningDialog(QDialog):
    def __init__(
        self,
        services: Services,
        learning_id: int | None = None,
        service: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.setWindowTitle("Learning shared across services")
        self.resize(1180, 640)
        today = services.ctx.clock().date()

        intro = QLabel(
            "Learning points shared with every service. Each service's manager discusses the point with their team "
            "and records the date here; until then it is listed on that service's Home tab."
        )
        intro.setWordWrap(True)
        self.points_model = SharedLearningModel(self)
        self.points = QTableView()
        self.points.setModel(self.points_model)
        self.points.setAccessibleName("Shared learning points")
        self.points.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.points.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.points.verticalHeader().setVisible(False)
        self.points.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.new_text = QPlainTextEdit()
        self.new_text.setPlaceholderText("What every service should know or do, in a sentence or two")
        self.new_text.setFixedHeight(70)
        self.new_text.setAccessibleName("New learning point")
        self.from_review = QComboBox()
        self.from_review.setAccessibleName("From a signed-off review")
        self.review_point = QComboBox()
        self.review_point.setAccessibleName("Learning point of the review")
        self.share_button = QPushButton("&Share with every service")
        share_box = QGroupBox("Share a learning point with every service")
        sl = QVBoxLayout(share_box)
        row = QHBoxLayout()
        row.addWidget(QLabel("From a signed-off review (optional):"))
        row.addWidget(self.from_review, 1)
        sl.addLayout(row)
        sl.addWidget(self.review_point)
        sl.addWidget(self.new_text)
        sl.addWidget(self.share_button)
        share_box.setVisible(allowed(services.ctx.actor, Permission.SHARE_LEARNING))

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("<b>Learning points</b>"))
        ll.addWidget(self.points, 1)
        ll.addWidget(share_box)

        self.point_text = QLabel()
        self.point_text.setWordWrap(True)
        self.progress = QLabel()
        self.services_model = ServiceDiscussionModel(self)
        self.services_view = QTableView()
        self.services_view.setModel(self.services_model)
        self.services_view.setAccessibleName("Services and their discussion")
        self.services_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.services_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.services_view.verticalHeader().setVisible(False)
        header = self.services_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.service = QComboBox()
        self.service.setAccessibleName("Service")
        self.service.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.service.setMinimumContentsLength(18)
        self.discussed_on = QDateEdit(qdate(today))
        self.discussed_on.setCalendarPopup(True)
        self.discussed_on.setDisplayFormat("dd/MM/yyyy")
        self.discussed_on.setMaximumDate(qdate(today))
        self.discussed_on.setAccessibleName("Discussed on")
        self.note = QLineEdit()
        self.note.setPlaceholderText("Optional, e.g. 'staff meeting, 9 staff; added to the handover sheet'")
        self.note.setAccessibleName("Note")
        self.record_button = QPushButton("&Record discussion")
        record_box = QGroupBox("Record when a service's team discussed it")
        rl = QHBoxLayout(record_box)
        rl.addWidget(self.service)
        rl.addWidget(QLabel("on"))
        rl.addWidget(self.discussed_on)
        rl.addWidget(self.note, 1)
        rl.addWidget(self.record_button)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.point_text)
        rv.addWidget(self.progress)
        rv.addWidget(self.services_view, 1)
        rv.addWidget(record_box)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([470, 710])
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.points.selectionModel().selectionChanged.connect(self._on_points_selection_changed)
        self.services_view.selectionModel().selectionChanged.connect(self._on_services_selection_changed)
        self.share_button.clicked.connect(self.share)
        self.record_button.clicked.connect(self.record)
        self.from_review.currentIndexChanged.connect(self._on_from_review_changed)
        self.review_point.currentIndexChanged.connect(self._on_review_point_changed)
        if share_box.isVisible() or allowed(services.ctx.actor, Permission.SHARE_LEARNING):
            self._fill_reviews()
        self.reload(learning_id)
        if service:
            self.select_service(service)

    # ------------------------------------------------------------------------------------------ reading
    def reload(self, learning_id: int | None = None) -> None:
        keep = learning_id if learning_id is not None else self._current_id()
        self.points_model.set_rows(self._services.shared_learning.points())
        rows = self.points_model.rows()
        row = next((i for i, p in enumerate(rows) if p.id == keep), 0)
        if rows:
            self.points.selectRow(row)
        else:
            self._show_point(None)

    def _current_id(self) -> int | None:
        point = self.current_point()
        return point.id if point else None

    def current_point(self) -> SharedLearning | None:
        index = self.points.currentIndex()
        return self.points_model.row_object(index.row()) if index.isValid() else None

    def _on_points_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_point(self.current_point())

    def _show_point(self, point: SharedLearning | None) -> None:
        chosen = self.service.currentText()
        self.service.blockSignals(True)
        self.service.clear()
        if point is None:
            self.point_text.setText("No learning has been shared with every service yet.")
            self.progress.setText("")
            self.services_model.set_rows([])
        else:
            source = f" from the review “{point.review_title}”" if point.review_title else ""
            self.point_text.setText(
                f"<b>{_escape(point.text)}</b><br>Shared by {_escape(point.shared_by)} on "
                f"{point.shared_at:%d %B %Y}{_escape(source)}."
            )
            pending = ", ".join(s.service for s in point.pending) or "none"
            self.progress.setText(f"{point.progress}. Not yet: {pending}.")
            self.services_model.set_rows(point.services)
            for s in point.services:
                self.service.addItem(s.service, s.service_id)
            index = self.service.findText(chosen)
            if index >= 0:
                self.service.setCurrentIndex(index)
        self.service.blockSignals(False)
        self.record_button.setEnabled(point is not None and bool(point.services))

    def select_service(self, name: str) -> None:
        index = self.service.findText(name)
        if index >= 0:
            self.service.setCurrentIndex(index)
            self.services_view.selectRow(index)

    def _on_services_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        index = self.services_view.currentIndex()
        if index.isValid():
            self.service.setCurrentIndex(index.row())

    def _fill_reviews(self) -> None:
        self.from_review.blockSignals(True)
        self.from_review.addItem("None: write the point below", None)
        for review in self._services.reviews.list_reviews(ReviewStatus.SIGNED_OFF):
            self.from_review.addItem(review.title, review.id)
        self.from_review.blockSignals(False)
        self.review_point.setVisible(False)

    def _on_from_review_changed(self, _index: int) -> None:
        review_id = self.from_review.currentData()
        self.review_point.blockSignals(True)
        self.review_point.clear()
        if review_id is not None:
            for text in self._services.reviews.get(review_id, with_audit=False).learning_points:
                self.review_point.addItem(text, text)
        self.review_point.blockSignals(False)
        self.review_point.setVisible(review_id is not None)
        self._on_review_point_changed(0)

    def _on_review_point_changed(self, _index: int) -> None:
        text = self.review_point.currentData()
        if text:
            self.new_text.setPlainText(text)

    # ------------------------------------------------------------------------------------------ writing
    def share(self) -> None:
        try:
            point = self._services.shared_learning.share(self.new_text.toPlainText(), self.from_review.currentData())
        except ValidationError as exc:
            self._error("Not shared: " + " ".join(exc.errors.values()))
            return
        except CareLogError as exc:
            self._error(f"Not shared: {exc}")
            return
        self.new_text.clear()
        self.from_review.setCurrentIndex(0)
        self.reload(point.id)
        self._done(f"Shared with every service ({len(point.services)}): it is now on each service's Home tab.")

    def record(self) -> None:
        point = self.current_point()
        service_id = self.service.currentData()
        if point is None or service_id is None:
            self._error("Choose a learning point and a service first.")
            return
        try:
            updated = self._services.shared_learning.record_discussion(
                point.id, service_id, pydate(self.discussed_on.date()), self.note.text()
            )
        except ValidationError as exc:
            self._error("Not recorded: " + " ".join(exc.errors.values()))
            return
        except CareLogError as exc:
            self._error(f"Not recorded: {exc}")
            return
        name = self.service.currentText()
        self.note.clear()
        self.reload(updated.id)
        self.select_service(name)
        self._done(f"Recorded: {name} discussed it on {self.discussed_on.date().toString('dd/MM/yyyy')}.")

    def _error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    def _done(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
