"""Services say what they changed: one Changes per committed unit of work, published after the commit."""

from __future__ import annotations

import pytest

from carelog.core.changes import Aggregate, Changes
from carelog.core.enums import Role
from carelog.core.errors import PermissionDenied, ValidationError
from carelog.services.registry import Services
from tests.conftest import Home
from tests.services.test_accounts import _incident, _sign_in_as, _team


@pytest.fixture
def heard(sqlite_services: Services) -> list[Changes]:
    got: list[Changes] = []
    sqlite_services.ctx.subscribe(got.append)
    return got


def test_a_report_publishes_incidents_changed(
    sqlite_services: Services, sqlite_staff: None, sqlite_home: Home, heard: list[Changes]
) -> None:
    heard.clear()
    sqlite_services.incidents.report(_incident(sqlite_home, sqlite_services))
    assert heard == [Changes.of(Aggregate.INCIDENTS)]


def test_opening_a_review_also_says_its_incidents_changed(
    sqlite_services: Services, sqlite_staff: None, sqlite_home: Home, heard: list[Changes]
) -> None:
    detail = sqlite_services.incidents.report(_incident(sqlite_home, sqlite_services))
    heard.clear()
    sqlite_services.reviews.open_review([detail.id], "Fall in the lounge")
    assert heard == [Changes.of(Aggregate.REVIEWS, Aggregate.INCIDENTS)]  # review status moves incident status


def test_a_refused_or_failed_write_publishes_nothing(
    sqlite_services: Services, sqlite_home: Home, heard: list[Changes]
) -> None:
    _team(sqlite_services)
    _sign_in_as(sqlite_services, Role.CARE_STAFF)
    heard.clear()
    with pytest.raises(PermissionDenied):
        sqlite_services.reviews.open_review([1], "Not mine to open")  # audited as denied: not a change
    _sign_in_as(sqlite_services, Role.MANAGER)
    with pytest.raises(ValidationError):
        sqlite_services.reviews.open_review([], "")
    assert heard == []


def test_sign_in_is_not_a_change_to_any_record(sqlite_services: Services, heard: list[Changes]) -> None:
    _team(sqlite_services)
    heard.clear()
    _sign_in_as(sqlite_services, Role.MANAGER)
    assert heard == []


def test_nothing_is_published_when_the_transaction_rolls_back(sqlite_services: Services, heard: list[Changes]) -> None:
    from carelog.core.dto import SYSTEM_ACTOR
    from carelog.db.repositories import audit

    heard.clear()
    with pytest.raises(RuntimeError), sqlite_services.ctx.unit() as session:
        audit.append(
            session, SYSTEM_ACTOR, "incident", 1, "update", "account", "a", "b", at=sqlite_services.ctx.clock()
        )
        raise RuntimeError("the write failed after the audit row")
    assert heard == []
