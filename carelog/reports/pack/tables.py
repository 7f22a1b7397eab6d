"""Small helpers shared by the sections: fast wrapped-text tables and two-up layouts."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, LongTable, Table, TableStyle

from carelog.reports.pack.styles import CELL_SIZE, FONT, FONT_BOLD, table_style_commands

CELL_FONT_SIZE = CELL_SIZE
EMPTY_CELLS = frozenset({"", "-"})


def wrap(text: str, width: float, bold: bool = False, font_size: float = CELL_FONT_SIZE) -> str:
    """Break text into lines (joined with newlines) that fit a column; much faster than a Paragraph per cell."""
    if not text:
        return ""
    return _wrap(text, round(width, 2), bold, font_size)


@lru_cache(maxsize=50_000)
def _wrap(text: str, width: float, bold: bool, font_size: float) -> str:
    """Cached: a log repeats the same categories, places, harms and statuses on every row."""
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
    drop_empty: bool = True,
) -> Table:
    """A table with a navy header row repeated on every page it runs over. Cells are wrapped to their column.

    With `drop_empty`, a column (other than the first) with nothing in any row is left out and its width shared
    among the others."""
    if drop_empty and rows and extra_style == () and not align_right:
        header, rows, widths = without_empty_columns(header, rows, widths)
    widths = fit_widths(header, rows, widths)
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


@lru_cache(maxsize=20_000)
def _word_width(word: str, bold: bool) -> float:
    return float(stringWidth(word, FONT_BOLD if bold else FONT, CELL_FONT_SIZE))


def _longest_word(text: str, bold: bool = False) -> float:
    return max((_word_width(w, bold) for w in text.split()), default=0.0)


def fit_widths(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> list[float]:
    """Widen any column too narrow for its longest word (a reference, a date) at the cost of columns with room to
    spare, so no text runs into the next column. The total width stays the same."""
    need = [_longest_word(h, bold=True) + 7 for h in header]
    for row in rows:
        for i, cell in enumerate(row):
            if cell:
                need[i] = max(need[i], _longest_word(cell) + 7)
    out = list(widths)
    short_by = sum(max(0.0, n - w) for n, w in zip(need, out, strict=True))
    if short_by <= 0:
        return out
    spare = [max(0.0, w - n) for n, w in zip(need, out, strict=True)]
    room = sum(spare)
    if room <= 0:
        return out
    take = min(1.0, short_by / room)
    grow = min(1.0, room / short_by)
    return [
        w + grow * (n - w) if n > w else w - take * spare[i] for i, (n, w) in enumerate(zip(need, out, strict=True))
    ]


def without_empty_columns(
    header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
) -> tuple[Sequence[str], Sequence[Sequence[str]], Sequence[float]]:
    """Leave out columns (never the first) whose every cell is empty or "-"; share their width out by width."""
    keep = [i for i in range(len(header)) if i == 0 or any(row[i] not in EMPTY_CELLS for row in rows)]
    if len(keep) == len(header):
        return header, rows, widths
    freed = sum(w for i, w in enumerate(widths) if i not in keep)
    kept = sum(widths[i] for i in keep)
    new_widths = [widths[i] + freed * widths[i] / kept for i in keep]
    return [header[i] for i in keep], [[row[i] for i in keep] for row in rows], new_widths


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


def fmt_pct(value: float | None) -> str:
    return f"{value:.0f}%" if value is not None else "-"


def fmt_num(value: float | None, digits: int = 1) -> str:
    return f"{value:,.{digits}f}" if value is not None else "-"


def short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
