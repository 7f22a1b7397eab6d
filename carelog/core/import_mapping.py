"""Which column of the file holds which CareLog field, found from the header words people use; saved as MAP.json.

A mapping is keyed by the header text, so the same MAP.json fits next month's file from the same spreadsheet.
It also keeps the value choices made in the wizard ("Falls" -> "Fall", create "Elm Lodge") for the next file.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any

IGNORE = ""
CREATE = "<create>"  # a value choice: add this value to CareLog's lists
MAP_VERSION = 1

# field -> label shown to the person
FIELD_LABELS: dict[str, str] = {
    "occurred_at": "Date and time",
    "date": "Date",
    "time": "Time",
    "service": "Service (home)",
    "location": "Location",
    "kind": "Kind",
    "category": "Category",
    "harm": "Harm",
    "description": "What happened",
    "person": "People (ID codes)",
    "reference": "Reference",
    "reported_at": "Reported at",
    "immediate_action": "Immediate action",
    "reported_by": "Reported by",
    "witnesses": "Witnesses",
}
FIELDS = tuple(FIELD_LABELS)
REQUIRED = ("occurred_at", "service", "location", "kind", "category", "harm", "description")

# header words (normalised) -> field
HEADER_WORDS: dict[str, str] = {}
for _field, _words in {
    "occurred_at": "occurred at|date time|datetime|date and time|when|incident date time|date time of incident"
    "|occurred|date time occurred",
    "date": "date|incident date|date of incident|occurred on|day|event date",
    "time": "time|incident time|time of incident|time occurred",
    "service": "service|home|care home|site|service name|home name|setting|branch",
    "location": "location|unit|area|room|where|place|wing|floor|location in home",
    "kind": "kind|type|record type|record kind|kind of record|event type",
    "category": "category|incident category|incident type|categories|subject|what kind",
    "harm": "harm|severity|harm level|level of harm|degree of harm|physical harm|injury severity|outcome",
    "description": "description|what happened|details|account|summary|narrative|incident details|notes"
    "|incident description",
    "person": "person|resident|id|person id|resident id|service user|person code|resident code|people|client",
    "reference": "reference|ref|incident ref|incident reference|incident number|incident no|ref no",
    "reported_at": "reported at|reported on|date reported|reported",
    "immediate_action": "immediate action|action taken|actions taken|action|immediate actions",
    "reported_by": "reported by|reporter|staff member|completed by|reporting staff",
    "witnesses": "witnesses|witness|witnessed by",
}.items():
    for _w in _words.split("|"):
        HEADER_WORDS[_w] = _field


def normalise_header(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def guess_field(header: str) -> str:
    """The field a header names, or IGNORE; tolerant of case, punctuation and small typing slips."""
    key = normalise_header(header)
    if not key:
        return IGNORE
    if key in HEADER_WORDS:
        return HEADER_WORDS[key]
    close = difflib.get_close_matches(key, list(HEADER_WORDS), n=1, cutoff=0.85)
    return HEADER_WORDS[close[0]] if close else IGNORE


@dataclass
class ColumnMap:
    """header text -> field (IGNORE for a column left out), plus the value choices made for this file."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> raw value -> CareLog value or CREATE

    def field_of(self, header: str) -> str:
        return self.columns.get(header, IGNORE)

    def fields(self) -> set[str]:
        return {f for f in self.columns.values() if f}

    def has_when(self) -> bool:
        return "occurred_at" in self.fields() or "date" in self.fields()

    def missing(self) -> list[str]:
        """Required fields no column maps to (a date column, with or without a time column, gives the time)."""
        have = self.fields()
        return [f for f in REQUIRED if f not in have and not (f == "occurred_at" and self.has_when())]

    def twice(self) -> list[str]:
        used = [f for f in self.columns.values() if f]
        return sorted({f for f in used if used.count(f) > 1})

    def choose(self, field_name: str, raw: str, target: str) -> None:
        self.values.setdefault(field_name, {})[raw] = target

    def choice(self, field_name: str, raw: str) -> str | None:
        return self.values.get(field_name, {}).get(raw)

    def to_json(self) -> str:
        return json.dumps({"carelog_map": MAP_VERSION, "columns": self.columns, "values": self.values}, indent=2)

    @classmethod
    def from_json(cls, text: str) -> ColumnMap:
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"The mapping file is not valid JSON (line {exc.lineno}); save it again.") from None
        if not isinstance(data, dict) or data.get("carelog_map") != MAP_VERSION:
            raise ValueError("This is not a CareLog column mapping (MAP.json saved by the import wizard).")
        columns = data.get("columns", {})
        values = data.get("values", {})
        unknown = sorted({f for f in columns.values() if f and f not in FIELD_LABELS})
        if unknown:
            raise ValueError(f"The mapping names fields CareLog does not have: {', '.join(unknown)}.")
        return cls(
            {str(k): str(v) for k, v in columns.items()},
            {str(f): {str(k): str(v) for k, v in m.items()} for f, m in values.items()},
        )


def auto_map(headers: tuple[str, ...] | list[str], saved: ColumnMap | None = None) -> ColumnMap:
    """Each header's field: from a saved mapping where it names the header, else guessed; a field claimed by an
    earlier column is not given to a later one (the person can still choose it by hand)."""
    result = ColumnMap(values={f: dict(m) for f, m in (saved.values if saved else {}).items()})
    taken: set[str] = set()
    for header in headers:
        if saved is not None and header in saved.columns:
            target = saved.columns[header]
        else:
            target = guess_field(header)
            if target in taken:
                target = IGNORE
        if target:
            taken.add(target)
        result.columns[header] = target
    return result
