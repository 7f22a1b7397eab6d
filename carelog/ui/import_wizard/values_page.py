"""Page 3: values that match nothing in CareLog's lists. For each: the nearest names, any other name, or (for
services and locations) "create it". Values CareLog recognises ("Falls", "No harm") are not asked about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from carelog.core.enums import Kind, PhysicalHarm
from carelog.core.import_mapping import CREATE, FIELD_LABELS
from carelog.core.import_plan import ValueQuestion
from carelog.ui.import_wizard.state import WizardState

if TYPE_CHECKING:
    from carelog.services.registry import Services

UNCHOSEN = ""


class ValuesPage(QWizardPage):
    def __init__(self, services: Services, state: WizardState) -> None:
        super().__init__()
        self._services = services
        self._state = state
        self.setTitle("Match the values")
        self.setSubTitle(
            "These words in the file are not in CareLog's lists. Choose what each one means, or create it. "
            "Your choices can be saved with the mapping."
        )
        self.questions: list[ValueQuestion] = []
        self.combos: dict[tuple[str, str], QComboBox] = {}
        self._host = QWidget()
        self._grid = QGridLayout(self._host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._host)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)

    def initializePage(self) -> None:
        loaded = self._state.loaded
        assert loaded is not None
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos.clear()
        self.questions = self._services.importer.questions(loaded, self._state.cmap)
        ref = self._services.importer.reference_data()
        names = {
            "service": [s.name for s in ref.services if s.active],
            "location": sorted({loc.name for loc in ref.locations if loc.active}),
            "category": [c.name for c in ref.categories if c.active],
            "kind": [k.label for k in Kind],
            "harm": [h.label for h in PhysicalHarm],
        }
        for col, title in enumerate(("Column", "In the file", "Rows", "Means in CareLog")):
            self._grid.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        for row, q in enumerate(self.questions, start=1):
            combo = QComboBox()
            combo.addItem("— choose —", UNCHOSEN)
            for s in q.suggestions:
                combo.addItem(f"{s} (nearest)", s)
            if q.can_create:
                combo.addItem(f"Create '{q.raw}'", CREATE)
            combo.insertSeparator(combo.count())
            for name in names.get(q.field, []):
                if name not in q.suggestions:
                    combo.addItem(name, name)
            saved = self._state.cmap.choice(q.field, q.raw)
            combo.setCurrentIndex(max(combo.findData(saved), 0) if saved else 0)  # never guessed for the person
            combo.currentIndexChanged.connect(lambda _i, qq=q, c=combo: self._on_choice(qq, c))
            raw = QLabel(q.raw)
            raw.setBuddy(combo)
            self._grid.addWidget(QLabel(FIELD_LABELS[q.field]), row, 0)
            self._grid.addWidget(raw, row, 1)
            self._grid.addWidget(QLabel(f"{q.rows:,}"), row, 2)
            self._grid.addWidget(combo, row, 3)
            self.combos[(q.field, q.raw)] = combo
            self._on_choice(q, combo)
        self._grid.setRowStretch(len(self.questions) + 1, 1)
        self._grid.setColumnStretch(3, 1)
        self._refresh()

    def choose(self, field_name: str, raw: str, target: str) -> None:
        combo = self.combos[(field_name, raw)]
        combo.setCurrentIndex(combo.findData(target))

    def _on_choice(self, q: ValueQuestion, combo: QComboBox) -> None:
        value = str(combo.currentData() or "")
        if value:
            self._state.cmap.choose(q.field, q.raw, value)
        else:
            self._state.cmap.values.get(q.field, {}).pop(q.raw, None)
        self._refresh()

    def _refresh(self) -> None:
        if not self.questions:
            self.status.setText("Every value in the file matches CareLog's lists.")
            return
        left = sum(1 for c in self.combos.values() if not c.currentData())
        self.status.setText(
            f"{left} value(s) still to choose; rows with them will be listed as problems on the next page."
            if left
            else "Every value has a choice."
        )
