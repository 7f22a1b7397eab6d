"""Page 2: which column holds what. Each column's field is guessed from its header and can be changed by hand;
"Save mapping…" writes the choices (columns and values) as MAP.json for next month's file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from carelog.core.import_mapping import FIELD_LABELS, IGNORE, REQUIRED, auto_map
from carelog.core.import_plan import text_of
from carelog.ui.import_wizard.state import WizardState
from carelog.ui.style import show_message

IGNORE_LABEL = "(leave out)"
SAMPLE_CHARS = 40


class ColumnsPage(QWizardPage):
    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self._state = state
        self.setTitle("Match the columns")
        self.setSubTitle(
            "CareLog has guessed what each column holds from its header. Change any that are wrong; columns left "
            "out are not imported. Date and time may be one column or two."
        )
        self.combos: dict[str, QComboBox] = {}
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._grid_host)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton("Sa&ve mapping…")
        self.save_note = QLabel()
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.save_note, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.save_button.clicked.connect(self._on_save_clicked)

    def initializePage(self) -> None:
        loaded = self._state.loaded
        assert loaded is not None
        self._state.cmap = auto_map(loaded.table.headers, self._state.saved_map)
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos.clear()
        for col, title in enumerate(("Column in the file", "First value", "Holds")):
            head = QLabel(f"<b>{title}</b>")
            self._grid.addWidget(head, 0, col)
        for row, header in enumerate(loaded.table.headers, start=1):
            if not header:
                continue
            sample = next((text_of(r.cells[row - 1]) for r in loaded.table.rows if row - 1 < len(r.cells)
                           and text_of(r.cells[row - 1])), "")  # fmt: skip
            combo = QComboBox()
            combo.addItem(IGNORE_LABEL, IGNORE)
            for name, field_label in FIELD_LABELS.items():
                combo.addItem(field_label + (" *" if name in REQUIRED else ""), name)
            combo.setCurrentIndex(max(combo.findData(self._state.cmap.field_of(header)), 0))
            combo.currentIndexChanged.connect(lambda _i, h=header, c=combo: self._on_combo_changed(h, c))
            label = QLabel(header)
            label.setBuddy(combo)
            sample_label = QLabel(sample[:SAMPLE_CHARS] + ("…" if len(sample) > SAMPLE_CHARS else ""))
            sample_label.setStyleSheet("color: #555")
            self._grid.addWidget(label, row, 0)
            self._grid.addWidget(sample_label, row, 1)
            self._grid.addWidget(combo, row, 2)
            self.combos[header] = combo
        self._grid.setRowStretch(len(loaded.table.headers) + 1, 1)
        self._grid.setColumnStretch(1, 1)
        self._refresh()

    def choose(self, header: str, field_name: str) -> None:
        """Set one column's field (what a person does with the combo)."""
        combo = self.combos[header]
        combo.setCurrentIndex(combo.findData(field_name))

    def _on_combo_changed(self, header: str, combo: QComboBox) -> None:
        self._state.cmap.columns[header] = str(combo.currentData())
        self._refresh()

    def _refresh(self) -> None:
        cmap = self._state.cmap
        missing = [FIELD_LABELS[f] for f in cmap.missing()]
        twice = [FIELD_LABELS[f] for f in cmap.twice()]
        if missing:
            show_message(self.status, f"Choose the column that holds: {', '.join(missing)} (* = needed).", ok=False)
        elif twice:
            show_message(self.status, f"Two columns are set to {', '.join(twice)}; set one of them to another field.",
                         ok=False)  # fmt: skip
        else:
            show_message(self.status, "Every needed field has a column.", ok=True)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self._state.cmap.missing() and not self._state.cmap.twice()

    def _on_save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the mapping", "MAP.json", "CareLog mapping (*.json)")
        if path:
            self.save_map(path)

    def save_map(self, path: str) -> bool:
        target = Path(path)
        tmp = target.with_name(target.name + ".part")
        try:
            tmp.write_text(self._state.cmap.to_json(), encoding="utf-8")
            tmp.replace(target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            show_message(self.save_note, f"Not saved: {exc.strerror}. Choose another folder.", ok=False)
            return False
        show_message(self.save_note, f"Saved as {target.name}: load it for the next file from this spreadsheet.",
                     ok=True)  # fmt: skip
        return True
