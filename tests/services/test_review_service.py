"""ReviewService on a real database (SQLite, and PostgreSQL when configured): opening a review moves incidents
under review, saving keeps factor ids and audits changes, sign-off is for managers only and moves incidents on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from carelog.core.dto import Actor, IncidentInput
from carelog.core.enums import Kind, PhysicalHarm, Role, Status
from carelog.core.errors import ConflictError, PermissionDenied, ValidationError
from carelog.core.review_dto import (
    CaseStudy,
    FactorInput,
    LearningSharedInput,
    ParticipantInput,
    ParticipantKind,
    ResponseType,
    ReviewStatus,
    SharedMethod,
)
from carelog.db.repositories import audit
from carelog.services.registry import Services
from tests.conftest import Home

pytestmark = pytest.mark.usefixtures("staff")
NOW = datetime(2026, 4, 20, 10, 0)


def _report(services: Services, home: Home, occurred: datetime, location_id: int | None = None) -> int:
    fall = next(c for c in services.incidents.reference_data().categories if c.name == "Fall")
    data = IncidentInput(
        kind=Kind.INCIDENT,
        category_id=fall.id,
        occurred_at=occurred,
        service_id=home.service_id,
        location_id=location_id or home.lounge_id,
        account="Found on the floor beside the armchair, walking frame out of reach.",
        person_ids=(home.person_ids[0],),
        physical_harm=PhysicalHarm.LOW,
    )
    return services.incidents.report(data).id


@pytest.fixture
def falls(services: Services, home: Home) -> list[int]:
    services.ctx.clock = lambda: NOW
    return [_report(services, home, datetime(2026, 4, d, 15, 30)) for d in (2, 9, 16)]


def _filled(services: Services, review_id: int) -> None:
    detail = services.reviews.get(review_id)
    data = replace(
        detail.to_input(),
        factors=(FactorInput("env.layout", "Armchairs moved for the activity"), FactorInput("org.staffing", "")),
        problem_statement="Residents fell in the lounge in the afternoon",
        whys=("Nobody was in the lounge", "Staff were helping with teas", "  "),
        findings="The lounge is left unobserved between 15:00 and 16:00.",
        learning_points=("Keep one carer in the lounge at tea time",),
        participants=(ParticipantInput("Priya Shah", ParticipantKind.STAFF, "Deputy manager"),),
    )
    services.reviews.save(review_id, data, detail.version)


def test_open_review_moves_incidents_under_review_and_audits(services: Services, falls: list[int]) -> None:
    review = services.reviews.open_review(falls, "Falls in the main lounge")
    assert review.status == ReviewStatus.OPEN
    assert review.response_type == ResponseType.THEMATIC_REVIEW
    assert [i.status for i in review.incidents] == [Status.UNDER_REVIEW] * 3
    assert [i.reference for i in review.incidents] == ["INC-2026-0001", "INC-2026-0002", "INC-2026-0003"]
    assert [(a.action, a.field) for a in review.audit] == [
        ("create", "title"),
        ("create", "response_type"),
        ("create", "incidents"),
    ]
    incident_audit = services.incidents.get(falls[0]).audit
    assert ("status", "Reported", "Under review") in [(a.action, a.old_value, a.new_value) for a in incident_audit]
    assert services.reviews.list_reviews()[0].incident_count == 3
    assert services.reviews.list_reviews(text="0002")[0].id == review.id
    assert services.reviews.list_reviews(status=ReviewStatus.SIGNED_OFF) == []


def test_open_review_says_what_to_fix(services: Services, falls: list[int]) -> None:
    with pytest.raises(ValidationError) as exc:
        services.reviews.open_review([], "  ")
    assert set(exc.value.errors) == {"incidents", "title"}
    assert services.reviews.list_reviews() == []


def test_save_keeps_factor_ids_and_audits_each_change(services: Services, falls: list[int]) -> None:
    review = services.reviews.open_review(falls[:1], "Fall in the lounge")
    assert review.response_type == ResponseType.AFTER_ACTION_REVIEW
    _filled(services, review.id)
    saved = services.reviews.get(review.id)
    assert [f.prompt_code for f in saved.factors] == ["org.staffing", "env.layout"]  # checklist order
    assert saved.factors[1].ycff_domain.value == "physical_environment"
    assert saved.whys == ("Nobody was in the lounge", "Staff were helping with teas")
    layout_id = saved.factors[1].id
    again = replace(saved.to_input(), factors=(FactorInput("env.layout", "Chairs now back against the wall"),))
    after = services.reviews.save(review.id, again, saved.version)
    assert [(f.id, f.note) for f in after.factors] == [(layout_id, "Chairs now back against the wall")]
    fields = [(a.action, a.field) for a in after.audit]
    assert ("create", "factor.org.staffing") in fields and ("delete", "factor.org.staffing") in fields
    assert ("update", "factor.env.layout.note") in fields and ("update", "findings") in fields
    with pytest.raises(ConflictError):
        services.reviews.save(review.id, again, saved.version)


def test_care_staff_cannot_sign_off_and_the_refusal_is_audited(services: Services, falls: list[int]) -> None:
    review = services.reviews.open_review(falls, "Falls in the main lounge")
    _filled(services, review.id)
    version = services.reviews.get(review.id).version
    services.ctx.identity.actor = Actor(7, "Carer Jo", Role.CARE_STAFF)
    with pytest.raises(PermissionDenied):
        services.reviews.sign_off(review.id, version)
    services.ctx.identity.actor = Actor(1, "Test Manager", Role.MANAGER)
    detail = services.reviews.get(review.id)
    assert detail.status == ReviewStatus.OPEN
    assert ("denied", "sign_off_review") in [(a.action, a.field) for a in detail.audit]


def test_sign_off_needs_findings_and_learning(services: Services, falls: list[int]) -> None:
    review = services.reviews.open_review(falls, "Falls in the main lounge")
    with pytest.raises(ValidationError) as exc:
        services.reviews.sign_off(review.id, review.version)
    assert set(exc.value.errors) == {"findings", "learning_points", "factors"}
    assert services.reviews.get(review.id).status == ReviewStatus.OPEN


def test_sign_off_closes_incidents_without_actions_and_keeps_those_in_other_open_reviews(
    services: Services, falls: list[int]
) -> None:
    thematic = services.reviews.open_review(falls, "Falls in the main lounge")
    other = services.reviews.open_review(falls[2:], "Fall on 16 April")
    _filled(services, thematic.id)
    signed = services.reviews.sign_off(thematic.id, services.reviews.get(thematic.id).version)
    assert signed.status == ReviewStatus.SIGNED_OFF
    assert (signed.signed_off_by, signed.signed_off_at) == ("Test Manager", NOW)
    assert [i.status for i in signed.incidents] == [Status.CLOSED, Status.CLOSED, Status.UNDER_REVIEW]
    with pytest.raises(ValidationError):
        services.reviews.save(thematic.id, signed.to_input(), signed.version)
    _filled(services, other.id)
    done = services.reviews.sign_off(other.id, services.reviews.get(other.id).version)
    assert done.incidents[0].status == Status.CLOSED
    reopened = services.reviews.reopen(thematic.id, signed.version)
    assert [i.status for i in reopened.incidents] == [Status.UNDER_REVIEW] * 3


def test_learning_shared_and_case_study_after_sign_off(services: Services, falls: list[int]) -> None:
    review = services.reviews.open_review(falls, "Falls in the main lounge")
    _filled(services, review.id)
    signed = services.reviews.sign_off(review.id, services.reviews.get(review.id).version)
    with pytest.raises(ValidationError) as exc:
        services.reviews.add_learning_shared(
            review.id,
            LearningSharedInput(
                "Keep one carer in the lounge", SharedMethod.TEAM_MEETING, NOW.date() + timedelta(days=1)
            ),
        )
    assert "shared_on" in exc.value.errors
    shared = services.reviews.add_learning_shared(
        review.id,
        LearningSharedInput(
            "Keep one carer in the lounge at tea time",
            SharedMethod.TEAM_MEETING,
            date(2026, 4, 18),
            "Priya Shah",
            ("Sam Okafor", " ", "Jo Lewis"),
        ),
    )
    assert shared.learning_shared[0].confirmed_by == ("Sam Okafor", "Jo Lewis")
    case = CaseStudy("Three falls", "Thematic review with the team", "Lounge rota", "No falls in May")
    final = services.reviews.save_case_study(review.id, case, shared.version)
    assert final.case_study == case and final.version > signed.version
    assert {"case_study.context", "case_study.outcome"} <= {a.field for a in final.audit}
    removed = services.reviews.remove_learning_shared(review.id, final.learning_shared[0].id)
    assert removed.learning_shared == ()
    with services.ctx.unit() as session:
        assert audit.verify_chain(session)[1] == []


def test_suggested_groupings_skip_reviewed_incidents(services: Services, home: Home, falls: list[int]) -> None:
    groups = services.reviews.suggested_groupings()
    assert groups and set(groups[0].incident_ids) == set(falls)
    services.reviews.open_review(falls[:1], "One fall")
    assert all(falls[0] not in g.incident_ids for g in services.reviews.suggested_groupings())
