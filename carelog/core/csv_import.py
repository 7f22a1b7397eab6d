"""Parse an incident CSV into validated load items, or a complete list of what is wrong with it.

Columns (case-insensitive, any order): occurred_at, service, location, kind, category, harm, description;
optional: reference, reported_at, person, immediate_action, reported_by, witnesses. Unknown columns are reported
and ignored. Values are separated by commas or, as spreadsheets set to many European languages save them, by
semicolons (found from the header line). A value too long for a CSV field is a problem on its line, not a crash.
Nothing here writes: the import service writes everything or nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from carelog.core.dto import IncidentInput, LoadItem, ReferenceData
from carelog.core.enums import Kind, PhysicalHarm
from carelog.core.errors import ValidationError
from carelog.core.spreadsheet_safety import unguard_csv_cell
from carelog.core.validation import validate_incident

REQUIRED = ("occurred_at", "service", "location", "kind", "category", "harm", "description")
OPTIONAL = ("reference", "reported_at", "person", "immediate_action", "reported_by", "witnesses")
DATE_FORMATS = ("%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S")
HARM_WORDS = {"death": PhysicalHarm.FATAL, "died": PhysicalHarm.FATAL}
REFERENCE_PATTERN = re.compile(r"[A-Z]{2,6}-\d{4}-\d{1,6}")
DELIMITERS = ",;"
TOO_LONG = (
    "A value on this line is longer than CareLog accepts ({limit:,} characters), so the line was not read. "
    'This is usually a quote mark (") that is opened but never closed: check the quotes on this line.'
)

# service field names -> CSV column, so a validation message points at the column to fix
FIELD_TO_COLUMN = {
    "kind": "kind",
    "category_id": "category",
    "occurred_at": "occurred_at",
    "reported_at": "reported_at",
    "service_id": "service",
    "location_id": "location",
    "account": "description",
    "person_ids": "person",
    "reference": "reference",
}


@dataclass(frozen=True)
class ImportProblem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}, column {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class ImportPlan:
    items: list[LoadItem] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    missing_services: set[str] = field(default_factory=set)
    missing_locations: set[tuple[str, str]] = field(default_factory=set)
    missing_people: set[tuple[str, str]] = field(default_factory=set)


def parse_datetime(text: str) -> datetime:
    value = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise ValueError(f"'{value}' is not a date and time; use YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM")


def parse_harm(text: str) -> PhysicalHarm:
    key = text.strip().lower()
    if key in HARM_WORDS:
        return HARM_WORDS[key]
    try:
        return PhysicalHarm(key)
    except ValueError:
        raise ValueError(f"'{text}' is not a harm level; use none, low, moderate, severe or death") from None


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            {"file": f"The file is not UTF-8 text (byte {exc.start}). Save it as 'CSV UTF-8' and try again."}
        ) from None


def detect_delimiter(text: str) -> str:
    """`,` or `;`, whichever separates the header line's column names (csv.Sniffer; commas if it cannot tell)."""
    header_line = text.split("\n", 1)[0]
    try:
        found = csv.Sniffer().sniff(header_line, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ";" if header_line.count(";") > header_line.count(",") else ","
    return found if found in DELIMITERS else ","


def _rows(reader: Iterator[Any]) -> Iterator[tuple[Any, csv.Error | None]]:
    """The reader's rows; a line the csv module cannot read (a field over the size limit) comes as an error and
    reading goes on with the next line."""
    while True:
        try:
            yield next(reader), None
        except StopIteration:
            return
        except csv.Error as exc:
            yield None, exc


def read_header(text: str) -> tuple[list[str], list[str], list[str]]:
    """Return (columns normalised, missing required, unknown)."""
    reader = csv.reader(io.StringIO(text), delimiter=detect_delimiter(text))
    try:
        header = next(reader, [])
    except csv.Error:
        header = []
    cols = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in cols]
    unknown = [h for h, c in zip(header, cols, strict=True) if c and c not in REQUIRED + OPTIONAL]
    return cols, missing, unknown


