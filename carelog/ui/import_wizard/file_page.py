"""Page 1: choose the file; confirm a Windows-1252 file's encoding; pick the workbook's sheet; load a MAP.json."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWizardPage,
)

from carelog.core.errors import CareLogError
from carelog.core.import_mapping import ColumnMap
from carelog.ui.import_wizard.state import WizardState
from carelog.ui.style import show_message

if TYPE_CHECKING:
    from carelog.services.registry import Services

FILE_FILTER = "Incident logs (*.csv *.xlsx *.txt);;CSV files (*.csv *.txt);;Excel workbooks (*.xlsx)"


class FilePage(QWizardPage):
    def __init__(self, services: Services, state: WizardState) -> None:
        super().__init__()
        self._services = services
        self._state = state
        self.setTitle("Choose the file")
        self.setSubTitle(
            "A CSV file (from Excel: 'CSV UTF-8' is best) or an Excel workbook (.xlsx). Nothing is written until "
            "the last step, and an import can be undone."
        )
        self.path = QLineEdit()
        self.path.setPlaceholderText("The file with your incident log")
        self.browse = QPushButton("&Browse…")
        self.sheet = QComboBox()
        self.sheet_label = QLabel("&Sheet:")
        self.sheet_label.setBuddy(self.sheet)
        self.encoding_note = QLabel()
        self.encoding_note.setWordWrap(True)
        self.encoding_ok = QCheckBox("These words look &right: read the file as Windows-1252")
        self.map_button = QPushButton("&Load a saved mapping (MAP.json)…")
        self.map_note = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form = QFormLayout(self)
        file_label = QLabel("&File:")
        file_label.setBuddy(self.path)
        form.addRow(file_label, row)
        form.addRow(self.sheet_label, self.sheet)
        form.addRow(self.encoding_note)
        form.addRow(self.encoding_ok)
        map_row = QHBoxLayout()
        map_row.addWidget(self.map_button)
        map_row.addWidget(self.map_note, 1)
        form.addRow(map_row)
        form.addRow(self.message)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.map_button.clicked.connect(self._on_map_clicked)
        self.path.editingFinished.connect(self._on_path_edited)
        self.sheet.activated.connect(self._on_sheet_activated)
        self.encoding_ok.toggled.connect(lambda _on: self.completeChanged.emit())
        self.path.textChanged.connect(lambda _t: self._forget())
        self._show_options()

    # ------------------------------------------------------------------------------------------------ reading
    def _forget(self) -> None:
        self._state.loaded = None
        self._show_options()
        self.completeChanged.emit()

    def load(self, path: str, sheet: str | None = None) -> bool:
        """Read the file (or another sheet of it); shows what is wrong if it cannot be read."""
        self.path.blockSignals(True)
        self.path.setText(path)
        self.path.blockSignals(False)
        try:
            loaded = self._services.importer.read(Path(path).expanduser(), sheet)
        except CareLogError as exc:
            problems = getattr(exc, "problems", None)
            show_message(self.message, str(problems[0]) if problems else str(exc), ok=False)
            self._state.loaded = None
            self._show_options()
            self.completeChanged.emit()
            return False
        self._state.loaded = loaded
        self.encoding_ok.setChecked(False)
        rows = len(loaded.table.rows)
        where = f"sheet '{loaded.sheet}'" if loaded.kind == "xlsx" else "the file"
        show_message(
            self.message, f"{rows:,} rows found in {where}, with {len(loaded.table.headers)} columns.", ok=True
        )
        self._show_options()
        self.completeChanged.emit()
        return True

    def _show_options(self) -> None:
        loaded = self._state.loaded
        is_book = loaded is not None and loaded.kind == "xlsx"
        self.sheet.setVisible(is_book)
        self.sheet_label.setVisible(is_book)
        if is_book and loaded is not None:
            self.sheet.blockSignals(True)
            self.sheet.clear()
            self.sheet.addItems(list(loaded.sheets))
            self.sheet.setCurrentText(loaded.sheet)
            self.sheet.blockSignals(False)
        confirm = loaded is not None and loaded.needs_encoding_confirmation
        self.encoding_note.setVisible(confirm)
        self.encoding_ok.setVisible(confirm)
        if confirm and loaded is not None:
            sample = f" It would read: {loaded.encoding_sample}." if loaded.encoding_sample else ""
            self.encoding_note.setText(
                "This file is not UTF-8 text; it looks like Windows-1252 (what Excel on Windows saves as 'CSV')."
                f"{sample} If those words are wrong, save the file as 'CSV UTF-8' and choose it again."
            )

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the incident log", "", FILE_FILTER)
        if path:
            self.load(path)

    def _on_path_edited(self) -> None:
        if self.path.text().strip() and self._state.loaded is None:
            self.load(self.path.text().strip())

    def _on_sheet_activated(self, _index: int) -> None:
        self.load(self.path.text().strip(), self.sheet.currentText())

    def _on_map_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load a saved mapping", "", "CareLog mapping (*.json)")
        if path:
            self.load_map(path)

    def load_map(self, path: str) -> bool:
        try:
            self._state.saved_map = ColumnMap.from_json(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            show_message(self.map_note, f"Not loaded: {exc}", ok=False)
            return False
        show_message(self.map_note, f"Using {Path(path).name} for the columns and values it names.", ok=True)
        return True

    # ------------------------------------------------------------------------------------------------ QWizardPage
    def isComplete(self) -> bool:
        loaded = self._state.loaded
        if loaded is None:
            return False
        return not loaded.needs_encoding_confirmation or self.encoding_ok.isChecked()

    def validatePage(self) -> bool:
        if self._state.loaded is None and self.path.text().strip():
            return self.load(self.path.text().strip()) and self.isComplete()
        return self.isComplete()
