"""Parse an incident CSV into validated load items, or a complete list of what is wrong with it.

Columns are found from their headers (core.import_mapping: "occurred_at", "Date", "Home", "What happened"...), in
any order; unknown columns are reported and ignored. Values are separated by commas or semicolons (found from the
header line). This is the CSV entry to the shared import engine (core.import_plan); nothing here writes.
"""

from __future__ import annotations

from datetime import datetime

from carelog.core.dto import ReferenceData
from carelog.core.errors import ValidationError
from carelog.core.import_mapping import ColumnMap, auto_map
from carelog.core.import_plan import ImportPlan, ImportProblem, build_plan, parse_datetime
from carelog.core.import_source import SourceError, detect_delimiter, read_csv
from carelog.core.import_source import decode as decode_source

__all__ = ["ImportPlan", "ImportProblem", "decode", "detect_delimiter", "parse_datetime", "plan_import"]


def decode(raw: bytes, encoding: str | None = None) -> str:
    """UTF-8 text of the file; Windows-1252 only when the caller confirmed it (encoding="windows-1252")."""
    if encoding:
        return raw.decode(encoding)
    try:
        decoded = decode_source(raw)
    except SourceError as exc:
        raise ValidationError({"file": str(exc)}) from None
    if decoded.needs_confirmation:
        sample = f" (it would read: {decoded.sample})" if decoded.sample else ""
        raise ValidationError(
            {
                "file": f"The file is not UTF-8 text; it looks like Windows-1252{sample}. If those words look "
                "right, import it with the encoding confirmed (--encoding windows-1252); otherwise save it as "
                "'CSV UTF-8' and try again."
            }
        )
    return decoded.text


def plan_import(
    text: str, ref: ReferenceData, now: datetime, create_missing: bool = False, cmap: ColumnMap | None = None
) -> ImportPlan:
    table = read_csv(text)
    return build_plan(table, auto_map(table.headers, cmap), ref, now, create_missing)
