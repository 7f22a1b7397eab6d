"""Export incidents to CSV (re-importable column names) or Excel: a period (command line) or any list filter (the app).

Pseudonymised (the default, and always on the command line): people supported appear as their identifier codes, in
the person column and in free text (description, immediate action, witnesses), where their names are replaced the
same way as in a pseudonymised pack. Not pseudonymised (the app, for a manager who needs it): free text stays as
written and a `person_name` column follows `person`. No cell can run as a spreadsheet formula
(core.spreadsheet_safety). Every export is written to the audit trail, saying which of the two it was.
"""

from __future__ import annotations

import csv
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
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

    def export(
        self,
        out: Path,
        fmt: str,
        date_from: date | None = None,
        date_to: date | None = None,
        *,
        incident_filter: IncidentFilter | None = None,
        pseudonymise: bool = True,
    ) -> int:
        """Write the file (atomically: a half-written file never replaces a good one). Returns rows written.
        `incident_filter` (the app's list filter) replaces the period; its sort order and row limit are ignored."""
        if fmt not in FORMATS:
            raise CareLogError(f"Unknown format '{fmt}'; use csv or xlsx.")
        if incident_filter is not None:
            date_from, date_to = incident_filter.date_from, incident_filter.date_to
        if date_from and date_to and date_from > date_to:
            raise CareLogError("The 'from' date is after the 'to' date; swap them.")
        actor = self._ctx.require(Permission.EXPORT, ENTITY)
        if incident_filter is None:
            f = IncidentFilter(date_from=date_from, date_to=date_to)
        else:
            f = replace(incident_filter, limit=None, sort_key="occurred_at", descending=False)
        columns = EXPORT_COLUMNS if pseudonymise else _with_names_column(EXPORT_COLUMNS)
        out = out.expanduser()
        if not out.parent.exists():
            raise CareLogError(f"The folder {out.parent} does not exist; create it or choose another.")
        fd, tmp_name = tempfile.mkstemp(prefix=".carelog-export-", suffix="." + fmt, dir=out.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            with self._ctx.unit() as session:
                rows: Iterable[dict[str, Any]]
                if pseudonymise:
                    rows = _pseudonymised(export_rows(session, f), Pseudonymiser(all_people(session), enabled=True))
                else:
                    rows = _named(export_rows(session, f))
                count = _write_csv(tmp, rows, columns) if fmt == "csv" else _write_xlsx(tmp, rows, columns)
            tmp.replace(out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        period = f"{date_from.isoformat() if date_from else 'start'} to {date_to.isoformat() if date_to else 'end'}"
        narrowed = " (filtered)" if incident_filter is not None and _narrowed(f) else ""
        people = "people as ID codes" if pseudonymise else "WITH NAMES of people supported"
        with self._ctx.unit() as session:
            audit.append(
                session,
                actor,
                ENTITY,
                None,
                "export",
                fmt,
                None,
                f"{count} incidents, {period}{narrowed}, {people}",
                at=self._ctx.clock(),
            )
        logger.info("Exported %d incidents as %s (pseudonymised: %s)", count, fmt, pseudonymise)
        return count


def _narrowed(f: IncidentFilter) -> bool:
    """Whether the filter does more than choose a period."""
    return any(
        v not in (None, "")
        for v in (f.service_id, f.location_id, f.kind, f.category_id, f.harm, f.status, f.text.strip(), f.reporter_id)
    )


def _with_names_column(columns: tuple[str, ...]) -> tuple[str, ...]:
    at = columns.index("person") + 1
    return (*columns[:at], "person_name", *columns[at:])


def _named(rows: Iterable[ExportRow]) -> Iterator[dict[str, Any]]:
    for row, involved in rows:
        row["person_name"] = "; ".join(p.display_name for p in involved)
        yield row


def _pseudonymised(rows: Iterable[ExportRow], names: Pseudonymiser) -> Iterator[dict[str, Any]]:
    for row, involved in rows:
        for column in FREE_TEXT_COLUMNS:
            row[column] = names.text(row[column] or "", involved)
        yield row


def _write_csv(path: Path, rows: Iterable[dict[str, Any]], columns: tuple[str, ...] = EXPORT_COLUMNS) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: csv_cell(v) for k, v in row.items()})
            count += 1
    return count


def _write_xlsx(path: Path, rows: Iterable[dict[str, Any]], columns: tuple[str, ...] = EXPORT_COLUMNS) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Incidents")
    ws.freeze_panes = "A2"
    header = []
    for name in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append([_xlsx_cell(ws, row[c]) for c in columns])
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
