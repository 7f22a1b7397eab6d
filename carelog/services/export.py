"""Export incidents to CSV (re-importable column names) or Excel. People appear as ID codes only."""

from __future__ import annotations

import csv
import logging
import os
import tempfile
from datetime import date
from pathlib import Path

from carelog.core.dto import IncidentFilter
from carelog.core.errors import CareLogError
from carelog.core.permissions import Permission
from carelog.db.repositories.export import EXPORT_COLUMNS, export_rows
from carelog.services.context import ServiceContext

logger = logging.getLogger(__name__)
FORMATS = ("csv", "xlsx")


class ExportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def export(self, out: Path, fmt: str, date_from: date | None = None, date_to: date | None = None) -> int:
        """Write the file (atomically: a half-written file never replaces a good one). Returns rows written."""
        if fmt not in FORMATS:
            raise CareLogError(f"Unknown format '{fmt}'; use csv or xlsx.")
        if date_from and date_to and date_from > date_to:
            raise CareLogError("The 'from' date is after the 'to' date; swap them.")
        self._ctx.require(Permission.EXPORT, "export")
        f = IncidentFilter(date_from=date_from, date_to=date_to)
        out = out.expanduser()
        if not out.parent.exists():
            raise CareLogError(f"The folder {out.parent} does not exist; create it or choose another.")
        fd, tmp_name = tempfile.mkstemp(prefix=".carelog-export-", suffix="." + fmt, dir=out.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            with self._ctx.unit() as session:
                rows = export_rows(session, f)
                count = _write_csv(tmp, rows) if fmt == "csv" else _write_xlsx(tmp, rows)
            tmp.replace(out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        logger.info("Exported %d incidents as %s", count, fmt)
        return count


def _write_csv(path: Path, rows) -> int:  # type: ignore[no-untyped-def]
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_xlsx(path: Path, rows) -> int:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Incidents")
    ws.freeze_panes = "A2"
    header = []
    for name in EXPORT_COLUMNS:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append([row[c] for c in EXPORT_COLUMNS])
        count += 1
    wb.save(path)
    return count
