"""The report form starts from the person: their usual service (on the staff account), else their last report's."""

from __future__ import annotations

from datetime import datetime

import pytest

from carelog.core import passwords
from carelog.core.dto import Actor, IncidentInput
from carelog.core.enums import Kind, Role
from carelog.core.errors import ValidationError
from carelog.core.users import UserInput
from carelog.db.repositories import audit
from carelog.services.registry import Services
from tests.conftest import Home


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    passwords.use_fast_parameters_for_tests()


def _admin(services: Services) -> None:
    services.accounts.create_first_admin(UserInput("admin", "Alex Morgan", Role.ADMIN, "2580"))


def _report(services: Services, service_id: int) -> None:
    fall = next(c for c in services.incidents.reference_data().categories if c.name == "Fall")
    services.incidents.report(
        IncidentInput(
            kind=Kind.NEAR_MISS,
            category_id=fall.id,
            occurred_at=datetime(2026, 4, 2, 9, 0),
            service_id=service_id,
            account="Wet floor by the sluice, nobody hurt",
        )
    )


def test_the_usual_service_on_the_account_comes_first(services: Services, home: Home) -> None:
    _admin(services)
    sam = services.accounts.create_user(
        UserInput("sam", "Sam Okafor", Role.CARE_STAFF, "8642", usual_service_id=home.other_service_id)
    )
    assert sam.usual_service_id == home.other_service_id
    services.ctx.identity.actor = Actor(sam.id, sam.display_name, Role.CARE_STAFF)
    _report(services, home.service_id)  # covering a shift elsewhere does not change where they usually work
    assert services.incidents.suggested_service_id() == home.other_service_id


def test_without_a_usual_service_the_last_report_decides(services: Services, home: Home) -> None:
    _admin(services)
    sam = services.accounts.create_user(UserInput("sam", "Sam Okafor", Role.CARE_STAFF, "8642"))
    services.ctx.identity.actor = Actor(sam.id, sam.display_name, Role.CARE_STAFF)
    assert services.incidents.suggested_service_id() is None
    _report(services, home.other_service_id)
    assert services.incidents.suggested_service_id() == home.other_service_id
    services.ctx.identity.actor = Actor(None, "Nobody signed in", Role.CARE_STAFF)
    assert services.incidents.suggested_service_id() is None


def test_admin_sets_changes_and_clears_the_usual_service_audited(services: Services, home: Home) -> None:
    _admin(services)
    sam = services.accounts.create_user(UserInput("sam", "Sam Okafor", Role.CARE_STAFF, "8642"))
    changed = services.accounts.update_user(sam.id, "Sam Okafor", Role.CARE_STAFF, True, home.service_id)
    assert changed.usual_service_id == home.service_id
    kept = services.accounts.update_user(sam.id, "Sam Okafor", Role.CARE_STAFF, True)  # not given: unchanged
    assert kept.usual_service_id == home.service_id
    assert services.accounts.deactivate(sam.id).usual_service_id == home.service_id
    cleared = services.accounts.update_user(sam.id, "Sam Okafor", Role.CARE_STAFF, True, None)
    assert cleared.usual_service_id is None
    with pytest.raises(ValidationError) as refused:
        services.accounts.update_user(sam.id, "Sam Okafor", Role.CARE_STAFF, True, 9999)
    assert refused.value.errors == {
        "usual_service_id": "That service is not on the list any more; choose the person's usual service again."
    }
    with services.ctx.unit() as session:
        moves = [
            (a.old_value, a.new_value) for a in audit.history(session, "user", sam.id) if a.field == "usual_service_id"
        ]
    assert moves == [("", "Oak House"), ("Oak House", "")]
