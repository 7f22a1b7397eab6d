"""Filters for the incident list: date range, service, location, kind, category, harm, status and free text.

Emits filter_changed(IncidentFilter) a moment after the last change (typing does not query on every key)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from carelog.core.clock import Clock
from carelog.core.dto import IncidentFilter, ReferenceData
from carelog.core.enums import Kind, PhysicalHarm, Status
from carelog.ui.qt_time import pydate

ANY = "Any"


class IncidentFilterBar(QWidget):
    filter_changed = Signal(object)

    DEBOUNCE_MS = 250

    def __init__(self, parent: QWidget | None = None, *, clock: Clock) -> None:
        super().__init__(parent)
        self._ref: ReferenceData | None = None
        self._sort_key = "occurred_at"
        self._descending = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search reference, account, action, witnesses…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.from_check = QCheckBox("From")
        self.from_date = QDateEdit()
        self.to_check = QCheckBox("To")
        self.to_date = QDateEdit()
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setEnabled(False)
        today = clock().date()
        self.to_date.setDate(QDate(today.year, today.month, today.day))
        self.from_date.setDate(QDate(today.year, today.month, today.day).addMonths(-3))
        self.service = QComboBox()
        self.location = QComboBox()
        self.kind = QComboBox()
        self.category = QComboBox()
        self.harm = QComboBox()
        self.status = QComboBox()
        self.clear_button = QPushButton("Clear filters")

        for combo in (self.service, self.location, self.kind, self.category, self.harm, self.status):
            # long names (locations with their home) must not make the window wider than a laptop screen
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self._fill_enum(self.kind, list(Kind))
        self._fill_enum(self.harm, list(PhysicalHarm))
        self._fill_enum(self.status, list(Status))

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        dates = QHBoxLayout()
        for widget in (self.from_check, self.from_date, self.to_check, self.to_date):
            dates.addWidget(widget)
        grid.addWidget(self.search, 0, 0, 1, 4)
        grid.addLayout(dates, 0, 4, 1, 2)
        fields = [
            ("Service", self.service),
            ("Location", self.location),
            ("Kind", self.kind),
            ("Category", self.category),
            ("Harm", self.harm),
            ("Status", self.status),
        ]
        for i, (label, field) in enumerate(fields):  # three to a row, so the bar fits a laptop screen
            lab = QLabel(label)
            lab.setBuddy(field)
            row, col = 1 + i // 3, (i % 3) * 2
            grid.addWidget(lab, row, col, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(field, row, col + 1)
        grid.addWidget(self.clear_button, 3, 5, Qt.AlignmentFlag.AlignRight)
        for c in (1, 3, 5):
            grid.setColumnStretch(c, 1)

        self.search.textChanged.connect(self._schedule)
        for check, edit in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._schedule)
            edit.dateChanged.connect(self._schedule)
        self.service.currentIndexChanged.connect(self._on_service_changed)
        for combo in (self.location, self.kind, self.category, self.harm, self.status):
            combo.currentIndexChanged.connect(self._schedule)
        self.clear_button.clicked.connect(self.clear)

    # ------------------------------------------------------------------------------------------ API
    def set_reference_data(self, ref: ReferenceData) -> None:
        self._ref = ref
        current_service = self.service.currentData()
        current_category = self.category.currentData()
        self.service.blockSignals(True)
        self.service.clear()
        self.service.addItem(ANY, None)
        for s in ref.services:
            self.service.addItem(s.name, s.id)
        self._select(self.service, current_service)
        self.service.blockSignals(False)
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(ANY, None)
        for c in ref.categories:
            self.category.addItem(c.name, c.id)
        self._select(self.category, current_category)
        self.category.blockSignals(False)
        self._fill_locations()

    def set_sort(self, sort_key: str, descending: bool) -> None:
        self._sort_key, self._descending = sort_key, descending
        self._emit()

    def current_filter(self) -> IncidentFilter:
        return IncidentFilter(
            date_from=pydate(self.from_date.date()) if self.from_check.isChecked() else None,
            date_to=pydate(self.to_date.date()) if self.to_check.isChecked() else None,
            service_id=self.service.currentData(),
            location_id=self.location.currentData(),
            kind=_enum(Kind, self.kind.currentData()),
            category_id=self.category.currentData(),
            harm=_enum(PhysicalHarm, self.harm.currentData()),
            status=_enum(Status, self.status.currentData()),
            text=self.search.text(),
            sort_key=self._sort_key,
            descending=self._descending,
        )

    def apply(self, f: IncidentFilter) -> None:
        """Set the widgets from a filter (used by other pages to show 'the incidents behind this')."""
        for w in self._widgets():
            w.blockSignals(True)
        self.search.setText(f.text)
        self._set_date(self.from_check, self.from_date, f.date_from)
        self._set_date(self.to_check, self.to_date, f.date_to)
        self._select(self.service, f.service_id)
        self._fill_locations()
        self._select(self.location, f.location_id)
        self._select(self.kind, f.kind)
        self._select(self.category, f.category_id)
        self._select(self.harm, f.harm)
        self._select(self.status, f.status)
        for w in self._widgets():
            w.blockSignals(False)
        self._sort_key, self._descending = f.sort_key, f.descending
        self._emit()

    def clear(self) -> None:
        self.apply(replace(IncidentFilter(), sort_key=self._sort_key, descending=self._descending))

    # ------------------------------------------------------------------------------------------ internals
    def _widgets(self) -> list[QWidget]:
        return [
            self.search,
            self.from_check,
            self.from_date,
            self.to_check,
            self.to_date,
            self.service,
            self.location,
            self.kind,
            self.category,
            self.harm,
            self.status,
        ]

    @staticmethod
    def _set_date(check: QCheckBox, edit: QDateEdit, value: date | None) -> None:
        check.setChecked(value is not None)
        edit.setEnabled(value is not None)
        if value is not None:
            edit.setDate(QDate(value.year, value.month, value.day))

    @staticmethod
    def _fill_enum(combo: QComboBox, members: Sequence[Kind | PhysicalHarm | Status]) -> None:
        combo.addItem(ANY, None)
        for m in members:
            combo.addItem(m.label, m.value)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        value = getattr(value, "value", value)
        i = combo.findData(value) if value is not None else 0
        combo.setCurrentIndex(max(i, 0))

    def _fill_locations(self) -> None:
        current = self.location.currentData()
        self.location.blockSignals(True)
        self.location.clear()
        self.location.addItem(ANY, None)
        sid = self.service.currentData()
        if self._ref is not None:
            locations = self._ref.locations_for(sid) if sid is not None else self._ref.locations
            services = {s.id: s.name for s in self._ref.services}
            for loc in locations:
                label = loc.name if sid is not None else f"{loc.name} ({services.get(loc.service_id, '')})"
                self.location.addItem(label, loc.id)
        self._select(self.location, current)
        self.location.blockSignals(False)

    def _on_service_changed(self) -> None:
        self._fill_locations()
        self._schedule()

    def _schedule(self) -> None:
        self._timer.start()

    def _emit(self) -> None:
        self._timer.stop()
        self.filter_changed.emit(self.current_filter())


def _enum(cls: Any, value: object) -> Any:
    """Combo data comes back from Qt as plain str; turn it into the enum member again."""
    return None if value is None else cls(value)
