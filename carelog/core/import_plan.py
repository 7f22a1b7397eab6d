"""Turn a SourceTable and a ColumnMap into validated load items, or a complete list of what is wrong.

Every problem names its line (CSV) or sheet row (Excel), the file's own column header and what to fix. Values are
matched tolerantly (core.value_matching); a value nothing matches is a problem unless the person chose a CareLog
value for it, or chose to create it (services, locations, people). Nothing here writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from carelog.core.dto import IncidentInput, LoadItem, ReferenceData
from carelog.core.enums import PhysicalHarm
from carelog.core.errors import ValidationError
from carelog.core.import_mapping import CREATE, FIELD_LABELS, ColumnMap
from carelog.core.import_source import SourceRow, SourceTable
from carelog.core.spreadsheet_safety import unguard_csv_cell
from carelog.core.validation import validate_incident
from carelog.core.value_matching import (
    Match,
    NameMatcher,
    category_matcher,
    harm_matcher,
    harm_of,
    kind_matcher,
    kind_of,
    normalise,
)

DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y %H:%M:%S", "%d/%m/%y %H:%M", "%d-%m-%Y %H:%M", "%d.%m.%Y %H:%M",
)  # fmt: skip
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S")
TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H.%M", "%I:%M %p", "%I:%M%p", "%I%p")
REFERENCE_PATTERN = re.compile(r"[A-Z]{2,6}-\d{4}-\d{1,6}")
VALUE_FIELDS = ("service", "location", "kind", "category", "harm", "person")
# service field names -> mapped field, so a validation message points at the column to fix
VALIDATION_FIELDS = {
    "category_id": "category",
    "service_id": "service",
    "location_id": "location",
    "account": "description",
    "person_ids": "person",
}
KIND_HELP = "use incident, near miss, low-level concern, hazard, complaint or compliment"
HARM_HELP = "use none, low, moderate, severe or death (or 'No harm', 'Low harm'...)"


@dataclass(frozen=True)
class ImportProblem:
    line: int
    column: str
    message: str
    unit: str = "line"  # "line" of a CSV file, "row" of a sheet

    def __str__(self) -> str:
        where = f"{'sheet row' if self.unit == 'row' else 'line'} {self.line}" if self.line else "file"
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


@dataclass(frozen=True)
class ValueQuestion:
    """A value in the file that matches nothing in CareLog: the wizard asks what it is."""

    field: str
    raw: str
    rows: int  # how many rows have it
    first: int  # first line / row with it
    suggestions: tuple[str, ...]
    can_create: bool


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return unguard_csv_cell(value.strip())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value)


_LAST_FORMAT: dict[tuple[str, ...], str] = {}  # the format that read the previous value: a file keeps to one


def _strptime(text: str, formats: tuple[str, ...]) -> datetime | None:
    last = _LAST_FORMAT.get(formats)
    for fmt in (last, *formats) if last else formats:
        try:
            found = datetime.strptime(text, fmt)
        except ValueError:
            continue
        _LAST_FORMAT[formats] = fmt
        return found
    return None


_ISO_WITH_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?")
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})")


def parse_datetime(text: str) -> datetime:
    value = text.strip()
    if _ISO_WITH_TIME.fullmatch(value):  # the common case, without strptime's cost (50,000 rows)
        return datetime.fromisoformat(value)
    found = _strptime(value, DATETIME_FORMATS)
    if found is None:
        raise ValueError(f"'{value}' is not a date and time; use YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM")
    return found


def _when_cell(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, date):
        raise ValueError(f"'{value.isoformat()}' has no time; give the time too, or map a Time column")
    return parse_datetime(text_of(value))


def _date_cell(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = text_of(value)
    quick = _DAY_FIRST.fullmatch(text) or _ISO_DATE.fullmatch(text)
    if quick is not None:
        a, b, c = (int(g) for g in quick.groups())
        try:
            return date(c, b, a) if quick.re is _DAY_FIRST else date(a, b, c)
        except ValueError:
            raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD or DD/MM/YYYY") from None
    found = _strptime(text, DATE_FORMATS)
    if found is None:
        raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD or DD/MM/YYYY")
    return found.date()


def _time_cell(value: Any) -> time:
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, timedelta):
        return (datetime.min + value).time().replace(second=0, microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:  # Excel keeps a time as a fraction of a day
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    text = text_of(value)
    quick = _CLOCK.fullmatch(text)
    if quick is not None and int(quick.group(1)) < 24 and int(quick.group(2)) < 60:
        return time(int(quick.group(1)), int(quick.group(2)))
    found = _strptime(text.upper() if "m" in text.lower() else text, TIME_FORMATS)
    if found is None:
        raise ValueError(f"'{text}' is not a time; use HH:MM, for example 14:20")
    return found.time()


class ValueResolver:
    """Finds CareLog's service, location, kind, category, harm and people for the file's words."""

    def __init__(self, ref: ReferenceData, cmap: ColumnMap, create_missing: bool = False) -> None:
        self.ref = ref
        self.cmap = cmap
        self.create_missing = create_missing
        self.kinds = kind_matcher()
        self.harms = harm_matcher()
        self.categories = category_matcher(ref.categories)
        self.category_ids = {c.name: c.id for c in ref.categories if c.active}
        active_services = [s for s in ref.services if s.active]
        self.services = NameMatcher([s.name for s in active_services])
        self.service_ids = {s.name: s.id for s in active_services}
        self._locations: dict[int, NameMatcher] = {}
        self.people = {p.code.lower(): p for p in ref.people}

    def chosen(self, field_name: str, raw: str) -> str | None:
        return self.cmap.choice(field_name, raw)

    def match(self, field_name: str, raw: str, service_id: int | None = None) -> Match:
        choice = self.chosen(field_name, raw)
        matcher = self._matcher(field_name, service_id)
        if choice and choice != CREATE:
            hit = matcher.find(choice)
            if hit.target:
                return Match(raw, hit.target)
        return matcher.find(raw)

    def wants_create(self, field_name: str, raw: str) -> bool:
        return self.create_missing or self.chosen(field_name, raw) == CREATE

    def _matcher(self, field_name: str, service_id: int | None) -> NameMatcher:
        if field_name == "kind":
            return self.kinds
        if field_name == "harm":
            return self.harms
        if field_name == "category":
            return self.categories
        if field_name == "service":
            return self.services
        if field_name == "location":
            sid = service_id or 0
            if sid not in self._locations:
                self._locations[sid] = NameMatcher(loc.name for loc in self.ref.locations_for(sid) if loc.active)
            return self._locations[sid]
        raise KeyError(field_name)

    def location_id(self, service_id: int, name: str) -> int | None:
        return next((x.id for x in self.ref.locations_for(service_id) if x.name == name), None)


class _Row:
    """One row's cells by field, and its problems."""

    def __init__(self, table: SourceTable, row: SourceRow, columns: dict[str, int]) -> None:
        self.row = row
        self.table = table
        self.columns = columns
        self.problems: list[ImportProblem] = []

    def cell(self, field_name: str) -> Any:
        index = self.columns.get(field_name)
        if index is None or index >= len(self.row.cells):
            return None
        return self.row.cells[index]

    def text(self, field_name: str) -> str:
        return text_of(self.cell(field_name))

    def header(self, field_name: str) -> str:
        index = self.columns.get(field_name)
        return self.table.headers[index] if index is not None else field_name

    def bad(self, field_name: str, message: str) -> None:
        self.problems.append(ImportProblem(self.row.number, self.header(field_name), message, self.table.unit))

    def has(self, field_name: str) -> bool:
        return field_name in self.columns


