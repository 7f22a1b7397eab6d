"""Live updates between two sessions on one database (SQLite file and PostgreSQL): each sees what the other saved,
as the aggregates whose views must refresh; its own saves (already announced locally) and sign-ins are not news."""

from __future__ import annotations

import pytest

from carelog.core.changes import Aggregate, Changes
from carelog.core.clock import FixedClock
from carelog.core.dto import SYSTEM_ACTOR, Actor
from carelog.core.enums import Role
from carelog.services.registry import Services
from tests.conftest import MANAGER, Home, _make_services
from tests.services.test_accounts import _incident


@pytest.fixture
def other_pc(services: Services, db_url: str, clock: FixedClock, home: Home, staff: None) -> Services:
    """A second session on the same database, as another PC has it open."""
    return _make_services(db_url, MANAGER, clock)


def test_each_session_sees_the_others_saves(services: Services, other_pc: Services, home: Home) -> None:
    services.change_feed.start()
    other_pc.change_feed.start()
    assert services.change_feed.poll() == Changes(frozenset())
    other_pc.incidents.report(_incident(home, other_pc))
    assert services.change_feed.poll() == Changes.of(Aggregate.INCIDENTS)
    assert services.change_feed.poll() == Changes(frozenset())  # told once
    other_pc.ctx.identity.actor = Actor(9, "Test Admin", Role.ADMIN)
    other_pc.lists.add("location", "Garden room", home.service_id)
    assert services.change_feed.poll() == Changes.of(Aggregate.REFERENCE_DATA)
    services.incidents.report(_incident(home, services))
    assert services.change_feed.poll() == Changes(frozenset())  # its own save was announced when it committed
    assert Aggregate.INCIDENTS in other_pc.change_feed.poll()


def test_sign_ins_and_refusals_are_not_news(services: Services, other_pc: Services) -> None:
    services.change_feed.start()
    with other_pc.ctx.unit() as session:
        from carelog.db.repositories import audit

        audit.append(session, SYSTEM_ACTOR, "user", None, "login", at=other_pc.ctx.clock())
    assert services.change_feed.poll() == Changes(frozenset())


def test_a_burst_of_writes_refreshes_everything(services: Services, other_pc: Services, home: Home) -> None:
    from carelog.db.repositories import audit, change_feed

    services.change_feed.start()
    with other_pc.ctx.unit() as session:
        records = [audit.NewAuditRecord("incident", None, "update") for _ in range(change_feed.MAX_ROWS_READ + 1)]
        audit.append_many(session, SYSTEM_ACTOR, records, at=other_pc.ctx.clock())
    assert services.change_feed.poll() == Changes(frozenset(Aggregate))
    assert services.change_feed.poll() == Changes(frozenset())
