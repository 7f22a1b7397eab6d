"""A plain text table for long lists (the incident log): the look of data_table (navy header repeated on every
page, zebra rows, thin rules, 9 pt text) at a fraction of the cost. Cells are plain text wrapped to their column
beforehand, so row heights are known at once; a page's text is written as one PDF text object."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable

from carelog.reports.pack.styles import CELL_LEADING, CELL_SIZE, FONT, FONT_BOLD, LIGHT, NAVY, RULE
from carelog.reports.pack.tables import fit_widths, without_empty_columns, wrap

PAD_X, PAD_TOP, PAD_BOTTOM = 3.0, 2.0, 2.0


def _height(cells: Sequence[Sequence[str]]) -> float:
    return max((len(c) for c in cells), default=1) * CELL_LEADING + PAD_TOP + PAD_BOTTOM


class TextTable(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    def __init__(
        self,
        header: Sequence[Sequence[str]],
        rows: Sequence[Sequence[Sequence[str]]],
        widths: Sequence[float],
        heights: Sequence[float] | None = None,
        first_index: int = 0,
    ) -> None:
        super().__init__()
        self.header, self.rows, self.widths = header, rows, list(widths)
        self.header_height = _height(header)
        self.heights = list(heights) if heights is not None else [_height(r) for r in rows]
        self.first_index = first_index  # keeps the zebra stripes in step across pages
        self.hAlign = "LEFT"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        self.height = self.header_height + sum(self.heights)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room, fits = avail_height - self.header_height, 0
        while fits < len(self.rows) and self.heights[fits] <= room:
            room -= self.heights[fits]
            fits += 1
        if fits == 0:
            return []
        if fits == len(self.rows):
            return [self]
        return [
            TextTable(self.header, self.rows[:fits], self.widths, self.heights[:fits], self.first_index),
            TextTable(self.header, self.rows[fits:], self.widths, self.heights[fits:], self.first_index + fits),
        ]

    def draw(self) -> None:
        canvas = self.canv
        width, top = sum(self.widths), self.header_height + sum(self.heights)
        canvas.saveState()
        canvas.setFillColor(NAVY)
        canvas.rect(0, top - self.header_height, width, self.header_height, stroke=0, fill=1)
        canvas.setFillColor(LIGHT)
        y, rules = top - self.header_height, [(0, top - self.header_height, width, top - self.header_height)]
        for k, h in enumerate(self.heights):
            if (self.first_index + k) % 2:
                canvas.rect(0, y - h, width, h, stroke=0, fill=1)
            y -= h
            rules.append((0, y, width, y))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.25)
        canvas.lines(rules)
        text = canvas.beginText()
        text.setFont(FONT_BOLD, CELL_SIZE, CELL_LEADING)
        text.setFillColor(colors.white)
        self._cells(text, self.header, top)
        text.setFont(FONT, CELL_SIZE, CELL_LEADING)
        text.setFillColor(colors.black)
        y = top - self.header_height
        for row, h in zip(self.rows, self.heights, strict=True):
            self._cells(text, row, y)
            y -= h
        canvas.drawText(text)
        canvas.restoreState()

    def _cells(self, text: object, cells: Sequence[Sequence[str]], row_top: float) -> None:
        x = 0.0
        for lines, w in zip(cells, self.widths, strict=True):
            baseline = row_top - PAD_TOP - CELL_SIZE
            for line in lines:
                text.setTextOrigin(x + PAD_X, baseline)  # type: ignore[attr-defined]
                text.textOut(line)  # type: ignore[attr-defined]
                baseline -= CELL_LEADING
            x += w


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> TextTable:
    """Like data_table (empty columns left out, columns widened for their longest word), for long plain lists."""
    header, rows, widths = without_empty_columns(header, rows, widths)
    widths = fit_widths(header, rows, widths)
    head = [wrap(h, widths[i], bold=True).split("\n") for i, h in enumerate(header)]
    body = [[wrap(c, widths[i]).split("\n") if c else [] for i, c in enumerate(row)] for row in rows]
    return TextTable(head, body, widths)
