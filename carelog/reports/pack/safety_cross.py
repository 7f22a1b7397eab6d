"""The safety cross drawn directly in the PDF: a box per day in a cross shape, each with its day number, a symbol
and the count, so it reads the same in greyscale (light box with a tick and 0, dark box with a cross and the count).
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from carelog.core.trend_data import SafetyCross, safety_cross_cells
from carelog.reports.pack.styles import FONT, FONT_BOLD, register_fonts

NO_EVENT = colors.HexColor("#d8eed8")  # light green: grey level ~0.9
EVENT = colors.HexColor("#a50f15")  # dark red: grey level ~0.3
NO_EVENT_SYMBOL = "\u2713"  # ✓
EVENT_SYMBOL = "\u2717"  # ✗
MIN_TEXT = 8.0


def grey_level(colour: colors.Color) -> float:
    """Luminance (0 black .. 1 white) as a greyscale printer or pdftoppm -gray renders it."""
    return float(0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue)


class SafetyCrossFlowable(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """One month's cross. `boxes()` lists what each box shows (day, symbol, count, fill) for checks and tests."""

    def __init__(self, cross: SafetyCross, box: float = 9 * mm, title: str = "") -> None:
        super().__init__()
        register_fonts()
        self.cross = cross
        self.box = box
        self.title_lines = [line for line in title.split("\n") if line]
        self.title_height = 11 * len(self.title_lines) + (2 if title else 0)
        self.width = 7 * box
        self.height = 7 * box + self.title_height

    def boxes(self) -> list[tuple[int, str, int, colors.Color]]:
        out = []
        for day, _column, _row in safety_cross_cells(len(self.cross.counts)):
            n = self.cross.counts[day - 1]
            out.append((day, EVENT_SYMBOL if n else NO_EVENT_SYMBOL, n, EVENT if n else NO_EVENT))
        return out

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        b = self.box
        big = max(MIN_TEXT + 1, min(b * 0.42, 12))
        small = MIN_TEXT
        canvas.setFillColor(colors.black)
        for k, line in enumerate(self.title_lines):
            canvas.setFont(FONT_BOLD if k == 0 else FONT, 9)
            canvas.drawString(0, 7 * b + 4 + 11 * (len(self.title_lines) - 1 - k), line)
        for (day, column, row), (_d, symbol, n, fill) in zip(
            safety_cross_cells(len(self.cross.counts)), self.boxes(), strict=True
        ):
            x, y = column * b, (6 - row) * b
            canvas.setFillColor(fill)
            canvas.setStrokeColor(colors.white if n else colors.HexColor("#7a9a7a"))
            canvas.setLineWidth(0.6)
            canvas.rect(x + 0.5, y + 0.5, b - 1, b - 1, stroke=1, fill=1)
            ink = colors.white if n else colors.HexColor("#1a1a1a")
            canvas.setFillColor(ink)
            canvas.setFont(FONT, small)
            canvas.drawString(x + 2, y + b - small - 1, str(day))
            canvas.setFont(FONT_BOLD, big)
            canvas.drawRightString(x + b - 2, y + 2.5, str(n))
            canvas.setFont(FONT, big)
            canvas.drawString(x + 2, y + 2.5, symbol)


def legend(what: str = "records") -> str:
    return (
        f"Each box is a day: light box with {NO_EVENT_SYMBOL} and 0 = no {what} that day; dark box with "
        f"{EVENT_SYMBOL} and a number = that many {what} that day."
    )
