"""One text field (one Tab stop) for when something happened: `now` by default, or typed like `14:30`,
`yesterday 22:15` or `30/11 07:10`. Beside it, what CareLog understood ("Yesterday (Mon 30 Nov) 22:15")
or, in red, what to type instead. The parsing is core.when (pure, tested without Qt)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from carelog.core.when import describe_when, format_when, parse_when
from carelog.ui.theme import error_style

NOW_TEXT = "now"


class WhenEdit(QWidget):
    changed = Signal()

    def __init__(self, clock: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.edit = QLineEdit(NOW_TEXT)
        self.edit.setPlaceholderText("now, 14:30, yesterday 22:15, 30/11 07:10")
        self.edit.setToolTip("Type now, a time like 14:30 or 2:30pm, yesterday 22:15, or a date and time 30/11 07:10")
        self.edit.setMinimumWidth(150)
        self.now_button = QToolButton()
        self.now_button.setText("Now")
        self.now_button.setToolTip("Set it to now")
        self.now_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one Tab stop for the whole field
        self.understood = QLabel()
        self.understood.setObjectName("whenUnderstood")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.now_button)
        layout.addWidget(self.understood, 1)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._on_text_changed)
        self.now_button.clicked.connect(self.set_now)
        self._show_understood()

    def value(self) -> datetime | None:
        """The moment typed (to the minute), or None when it cannot be read (see problem())."""
        parsed = parse_when(self.edit.text(), self._clock())
        return None if isinstance(parsed, str) else parsed

    def problem(self) -> str:
        """What to type instead, in plain English ("" when the text can be read)."""
        parsed = parse_when(self.edit.text(), self._clock())
        return parsed if isinstance(parsed, str) else ""

    def set_value(self, moment: datetime | None) -> None:
        self.edit.setText(NOW_TEXT if moment is None else format_when(moment))

    def set_now(self) -> None:
        self.edit.setText(NOW_TEXT)
        self._show_understood()  # the time shown is now's even when the text already said "now"

    def _on_text_changed(self) -> None:
        self._show_understood()
        self.changed.emit()

    def _show_understood(self) -> None:
        parsed = parse_when(self.edit.text(), self._clock())
        if isinstance(parsed, str):
            self.understood.setText("Not understood yet")
            self.understood.setStyleSheet(error_style(self))
            self.understood.setToolTip(parsed)
        else:
            self.understood.setText(describe_when(parsed, self._clock()))
            self.understood.setStyleSheet("")
            self.understood.setToolTip("")
