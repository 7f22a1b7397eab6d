"""Triage input rules and targets."""

from __future__ import annotations

from datetime import datetime

import pytest

from carelog.core.enums import PhysicalHarm
from carelog.core.errors import ValidationError
from carelog.core.triage import CheckAnswer, TriageDecision, TriageInput, triage_due, validate_triage

OK = TriageInput(PhysicalHarm.LOW, 2, 3, CheckAnswer.YES, CheckAnswer.NOT_NEEDED, True,
                 (TriageDecision.NO_FURTHER_ACTION,), "  Minor, care plan already covers it. ")  # fmt: skip


def test_valid_input_is_trimmed() -> None:
    assert validate_triage(OK).reason == "Minor, care plan already covers it."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"decisions": ()}, "decision"),
        ({"decisions": (TriageDecision.NO_FURTHER_ACTION, TriageDecision.DUTY_OF_CANDOUR)}, "decision"),
        ({"notifications_checked": False}, "notifications"),
        ({"care_plan": None}, "care_plan"),
        ({"risk_likelihood": None}, "risk"),
        ({"risk_consequence": 7}, "risk"),
        ({"decisions": (TriageDecision.LEARNING_RESPONSE,), "review_title": " "}, "review_title"),
    ],
)
def test_what_to_fix(changes: dict, field: str) -> None:  # type: ignore[type-arg]
    from dataclasses import replace

    with pytest.raises(ValidationError) as err:
        validate_triage(replace(OK, **changes))
    assert field in err.value.errors


def test_target_is_shorter_for_moderate_harm_or_worse() -> None:
    at = datetime(2026, 3, 13, 14, 0)
    assert triage_due(at, PhysicalHarm.LOW, 72, 24) == datetime(2026, 3, 16, 14, 0)
    assert triage_due(at, PhysicalHarm.MODERATE, 72, 24) == datetime(2026, 3, 14, 14, 0)
