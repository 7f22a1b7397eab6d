"""Spreadsheet cells that must never run as formulas (OWASP CSV injection).

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel and LibreOffice as a
formula (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`). In CSV such a cell gets a leading single quote, which
spreadsheets show as text and CareLog's import removes again; in XLSX the cell is written with the string type.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_GUARD = "'"


def starts_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> object:
    """The value as it is safe to write into a CSV cell."""
    return TEXT_GUARD + value if isinstance(value, str) and starts_like_formula(value) else value


def unguard_csv_cell(text: str) -> str:
    """Undo csv_cell on import: a quote in front of a formula-like start was added by the export."""
    if text.startswith(TEXT_GUARD) and starts_like_formula(text[1:]):
        return text[1:]
    return text