def plan_import(text: str, ref: ReferenceData, now: datetime, create_missing: bool = False) -> ImportPlan:
    plan = ImportPlan()
    cols, missing, unknown = read_header(text)
    plan.unknown_columns = unknown
    if not cols or not any(cols):
        plan.problems.append(ImportProblem(1, "", "The file is empty; the first line must name the columns."))
        return plan
    if missing:
        plan.problems.append(
            ImportProblem(1, ", ".join(missing), "Required column missing from the header line; add it.")
        )
        return plan
    delimiter = detect_delimiter(text)
    dupes = sorted({c for c in cols if c and cols.count(c) > 1})
    if dupes:
        plan.problems.append(ImportProblem(1, ", ".join(dupes), "Column named twice in the header; keep one."))
        return plan
    reader = csv.DictReader(io.StringIO(text), fieldnames=cols, delimiter=delimiter)
    next(reader)  # header (read_header has read it already)
    services = {s.name.lower(): s for s in ref.services}
    categories = {c.name.lower(): c for c in ref.categories}
    people = {p.code.lower(): p for p in ref.people}
    references_seen: dict[str, int] = {}
    start_line = 2
    for row, error in _rows(reader):
        line = start_line
        start_line = reader.reader.line_num + 1  # the underlying reader counts a line it could not read too
        if error is not None:
            plan.problems.append(ImportProblem(line, "", TOO_LONG.format(limit=csv.field_size_limit())))
            continue
        if all(not (v or "").strip() for k, v in row.items() if k is not None):
            continue
        if None in row:
            plan.problems.append(ImportProblem(line, "", "This line has more values than the header has columns."))
            continue
        problems: list[ImportProblem] = []

        def bad(column: str, message: str, _line: int = line, _problems: list[ImportProblem] = problems) -> None:
            _problems.append(ImportProblem(_line, column, message))

        values = {k: unguard_csv_cell((v or "").strip()) for k, v in row.items()}
        occurred = reported = None
        try:
            occurred = parse_datetime(values["occurred_at"]) if values["occurred_at"] else None
            if occurred is None:
                bad("occurred_at", "Empty; give when it happened.")
        except ValueError as exc:
            bad("occurred_at", str(exc))
        if values.get("reported_at"):
            try:
                reported = parse_datetime(values["reported_at"])
            except ValueError as exc:
                bad("reported_at", str(exc))
        kind = None
        try:
            kind = Kind.parse(values["kind"]) if values["kind"] else None
            if kind is None:
                bad(
                    "kind",
                    "Empty; give the kind (incident, near miss, low-level concern, hazard, complaint, compliment).",
                )
        except ValueError:
            bad(
                "kind",
                f"'{values['kind']}' is not a kind; use incident, near miss, low-level concern, hazard, "
                "complaint or compliment.",
            )
        harm = PhysicalHarm.NONE
        try:
            harm = parse_harm(values["harm"]) if values["harm"] else PhysicalHarm.NONE
        except ValueError as exc:
            bad("harm", str(exc))
        category = categories.get(values["category"].lower())
        if category is None and " ".join(values["category"].lower().split()) == "near miss":
            bad(
                "category",
                "A near miss is a kind, not a category: put 'near miss' in the kind column and what nearly happened "
                "(for example Fall or Medication) as the category.",
            )
        elif category is None:
            bad(
                "category",
                f"'{values['category']}' is not a category in CareLog; check the spelling (the Admin tab lists them).",
            )
        service_name = values["service"]
        service = services.get(service_name.lower())
        service_id: int | None = service.id if service else None
        if not service_name:
            bad("service", "Empty; give the service (home) name.")
        elif service is None:
            if create_missing:
                plan.missing_services.add(service_name)
                service_id = -1
            else:
                bad(
                    "service",
                    f"'{service_name}' is not a service in CareLog; check the spelling or import with "
                    "--create-missing to add it.",
                )
        location_id: int | None = None
        loc_name = values["location"]
        if loc_name and service is not None:
            loc = next((x for x in ref.locations_for(service.id) if x.name.lower() == loc_name.lower()), None)
            if loc is not None:
                location_id = loc.id
            elif create_missing:
                plan.missing_locations.add((service.name, loc_name))
            else:
                bad(
                    "location",
                    f"'{loc_name}' is not a location of {service.name}; check the spelling or import "
                    "with --create-missing to add it.",
                )
        elif loc_name and create_missing:
            plan.missing_locations.add((service_name, loc_name))
        person_ids: list[int] = []
        for code in filter(None, (c.strip() for c in re.split(r"[;,]", values.get("person", "")))):
            person = people.get(code.lower())
            if person is not None:
                person_ids.append(person.id)
            elif create_missing:
                plan.missing_people.add((code, service_name))
            else:
                bad("person", f"No person with ID code '{code}'; use the person's ID code (not their name).")
        reference = values.get("reference") or None
        if reference:
            if not REFERENCE_PATTERN.fullmatch(reference):
                bad("reference", f"'{reference}' is not a reference like INC-2025-0042.")
            elif reference in references_seen:
                bad("reference", f"{reference} is also on line {references_seen[reference]}; references are unique.")
            else:
                references_seen[reference] = line
        data = IncidentInput(
            kind=kind,
            category_id=category.id if category else None,
            occurred_at=occurred,
            reported_at=reported,
            service_id=service_id,
            location_id=location_id,
            account=values["description"],
            reporter_name=values.get("reported_by", ""),
            person_ids=tuple(person_ids),
            witnesses=values.get("witnesses", ""),
            immediate_action=values.get("immediate_action", ""),
            physical_harm=harm,
        )
        if service_id != -1:
            flagged = {p.column for p in problems}
            try:
                validate_incident(data, ref, now)
            except ValidationError as exc:
                for key, message in exc.errors.items():
                    column = FIELD_TO_COLUMN.get(key, key)
                    if column not in flagged:
                        bad(column, message)
        if problems:
            plan.problems.extend(problems)
        else:
            plan.items.append(LoadItem(data, reference=reference))
            plan.lines.append(line)
    if not plan.items and not plan.problems:
        plan.problems.append(ImportProblem(0, "", "The file has a header but no incidents."))
    return plan
