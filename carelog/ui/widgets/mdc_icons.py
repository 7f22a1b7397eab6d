"""Making Data Count icons, drawn small for tables: variation (common cause grey; concern orange and improvement
blue, with H or L for high or low; neutral purple) and assurance (P pass blue, F fail orange, ? hit or miss grey).
Colours are the NHS ones in core.spc."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from carelog.core.spc import COLOUR_COMMON, COLOUR_CONCERN, COLOUR_IMPROVEMENT, Assurance, Variation

SIZE = 20


def _badge(colour: str, letter: str, size: int = SIZE, filled: bool = True) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(1.5, 1.5, size - 3, size - 3)
    painter.setPen(QPen(QColor(colour), 2))
    painter.setBrush(QColor(colour) if filled else QColor("white"))
    painter.drawEllipse(rect)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.55))
    painter.setFont(font)
    painter.setPen(QColor("white") if filled else QColor(colour))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, letter)
    painter.end()
    return pixmap


def variation_text(variation: Variation | None, side: int) -> str:
    if variation is None:
        return "Not enough months for a variation icon"
    high = "high" if side > 0 else "low"
    return {
        Variation.COMMON: "Common cause variation: no sign of change",
        Variation.CONCERN: f"Special cause of concern ({high})",
        Variation.IMPROVEMENT: f"Special cause: improvement ({high})",
        Variation.NEUTRAL: f"Special cause ({high})",
    }[variation]


def variation_icon(variation: Variation | None, side: int) -> QIcon:
    if variation is None:
        return QIcon()
    letter = "~" if variation == Variation.COMMON else ("H" if side > 0 else "L")
    return QIcon(_badge(variation.colour, letter, filled=variation != Variation.COMMON))


def assurance_icon(assurance: Assurance | None) -> QIcon:
    if assurance is None:
        return QIcon()
    colour, letter = {
        Assurance.PASS: (COLOUR_IMPROVEMENT, "P"),
        Assurance.FAIL: (COLOUR_CONCERN, "F"),
        Assurance.HIT_OR_MISS: (COLOUR_COMMON, "?"),
    }[assurance]
    return QIcon(_badge(colour, letter))