def _column_indexes(table: SourceTable, cmap: ColumnMap) -> dict[str, int]:
    out: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        target = cmap.field_of(header)
        if target and target not in out:
            out[target] = index
    return out


def header_problems(table: SourceTable, cmap: ColumnMap) -> list[ImportProblem]:
    unit = table.unit
    if not table.headers or not any(table.headers):
        return [ImportProblem(table.header_number, "", "The file is empty; the first line must name the columns.")]
    dupes = sorted({h for h in table.headers if h and table.headers.count(h) > 1})
    if dupes:
        return [
            ImportProblem(table.header_number, ", ".join(dupes), "Column named twice in the header; keep one.", unit)
        ]
    missing = cmap.missing()
    if missing:
        return [
            ImportProblem(
                table.header_number,
                ", ".join(missing),
                "Required column missing from the header line; add it (or choose which column holds it).",
                unit,
            )
        ]
    twice = cmap.twice()
    if twice:
        names = ", ".join(FIELD_LABELS[f] for f in twice)
        return [ImportProblem(table.header_number, names, "Two columns are mapped to this field; keep one.", unit)]
    return []


def questions(table: SourceTable, cmap: ColumnMap, ref: ReferenceData) -> list[ValueQuestion]:
    """Each distinct value of the value columns that matches nothing (and has no choice yet), most rows first."""
    resolver = ValueResolver(ref, cmap)
    columns = _column_indexes(table, cmap)
    seen: dict[tuple[str, str], list[int]] = {}
    for row in table.rows:
        r = _Row(table, row, columns)
        service_raw = r.text("service")
        service = resolver.match("service", service_raw).target if service_raw else None
        for field_name in ("service", "kind", "category", "harm", "location"):
            raw = r.text(field_name)
            if not raw or not r.has(field_name):
                continue
            if field_name == "location" and service is None:
                continue
            sid = resolver.service_ids.get(service or "")
            if resolver.chosen(field_name, raw) == CREATE or resolver.match(field_name, raw, sid).target:
                continue
            seen.setdefault((field_name, raw), [0, row.number])[0] += 1
    out = []
    for (field_name, raw), (count, first) in seen.items():
        sid = None
        matcher = resolver._matcher(field_name, sid) if field_name != "location" else None
        suggestions = matcher.suggest(raw) if matcher else _location_suggestions(resolver, raw)
        out.append(ValueQuestion(field_name, raw, count, first, suggestions, field_name in ("service", "location")))
    return sorted(out, key=lambda q: (VALUE_FIELDS.index(q.field), -q.rows, q.raw))


