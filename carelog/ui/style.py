"""The colours of messages in the UI, in one place: red for what to fix, green for what was done."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

ERROR_STYLE = "color: #b02a2a;"
OK_STYLE = "color: #1d6b2f;"


def show_message(label: QLabel, text: str, *, ok: bool) -> None:
    """Show `text` on `label` in green (done) or red (what to fix)."""
    label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
    label.setText(text)
