"""Export the incidents the Log list shows (its filter) as CSV or Excel, people as ID codes unless chosen otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from carelog import APP_NAME
from carelog.core.dto import LIST_LIMIT, IncidentFilter
from carelog.ui.style import show_message
from carelog.ui.task_runner import TaskRunner

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

FORMATS = {"csv": "CSV (*.csv)", "xlsx": "Excel workbook (*.xlsx)"}


class ExportDialog(QDialog):
    """Choose the format, where to write and whether names stay in; the file is written in the background."""

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        incident_filter: IncidentFilter,
        shown: int,  # how many incidents match the filter (all are exported)
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._filter = incident_filter
        self.written: int | None = None  # rows written, once done
        self.setWindowTitle(f"{APP_NAME}: export incidents")
        self.intro = intro = QLabel(
            f"Exports the {shown:,} incident{'s' if shown != 1 else ''} that match the list's filter and search "
            f"(all of them, also beyond the first {LIST_LIMIT:,} the list shows), with their notifications, "
            "complaints, safeguarding and Duty of Candour references. Every export is recorded in the audit trail."
        )
        intro.setWordWrap(True)
        self.csv_radio = QRadioButton("&CSV (opens in any spreadsheet; CareLog can import it again)")
        self.xlsx_radio = QRadioButton("E&xcel workbook (.xlsx)")
        self.csv_radio.setChecked(True)
        self.pseudonymise = QCheckBox("&People supported as ID codes only (recommended)")
        self.pseudonymise.setChecked(True)
        self.names_warning = QLabel(
            "Names of people supported will be in the file. Keep it only where their records may be kept, and "
            "delete it when it is no longer needed."
        )
        self.names_warning.setWordWrap(True)
        self.names_warning.setVisible(False)
        show_message(self.names_warning, self.names_warning.text(), ok=False)
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("File to write")
        file_label = QLabel("&File:")
        file_label.setBuddy(self.path_edit)
        self.browse_button = QPushButton("&Browse…")
        file_row = QHBoxLayout()
        file_row.addWidget(file_label)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.csv_radio)
        layout.addWidget(self.xlsx_radio)
        layout.addWidget(self.pseudonymise)
        layout.addWidget(self.names_warning)
        layout.addLayout(file_row)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

        now = services.ctx.clock()
        self._default_stem = str(Path.home() / f"carelog-incidents-{now:%Y-%m-%d}")
        self.path_edit.setText(self._default_stem + ".csv")
        self.csv_radio.toggled.connect(self._on_format_toggled)
        self.pseudonymise.toggled.connect(lambda on: self.names_warning.setVisible(not on))
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.reject)

    @property
    def fmt(self) -> str:
        return "csv" if self.csv_radio.isChecked() else "xlsx"

    def _on_format_toggled(self) -> None:
        path = Path(self.path_edit.text().strip() or self._default_stem)
        self.path_edit.setText(str(path.with_suffix("." + self.fmt)))

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export incidents", self.path_edit.text(), FORMATS[self.fmt])
        if path:
            self.path_edit.setText(path)

    def export(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            show_message(self.status, "Choose the file to write (Browse…).", ok=False)
            self.path_edit.setFocus()
            return
        path = Path(text).expanduser()
        if path.suffix.lower() != "." + self.fmt:
            path = path.with_name(path.name + "." + self.fmt)
            self.path_edit.setText(str(path))
        self.export_button.setEnabled(False)
        show_message(self.status, "Writing the file…", ok=True)
        exporter, fmt, f, pseudonymise = self._services.exporter, self.fmt, self._filter, self.pseudonymise.isChecked()
        handle = self._runner.submit(
            lambda _h: exporter.export(path, fmt, incident_filter=f, pseudonymise=pseudonymise)
        )
        handle.finished.connect(lambda count: self._on_finished(path, count))
        handle.failed.connect(self._on_failed)

    def _on_finished(self, path: Path, count: int) -> None:
        self.written = count
        self.export_button.setEnabled(True)
        show_message(self.status, f"Exported {count:,} incident{'s' if count != 1 else ''} to {path}.", ok=True)
        self.close_button.setFocus()

    def _on_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        show_message(self.status, f"Nothing was exported: {message}", ok=False)
