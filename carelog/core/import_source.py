"""What an import reads, before any meaning is given to it: a header and numbered rows of cells.

A CSV file is decoded (UTF-8, UTF-8 with a byte-order mark, or Windows-1252, which is reported so the person can
confirm it) and split on commas or semicolons, whichever separates the header's column names. An Excel workbook is
read by carelog.core.import_xlsx into the same shape. Nothing here writes anything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

UTF8 = "utf-8"
WINDOWS_1252 = "windows-1252"
DELIMITERS = ",;"
ZIP_MAGIC = b"PK\x03\x04"
TOO_LONG = (
    "A value on this line is longer than CareLog accepts ({limit:,} characters), so the line was not read. "
    'This is usually a quote mark (") that is opened but never closed: check the quotes on this line.'
)


class SourceError(ValueError):
    """The file cannot be read at all; the message says what to do."""


@dataclass(frozen=True, slots=True)
class SourceRow:
    number: int  # the line of a CSV file or the row of a sheet, as the person sees it in their program
    cells: tuple[Any, ...]  # str for CSV; str, datetime, date, time, int or float for a sheet


@dataclass(frozen=True)
class RowError:
    number: int
    message: str


@dataclass
class SourceTable:
    headers: tuple[str, ...]
    rows: list[SourceRow] = field(default_factory=list)
    unit: str = "line"  # "line" for CSV, "row" for a sheet: how a problem names where it is
    errors: list[RowError] = field(default_factory=list)  # rows that could not be read at all
    header_number: int = 1


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # UTF8 or WINDOWS_1252
    sample: str = ""  # for Windows-1252: a few words with accented letters, so the person can check them

    @property
    def needs_confirmation(self) -> bool:
        return self.encoding != UTF8


def looks_like_workbook(raw: bytes) -> bool:
    return raw.startswith(ZIP_MAGIC)


def decode(raw: bytes) -> DecodedText:
    """UTF-8 (with or without BOM) if it is; else Windows-1252 (what Excel on Windows saves as 'CSV'), flagged."""
    if looks_like_workbook(raw):
        raise SourceError("This is an Excel workbook, not a CSV file: choose it as a workbook (.xlsx).")
    try:
        return DecodedText(raw.decode("utf-8-sig"), UTF8)
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise SourceError(
            f"The file is not UTF-8 text (byte {utf8_error}) and not Windows-1252 either. "
            "Save it as 'CSV UTF-8' and try again."
        ) from None
    return DecodedText(text, WINDOWS_1252, _accented_sample(text))


def _accented_sample(text: str, limit: int = 3) -> str:
    words: list[str] = []
    for word in text.replace(",", " ").replace(";", " ").split():
        if any(ord(ch) > 127 for ch in word) and word not in words:
            words.append(word.strip("\"'"))
            if len(words) == limit:
                break
    return ", ".join(words)


def detect_delimiter(text: str) -> str:
    """`,` or `;`, whichever separates the header line's column names (csv.Sniffer; commas if it cannot tell)."""
    header_line = text.split("\n", 1)[0]
    try:
        found = csv.Sniffer().sniff(header_line, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ";" if header_line.count(";") > header_line.count(",") else ","
    return found if found in DELIMITERS else ","


def _rows(reader: Iterator[list[str]]) -> Iterator[tuple[list[str] | None, csv.Error | None]]:
    """The reader's rows; a line the csv module cannot read (a field over the size limit) comes as an error and
    reading goes on with the next line."""
    while True:
        try:
            yield next(reader), None
        except StopIteration:
            return
        except csv.Error as exc:
            yield None, exc


def read_csv(text: str) -> SourceTable:
    """Header and rows of CSV text; blank lines are skipped, line numbers are those of the file."""
    reader = csv.reader(io.StringIO(text), delimiter=detect_delimiter(text))
    try:
        header = next(reader, [])
    except csv.Error:
        header = []
    table = SourceTable(tuple(h.strip() for h in header))
    start_line = reader.line_num + 1
    for row, error in _rows(reader):
        line = start_line
        start_line = reader.line_num + 1  # the reader counts a line it could not read too
        if error is not None or row is None:
            table.errors.append(RowError(line, TOO_LONG.format(limit=csv.field_size_limit())))
            continue
        if not any(v.strip() for v in row):
            continue
        table.rows.append(SourceRow(line, tuple(row)))
    return table