def _location_suggestions(resolver: ValueResolver, raw: str) -> tuple[str, ...]:
    names = NameMatcher(loc.name for loc in resolver.ref.locations if loc.active)
    return names.suggest(raw)


def _nearest(match: Match) -> str:
    return f" The nearest: {', '.join(match.suggestions)}." if match.suggestions else ""


def build_plan(
    table: SourceTable,
    cmap: ColumnMap,
    ref: ReferenceData,
    now: datetime,
    create_missing: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    plan = ImportPlan()
    plan.unknown_columns = [h for h in table.headers if h and not cmap.field_of(h)]
    plan.problems.extend(header_problems(table, cmap))
    if plan.problems:
        return plan
    plan.problems.extend(ImportProblem(e.number, "", e.message, table.unit) for e in table.errors)
    resolver = ValueResolver(ref, cmap, create_missing)
    columns = _column_indexes(table, cmap)
    width = len(table.headers)
    references_seen: dict[str, int] = {}
    total = len(table.rows)
    for done, row in enumerate(table.rows):
        if progress is not None and done % 500 == 0:
            progress(done, total)
        if len(row.cells) > width and any(text_of(c) for c in row.cells[width:]):
            plan.problems.append(
                ImportProblem(row.number, "", "This line has more values than the header has columns.", table.unit)
            )
            continue
        r = _Row(table, row, columns)
        item = _plan_row(r, resolver, plan, now, references_seen)
        if r.problems:
            plan.problems.extend(r.problems)
        elif item is not None:
            plan.items.append(item)
            plan.lines.append(row.number)
    if not plan.items and not plan.problems:
        plan.problems.append(ImportProblem(0, "", "The file has a header but no incidents."))
    return plan


def _when(r: _Row) -> datetime | None:
    try:
        if r.has("occurred_at") and r.text("occurred_at"):
            return _when_cell(r.cell("occurred_at"))
        if r.has("date") and r.text("date"):
            day = _date_cell(r.cell("date"))
            if r.has("time") and r.text("time"):
                return datetime.combine(day, _time_cell(r.cell("time")))
            if r.has("time"):
                r.bad("time", "Empty; give the time it happened (HH:MM).")
                return None
            raise ValueError("this date has no time; map a Time column or give date and time in one column")
    except ValueError as exc:
        r.bad("occurred_at" if r.has("occurred_at") else "date", str(exc))
        return None
    r.bad("occurred_at" if r.has("occurred_at") else "date", "Empty; give when it happened.")
    return None


def _plan_row(
    r: _Row, resolver: ValueResolver, plan: ImportPlan, now: datetime, references_seen: dict[str, int]
) -> LoadItem | None:
    occurred = _when(r)
    reported = None
    if r.text("reported_at"):
        try:
            reported = _when_cell(r.cell("reported_at"))
        except ValueError as exc:
            r.bad("reported_at", str(exc))
    kind = None
    raw_kind = r.text("kind")
    if not raw_kind:
        r.bad("kind", f"Empty; give the kind ({KIND_HELP[4:]}).")
    else:
        hit = resolver.match("kind", raw_kind)
        if hit.target:
            kind = kind_of(hit.target)
        else:
            r.bad("kind", f"'{raw_kind}' is not a kind; {KIND_HELP}.")
    harm = PhysicalHarm.NONE
    raw_harm = r.text("harm")
    if raw_harm:
        hit = resolver.match("harm", raw_harm)
        if hit.target:
            harm = harm_of(hit.target)
        else:
            r.bad("harm", f"'{raw_harm}' is not a harm level; {HARM_HELP}.")
    category_id = None
    raw_category = r.text("category")
    hit = resolver.match("category", raw_category)
    if hit.target:
        category_id = resolver.category_ids[hit.target]
    elif normalise(raw_category) == "near miss":
        r.bad(
            "category",
            "A near miss is a kind, not a category: put 'near miss' in the kind column and what nearly happened "
            "(for example Fall or Medication) as the category.",
        )
    elif not raw_category:
        r.bad("category", "Empty; give the category (the Lists tab shows them).")
    else:
        r.bad(
            "category",
            f"'{raw_category}' is not a category in CareLog; check the spelling or choose which category it "
            f"means.{_nearest(hit)}",
        )
    service_name = r.text("service")
    service_id: int | None = None
    service_hit = resolver.match("service", service_name) if service_name else None
    if not service_name:
        r.bad("service", "Empty; give the service (home) name.")
    elif service_hit and service_hit.target:
        service_id = resolver.service_ids[service_hit.target]
    elif resolver.wants_create("service", service_name):
        plan.missing_services.add(service_name)
        service_id = -1
    else:
        assert service_hit is not None
        r.bad(
            "service",
            f"'{service_name}' is not a service in CareLog; check the spelling, or choose which service it means or "
            f"to create it (command line: --create-missing).{_nearest(service_hit)}",
        )
    location_id: int | None = None
    loc_name = r.text("location")
    if loc_name and service_id is not None and service_id > 0:
        hit = resolver.match("location", loc_name, service_id)
        assert service_hit is not None and service_hit.target is not None
        if hit.target:
            location_id = resolver.location_id(service_id, hit.target)
        elif resolver.wants_create("location", loc_name):
            plan.missing_locations.add((service_hit.target, loc_name))
        else:
            r.bad(
                "location",
                f"'{loc_name}' is not a location of {service_hit.target}; check the spelling, or choose which "
                f"location it means or to create it (command line: --create-missing).{_nearest(hit)}",
            )
    elif loc_name and service_id == -1:
        plan.missing_locations.add((service_name, loc_name))
    person_ids: list[int] = []
    for code in filter(None, (c.strip() for c in re.split(r"[;,]", r.text("person")))):
        person = resolver.people.get(code.lower())
        if person is not None:
            person_ids.append(person.id)
        elif resolver.wants_create("person", code):
            plan.missing_people.add((code, service_name))
        else:
            r.bad("person", f"No person with ID code '{code}'; use the person's ID code (not their name).")
    reference = r.text("reference") or None
    if reference:
        if not REFERENCE_PATTERN.fullmatch(reference):
            r.bad("reference", f"'{reference}' is not a reference like INC-2025-0042.")
        elif reference in references_seen:
            r.bad("reference", f"{reference} is also on line {references_seen[reference]}; references are unique.")
        else:
            references_seen[reference] = r.row.number
    data = IncidentInput(
        kind=kind,
        category_id=category_id,
        occurred_at=occurred,
        reported_at=reported,
        service_id=service_id,
        location_id=location_id,
        account=r.text("description"),
        reporter_name=r.text("reported_by"),
        person_ids=tuple(person_ids),
        witnesses=r.text("witnesses"),
        immediate_action=r.text("immediate_action"),
        physical_harm=harm,
    )
    if service_id != -1:
        flagged = {p.column for p in r.problems}
        if flagged & {r.header(f) for f in ("occurred_at", "date", "time") if r.has(f)}:
            flagged |= {r.header("occurred_at"), r.header("date")}
        try:
            validate_incident(data, resolver.ref, now)
        except ValidationError as exc:
            for key, message in exc.errors.items():
                target = VALIDATION_FIELDS.get(key, key)
                if target == "occurred_at" and not r.has("occurred_at"):
                    target = "date"
                if r.header(target) not in flagged:
                    r.bad(target, message)
    return None if r.problems else LoadItem(data, reference=reference)
