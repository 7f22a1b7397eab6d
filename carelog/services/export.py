"""Export incidents to CSV (re-importable column names) or Excel. People appear as ID codes only.

People supported appear as their identifier codes: in the person column, and in free text (description, immediate
action, witnesses), where their names are replaced the same way as in a pseudonymised pack. No cell can run as a
spreadsheet formula (core.spreadsheet_safety). Every export is written to the audit trail.
"""

from __future__ import annotations

import csv
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from carelog.core.dto import IncidentFilter
from carelog.core.errors import CareLogError
from carelog.core.permissions import Permission
from carelog.core.spreadsheet_safety import csv_cell
from carelog.db.repositories import audit
from carelog.db.repositories.export import EXPORT_COLUMNS, FREE_TEXT_COLUMNS, ExportRow, all_people, export_rows
from carelog.services.context import ServiceContext
from carelog.services.pack import Pseudonymiser

logger = logging.getLogger(__name__)
FORMATS = ("csv", "xlsx")
ENTITY = "export"


class ExportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def export(self, out: Path, fmt: str, date_from: date | None = None, date_to: date | None = None) -> int:
        """Write the file (atomically: a half-written file never replaces a good one). Returns rows written."""
        if fmt not in FORMATS:
            raise CareLogError(f"Unknown format '{fmt}'; use csv or xlsx.")
        if date_from and date_to and date_from > date_to:
            raise CareLogError("The 'from' date is after the 'to' date; swap them.")
        actor = self._ctx.require(Permission.EXPORT, ENTITY)
        f = IncidentFilter(date_from=date_from, date_to=date_to)
        out = out.expanduser()
        if not out.parent.exists():
            raise CareLogError(f"The folder {out.parent} does not exist; create it or choose another.")
        fd, tmp_name = tempfile.mkstemp(prefix=".carelog-export-", suffix="." + fmt, dir=out.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            with self._ctx.unit() as session:
                names = Pseudonymiser(all_people(session), enabled=True)
                rows = _pseudonymised(export_rows(session, f), names)
                count = _write_csv(tmp, rows) if fmt == "csv" else _write_xlsx(tmp, rows)
            tmp.replace(out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        period = f"{date_from.isoformat() if date_from else 'start'} to {date_to.isoformat() if date_to else 'end'}"
        with self._ctx.unit() as session:
            audit.append(
                session, actor, ENTITY, None, "export", fmt, None, f"{count} incidents, {period}", at=self._ctx.clock()
            )
        logger.info("Exported %d incidents as %s", count, fmt)
        return count


def _pseudonymised(rows: Iterable[ExportRow], names: Pseudonymiser) -> Iterator[dict[str, Any]]:
    for row, involved in rows:
        for column in FREE_TEXT_COLUMNS:
            row[column] = names.text(row[column] or "", involved)
        yield row


def _write_csv(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: csv_cell(v) for k, v in row.items()})
            count += 1
    return count


def _write_xlsx(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Incidents")
    ws.freeze_panes = "A2"
    header = []
    for name in EXPORT_COLUMNS:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append([_xlsx_cell(ws, row[c]) for c in EXPORT_COLUMNS])
        count += 1
    wb.save(path)
    return count


def _xlsx_cell(ws: Any, value: Any) -> Any:
    """Text is always a string cell: openpyxl would otherwise write any text starting with '=' as a formula."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell
