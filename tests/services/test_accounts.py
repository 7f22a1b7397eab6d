"""Accounts: first administrator, sign in, lockout, administration, and permissions per role (service layer)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from carelog.core import passwords
from carelog.core.clock import FixedClock
from carelog.core.dto import IncidentFilter, IncidentInput
from carelog.core.enums import Kind, Role, Status
from carelog.core.errors import ConflictError, PermissionDenied, ValidationError
from carelog.core.users import UserInput
from carelog.db.repositories import audit
from carelog.services.accounts import SIGNED_OUT
from carelog.services.registry import Services
from tests.conftest import Home


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    passwords.use_fast_parameters_for_tests()


def _denials(services: Services) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from carelog.db.models import AuditRow

    with services.ctx.unit() as session:
        rows = session.execute(select(AuditRow.field, AuditRow.new_value).where(AuditRow.action == "denied")).all()
    return [(r[0], r[1]) for r in rows]


def _team(services: Services) -> dict[Role, int]:
    """An administrator (first run) who creates a manager and a care worker."""
    services.accounts.create_first_admin(UserInput("admin", "Alex Morgan", Role.ADMIN, "2580"))
    manager = services.accounts.create_user(UserInput("priya", "Priya Shah", Role.MANAGER, "1357"))
    staff = services.accounts.create_user(UserInput("sam", "Sam Okafor", Role.CARE_STAFF, "8642"))
    admin_id = services.ctx.actor.user_id
    assert admin_id is not None
    return {Role.ADMIN: admin_id, Role.MANAGER: manager.id, Role.CARE_STAFF: staff.id}


def _sign_in_as(services: Services, role: Role) -> None:
    creds = {Role.ADMIN: ("admin", "2580"), Role.MANAGER: ("priya", "1357"), Role.CARE_STAFF: ("sam", "8642")}
    services.accounts.sign_in(*creds[role])


def _incident(home: Home, services: Services) -> IncidentInput:
    ref = services.incidents.reference_data()
    falls = next(c for c in ref.categories if c.name.lower().startswith("fall"))
    return IncidentInput(
        kind=Kind.INCIDENT,
        category_id=falls.id,
        occurred_at=services.ctx.clock() - timedelta(hours=2),
        service_id=home.service_id,
        location_id=home.lounge_id,
        account="Found on the lounge floor beside the armchair, no visible injury.",
    )


def test_first_admin_only_on_empty_database(services: Services) -> None:
    assert services.accounts.needs_first_admin()
    actor = services.accounts.create_first_admin(UserInput(" Admin ", "Alex Morgan", Role.CARE_STAFF, "2580"))
    assert actor.role == Role.ADMIN and services.ctx.actor == actor
    assert not services.accounts.needs_first_admin()
    with pytest.raises(ConflictError):
        services.accounts.create_first_admin(UserInput("other", "Someone Else", Role.ADMIN, "1357"))
    assert [u.username for u in services.accounts.list_users()] == ["admin"]


def test_first_admin_validation_says_what_to_fix(services: Services) -> None:
    with pytest.raises(ValidationError) as info:
        services.accounts.create_first_admin(UserInput("a b", "", Role.ADMIN, "12"))
    assert set(info.value.errors) == {"username", "display_name", "secret"}
    assert services.accounts.needs_first_admin()


def test_secrets_are_hashed_never_stored_plain(services: Services) -> None:
    from sqlalchemy import select

    from carelog.db.models import UserRow

    _team(services)
    with services.ctx.unit() as session:
        hashes = list(session.scalars(select(UserRow.secret_hash)))
    assert all(h and h.startswith("$argon2") for h in hashes)
    assert not any(h and ("2580" in h or "8642" in h) for h in hashes)


def test_sign_in_and_wrong_pin_is_refused_and_audited(services: Services) -> None:
    _team(services)
    services.accounts.sign_out()
    assert services.ctx.actor == SIGNED_OUT
    with pytest.raises(PermissionDenied, match="That PIN is not right for sam. Check it and type it again") as info:
        services.accounts.sign_in("sam", "0000")
    assert "Ask a manager or administrator to reset it" in str(info.value)
    with pytest.raises(PermissionDenied, match="no account with the username 'nobody'"):
        services.accounts.sign_in("nobody", "8642")
    assert services.ctx.actor == SIGNED_OUT
    actor = services.accounts.sign_in("SAM ", "8642")
    assert actor.role == Role.CARE_STAFF and actor.name == "Sam Okafor"
    assert ("sign_in", "wrong secret") in _denials(services)
    assert ("sign_in", "unknown username") in _denials(services)


def test_repeated_wrong_pins_pause_the_account(services: Services, clock: FixedClock) -> None:
    _team(services)
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            services.accounts.sign_in("sam", "1111")
    with pytest.raises(PermissionDenied, match="Too many wrong attempts"):
        services.accounts.sign_in("sam", "8642")
    clock.advance(timedelta(minutes=6))
    assert services.accounts.sign_in("sam", "8642").name == "Sam Okafor"


def test_deactivated_account_cannot_sign_in(services: Services) -> None:
    ids = _team(services)
    services.accounts.deactivate(ids[Role.CARE_STAFF])
    with pytest.raises(PermissionDenied, match="switched off"):
        services.accounts.sign_in("sam", "8642")
    services.accounts.reactivate(ids[Role.CARE_STAFF])
    assert services.accounts.sign_in("sam", "8642").user_id == ids[Role.CARE_STAFF]


def test_last_admin_cannot_be_removed(services: Services) -> None:
    ids = _team(services)
    with pytest.raises(ValidationError, match="only active administrator"):
        services.accounts.deactivate(ids[Role.ADMIN])
    with pytest.raises(ValidationError, match="only active administrator"):
        services.accounts.update_user(ids[Role.ADMIN], "Alex Morgan", Role.MANAGER, True)
    services.accounts.update_user(ids[Role.MANAGER], "Priya Shah", Role.ADMIN, True)
    services.accounts.update_user(ids[Role.ADMIN], "Alex Morgan", Role.MANAGER, True)
    assert services.ctx.actor.role == Role.MANAGER  # own role change applies at once


def test_duplicate_username_refused(services: Services) -> None:
    _team(services)
    with pytest.raises(ValidationError, match="taken"):
        services.accounts.create_user(UserInput("Priya", "Priya Other", Role.CARE_STAFF, "9753"))


def test_change_own_pin_and_admin_reset(services: Services) -> None:
    ids = _team(services)
    _sign_in_as(services, Role.CARE_STAFF)
    with pytest.raises(ValidationError) as info:
        services.accounts.change_own_secret("0000", "4826")
    assert "current" in info.value.errors
    services.accounts.change_own_secret("8642", "4826")
    services.accounts.sign_out()
    assert services.accounts.sign_in("sam", "4826").user_id == ids[Role.CARE_STAFF]
    _sign_in_as(services, Role.ADMIN)
    services.accounts.reset_secret(ids[Role.CARE_STAFF], "correct horse")
    assert services.accounts.sign_in("sam", "correct horse").user_id == ids[Role.CARE_STAFF]
    assert services.accounts.get_user(ids[Role.CARE_STAFF]).secret_kind == "password"


@pytest.mark.parametrize("role", [Role.CARE_STAFF, Role.MANAGER])
def test_only_admins_manage_users_and_settings(services: Services, role: Role) -> None:
    ids = _team(services)
    _sign_in_as(services, role)
    attempts = [
        lambda: services.accounts.list_users(),
        lambda: services.accounts.create_user(UserInput("eve", "Eve Intruder", Role.ADMIN, "9753")),
        lambda: services.accounts.update_user(ids[role], "Me", Role.ADMIN, True),
        lambda: services.accounts.deactivate(ids[Role.ADMIN]),
        lambda: services.accounts.reset_secret(ids[Role.ADMIN], "9753"),
        lambda: services.settings.set("terminal.idle_lock_minutes", 0),
        lambda: services.backup.backup_to(services.backup.folder() / "x.zip"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    denied = _denials(services)
    assert denied.count(("manage_users", "")) == 5
    assert ("edit_settings", "") in denied
    assert services.accounts.get_user(ids[role]).role == role  # may read their own account


def test_care_staff_report_and_see_only_their_own(services: Services, home: Home) -> None:
    _team(services)
    _sign_in_as(services, Role.MANAGER)
    managers = services.incidents.report(_incident(home, services))
    _sign_in_as(services, Role.CARE_STAFF)
    mine = services.incidents.report(_incident(home, services))
    assert [s.id for s in services.incidents.list(IncidentFilter())] == [mine.id]
    assert services.incidents.count(IncidentFilter()) == 1
    with pytest.raises(PermissionDenied):
        services.incidents.get(managers.id)
    with pytest.raises(PermissionDenied):
        services.incidents.set_status(mine.id, Status.UNDER_REVIEW)
    with pytest.raises(PermissionDenied):
        services.incidents.update(mine.id, mine.data, mine.version)
    assert len(_denials(services)) >= 3


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_managers_and_admins_review_everything(services: Services, home: Home, role: Role) -> None:
    _team(services)
    _sign_in_as(services, Role.CARE_STAFF)
    staffs = services.incidents.report(_incident(home, services))
    _sign_in_as(services, role)
    assert [s.id for s in services.incidents.list(IncidentFilter())] == [staffs.id]
    assert services.incidents.set_status(staffs.id, Status.UNDER_REVIEW) == Status.REPORTED


def test_signed_out_actor_sees_nothing(services: Services, home: Home) -> None:
    _team(services)
    services.incidents.report(_incident(home, services))
    services.accounts.sign_out()
    assert services.incidents.list(IncidentFilter()) == []
    with pytest.raises(PermissionDenied):
        services.accounts.list_users()


def test_login_is_audited(services: Services) -> None:
    ids = _team(services)
    _sign_in_as(services, Role.CARE_STAFF)
    with services.ctx.unit() as session:
        history = audit.history(session, "user", ids[Role.CARE_STAFF])
    assert [e.action for e in history][-1] == "login"


def test_warming_up_for_the_sign_in_changes_and_audits_nothing(services: Services) -> None:
    """Services.warm_up runs behind the sign-in dialog, before anyone has signed in."""
    from sqlalchemy import func, select

    from carelog.db.models import AuditRow

    _team(services)
    services.accounts.sign_out()
    with services.ctx.unit() as session:
        before = session.scalar(select(func.count(AuditRow.id)))
    services.warm_up()
    with services.ctx.unit() as session:
        assert session.scalar(select(func.count(AuditRow.id))) == before
    assert services.ctx.actor.user_id is None
    _sign_in_as(services, Role.CARE_STAFF)
    assert services.ctx.actor.name == "Sam Okafor"


def test_warming_up_opens_the_connections_the_first_tab_needs(services: Services) -> None:
    """Behind the sign-in dialog: pooled connections are opened (and set up) then, not after Return."""
    from carelog.services.registry import WARM_CONNECTIONS

    _team(services)
    services.accounts.sign_out()
    services.warm_up()
    pool = services.ctx.sessions.kw["bind"].pool
    assert pool.checkedin() >= WARM_CONNECTIONS and pool.checkedout() == 0  # open, idle, none left checked out
