"""Record how a learning point reached staff: how, when, by whom, and who confirmed they read it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from carelog.core.errors import CareLogError, ValidationError
from carelog.core.review_dto import LearningSharedInput, ReviewDetail, SharedMethod
from carelog.ui.style import ERROR_STYLE

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

FIELD_NAMES = {"learning_point": "Learning point", "shared_on": "Date shared"}


class ReviewSharedDialog(QDialog):
    def __init__(self, services: Services, review: ReviewDetail, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record learning shared")
        self._services = services
        self._review_id = review.id
        self.saved: ReviewDetail | None = None
        self.point = QComboBox()
        self.point.setEditable(False)
        for text in review.learning_points:
            self.point.addItem(text, text)
        self.method = QComboBox()
        for method in SharedMethod:
            self.method.addItem(method.label, method)
        self.shared_on = QDateEdit(QDate(today.year, today.month, today.day))
        self.shared_on.setCalendarPopup(True)
        self.shared_on.setDisplayFormat("dd/MM/yyyy")
        self.shared_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.shared_by = QLineEdit(services.ctx.actor.name)
        self.confirmed = QPlainTextEdit()
        self.confirmed.setPlaceholderText("One name per line: staff who confirmed they read or heard it")
        self.confirmed.setFixedHeight(90)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Optional, e.g. 'added to the falls folder in the office'")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow("&Learning point", self.point)
        form.addRow("&How", self.method)
        form.addRow("&When", self.shared_on)
        form.addRow("Shared &by", self.shared_by)
        form.addRow("&Confirmed read by", self.confirmed)
        form.addRow("&Note", self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if not review.learning_points:
            layout.addWidget(QLabel("Write the learning points (Findings and learning tab) and save the review first."))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def value(self) -> LearningSharedInput:
        d = self.shared_on.date()
        return LearningSharedInput(
            learning_point=self.point.currentData() or "",
            method=SharedMethod(self.method.currentData()),
            shared_on=date(d.year(), d.month(), d.day()),
            shared_by=self.shared_by.text(),
            confirmed_by=tuple(self.confirmed.toPlainText().splitlines()),
            note=self.note.text(),
        )

    def set_confirmed(self, names: Sequence[str]) -> None:
        self.confirmed.setPlainText("\n".join(names))

    def save(self) -> None:
        try:
            self.saved = self._services.reviews.add_learning_shared(self._review_id, self.value())
        except ValidationError as exc:
            self.message.setText(
                "Not saved: " + " ".join(f"{FIELD_NAMES.get(k, k)}: {v}" for k, v in exc.errors.items())
            )
            return
        except CareLogError as exc:
            self.message.setText(f"Not saved: {exc}")
            return
        self.accept()
