"""Core rules: NPSA risk matrix, shifts, enum parsing, form validation."""

from __future__ import annotations

from datetime import datetime

import pytest

from carelog.core.dto import CategoryRef, IncidentInput, LocationRef, PersonRef, ReferenceData, ServiceRef
from carelog.core.enums import Kind, PhysicalHarm, Shift
from carelog.core.errors import ValidationError
from carelog.core.risk import risk_band, risk_score
from carelog.core.shifts import shift_for
from carelog.core.validation import validate_incident


@pytest.mark.parametrize(
    ("c", "lk", "band"),
    [
        (1, 1, "Low"),
        (1, 3, "Low"),
        (2, 2, "Moderate"),
        (2, 3, "Moderate"),
        (2, 4, "High"),
        (3, 4, "High"),
        (3, 5, "Extreme"),
        (5, 5, "Extreme"),
    ],
)
def test_risk_bands_follow_the_npsa_matrix(c: int, lk: int, band: str) -> None:
    assert risk_band(risk_score(c, lk)).name == band


def test_risk_score_rejects_out_of_range() -> None:
    with pytest.raises(ValueError):
        risk_score(6, 1)


@pytest.mark.parametrize(
    ("hour", "minute", "shift"),
    [
        (7, 0, Shift.EARLY),
        (14, 29, Shift.EARLY),
        (14, 30, Shift.LATE),
        (21, 29, Shift.LATE),
        (21, 30, Shift.NIGHT),
        (3, 0, Shift.NIGHT),
        (6, 59, Shift.NIGHT),
    ],
)
def test_shift_is_derived_from_the_time(hour: int, minute: int, shift: Shift) -> None:
    assert shift_for(datetime(2026, 1, 5, hour, minute)) == shift


@pytest.mark.parametrize("text", ["near miss", "Near_Miss", "near-miss", "NEAR MISS"])
def test_kind_parse_accepts_values_and_labels(text: str) -> None:
    assert Kind.parse(text) == Kind.NEAR_MISS


REF = ReferenceData(
    services=(ServiceRef(1, "Oak House"), ServiceRef(2, "Birch Court")),
    locations=(LocationRef(10, 1, "Lounge"), LocationRef(20, 2, "Dining room")),
    people=(PersonRef(5, "OH-001", "Test Person", 1),),
    categories=(CategoryRef(3, "Fall"),),
)
NOW = datetime(2026, 6, 1, 12, 0)


def _input(**kw: object) -> IncidentInput:
    base: dict[str, object] = dict(
        kind=Kind.INCIDENT,
        category_id=3,
        occurred_at=datetime(2026, 6, 1, 9, 0),
        service_id=1,
        account="Found on the floor in the lounge",
        location_id=10,
    )
    base.update(kw)
    return IncidentInput(**base)  # type: ignore[arg-type]


def test_a_complete_report_is_valid() -> None:
    validate_incident(_input(physical_harm=PhysicalHarm.LOW, person_ids=(5,)), REF, NOW)


def test_each_missing_essential_gets_its_own_message() -> None:
    with pytest.raises(ValidationError) as err:
        validate_incident(_input(kind=None, category_id=None, occurred_at=None, account="fell"), REF, NOW)
    assert set(err.value.errors) == {"kind", "category_id", "occurred_at", "account"}
    assert "at least 10 characters" in err.value.errors["account"]


def test_future_time_location_of_other_service_and_half_risk_are_refused() -> None:
    with pytest.raises(ValidationError) as err:
        validate_incident(_input(occurred_at=datetime(2026, 6, 2, 9, 0), location_id=20, risk_consequence=3), REF, NOW)
    assert "future" in err.value.errors["occurred_at"]
    assert "not in the chosen service" in err.value.errors["location_id"]
    assert "both" in err.value.errors["risk"]
