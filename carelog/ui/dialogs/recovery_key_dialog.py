"""Shown once, when a database's backup key is created: the recovery key to print or write down."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carelog import APP_NAME

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.backup_keys import NewBackupKey


class RecoveryKeyDialog(QDialog):
    def __init__(self, new_key: NewBackupKey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key = new_key
        self.setWindowTitle(f"{APP_NAME}: your backup recovery key")
        title = QLabel("<h3>Write down your backup recovery key</h3>")
        self.explanation = QLabel(html.escape(new_key.message).replace("\n\n", "<br><br>"))
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        groups = new_key.recovery_key.split("-")
        self._lines = ["  ".join(groups[i : i + 4]) for i in range(0, len(groups), 4)]
        self.key_label = QLabel("\n".join(line.ljust(len(self._lines[0])) for line in self._lines))
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(max(font.pointSize(), 10) + 4)
        font.setWeight(QFont.Weight.Bold)
        self.key_label.setFont(font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setStyleSheet("background: #fff; border: 1px solid #999; padding: 12px;")
        self.confirm = QCheckBox("I have printed or written down the recovery key and will keep it safe")
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(self._on_print_clicked)
        buttons = QDialogButtonBox()
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.done_button = buttons.addButton("&Continue", QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.setEnabled(False)
        self.confirm.toggled.connect(self.done_button.setEnabled)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.explanation)
        layout.addWidget(self.key_label)
        layout.addWidget(self.confirm)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def reject(self) -> None:  # Escape or the close button: only once it has been written down
        if self.confirm.isChecked():
            super().reject()

    def printable(self) -> QTextDocument:
        doc = QTextDocument()
        doc.setHtml(
            f"<h2>{APP_NAME} backup recovery key</h2>"
            "<p style='font-family: monospace; font-size: 16pt'><b>"
            + "<br>".join(html.escape(line).replace(" ", "&nbsp;") for line in self._lines)
            + "</b></p>"
            "<p>Keep this page somewhere safe, away from the computer. It opens this database's backups on any "
            "computer: anyone who has it and a backup file can read the backup.</p>"
        )
        return doc

    def _on_print_clicked(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.printable().print_(printer)
