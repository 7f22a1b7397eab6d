"""Colours and focus marks that stay readable in light, dark and high-contrast palettes, at any font size.

Stylesheets here never set a pixel font size (text follows the system font) and take colours from the
palette where they can; the few fixed colours come in readable pairs (text and background together).
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget

# A 2px ring in the palette's highlight colour on whichever input has keyboard focus (not only a caret).
# Unfocused inputs get a 1px border plus 1px extra padding, so nothing moves when the focus arrives.
FOCUS_RING = """
QLineEdit, QPlainTextEdit, QComboBox, QDateTimeEdit, QListWidget, QTableView, QSpinBox {
    border: 1px solid palette(mid); border-radius: 3px; padding: 2px;
}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateTimeEdit:focus, QListWidget:focus,
QTableView:focus, QSpinBox:focus {
    border: 2px solid palette(highlight); padding: 1px;
}
QListWidget::indicator, QTableView::indicator {
    width: 0.8em; height: 0.8em; border: 1px solid palette(text); border-radius: 2px; background: palette(base);
}
QListWidget::indicator:checked, QTableView::indicator:checked { background: palette(highlight); }
QPushButton {
    border: 1px solid palette(mid); border-radius: 3px; padding: 3px 10px; background: palette(button);
}
QPushButton:focus { border: 2px solid palette(highlight); padding: 2px 9px; }
QPushButton:pressed { background: palette(mid); }
QCheckBox, QToolButton#moreToggle { border: 2px solid transparent; border-radius: 3px; padding: 1px; }
QCheckBox:focus, QToolButton#moreToggle:focus { border: 2px solid palette(highlight); }
"""

# A note on the form (restored draft, news): dark text on pale yellow whatever the palette.
NOTE_STYLE = "background: #fff6d5; color: #1a1a1a; border: 1px solid #8a6d00; border-radius: 3px; padding: 6px;"


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def error_style(widget: QWidget) -> str:
    return "color: #ff9e9e;" if is_dark(widget) else "color: #b02a2a;"


def ok_style(widget: QWidget) -> str:
    return "color: #9be7a6;" if is_dark(widget) else "color: #1d6b2f;"


def larger_font(widget: QWidget, factor: float = 1.2) -> None:
    """Make a heading larger relative to the system font (never a fixed pixel size)."""
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    widget.setFont(font)
