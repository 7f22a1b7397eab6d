"""TriageService on a real database: care staff are refused (and the refusal audited), a manager's triage is saved
and audited on the incident, corrections reach the incident, a learning response opens a review in the same
transaction, an incident is triaged once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from carelog.core.dto import Actor, IncidentInput
from carelog.core.enums import Kind, PhysicalHarm, Role, Status
from carelog.core.errors import ConflictError, PermissionDenied, ValidationError
from carelog.core.triage import CheckAnswer, TriageDecision, TriageInput
from carelog.db.repositories import audit
from carelog.services.registry import Services
from tests.conftest import Home

pytestmark = pytest.mark.usefixtures("staff")
REPORTED = datetime(2026, 4, 20, 10, 0)
CARER = Actor(7, "Carer Jo", Role.CARE_STAFF)


@pytest.fixture
def incident(services: Services, home: Home) -> int:
    services.ctx.clock = lambda: REPORTED
    fall = next(c for c in services.incidents.reference_data().categories if c.name == "Fall")
    data = IncidentInput(
        kind=Kind.INCIDENT,
        category_id=fall.id,
        occurred_at=REPORTED - timedelta(hours=1),
        service_id=home.service_id,
        location_id=home.lounge_id,
        account="Found on the floor beside the armchair.",
        physical_harm=PhysicalHarm.LOW,
        risk_consequence=2,
        risk_likelihood=2,
    )
    return services.incidents.report(data).id


def _input(**changes) -> TriageInput:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    base = TriageInput(PhysicalHarm.LOW, 2, 2, CheckAnswer.YES, CheckAnswer.NOT_NEEDED, True,
                       (TriageDecision.NO_FURTHER_ACTION,), "Low harm; falls care plan up to date.")  # fmt: skip
    return replace(base, **changes)


def _history(services: Services, incident_id: int):  # type: ignore[no-untyped-def]
    with services.ctx.unit() as session:
        return audit.history(session, "incident", incident_id)


def test_care_staff_cannot_triage_and_the_refusal_is_audited(services: Services, incident: int) -> None:
    services.ctx.identity.actor = CARER
    with pytest.raises(PermissionDenied, match="Care staff accounts cannot triage"):
        services.triage.triage(incident, _input())
    services.ctx.identity.actor = Actor(1, "Test Manager", Role.MANAGER)
    assert services.triage.get(incident) is None
    denied = [e for e in _history(services, incident) if e.action == "denied"]
    assert denied and denied[0].actor_name == "Carer Jo" and denied[0].field == "triage"


def test_manager_triage_is_saved_and_audited_within_target(services: Services, incident: int) -> None:
    services.ctx.clock = lambda: REPORTED + timedelta(hours=5)
    saved = services.triage.triage(incident, _input())
    assert saved.triaged_by == "Test Manager" and saved.target_hours == 72 and saved.within_target
    assert saved.decisions == (TriageDecision.NO_FURTHER_ACTION,) and not saved.harm_corrected
    trail = {(e.action, e.field): e.new_value for e in _history(services, incident)}
    assert trail[("triage", "decision")] == "No further action"
    assert trail[("triage", "reason")] == "Low harm; falls care plan up to date."
    assert trail[("triage", "target")] == "72 hours, met"
    assert services.incidents.get(incident).data.care_plan_reviewed is True
    with pytest.raises(ConflictError, match="already been triaged"):
        services.triage.triage(incident, _input())


def test_correcting_harm_and_risk_updates_the_incident(services: Services, incident: int) -> None:
    services.ctx.clock = lambda: REPORTED + timedelta(hours=30)
    version = services.incidents.get(incident).version
    saved = services.triage.triage(
        incident,
        _input(
            physical_harm=PhysicalHarm.MODERATE,
            risk_consequence=3,
            risk_likelihood=4,
            decisions=(TriageDecision.DUTY_OF_CANDOUR,),
            reason="",
        ),  # fmt: skip
        expected_version=version,
    )
    assert saved.harm_corrected and saved.harm_recorded == PhysicalHarm.LOW and saved.risk_score == 12
    detail = services.incidents.get(incident)
    assert detail.data.physical_harm == PhysicalHarm.MODERATE and detail.risk_score == 12
    assert detail.version == version + 1
    changes = {e.field: (e.old_value, e.new_value) for e in detail.audit if e.action == "update"}
    assert changes["physical_harm"] == ("Low", "Moderate") and changes["risk_likelihood"] == ("2", "4")


def test_stale_version_is_refused_and_nothing_is_saved(services: Services, incident: int) -> None:
    with pytest.raises(ConflictError, match="changed by someone else"):
        services.triage.triage(incident, _input(), expected_version=99)
    assert services.triage.get(incident) is None


def test_learning_response_opens_a_review_in_the_same_transaction(services: Services, incident: int) -> None:
    services.ctx.clock = lambda: REPORTED + timedelta(days=4)
    saved = services.triage.triage(
        incident,
        _input(decisions=(TriageDecision.LEARNING_RESPONSE,), reason="", review_title="Fall in the lounge"),
    )
    assert saved.review_id is not None and not saved.within_target
    review = services.reviews.get(saved.review_id)
    assert review.title == "Fall in the lounge" and [i.id for i in review.incidents] == [incident]
    assert services.incidents.get(incident).status == Status.UNDER_REVIEW


def test_invalid_triage_says_what_to_fix(services: Services, incident: int) -> None:
    with pytest.raises(ValidationError) as err:
        services.triage.triage(incident, _input(reason="", notifications_checked=False))
    assert set(err.value.errors) == {"reason", "notifications"}


def test_targets_come_from_settings(services: Services) -> None:
    assert services.triage.targets() == (72, 24)
    services.ctx.identity.actor = Actor(9, "Test Admin", Role.ADMIN)
    services.settings.set("triage.target_hours", 48)
    assert services.triage.targets() == (48, 24)
