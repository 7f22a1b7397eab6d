"""The contents page, laid out in a single pass: one line per heading of the story (known before layout), with dot
leaders; each page number is a named PDF form drawn in place and filled in once the whole pack is laid out, so
the pack needs no second layout pass. Each line links to its heading."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

NUMBER_ROOM = 24.0  # points kept free at the right for the page number
DOT_GAP = 4.5


def form_name(key: str) -> str:
    return f"contents_page_{key}"


class ContentsPlaceholder(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """Stands where the contents go; the document replaces it with ContentsLine flowables before layout."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


class ContentsLine(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    def __init__(self, text: str, key: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.key = key
        self.style = style
        self.width = 0.0
        self.height = float(style.leading)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        size, indent = style.fontSize, style.leftIndent
        right = self.width - NUMBER_ROOM
        text = self.text
        while text and stringWidth(text, style.fontName, size) > right - indent - 12:
            text = text[:-2] + "…"
        baseline = (self.height - size) / 2 + 2
        canvas.setFillColor(style.textColor)
        canvas.setFont(style.fontName, size)
        canvas.drawString(indent, baseline, text)
        start = indent + stringWidth(text, style.fontName, size) + DOT_GAP
        pair = stringWidth(". ", style.fontName, size)
        dots = int((right - start) // pair)
        if dots > 0:
            canvas.drawRightString(right, baseline, ". " * (dots - 1) + ".")
        canvas.saveState()
        canvas.translate(self.width, baseline)
        canvas.doForm(form_name(self.key))
        canvas.restoreState()
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)


def contents_lines(headings: Sequence[Any], styles: Sequence[ParagraphStyle]) -> list[Flowable]:
    """One line per heading (objects with toc_text, toc_level, toc_key)."""
    return [ContentsLine(h.toc_text, h.toc_key, styles[min(h.toc_level, len(styles) - 1)]) for h in headings]


def fill_page_numbers(canvas: Canvas, pages: dict[str, int], styles: dict[str, ParagraphStyle]) -> None:
    """Define each page-number form (right-aligned at its origin) once the headings' pages are known."""
    for key, style in styles.items():
        canvas.beginForm(form_name(key), lowerx=-NUMBER_ROOM, lowery=-4, upperx=0, uppery=style.fontSize + 2)
        canvas.setFillColor(style.textColor)
        canvas.setFont(style.fontName, style.fontSize)
        canvas.drawRightString(0, 0, str(pages.get(key, "")))
        canvas.endForm()
