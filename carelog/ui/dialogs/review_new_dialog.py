"""Open a new review: search incidents, tick one or more, give a title and choose the learning response."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carelog.core.dto import IncidentFilter, IncidentSummary
from carelog.core.errors import CareLogError, ValidationError
from carelog.core.review_dto import ResponseType, ReviewDetail
from carelog.ui.models.review_pick_model import ReviewPickModel
from carelog.ui.style import ERROR_STYLE

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

SEARCH_LIMIT = 300
FIELD_NAMES = {"incidents": "Incidents", "title": "Title"}


class ReviewNewDialog(QDialog):
    def __init__(
        self, services: Services, preselected: Sequence[IncidentSummary] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New review")
        self._services = services
        self.created: ReviewDetail | None = None
        self._title_touched = False
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by reference or words in the account, e.g. INC-2026-0012 or lounge")
        self.search.setClearButtonEnabled(True)
        self.model = ReviewPickModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((140, 120, 200, 230)):
            self.table.setColumnWidth(col, width)
        self.chosen = QLabel()
        self.chosen.setWordWrap(True)
        self.title = QLineEdit()
        self.response = QComboBox()
        for kind in ResponseType:
            self.response.addItem(kind.label, kind)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("Learning &response", self.response)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Open review")
        buttons.accepted.connect(self.create_review)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Tick the incident (or incidents, for a thematic review) to review:"))
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.chosen)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(900, 620)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.title.textEdited.connect(self._on_title_edited)
        self.model.checked_changed.connect(self._on_model_checked_changed)
        self.table.activated.connect(self._on_table_activated)
        self.model.set_checked(preselected)
        self.run_search()

    def run_search(self) -> None:
        f = IncidentFilter(text=self.search.text().strip(), limit=SEARCH_LIMIT)
        self.model.set_rows(self._services.incidents.list(f))

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.model.toggle(index.row())

    def _on_title_edited(self, _text: str) -> None:
        self._title_touched = True

    def _on_model_checked_changed(self) -> None:
        refs = self.model.checked_references()
        if not refs:
            self.chosen.setText("No incidents ticked yet.")
        else:
            shown = ", ".join(refs[:12]) + (f" and {len(refs) - 12} more" if len(refs) > 12 else "")
            self.chosen.setText(f"<b>{len(refs)} ticked:</b> {shown}")
        thematic = len(refs) > 1
        self.response.setCurrentIndex(
            self.response.findData(ResponseType.THEMATIC_REVIEW if thematic else ResponseType.AFTER_ACTION_REVIEW)
        )
        if not self._title_touched:
            self.title.setText(self._suggested_title())

    def _suggested_title(self) -> str:
        refs = self.model.checked_references()
        if not refs:
            return ""
        if len(refs) == 1:
            row = next((r for r in self.model.rows() if r.reference == refs[0]), None)
            return f"{row.category}: {refs[0]}" if row else refs[0]
        return f"Thematic review of {len(refs)} incidents"

    def create_review(self) -> None:
        try:
            self.created = self._services.reviews.open_review(
                self.model.checked_ids(), self.title.text(), ResponseType(self.response.currentData())
            )
        except ValidationError as exc:
            self.message.setText(
                "Not opened: " + " ".join(f"{FIELD_NAMES.get(k, k)}: {v}" for k, v in exc.errors.items())
            )
            return
        except CareLogError as exc:
            self.message.setText(f"Not opened: {exc}")
            return
        self.accept()
