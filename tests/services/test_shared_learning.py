"""Learning shared across services (issue 18): a point marked for every service reaches each service's Home list
until its team has discussed it; the provider view says who has and who has not; managers only; audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from carelog.core.attention import ItemKind, Opens, Section
from carelog.core.dto import Actor, IncidentInput
from carelog.core.enums import Kind, PhysicalHarm, Role
from carelog.core.errors import NotFoundError, PermissionDenied, ValidationError
from carelog.core.review_dto import FactorInput
from carelog.db.repositories import audit
from carelog.services.registry import Services
from tests.conftest import Home

pytestmark = pytest.mark.usefixtures("staff")
NOW = datetime(2026, 4, 20, 10, 0)
POINT = "Keep one carer in the lounge at tea time."


@pytest.fixture
def at_now(services: Services) -> Services:
    services.ctx.clock = lambda: NOW
    return services


def _signed_off_review(services: Services, home: Home, sign: bool = True) -> int:
    fall = next(c for c in services.incidents.reference_data().categories if c.name == "Fall")
    incident = services.incidents.report(
        IncidentInput(
            kind=Kind.INCIDENT,
            category_id=fall.id,
            occurred_at=NOW - timedelta(days=3),
            service_id=home.service_id,
            location_id=home.lounge_id,
            account="Found on the floor beside the armchair.",
            person_ids=(home.person_ids[0],),
            physical_harm=PhysicalHarm.LOW,
        )
    )
    review = services.reviews.open_review([incident.id], "Fall in the lounge")
    detail = services.reviews.get(review.id)
    data = replace(
        detail.to_input(),
        factors=(FactorInput("env.layout", "Armchairs moved"),),
        findings="The lounge is left unobserved at tea time.",
        learning_points=(POINT,),
    )
    services.reviews.save(review.id, data, detail.version)
    if sign:
        services.reviews.sign_off(review.id, services.reviews.get(review.id).version)
    return review.id


def _learning_items(services: Services, service: str | None = None) -> list[tuple[str, int | None]]:
    report = services.attention.report(NOW, service, signals=False)
    return [(i.service, i.target_id) for i in report.in_section(Section.LEARNING)]


def test_a_point_for_every_service_reaches_each_services_home_list(at_now: Services, home: Home) -> None:
    point = at_now.shared_learning.share(f"  {POINT}  ")
    assert point.text == POINT
    assert [s.service for s in point.services] == ["Birch Court", "Oak House"]
    assert point.pending == point.services and point.progress == "Discussed by 0 of 2 services"
    assert _learning_items(at_now) == [("Birch Court", point.id), ("Oak House", point.id)]
    assert _learning_items(at_now, "Oak House") == [("Oak House", point.id)]
    item = at_now.attention.report(NOW, "Oak House", signals=False).in_section(Section.LEARNING)[0]
    assert (item.kind, item.opens, item.overdue) == (ItemKind.SHARED_LEARNING, Opens.SHARED_LEARNING, False)
    assert "Oak House team" in item.text and POINT in item.text


def test_recording_the_discussion_clears_that_services_item_and_shows_in_the_provider_view(
    at_now: Services, home: Home
) -> None:
    point = at_now.shared_learning.share(POINT)
    day = NOW.date() - timedelta(days=0)
    updated = at_now.shared_learning.record_discussion(point.id, home.service_id, day, " Team meeting, 8 staff ")
    oak = updated.for_service(home.service_id)
    assert oak is not None and (oak.discussed_on, oak.note, oak.recorded_by) == (
        day,
        "Team meeting, 8 staff",
        "Test Manager",
    )
    assert [s.service for s in updated.done] == ["Oak House"]
    assert [s.service for s in updated.pending] == ["Birch Court"]
    assert updated.progress == "Discussed by 1 of 2 services"
    assert _learning_items(at_now) == [("Birch Court", point.id)]
    assert _learning_items(at_now, "Oak House") == []
    (listed,) = at_now.shared_learning.points()
    assert listed == updated
    assert [(p.service, p.learning_id) for p in at_now.shared_learning.pending()] == [("Birch Court", point.id)]


def test_a_second_record_replaces_the_first_and_both_are_in_the_audit_trail(at_now: Services, home: Home) -> None:
    point = at_now.shared_learning.share(POINT)
    first, second = NOW.date() - timedelta(days=0), NOW.date()
    at_now.shared_learning.record_discussion(point.id, home.service_id, first, "Handover")
    at_now.ctx.clock = lambda: NOW + timedelta(days=2)
    updated = at_now.shared_learning.record_discussion(point.id, home.service_id, second, "Team meeting")
    oak = updated.for_service(home.service_id)
    assert oak is not None and oak.note == "Team meeting"
    with at_now.ctx.read() as session:
        trail = [
            (e.action, e.field, e.old_value, e.new_value) for e in audit.history(session, "shared_learning", point.id)
        ]
    assert trail == [
        ("create", "review", "", ""),
        ("discussed", "Oak House", "", f"{first.isoformat()} Handover"),
        ("discussed", "Oak House", f"{first.isoformat()} Handover", f"{second.isoformat()} Team meeting"),
    ]


def test_discussion_dates_must_be_real_days_between_sharing_and_today(at_now: Services, home: Home) -> None:
    point = at_now.shared_learning.share(POINT)
    for day, words in (
        (None, "Enter the date"),
        (NOW.date() + timedelta(days=1), "in the future"),
        (NOW.date() - timedelta(days=1), "on or after"),
    ):
        with pytest.raises(ValidationError, match=words):
            at_now.shared_learning.record_discussion(point.id, home.service_id, day, "")
    assert at_now.shared_learning.point(point.id).done == ()


def test_the_text_is_required_and_a_review_must_be_signed_off(at_now: Services, home: Home) -> None:
    with pytest.raises(ValidationError, match="Write the learning point"):
        at_now.shared_learning.share("   ")
    open_review = _signed_off_review(at_now, home, sign=False)
    with pytest.raises(ValidationError, match="Sign the review off first"):
        at_now.shared_learning.share(POINT, review_id=open_review)
    with pytest.raises(NotFoundError):
        at_now.shared_learning.share(POINT, review_id=9999)
    assert at_now.shared_learning.points() == []


def test_a_point_from_a_signed_off_review_names_the_review(at_now: Services, home: Home) -> None:
    review_id = _signed_off_review(at_now, home)
    point = at_now.shared_learning.share(POINT, review_id=review_id)
    assert (point.review_id, point.review_title, point.shared_by, point.shared_at) == (
        review_id,
        "Fall in the lounge",
        "Test Manager",
        NOW,
    )


def test_care_staff_can_neither_share_nor_record_nor_see_and_refusals_are_audited(at_now: Services, home: Home) -> None:
    point = at_now.shared_learning.share(POINT)
    at_now.ctx.identity.actor = Actor(7, "Carer Jo", Role.CARE_STAFF)
    with pytest.raises(PermissionDenied):
        at_now.shared_learning.share("Something else")
    with pytest.raises(PermissionDenied):
        at_now.shared_learning.record_discussion(point.id, home.service_id, NOW.date(), "")
    with pytest.raises(PermissionDenied):
        at_now.shared_learning.points()
    at_now.ctx.identity.actor = Actor(1, "Test Manager", Role.MANAGER)
    with at_now.ctx.read() as session:
        denied = [e.field for e in audit.history(session, "shared_learning", point.id) if e.action == "denied"]
    assert denied == ["review"]
    assert at_now.shared_learning.point(point.id).done == ()


def test_unknown_points_and_services_are_refused(at_now: Services, home: Home) -> None:
    with pytest.raises(NotFoundError):
        at_now.shared_learning.record_discussion(404, home.service_id, NOW.date(), "")
    point = at_now.shared_learning.share(POINT)
    with pytest.raises(NotFoundError):
        at_now.shared_learning.record_discussion(point.id, 9999, NOW.date(), "")


@pytest.mark.tampers
def test_a_discussion_changed_behind_the_trail_is_found_by_the_check(at_now: Services, home: Home) -> None:
    point = at_now.shared_learning.share(POINT)
    at_now.shared_learning.record_discussion(point.id, home.service_id, NOW.date(), "Team meeting")
    assert at_now.integrity.check().ok
    with at_now.ctx.unit() as session:
        from sqlalchemy import text

        session.execute(text("UPDATE shared_learning_discussions SET note = 'never happened'"))
    report = at_now.integrity.check()
    assert not report.ok
    assert any(f"shared_learning {point.id}" in line for line in report.lines())
