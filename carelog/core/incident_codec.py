"""The one converter between `IncidentInput` and its other forms.

- stored fields: the column values of an incident row (enum values, trimmed text, body sites joined), read and
  written by carelog/db/repositories/incidents.py;
- the draft: plain JSON-able values the report form autosaves (carelog/services/drafts.py), read back leniently
  because a draft may have been written by an older CareLog;
- `stored(data)`: what reading a record back gives after saving `data` (the edit audit compares these).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from carelog.core.dto import IncidentInput, NotificationInput
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm, PsychologicalHarm

# Columns of the incident row that hold the input (the row also holds reference, status, shift, risk score...).
STORED_FIELDS = (
    "kind",
    "category_id",
    "subcategory_id",
    "occurred_at",
    "service_id",
    "location_id",
    "reporter_name",
    "account",
    "immediate_action",
    "witnesses",
    "injury",
    "body_sites",
    "post_fall_observations",
    "physical_harm",
    "psychological_harm",
    "risk_consequence",
    "risk_likelihood",
    "risk_assessment_reviewed",
    "care_plan_reviewed",
)


# ------------------------------------------------------------------------------------------ storage
def to_fields(data: IncidentInput) -> dict[str, Any]:
    """The incident row's column values for `data` (keys: STORED_FIELDS; a literal, as bulk loads call it per row)."""
    assert data.kind is not None, "validate the input before storing it"
    return {
        "kind": data.kind.value,
        "category_id": data.category_id,
        "subcategory_id": data.subcategory_id,
        "occurred_at": data.occurred_at,
        "service_id": data.service_id,
        "location_id": data.location_id,
        "reporter_name": data.reporter_name,
        "account": data.account.strip(),
        "immediate_action": data.immediate_action.strip(),
        "witnesses": data.witnesses.strip(),
        "injury": data.injury,
        "body_sites": ",".join(data.body_sites),
        "post_fall_observations": data.post_fall_observations.strip(),
        "physical_harm": data.physical_harm.value,
        "psychological_harm": data.psychological_harm.value,
        "risk_consequence": data.risk_consequence,
        "risk_likelihood": data.risk_likelihood,
        "risk_assessment_reviewed": data.risk_assessment_reviewed,
        "care_plan_reviewed": data.care_plan_reviewed,
    }


def from_fields(
    fields: Mapping[str, Any],
    *,
    reported_at: datetime | None,
    person_ids: Iterable[int],
    notifications: Iterable[NotificationInput],
) -> IncidentInput:
    """An `IncidentInput` from an incident row's column values (as to_fields writes them) and its children."""
    values = {name: fields[name] for name in STORED_FIELDS}
    values["kind"] = Kind(values["kind"])
    values["physical_harm"] = PhysicalHarm(values["physical_harm"])
    values["psychological_harm"] = PsychologicalHarm(values["psychological_harm"])
    values["body_sites"] = tuple(s for s in values["body_sites"].split(",") if s)
    return IncidentInput(
        **values, reported_at=reported_at, person_ids=tuple(person_ids), notifications=tuple(notifications)
    )


def notification_fields(n: NotificationInput) -> dict[str, Any]:
    """The notification row's column values (without the incident id)."""
    return {"kind": n.kind.value, "made_at": n.made_at, "reference": n.reference, "note": n.note}


def notification_from_fields(kind: str, made_at: datetime | None, reference: str, note: str) -> NotificationInput:
    return NotificationInput(NotificationKind(kind), made_at, reference, note)


def stored(data: IncidentInput) -> IncidentInput:
    """`data` as it reads back once saved (trimmed text; people in order, once each)."""
    return from_fields(
        to_fields(data),
        reported_at=data.reported_at,
        person_ids=dict.fromkeys(data.person_ids),
        notifications=data.notifications,
    )


# ------------------------------------------------------------------------------------------ draft
def to_draft(data: IncidentInput) -> dict[str, Any]:
    """Plain JSON-able values for the autosaved draft (every field of IncidentInput)."""
    return {
        "kind": data.kind.value if data.kind else None,
        "category_id": data.category_id,
        "subcategory_id": data.subcategory_id,
        "occurred_at": _iso(data.occurred_at),
        "reported_at": _iso(data.reported_at),
        "service_id": data.service_id,
        "location_id": data.location_id,
        "reporter_name": data.reporter_name,
        "person_ids": list(data.person_ids),
        "witnesses": data.witnesses,
        "account": data.account,
        "immediate_action": data.immediate_action,
        "injury": data.injury,
        "body_sites": list(data.body_sites),
        "post_fall_observations": data.post_fall_observations,
        "physical_harm": data.physical_harm.value,
        "psychological_harm": data.psychological_harm.value,
        "risk_consequence": data.risk_consequence,
        "risk_likelihood": data.risk_likelihood,
        "notifications": [
            {"kind": n.kind.value, "made_at": _iso(n.made_at) or "", "reference": n.reference, "note": n.note}
            for n in data.notifications
        ],
        "risk_assessment_reviewed": data.risk_assessment_reviewed,
        "care_plan_reviewed": data.care_plan_reviewed,
    }


def from_draft(values: Mapping[str, Any]) -> IncidentInput:
    """An `IncidentInput` from draft values. Lenient: a missing or unreadable value gives the field's default
    (None for ids and times), so an old or damaged draft still restores what it can."""
    v = values
    return IncidentInput(
        kind=_parse(Kind, v.get("kind")),
        category_id=_int(v.get("category_id")),
        subcategory_id=_int(v.get("subcategory_id")),
        occurred_at=_parse(datetime.fromisoformat, v.get("occurred_at")),
        reported_at=_parse(datetime.fromisoformat, v.get("reported_at")),
        service_id=_int(v.get("service_id")),
        location_id=_int(v.get("location_id")),
        reporter_name=_str(v.get("reporter_name")),
        person_ids=tuple(i for i in (_int(x) for x in _list(v.get("person_ids"))) if i is not None),
        witnesses=_str(v.get("witnesses")),
        account=_str(v.get("account")),
        immediate_action=_str(v.get("immediate_action")),
        injury=bool(v.get("injury")),
        body_sites=tuple(s for s in _list(v.get("body_sites")) if isinstance(s, str) and s),
        post_fall_observations=_str(v.get("post_fall_observations")),
        physical_harm=_parse(PhysicalHarm, v.get("physical_harm")) or PhysicalHarm.NONE,
        psychological_harm=_parse(PsychologicalHarm, v.get("psychological_harm")) or PsychologicalHarm.NONE,
        risk_consequence=_int(v.get("risk_consequence")),
        risk_likelihood=_int(v.get("risk_likelihood")),
        notifications=tuple(n for n in (_notification(x) for x in _list(v.get("notifications"))) if n is not None),
        risk_assessment_reviewed=bool(v.get("risk_assessment_reviewed")),
        care_plan_reviewed=bool(v.get("care_plan_reviewed")),
    )


def _notification(value: object) -> NotificationInput | None:
    if not isinstance(value, Mapping):
        return None
    kind = _parse(NotificationKind, value.get("kind"))
    if kind is None:
        return None
    made_at = _parse(datetime.fromisoformat, value.get("made_at"))
    return NotificationInput(kind, made_at, _str(value.get("reference")), _str(value.get("note")))


T = TypeVar("T")


def _parse(parse: Callable[[Any], T], value: object) -> T | None:
    if value is None or value == "":
        return None
    try:
        return parse(value)
    except (TypeError, ValueError):
        return None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
