"""The Reports tab: build the inspection pack or the monthly governance report in the background, then save or print.

Printing: PySide6-Essentials has no QtPdf, so the finished PDF's pages are rendered with pypdfium2 (PDFium, a
pip dependency with wheels for Windows, macOS and Linux) at the printer's resolution and painted onto the QPrinter
chosen in the system print dialog. If pypdfium2 cannot be imported, the PDF is opened in the system's PDF viewer to
print from there.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QRectF, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from carelog.core.errors import CareLogError
from carelog.core.pack_claims import PackBuilt
from carelog.core.pack_data import PackRequest
from carelog.core.permissions import Permission, allowed
from carelog.paths import make_temp_dir
from carelog.ui.events import AppEvents
from carelog.ui.qt_time import pydate, qdate
from carelog.ui.task_runner import TaskHandle, TaskRunner
from carelog.ui.theme import NOTE_STYLE
from carelog.ui.widgets.meetings_panel import MeetingsPanel

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

logger = logging.getLogger(__name__)

PRESETS = ("Last 12 months", "Last full month", "This calendar year", "Choose dates")
MAX_PRINT_DPI = 300


def last_full_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def last_twelve_months(today: date) -> tuple[date, date]:
    start_of_month = today.replace(day=1)
    return start_of_month.replace(year=start_of_month.year - 1), start_of_month - timedelta(days=1)


def _preset_period(index: int, today: date) -> tuple[date, date] | None:
    """The period of PRESETS[index] on `today` (None for "Choose dates")."""
    if index == 0:
        return last_twelve_months(today)
    if index == 1:
        return last_full_month(today)
    if index == 2:
        return date(today.year, 1, 1), today
    return None


def print_pdf(pdf_path: Path, printer: QPrinter) -> int:
    """Paint each page of the PDF onto the printer (within the page range chosen). Returns pages printed."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf_path))
    try:
        count = len(document)
        first, last = printer.fromPage(), printer.toPage()
        pages = range(max(first, 1) - 1, min(last, count) if last else count) if first else range(count)
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("The printer could not be started. Check it is switched on and try again.")
        printed = 0
        try:
            for n, index in enumerate(pages):
                if n:
                    printer.newPage()
                bitmap = document[index].render(scale=dpi / 72, rev_byteorder=True)
                image = QImage(
                    bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
                ).copy()
                target = printer.pageRect(QPrinter.Unit.DevicePixel)
                area = QRectF(0, 0, target.width(), target.height())
                scale = min(area.width() / image.width(), area.height() / image.height())
                w, h = image.width() * scale, image.height() * scale
                painter.drawImage(QRectF((area.width() - w) / 2, (area.height() - h) / 2, w, h), image)
                printed += 1
        finally:
            painter.end()
        return printed
    finally:
        document.close()


def _remove_quietly(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)


