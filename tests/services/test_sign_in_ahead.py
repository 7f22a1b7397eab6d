"""Checking the PIN before Return (AccountService.check_ahead): the slow check is not done twice, nothing is audited
or counted until Return, and everything the sign-in decides (wrong PIN, pause, changed PIN, switched-off account,
unknown name) is decided as before."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from carelog.core import passwords
from carelog.core.errors import PermissionDenied
from carelog.services.registry import Services
from tests.conftest import MANAGER, _make_services
from tests.services.test_lockout import _team


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    passwords.use_fast_parameters_for_tests()


@pytest.fixture
def team(db_url: str) -> Services:
    services = _make_services(db_url, MANAGER)
    _team(services)  # admin 2580 and sam 8642, signed out
    return services


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each slow check run, by the secret checked ('dummy' for an unknown name's)."""
    seen: list[str] = []
    real: Callable[[str | None, str], bool] = passwords.verify_secret

    def counted(stored_hash: str | None, secret: str) -> bool:
        seen.append(secret)
        return real(stored_hash, secret)

    monkeypatch.setattr(passwords, "verify_secret", counted)
    return seen


def _audit_count(services: Services) -> int:
    from carelog.db.models import AuditRow

    with services.ctx.read() as session:
        return int(session.scalar(select(func.count(AuditRow.id))) or 0)


def _failures(services: Services) -> int:
    from carelog.db.models import UserRow

    with services.ctx.read() as session:
        return int(session.scalar(select(UserRow.failed_sign_ins).where(UserRow.username == "sam")) or 0)


def test_a_pin_checked_ahead_signs_in_without_a_second_check(team: Services, checks: list[str]) -> None:
    before = _audit_count(team)
    team.accounts.check_ahead("sam", "8642")
    assert checks == ["8642"]
    assert _audit_count(team) == before  # nothing is written before Return
    actor = team.accounts.sign_in("Sam", "8642")  # the name as typed; matched as the sign-in matches it
    assert actor.name == "Sam Okafor"
    assert checks == ["8642"]  # not checked again
    assert _audit_count(team) == before + 1  # the sign-in itself


def test_a_wrong_pin_checked_ahead_is_counted_once_and_only_after_return(team: Services, checks: list[str]) -> None:
    team.accounts.check_ahead("sam", "1111")
    assert _failures(team) == 0
    with pytest.raises(PermissionDenied, match="That PIN is not right for sam"):
        team.accounts.sign_in("sam", "1111")
    assert _failures(team) == 1
    assert checks == ["1111"]


def test_text_shorter_than_any_pin_is_not_checked(team: Services, checks: list[str]) -> None:
    for typed in ("8", "86", "864"):
        team.accounts.check_ahead("sam", typed)
    team.accounts.check_ahead("", "8642")
    assert checks == []


def test_an_answer_for_other_text_is_not_used(team: Services, checks: list[str]) -> None:
    team.accounts.check_ahead("sam", "8642")
    with pytest.raises(PermissionDenied):
        team.accounts.sign_in("sam", "8643")  # typed on after the check: checked afresh
    assert checks == ["8642", "8643"]


def test_a_pin_changed_after_the_check_ahead_is_checked_again(team: Services, checks: list[str]) -> None:
    team.accounts.check_ahead("sam", "8642")
    team.accounts.sign_in("admin", "2580")
    sam = next(u for u in team.accounts.list_users() if u.username == "sam")
    team.accounts.reset_secret(sam.id, "9753")
    team.accounts.sign_out()
    checks.clear()
    with pytest.raises(PermissionDenied):
        team.accounts.sign_in("sam", "8642")  # the old PIN's "right" answer was for the old hash
    assert checks == ["8642"]


def test_a_paused_account_stays_paused_with_the_right_pin_checked_ahead(team: Services) -> None:
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            team.accounts.sign_in("sam", "0000")
    team.accounts.check_ahead("sam", "8642")
    with pytest.raises(PermissionDenied, match="Too many wrong attempts"):
        team.accounts.sign_in("sam", "8642")


def test_an_unknown_name_checked_ahead_burns_its_time_once(team: Services, checks: list[str]) -> None:
    team.accounts.check_ahead("nobody", "8642")
    assert len(checks) == 1  # the dummy check, as the sign-in would have made
    with pytest.raises(PermissionDenied):
        team.accounts.sign_in("nobody", "8642")
    assert len(checks) == 1


def test_a_check_ahead_in_another_window_is_not_used_here(db_url: str, team: Services, checks: list[str]) -> None:
    other = _make_services(db_url, MANAGER)  # another terminal's services keep their own answers
    other.accounts.check_ahead("sam", "8642")
    team.accounts.sign_in("sam", "8642")
    assert checks == ["8642", "8642"]
