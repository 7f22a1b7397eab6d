"""ActionService on a real database (SQLite, and PostgreSQL when configured): create/validate, moves saved and
audited, verified needs an effective check, not effective reopens, SQL counts of matching incidents, filters."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from carelog.core.action_dto import ActionFilter, ActionInput, ActionStatus, Conclusion
from carelog.core.action_strength import ActionStrength
from carelog.core.dto import Actor, IncidentInput
from carelog.core.enums import Kind, Role
from carelog.core.errors import ConflictError, PermissionDenied, ValidationError
from carelog.db.models.reviews import ReviewFactorRow, ReviewRow
from carelog.db.repositories import audit
from carelog.services.registry import Services
from tests.conftest import Home

pytestmark = pytest.mark.usefixtures("staff")
NOW = datetime(2026, 6, 1, 9, 0)


@pytest.fixture(autouse=True)
def _clock(services: Services) -> None:
    services.ctx.clock = lambda: NOW


def add_review(services: Services, title: str = "Night falls in the lounge") -> tuple[int, int]:
    with services.ctx.unit() as session:
        review = ReviewRow(
            title=title, response_type="aar", status="open", created_at=NOW, updated_at=NOW, findings="", version=1
        )
        session.add(review)
        session.flush()
        factor = ReviewFactorRow(
            review_id=review.id,
            prompt_code="call_bell_reach",
            seips_heading="Environment",
            ycff_domain="Work environment",
            note="",
        )
        session.add(factor)
        session.flush()
        audit.append(
            session, services.ctx.actor, "review", review.id, "create", "title", None, title, at=services.ctx.clock()
        )
        return review.id, factor.id


def incident(
    services: Services, home: Home, when: datetime, category: str = "Fall", location: int | None = None
) -> int:
    cat = next(c for c in services.incidents.reference_data().categories if c.name == category)
    data = IncidentInput(
        kind=Kind.INCIDENT,
        category_id=cat.id,
        occurred_at=when,
        service_id=home.service_id,
        location_id=location or home.lounge_id,
        account="Found on the floor by the armchair.",
    )
    return services.incidents.report(data).id


def action(home: Home, **kw: object) -> ActionInput:
    base: dict[str, object] = dict(
        title="Move call bell within reach of armchairs",
        description="Fix call-bell extensions to every lounge armchair by 30 June; check weekly.",
        lead_id=1,
        lead_name="Test Manager",
        due_date=date(2026, 6, 30),
        strength=ActionStrength.STRONGER,
        service_id=home.service_id,
    )
    base.update(kw)
    return ActionInput(**base)  # type: ignore[arg-type]


def test_create_lists_and_audits(services: Services, home: Home) -> None:
    review_id, factor_id = add_review(services)
    inc = incident(services, home, datetime(2026, 5, 2, 2, 0))
    created = services.actions.create(action(home, review_id=review_id, factor_id=factor_id, incident_ids=(inc,)))
    assert created.status == ActionStatus.TO_DO and created.review_title == "Night falls in the lounge"
    assert created.service_name == "Oak House" and not created.overdue and created.effect is None
    detail = services.actions.get(created.id)
    assert detail.data.incident_ids == (inc,) and detail.incident_references == ("INC-2026-0001",)
    assert detail.factor_label == "Environment: call bell reach (Work environment)"
    assert [(a.action, a.new_value) for a in detail.audit] == [("create", "Move call bell within reach of armchairs")]
    assert [a.title for a in services.actions.list_actions()] == [created.title]


def test_validation_lists_what_to_fix_and_saves_nothing(services: Services, home: Home) -> None:
    review_id, factor_id = add_review(services)
    other_review, _ = add_review(services, "Medication errors")
    with pytest.raises(ValidationError) as err:
        services.actions.create(
            ActionInput(
                title=" ",
                lead_name="",
                due_date=None,
                strength=None,
                review_id=other_review,
                factor_id=factor_id,
                incident_ids=(999,),
            )
        )
    assert set(err.value.errors) == {"title", "lead", "due_date", "strength", "factor", "incidents"}
    assert services.actions.list_actions() == []


def test_move_is_saved_audited_and_sets_completion(services: Services, home: Home) -> None:
    a = services.actions.create(action(home))
    moved = services.actions.move(a.id, ActionStatus.IN_PROGRESS, from_status=ActionStatus.TO_DO)
    assert moved.status == ActionStatus.IN_PROGRESS and moved.completed_at is None
    done = services.actions.move(a.id, ActionStatus.DONE)
    assert done.completed_at == NOW
    history = [(e.action, e.old_value, e.new_value) for e in services.actions.get(a.id).audit if e.action == "move"]
    assert history == [("move", "To do", "In progress"), ("move", "In progress", "Done (awaiting check)")]
    with pytest.raises(ConflictError):
        services.actions.move(a.id, ActionStatus.TO_DO, from_status=ActionStatus.IN_PROGRESS)


def test_verified_needs_an_effective_check(services: Services, home: Home) -> None:
    a = services.actions.create(action(home))
    services.actions.move(a.id, ActionStatus.DONE)
    with pytest.raises(ValidationError) as err:
        services.actions.move(a.id, ActionStatus.VERIFIED)
    assert "effectiveness check" in err.value.errors["status"]
    assert services.actions.list_actions()[0].status == ActionStatus.DONE


def test_effectiveness_counts_matching_incidents_in_equal_windows(services: Services, home: Home) -> None:
    completed = datetime(2026, 3, 1, 12, 0)
    linked = incident(services, home, datetime(2026, 2, 20, 2, 0))
    for day in (5, 15, 25):  # before, same category and location
        incident(services, home, datetime(2026, 1, day, 3, 0))
    incident(services, home, datetime(2026, 3, 10, 3, 0))  # after
    incident(services, home, datetime(2026, 3, 12, 3, 0), location=home.bedroom_id)  # other location: ignored
    incident(services, home, datetime(2026, 3, 14, 3, 0), category="Medication")  # other category: ignored
    incident(services, home, datetime(2025, 11, 1, 3, 0))  # before the before-window: ignored
    services.ctx.clock = lambda: completed
    a = services.actions.create(action(home, incident_ids=(linked,)))
    services.actions.move(a.id, ActionStatus.DONE)
    services.ctx.clock = lambda: NOW
    effect = services.actions.preview_check(a.id, date(2026, 5, 1))
    assert effect.window_days == 61
    assert (effect.before_count, effect.after_count) == (4, 1)
    assert effect.pct_change == pytest.approx(-75.0)
    with pytest.raises(ValidationError):
        services.actions.preview_check(a.id, date(2026, 2, 1))

    verified = services.actions.record_check(a.id, date(2026, 5, 1), Conclusion.EFFECTIVE, "Fewer night falls.")
    assert verified.status == ActionStatus.VERIFIED and verified.conclusion == Conclusion.EFFECTIVE
    assert verified.effect is not None and verified.effect.before_count == 4
    assert verified.check_date == date(2026, 5, 1)


def test_not_effective_reopens_and_keeps_the_conclusion(services: Services, home: Home) -> None:
    services.ctx.clock = lambda: datetime(2026, 3, 1, 12, 0)
    a = services.actions.create(action(home, strength=ActionStrength.WEAKER, title="Falls training"))
    services.actions.move(a.id, ActionStatus.DONE)
    services.ctx.clock = lambda: NOW
    with pytest.raises(ValidationError) as err:
        services.actions.record_check(a.id, date(2026, 5, 1), Conclusion.NOT_EFFECTIVE, "")
    assert "note" in err.value.errors
    reopened = services.actions.record_check(
        a.id, date(2026, 5, 1), Conclusion.NOT_EFFECTIVE, "Falls continued; try a sensor mat.", ActionStatus.TO_DO
    )
    assert reopened.status == ActionStatus.TO_DO and reopened.completed_at is None
    assert reopened.conclusion == Conclusion.NOT_EFFECTIVE and reopened.conclusion_note.startswith("Falls continued")
    assert reopened.reopened_count == 1 and reopened.overdue is False
    actions = [(e.field, e.new_value) for e in services.actions.get(a.id).audit if e.action in ("check", "move")]
    assert ("conclusion", "Not effective") in actions and ("status", "To do") in actions


def test_too_early_stays_in_done(services: Services, home: Home) -> None:
    services.ctx.clock = lambda: NOW - timedelta(days=10)
    a = services.actions.create(action(home))
    services.actions.move(a.id, ActionStatus.DONE)
    services.ctx.clock = lambda: NOW
    result = services.actions.record_check(a.id, NOW.date(), Conclusion.TOO_EARLY)
    assert result.status == ActionStatus.DONE and result.effect is not None and result.effect.too_early


def test_filters_overdue_lead_service_review_and_weak_plans(services: Services, home: Home) -> None:
    review_id, _ = add_review(services)
    strong_review, _ = add_review(services, "Medication round")
    late = services.actions.create(
        action(
            home, due_date=date(2026, 5, 1), review_id=review_id, strength=ActionStrength.WEAKER, title="Remind staff"
        )
    )
    services.actions.create(
        action(
            home,
            lead_id=None,
            lead_name="Priya Shah",
            review_id=review_id,
            strength=ActionStrength.WEAKER,
            title="Falls training",
        )
    )
    services.actions.create(action(home, service_id=home.other_service_id, review_id=strong_review))
    assert [a.id for a in services.actions.list_actions(ActionFilter(overdue_only=True))] == [late.id]
    assert [a.lead_name for a in services.actions.list_actions(ActionFilter(lead_name="Priya Shah"))] == ["Priya Shah"]
    assert len(services.actions.list_actions(ActionFilter(service_id=home.service_id))) == 2
    assert len(services.actions.list_actions(ActionFilter(review_id=strong_review))) == 1
    assert services.actions.lead_names() == ["Priya Shah", "Test Manager"]
    assert [c.id for c in services.actions.weak_reviews()] == [review_id]


def test_edit_audits_changes_and_detects_conflicts(services: Services, home: Home) -> None:
    a = services.actions.create(action(home))
    edited = services.actions.update(a.id, action(home, due_date=date(2026, 7, 15)), a.version)
    changes = [(e.field, e.old_value, e.new_value) for e in services.actions.get(a.id).audit if e.action == "update"]
    assert changes == [("due_date", "2026-06-30", "2026-07-15")]
    with pytest.raises(ConflictError):
        services.actions.update(a.id, action(home, title="Other"), a.version)
    assert edited.version == a.version + 1


def test_care_staff_cannot_change_actions(services: Services, home: Home) -> None:
    a = services.actions.create(action(home))
    services.ctx.identity.actor = Actor(7, "Carer Jo", Role.CARE_STAFF)
    with pytest.raises(PermissionDenied):
        services.actions.move(a.id, ActionStatus.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        services.actions.list_actions()
    with pytest.raises(PermissionDenied):
        services.actions.get(a.id)
    services.ctx.identity.actor = Actor(1, "Test Manager", Role.MANAGER)
    assert services.actions.list_actions()[0].status == ActionStatus.TO_DO
    assert any(e.action == "denied" for e in services.actions.get(a.id).audit)


def test_resolve_references(services: Services, home: Home) -> None:
    inc = incident(services, home, datetime(2026, 5, 2, 2, 0))
    assert services.actions.resolve_references(["inc-2026-0001 "]) == (inc,)
    with pytest.raises(ValidationError):
        services.actions.resolve_references(["INC-2026-0099"])