class ReportsPage(QWidget):
    pack_built = Signal(str, int)  # path of the PDF, pages
    build_failed = Signal(str)

    def __init__(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        super().__init__()
        self._services = services
        self._events = events
        self._runner = runner
        self._handle: TaskHandle | None = None
        self._started = 0.0
        self._workdir_path: Path | None = None  # made on the first build, removed on close and at exit
        self.pdf_path: Path | None = None
        self.pages = 0

        intro = QLabel(
            "Build a PDF evidence folder for inspectors and commissioners, or the shorter monthly report for "
            "your governance meeting. It is built in the background: you can keep working meanwhile."
        )
        intro.setWordWrap(True)

        self.pack_radio = QRadioButton(
            "Inspection pac&k (what we learned and changed, complaints and compliments, notifications checked, "
            "reviews and actions, five records start to finish, trends, case studies checked against the data)"
        )
        self.monthly_radio = QRadioButton(
            "&Monthly governance report (change against last month, deadlines, triage, open reviews, action "
            "checks, new signals, trends, serious incidents, reviews, actions, the meeting page, sign-off)"
        )
        self.commissioner_radio = QRadioButton(
            "Inspection pack &for a commissioner (the same pack, people supported shown by identifier code only)"
        )
        self.pack_radio.setChecked(True)
        self._kind_group = QButtonGroup(self)
        self._kind_group.addButton(self.pack_radio)
        self._kind_group.addButton(self.commissioner_radio)
        self._kind_group.addButton(self.monthly_radio)
        kind_box = QGroupBox("Report")
        kind_layout = QVBoxLayout(kind_box)
        kind_layout.addWidget(self.pack_radio)
        kind_layout.addWidget(self.commissioner_radio)
        kind_layout.addWidget(self.monthly_radio)

        self.preset_combo = QComboBox()
        self.preset_combo.addItems(PRESETS)
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.service_combo = QComboBox()
        self.service_combo.setMinimumWidth(260)
        self.service_combo.setMaximumWidth(420)
        self.pseudonymise_check = QCheckBox("Show people supported by identifier &code only (recommended when sharing)")
        self.pseudonymise_check.setChecked(True)
        self.log_check = QCheckBox("Add the full incident &log as an appendix (one line per record: many pages)")
        self._pseudonymise_before = True
        dates = QHBoxLayout()
        dates.addWidget(self.preset_combo)
        dates.addWidget(QLabel("from"))
        dates.addWidget(self.from_edit)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.to_edit)
        dates.addStretch(1)
        form = QFormLayout()
        period_label = QLabel("P&eriod:")  # a label of its own: a row holding a layout gets no buddy from addRow
        period_label.setBuddy(self.preset_combo)
        form.addRow(period_label, dates)
        form.addRow("Se&rvice:", self.service_combo)
        form.addRow("", self.pseudonymise_check)
        form.addRow("", self.log_check)

        self.build_button = QPushButton("&Build PDF")
        self.build_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        self.status_label = QLabel("Choose the report, period and service, then Build PDF.")
        self.status_label.setWordWrap(True)
        # warnings for the manager (claims the data do not support, actions linked to an unrelated review): a note
        # on the page, not an error dialog - the PDF was built and prints them too
        self.warnings_label = QLabel()
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings_label.setStyleSheet(NOTE_STYLE)
        self.warnings_label.setVisible(False)
        self.warnings: tuple[str, ...] = ()
        self.save_button = QPushButton("Sa&ve PDF...")
        self.print_button = QPushButton("Pri&nt...")
        self.open_button = QPushButton("&Open in PDF viewer")
        for button in (self.save_button, self.print_button, self.open_button):
            button.setEnabled(False)
        run_row = QHBoxLayout()
        run_row.addWidget(self.build_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress_bar, 1)
        out_row = QHBoxLayout()
        out_row.addWidget(self.save_button)
        out_row.addWidget(self.print_button)
        out_row.addWidget(self.open_button)
        out_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(kind_box)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addLayout(run_row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.warnings_label)
        layout.addLayout(out_row)
        layout.addSpacing(8)
        self.meetings_panel = MeetingsPanel(services, events)
        layout.addWidget(self.meetings_panel)
        layout.addStretch(1)

        self.preset_combo.currentIndexChanged.connect(self._on_preset_combo_changed)
        self.monthly_radio.toggled.connect(self._on_monthly_radio_toggled)
        self.commissioner_radio.toggled.connect(self._on_commissioner_radio_toggled)
        self.from_edit.dateChanged.connect(self._on_dates_edited)
        self.to_edit.dateChanged.connect(self._on_dates_edited)
        self.build_button.clicked.connect(self.build)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        events.reference_data_changed.connect(self._on_events_reference_data_changed)
        events.identity_changed.connect(self._on_events_identity_changed)
        self._on_events_reference_data_changed()
        self._preset_day = services.ctx.clock().date()
        self._on_preset_combo_changed(0)
        self._on_events_identity_changed()

    # ------------------------------------------------------------------------------------------ files
    def _workdir(self) -> Path:
        """A private temporary folder for built PDFs. They hold personal data, so the folder is removed when
        the page goes away and, in any case, when CareLog exits."""
        if self._workdir_path is None:
            folder = str(make_temp_dir("pack-"))  # in CareLog's temp folder: swept at next start after a kill
            self._workdir_path = Path(folder)
            self.destroyed.connect(lambda *_a: _remove_quietly(folder))
            atexit.register(_remove_quietly, folder)
        return self._workdir_path

    # ------------------------------------------------------------------------------------------ form
    def request(self) -> PackRequest:
        service_id = self.service_combo.currentData()
        return PackRequest(
            date_from=pydate(self.from_edit.date()),
            date_to=pydate(self.to_edit.date()),
            service_id=service_id if isinstance(service_id, int) else None,
            pseudonymise=self.pseudonymise_check.isChecked(),
            monthly=self.monthly_radio.isChecked(),
            with_log=self.log_check.isChecked() and not self.monthly_radio.isChecked(),
            for_commissioner=self.commissioner_radio.isChecked(),
        )

    def set_period(self, start: date, end: date) -> None:
        for edit, value in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.setDate(qdate(value))
            edit.blockSignals(False)

    def _on_preset_combo_changed(self, index: int) -> None:
        self._preset_day = self._services.ctx.clock().date()
        period = _preset_period(index, self._preset_day)
        if period is not None:
            self.set_period(*period)

    def _follow_today(self) -> None:
        """Left open past midnight, a preset still showing the old day's period moves on to today's."""
        today = self._services.ctx.clock().date()
        shown = (pydate(self.from_edit.date()), pydate(self.to_edit.date()))
        index = self.preset_combo.currentIndex()
        if today != self._preset_day and shown == _preset_period(index, self._preset_day):
            self._on_preset_combo_changed(index)

    def showEvent(self, event: QShowEvent) -> None:
        self._follow_today()
        super().showEvent(event)

    def _on_monthly_radio_toggled(self, monthly: bool) -> None:
        self.preset_combo.setCurrentIndex(1 if monthly else 0)
        self.log_check.setEnabled(not monthly)  # the monthly report lists only incidents with moderate harm or worse

    def _on_commissioner_radio_toggled(self, commissioner: bool) -> None:
        """A commissioner's pack is always pseudonymised: the tick is set and cannot be cleared meanwhile."""
        if commissioner:
            self._pseudonymise_before = self.pseudonymise_check.isChecked()
            self.pseudonymise_check.setChecked(True)
        else:
            self.pseudonymise_check.setChecked(self._pseudonymise_before)
        self.pseudonymise_check.setEnabled(not commissioner)

    def _on_dates_edited(self) -> None:
        self.preset_combo.blockSignals(True)
        self.preset_combo.setCurrentIndex(PRESETS.index("Choose dates"))
        self.preset_combo.blockSignals(False)

    def _on_events_reference_data_changed(self) -> None:
        current = self.service_combo.currentData()
        self.service_combo.clear()
        self.service_combo.addItem("All services", None)
        for service in self._services.incidents.reference_data().services:
            self.service_combo.addItem(service.name, service.id)
        index = self.service_combo.findData(current)
        self.service_combo.setCurrentIndex(max(index, 0))

    def _on_events_identity_changed(self) -> None:
        may = allowed(self._services.ctx.actor, Permission.EXPORT)
        self.build_button.setEnabled(may and self._handle is None)
        if not may:
            self.status_label.setText("Reports can be built by managers and administrators only.")

    # ------------------------------------------------------------------------------------------ build
    def build(self) -> None:
        if self._handle is not None:
            return
        self._follow_today()
        request = self.request()
        if request.date_to < request.date_from:
            self.status_label.setText("The end of the period is before its start: choose a later 'to' date.")
            return
        name = "monthly-report" if request.monthly else "inspection-pack"
        target = self._workdir() / f"{name}-{request.date_from:%Y%m%d}-{request.date_to:%Y%m%d}.pdf"
        pack = self._services.pack
        self._started = time.perf_counter()
        self._set_running(True)
        self.status_label.setText("Starting...")
        self._show_warnings(())
        handle = self._runner.submit(lambda h: (str(target), pack.build_checked(request, target, h.report)))
        handle.progressed.connect(self._on_handle_progressed)
        handle.finished.connect(self._on_handle_finished)
        handle.failed.connect(self._on_handle_failed)
        handle.cancelled.connect(self._on_handle_cancelled)
        self._handle = handle

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self.status_label.setText("Cancelling...")
            self.cancel_button.setEnabled(False)

    def is_building(self) -> bool:
        return self._handle is not None

    def _set_running(self, running: bool) -> None:
        self.build_button.setEnabled(not running and allowed(self._services.ctx.actor, Permission.EXPORT))
        self.cancel_button.setEnabled(running)
        for button in (self.save_button, self.print_button, self.open_button):
            button.setEnabled(not running and self.pdf_path is not None)
        if running:
            self.progress_bar.setValue(0)

    def _on_handle_progressed(self, percent: int, message: str) -> None:
        self.progress_bar.setValue(percent)
        if self._handle is not None and not self._handle.is_cancelled:
            self.status_label.setText(message + "...")

    def _on_handle_finished(self, result: object) -> None:
        self._handle = None
        path, built = cast("tuple[str, PackBuilt]", result)  # what build()'s task returns: the PDF's path, result
        self.pdf_path = Path(path)
        self.pages = int(built.pages)
        seconds = time.perf_counter() - self._started
        self.progress_bar.setValue(100)
        self._set_running(False)
        self.status_label.setText(f"Ready: {self.pages} pages, built in {seconds:.1f} s. Save or print it below.")
        self._show_warnings(built.warnings)
        self.pack_built.emit(path, self.pages)

    def _show_warnings(self, warnings: tuple[str, ...]) -> None:
        self.warnings = tuple(warnings)
        if warnings:
            head = (
                "Before you share this PDF, check this:"
                if len(warnings) == 1
                else f"Before you share this PDF, check these {len(warnings)} points:"
            )
            self.warnings_label.setText(head + "\n" + "\n".join(f"\u2022 {w}" for w in warnings))
        self.warnings_label.setVisible(bool(warnings))

    def _on_handle_failed(self, message: str) -> None:
        self._handle = None
        self._set_running(False)
        self.progress_bar.setValue(0)
        self.status_label.setText(f"The PDF was not built: {message}")
        self.build_failed.emit(message)

    def _on_handle_cancelled(self) -> None:
        self._handle = None
        self._set_running(False)
        self.progress_bar.setValue(0)
        self.status_label.setText("Cancelled. Nothing was saved.")

    # ------------------------------------------------------------------------------------------ output
    def save_to(self, destination: Path) -> None:
        assert self.pdf_path is not None
        shutil.copyfile(self.pdf_path, destination)
        self.status_label.setText(f"Saved to {destination}.")

    def _on_save_button_clicked(self) -> None:
        if self.pdf_path is None:
            return
        suggested = str(Path.home() / self.pdf_path.name)
        path, _filter = QFileDialog.getSaveFileName(self, "Save PDF", suggested, "PDF files (*.pdf)")
        if not path:
            return
        destination = Path(path)
        if destination.suffix.lower() != ".pdf":
            destination = destination.with_suffix(".pdf")
        try:
            self.save_to(destination)
        except OSError as exc:
            QMessageBox.warning(
                self, "Save PDF", f"The PDF could not be saved there ({exc.strerror}). Choose another folder."
            )

    def _on_print_button_clicked(self) -> None:
        if self.pdf_path is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf_path.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(self.pages, 1))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        assert self.pdf_path is not None
        try:
            import pypdfium2  # noqa: F401
        except ImportError:
            self.status_label.setText("Opening the PDF in your PDF viewer: print it from there.")
            self._on_open_button_clicked()
            return
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            printed = print_pdf(self.pdf_path, printer)
        except (OSError, CareLogError) as exc:
            QMessageBox.warning(self, "Print", str(exc))
            return
        finally:
            self.unsetCursor()
        self.status_label.setText(f"Sent {printed} pages to {printer.printerName() or 'the printer'}.")

    def _on_open_button_clicked(self) -> None:
        if self.pdf_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf_path)))
