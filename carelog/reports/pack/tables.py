"""Small helpers shared by the sections: fast wrapped-text tables and two-up layouts."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, LongTable, Table, TableStyle

from carelog.reports.pack.styles import FONT, FONT_BOLD, table_style_commands

CELL_FONT_SIZE = 7.5


def wrap(text: str, width: float, bold: bool = False, font_size: float = CELL_FONT_SIZE) -> str:
    """Break text into lines (joined with newlines) that fit a column; much faster than a Paragraph per cell."""
    if not text:
        return ""
    inner = width - 6  # the cell's left and right padding
    lines = simpleSplit(text, FONT_BOLD if bold else FONT, font_size, inner)
    return "\n".join(lines)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    align_right: Sequence[int] = (),
    long: bool = False,
    extra_style: Sequence[tuple[object, ...]] = (),
) -> Table:
    """A table with a navy header row repeated on every page it runs over. Cells are wrapped to their column."""
    body = [[wrap(cell, widths[i]) for i, cell in enumerate(row)] for row in rows]
    head = [wrap(h, widths[i], bold=True) for i, h in enumerate(header)]
    cls = LongTable if long else Table
    table = cls([head, *body], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands = table_style_commands()
    for col in align_right:
        commands.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    commands.extend(extra_style)
    table.setStyle(TableStyle(commands))
    return table


def side_by_side(left: Flowable, right: Flowable, width: float, gap: float = 12) -> Table:
    half = (width - gap) / 2
    outer = Table([[left, "", right]], colWidths=[half, gap, half], hAlign="LEFT")
    outer.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return outer


def fmt_dt(value: object) -> str:
    from datetime import date, datetime

    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return ""
