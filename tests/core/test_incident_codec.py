"""The one converter between IncidentInput, the incident row's fields and the form's autosaved draft."""

from __future__ import annotations

import json
from datetime import datetime

from carelog.core import incident_codec as codec
from carelog.core.dto import IncidentInput, NotificationInput
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm, PsychologicalHarm

FULL = IncidentInput(
    kind=Kind.INCIDENT,
    category_id=3,
    subcategory_id=31,
    occurred_at=datetime(2028, 2, 29, 23, 59),
    reported_at=datetime(2028, 3, 1, 0, 20),
    service_id=1,
    location_id=2,
    reporter_name="Carer Jo",
    person_ids=(5, 4),
    witnesses="Sam Whitaker",
    account="Found on the floor beside the bed, said she slipped.",
    immediate_action="Checked for injury, hoisted, nurse called.",
    injury=True,
    body_sites=("hip-right", "knee-left"),
    post_fall_observations="Pulse 78 at 00:05.",
    physical_harm=PhysicalHarm.LOW,
    psychological_harm=PsychologicalHarm.LOW,
    risk_consequence=2,
    risk_likelihood=4,
    notifications=(
        NotificationInput(NotificationKind.FAMILY, datetime(2028, 3, 1, 8, 0), "", "Daughter asked for a call back"),
    ),
    risk_assessment_reviewed=True,
    care_plan_reviewed=True,
)


def test_draft_round_trip_keeps_every_field_through_json() -> None:
    draft = json.loads(json.dumps(codec.to_draft(FULL)))
    assert codec.from_draft(draft) == FULL


def test_stored_fields_round_trip() -> None:
    fields = codec.to_fields(FULL)
    assert set(fields) == set(codec.STORED_FIELDS)
    assert fields["kind"] == "incident" and fields["body_sites"] == "hip-right,knee-left"
    back = codec.from_fields(
        fields, reported_at=FULL.reported_at, person_ids=FULL.person_ids, notifications=FULL.notifications
    )
    assert back == FULL
    note = codec.notification_fields(FULL.notifications[0])
    assert codec.notification_from_fields(**note) == FULL.notifications[0]


def test_stored_trims_text_and_lists_each_person_once() -> None:
    messy = IncidentInput(
        Kind.HAZARD, 1, datetime(2027, 6, 15, 0, 30), 1, "  Wet floor by the lift.  ", person_ids=(4, 4, 2)
    )
    assert codec.stored(messy).account == "Wet floor by the lift."
    assert codec.stored(messy).person_ids == (4, 2)


def test_an_old_or_damaged_draft_restores_what_it_can() -> None:
    draft = {
        "kind": "no-such-kind",
        "category_id": "3",
        "occurred_at": "yesterday",
        "account": "Half-written",
        "person_ids": [1, "x", None, 2],
        "physical_harm": "moderate",
        "notifications": [{"kind": "police", "made_at": "", "reference": "CAD 118"}, {"kind": "?"}, "junk"],
        "more_open": True,
    }
    data = codec.from_draft(draft)
    assert data.kind is None and data.category_id is None and data.occurred_at is None
    assert data.account == "Half-written" and data.person_ids == (1, 2)
    assert data.physical_harm == PhysicalHarm.MODERATE
    assert data.notifications == (NotificationInput(NotificationKind.POLICE, None, "CAD 118", ""),)
    assert codec.from_draft({}) == IncidentInput(None, None, None, None, "")
