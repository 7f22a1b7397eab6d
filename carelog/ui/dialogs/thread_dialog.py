"""The golden thread of one record: what happened -> what we learned -> what we changed -> how we know it worked.
Printable to PDF (QPrinter)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtGui import QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from carelog.core.thread_records import ThreadView


def thread_html(view: ThreadView) -> str:
    parts = [f"<h2>The thread from {escape(view.start)}</h2>"]
    for stage, items in view.by_stage():
        parts.append(f"<h3>{escape(stage.label)}</h3>")
        if not items:
            parts.append("<p><i>Nothing recorded yet.</i></p>")
            continue
        parts.append("<ul>")
        for item in items:
            when = f"{item.when:%d %b %Y} · " if item.when else ""
            lines = "".join(f"<br/>{escape(line)}" for line in item.lines if line)
            parts.append(f"<li><b>{escape(when + item.ref)}</b>: {escape(item.title)}{lines}</li>")
        parts.append("</ul>")
    return "".join(parts)


class ThreadDialog(QDialog):
    def __init__(self, view: ThreadView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Thread: {view.start}")
        self.view = view
        self.browser = QTextBrowser()
        self.browser.setHtml(thread_html(view))
        self.print_button = QPushButton("&Save as PDF…")
        self.print_button.clicked.connect(self._on_print_clicked)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.resize(760, 640)

    def save_pdf(self, path: Path) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setOutputFileName(str(path))
        doc = QTextDocument()
        doc.setHtml(thread_html(self.view))
        doc.print_(printer)

    def _on_print_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the thread as PDF", "thread.pdf", "PDF (*.pdf)")
        if name:
            self.save_pdf(Path(name))
