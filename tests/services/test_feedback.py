"""Feedback to the reporter: "My reports" says what a manager did with each report, and what is news."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from carelog.core.action_dto import ActionInput, ActionStatus, ActionStrength
from carelog.core.dto import Actor, IncidentInput
from carelog.core.enums import Kind, Role, Status
from carelog.core.report_news import NOT_SEEN_YET, news_headline
from carelog.core.review_dto import FactorInput
from carelog.db.repositories import audit
from carelog.services.registry import Services
from tests.conftest import MANAGER, Home

pytestmark = pytest.mark.usefixtures("staff")
WORKER = Actor(7, "Carer Jo", Role.CARE_STAFF)
OTHER_WORKER = Actor(9, "Someone Else", Role.CARE_STAFF)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 4, 2, 9, 0)

    def __call__(self) -> datetime:
        return self.now


def _report(services: Services, home: Home, account: str) -> int:
    fall = next(c for c in services.incidents.reference_data().categories if c.name == "Fall")
    data = IncidentInput(
        kind=Kind.NEAR_MISS,
        category_id=fall.id,
        occurred_at=services.ctx.clock(),
        service_id=home.service_id,
        account=account,
    )
    return services.incidents.report(data).id


def _as(services: Services, actor: Actor) -> None:
    services.ctx.identity.actor = actor


def _news(services: Services) -> dict[str, tuple[str, bool]]:
    return {r.reference: (r.news, r.is_new) for r in services.feedback.my_reports()}


def test_my_reports_tell_the_reporter_what_a_manager_did(services: Services, home: Home) -> None:
    clock = Clock()
    services.ctx.clock = clock
    _as(services, WORKER)
    first = _report(services, home, "Wet floor by the sluice, Edith nearly slipped")
    second = _report(services, home, "Frame left out of reach in the lounge")
    assert _news(services) == {"INC-2026-0001": (NOT_SEEN_YET, False), "INC-2026-0002": (NOT_SEEN_YET, False)}
    assert services.feedback.news_count() == 0
    services.feedback.mark_seen()

    _as(services, MANAGER)
    clock.now = datetime(2026, 4, 3, 11, 0)
    review = services.reviews.open_review([first], "Wet floor near the sluice")
    detail = services.reviews.get(review.id)
    services.reviews.save(
        review.id,
        replace(
            detail.to_input(),
            factors=(FactorInput("env.layout", ""),),
            findings="Mop bucket left with no sign.",
            learning_points=("Put the wet-floor sign out before mopping", "Second point"),
        ),
        detail.version,
    )
    clock.now = datetime(2026, 4, 6, 15, 0)
    services.reviews.sign_off(review.id, services.reviews.get(review.id).version)
    action = services.actions.create(
        ActionInput(
            "Wet-floor signs kept by every sluice",
            lead_name="Test Manager",
            due_date=date(2026, 4, 30),
            strength=ActionStrength.INTERMEDIATE,
            review_id=review.id,
        )
    )
    clock.now = datetime(2026, 4, 8, 10, 0)
    services.actions.move(action.id, ActionStatus.IN_PROGRESS)
    services.actions.move(action.id, ActionStatus.DONE)
    services.incidents.set_status(second, Status.UNDER_REVIEW)

    _as(services, WORKER)
    clock.now = datetime(2026, 4, 9, 7, 0)
    news = _news(services)
    assert news["INC-2026-0001"] == (
        "Reviewed by a manager (signed off 6 Apr 2026). What was learned: Put the wet-floor sign out before mopping. "
        "What changed: Wet-floor signs kept by every sluice. Closed 6 Apr 2026.",
        True,
    )
    assert news["INC-2026-0002"] == ("Seen by a manager (8 Apr 2026).", True)
    since = {r.reference: r.news_since for r in services.feedback.my_reports()}
    assert since == {"INC-2026-0001": datetime(2026, 4, 8, 10, 0), "INC-2026-0002": datetime(2026, 4, 8, 10, 0)}
    assert services.feedback.news_count() == 2
    assert news_headline(2) == "2 of your reports have news: see what a manager did in My reports."

    services.feedback.mark_seen()
    assert services.feedback.news_count() == 0
    assert not any(is_new for _, is_new in _news(services).values())


def test_a_review_still_open_says_a_manager_is_reviewing_it(services: Services, home: Home) -> None:
    services.ctx.clock = Clock()
    _as(services, WORKER)
    iid = _report(services, home, "Found sitting on the floor in the bathroom")
    _as(services, MANAGER)
    services.reviews.open_review([iid], "Bathroom fall")
    _as(services, WORKER)
    assert _news(services)["INC-2026-0001"] == ("A manager is reviewing it (since 2 Apr 2026).", True)


def test_others_reports_and_signed_out_screens_show_nothing_and_audit_no_denial(services: Services, home: Home) -> None:
    services.ctx.clock = Clock()
    _as(services, WORKER)
    _report(services, home, "Found sitting on the floor in the bathroom")
    _as(services, OTHER_WORKER)
    assert services.feedback.my_reports() == []
    _as(services, Actor(None, "Nobody signed in", Role.CARE_STAFF))
    assert services.feedback.my_reports() == [] and services.feedback.news_count() == 0
    services.feedback.mark_seen()
    with services.ctx.unit() as session:
        assert not [a for a in audit.history(session, "incident", 1) if a.action == "denied"]


def test_a_triaged_report_says_it_was_seen_and_what_was_decided_not_the_reason(services: Services, home: Home) -> None:
    from carelog.core.enums import PhysicalHarm
    from carelog.core.triage import CheckAnswer, TriageDecision, TriageInput

    clock = Clock()
    services.ctx.clock = clock
    _as(services, WORKER)
    quiet = _report(services, home, "Frame left out of reach in the lounge")
    safeguarding = _report(services, home, "Bruise on the forearm nobody can explain")
    services.feedback.mark_seen()

    _as(services, MANAGER)
    clock.now = datetime(2026, 4, 3, 10, 0)
    check = TriageInput(PhysicalHarm.NONE, None, None, CheckAnswer.YES, CheckAnswer.NOT_NEEDED, True,
                        (TriageDecision.NO_FURTHER_ACTION,), "Private note about the family's wishes.")  # fmt: skip
    services.triage.triage(quiet, check)
    services.triage.triage(safeguarding, replace(check, decisions=(TriageDecision.SAFEGUARDING_REFERRAL,), reason=""))

    _as(services, WORKER)
    news = _news(services)
    assert news["INC-2026-0001"] == ("Seen by a manager (3 Apr 2026). No further action was needed.", True)
    assert news["INC-2026-0002"] == (
        "Seen by a manager (3 Apr 2026). It is being followed up under the safeguarding procedure.",
        True,
    )
    assert not any("Private note" in text for text, _ in news.values())
    assert services.feedback.news_count() == 2
