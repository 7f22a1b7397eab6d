"""PIN lockout: the failure counter is atomic (parallel guesses never get past the limit), pauses escalate, a
paused account answers like a wrong PIN (the hash is still checked), administrators see repeated pauses, and a
database can require 6-digit PINs."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from carelog.core import passwords
from carelog.core.enums import Role
from carelog.core.errors import PermissionDenied, ValidationError
from carelog.core.users import UserInput
from carelog.services.registry import Services
from tests.conftest import MANAGER, _make_services

T0 = datetime(2026, 6, 1, 9, 0)


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    passwords.use_fast_parameters_for_tests()


def _team(services: Services) -> None:
    services.ctx.clock = lambda: T0
    services.accounts.create_first_admin(UserInput("admin", "Alex Morgan", Role.ADMIN, "2580"))
    services.accounts.create_user(UserInput("sam", "Sam Okafor", Role.CARE_STAFF, "8642"))
    services.accounts.sign_out()


def _try(services: Services, secret: str) -> str:
    try:
        services.accounts.sign_in("sam", secret)
    except PermissionDenied as exc:
        return "paused" if "Too many wrong attempts" in str(exc) else "wrong"
    services.accounts.sign_out()
    return "signed in"


def test_parallel_guesses_never_get_more_tries_than_the_limit(db_url: str) -> None:
    first = _make_services(db_url, MANAGER)
    _team(first)
    windows = [_make_services(db_url, MANAGER) for _ in range(4)]  # four terminals guessing at once
    for w in windows:
        w.ctx.clock = lambda: T0
    barrier = threading.Barrier(len(windows))
    answers: list[str] = []

    def guess(w: Services, offset: int) -> None:
        barrier.wait()
        for n in range(6):
            answers.append(_try(w, f"{1000 + offset * 10 + n}"))

    threads = [threading.Thread(target=guess, args=(w, i)) for i, w in enumerate(windows)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 24
    assert answers.count("wrong") == 5 and answers.count("paused") == 19
    assert _try(first, "8642") == "paused"  # even the right PIN waits for the pause to end


def _pauses(services: Services) -> list[str]:
    from sqlalchemy import select

    from carelog.db.models import AuditRow

    with services.ctx.unit() as session:
        return list(session.scalars(select(AuditRow.new_value).where(AuditRow.action == "locked")))


def test_pauses_escalate_and_a_good_sign_in_starts_again(services: Services) -> None:
    _team(services)
    now = [T0]
    services.ctx.clock = lambda: now[0]
    for minutes in (1, 5, 15, 60, 60):
        assert [_try(services, "1111") for _ in range(5)] == ["wrong"] * 5
        now[0] += timedelta(minutes=minutes) - timedelta(seconds=1)
        assert _try(services, "8642") == "paused"  # still paused one second before the end
        now[0] += timedelta(seconds=1)
    assert _pauses(services) == ["1 min", "5 min", "15 min", "60 min", "60 min"]
    assert _try(services, "8642") == "signed in"
    assert [_try(services, "1111") for _ in range(5)] == ["wrong"] * 5
    now[0] += timedelta(minutes=1)
    assert _try(services, "8642") == "signed in"  # back to a 1-minute pause after the good sign-in
    assert _pauses(services)[-1] == "1 min"


def test_a_paused_account_still_checks_the_hash_so_it_answers_in_the_same_time(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _team(services)
    for _ in range(5):
        _try(services, "1111")
    checked: list[str] = []
    real = passwords.verify_secret

    def counting(stored, secret):  # type: ignore[no-untyped-def]
        checked.append(secret)
        return real(stored, secret)

    monkeypatch.setattr(passwords, "verify_secret", counting)
    assert _try(services, "2222") == "paused"
    assert checked == ["2222"]
    burned: list[bool] = []
    monkeypatch.setattr(passwords, "burn_time", lambda: burned.append(True))
    with pytest.raises(PermissionDenied, match="There is no account with the username"):
        services.accounts.sign_in("nobody", "2222")
    assert burned == [True]


def test_administrators_see_accounts_paused_again_and_again(services: Services) -> None:
    _team(services)
    now = [T0]
    services.ctx.clock = lambda: now[0]
    for _ in range(2):
        for _ in range(5):
            _try(services, "1111")
        now[0] += timedelta(minutes=20)
    assert _try(services, "8642") == "signed in"  # a good sign-in does not hide the history
    services.accounts.sign_in("admin", "2580")
    rows = services.accounts.repeated_lockouts()
    assert [(r.user.username, r.pauses) for r in rows] == [("sam", 2)]
    services.accounts.sign_out()
    services.accounts.sign_in("sam", "8642")
    with pytest.raises(PermissionDenied):
        services.accounts.repeated_lockouts()


def test_a_database_can_require_six_digit_pins(services: Services) -> None:
    _team(services)
    services.accounts.sign_in("admin", "2580")
    services.settings.set("accounts.min_pin_digits", 6)
    with pytest.raises(ValidationError, match="at least 6 digits"):
        services.accounts.create_user(UserInput("jo", "Jo Reid", Role.CARE_STAFF, "1357"))
    services.accounts.create_user(UserInput("jo", "Jo Reid", Role.CARE_STAFF, "135792"))
    services.accounts.sign_out()
    assert services.accounts.sign_in("jo", "135792").name == "Jo Reid"
    assert services.accounts.sign_in("sam", "8642").name == "Sam Okafor"  # an older 4-digit PIN still works
