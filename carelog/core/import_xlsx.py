"""Read one sheet of an Excel workbook (.xlsx) from its bytes into a SourceTable.

Real date and time cells come through as datetime / time values (openpyxl applies the cell's number format), so a
date in one column and a time in another can be combined. Formulas give their last calculated value. The header is
the first row that is not empty; row numbers are those Excel shows. Reads only the bytes it is given.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from carelog.core.import_source import SourceError, SourceRow, SourceTable, looks_like_workbook

NOT_A_WORKBOOK = "This file is not an Excel workbook (.xlsx); save it from Excel as 'Excel Workbook' or as CSV."


def _open(raw: bytes) -> Any:
    from openpyxl import load_workbook

    if not looks_like_workbook(raw):
        raise SourceError(NOT_A_WORKBOOK)
    try:
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SourceError(NOT_A_WORKBOOK) from None


def sheet_names(raw: bytes) -> list[str]:
    wb = _open(raw)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    return value


def read_xlsx(raw: bytes, sheet: str | None = None) -> SourceTable:
    """The named sheet (default: the first) as header and rows; empty rows are skipped."""
    wb = _open(raw)
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            names = ", ".join(wb.sheetnames)
            raise SourceError(f"The workbook has no sheet called '{sheet}'; its sheets are: {names}.")
        table: SourceTable | None = None
        width = 0
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = tuple(_clean(v) for v in values)
            if not any(c not in (None, "") for c in cells):
                continue
            if table is None:
                headers = [("" if c is None else str(c)) for c in cells]
                while headers and not headers[-1]:
                    headers.pop()
                width = len(headers)
                table = SourceTable(tuple(headers), unit="row", header_number=number)
                continue
            row = cells[:width] + ("",) * max(0, width - len(cells))
            extra = [c for c in cells[width:] if c not in (None, "")]
            table.rows.append(SourceRow(number, tuple("" if c is None else c for c in row) + tuple(extra)))
        return table or SourceTable((), unit="row")
    finally:
        wb.close()
