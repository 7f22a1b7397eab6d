"""Occupied bed days per service per month (Lists tab): the Home tab shows rates per 1,000 occupied bed days
where they are recorded. Each cell saves as soon as it is edited; an empty cell clears the month."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from carelog.core.dto import ReferenceData
from carelog.core.errors import CareLogError
from carelog.core.trend_data import add_months, month_start

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

MONTHS_SHOWN = 12
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
SAVED_ROLE = Qt.ItemDataRole.UserRole + 2  # the text last saved, put back when an edit cannot be saved


class OccupancyEditor(QWidget):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self._services = services
        self.model = QStandardItemModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Occupied bed days")
        self.message = QLabel(
            "Occupied bed days of each service per month (beds filled × days), for rates per 1,000 occupied bed "
            "days on the Home tab. Type a number in a cell; leave it empty if not known."
        )
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self._filling = False
        self._saving = False
        self.model.itemChanged.connect(self._on_item_changed)

    def fill(self, ref: ReferenceData) -> None:
        if self._saving:
            return
        self._filling = True
        self.model.clear()
        this_month = month_start(self._services.ctx.clock().date())
        months = [add_months(this_month, -i) for i in range(MONTHS_SHOWN)]
        services = [s for s in ref.services if s.active]
        self.model.setHorizontalHeaderLabels([s.name for s in services])
        self.model.setVerticalHeaderLabels([f"{m:%B %Y}" for m in months])
        stored = self._services.attention.occupancy(months[-1]) if services else {}
        for r, month in enumerate(months):
            for c, service in enumerate(services):
                value = stored.get((service.id, month))
                item = QStandardItem("" if value is None else str(value))
                item.setData((service.id, month), KEY_ROLE)
                item.setData(item.text(), SAVED_ROLE)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.model.setItem(r, c, item)
        self.view.resizeColumnsToContents()
        self._filling = False

    def _on_item_changed(self, item: QStandardItem) -> None:
        if self._filling:
            return
        service_id, month = item.data(KEY_ROLE)
        text = item.text().strip().replace(",", "")
        label = f"{month:%B %Y}"
        if text and not text.isdigit():
            self.message.setText(f"Not saved: enter the occupied bed days for {label} as a whole number.")
            self._put_back(item)
            return
        bed_days = int(text) if text else None
        self._saving = True  # the save announces a change; this table already shows it, so it is not refilled
        try:
            self._services.attention.set_occupancy(service_id, date(month.year, month.month, 1), bed_days)
        except CareLogError as exc:
            self.message.setText(f"Not saved: {exc}")
            self._put_back(item)
            return
        finally:
            self._saving = False
        shown = str(bed_days) if bed_days is not None else ""
        self._filling = True
        item.setData(shown, SAVED_ROLE)
        item.setText(shown)
        self._filling = False
        self.message.setText(f"Saved {label}: {shown or 'cleared'}.")

    def _put_back(self, item: QStandardItem) -> None:
        self._filling = True
        item.setText(item.data(SAVED_ROLE) or "")
        self._filling = False
