"""Command line sign-in: every command that reads or changes records needs an account with the right role once the
database has accounts; before that it runs as the setup administrator. Refusals exit with code 2 and are audited."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from carelog.cli import build_parser, run
from carelog.core import passwords
from carelog.core.enums import Role
from carelog.core.recovery_key import format_recovery_key
from carelog.core.users import UserInput
from carelog.db.models import AuditRow, UserRow
from carelog.services.registry import Services, open_services
from tests.conftest import seed_home
from tests.services.test_accounts import _incident

PINS = {"alex": "2580", "priya": "1357", "sam": "8642"}
READ_COMMANDS = (
    "export",
    "pack",
    "patterns",
    "attention",
    "import",
    "backup",
    "restore",
    "check",
    "seal",
    "screenshot",
    "demo",
    "move-to",
)


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    passwords.use_fast_parameters_for_tests()
    monkeypatch.setenv("CARELOG_BACKUP_KEY", format_recovery_key(bytes(32)))


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A home with an administrator, a manager and a care worker, and one incident."""
    url = f"sqlite:///{tmp_path / 'home.db'}"
    services = open_services(url)
    home = seed_home(services)
    services.accounts.create_first_admin(UserInput("alex", "Alex Morgan", Role.ADMIN, PINS["alex"]))
    services.accounts.create_user(UserInput("priya", "Priya Shah", Role.MANAGER, PINS["priya"]))
    services.accounts.create_user(UserInput("sam", "Sam Okafor", Role.CARE_STAFF, PINS["sam"]))
    services.incidents.report(_incident(home, services))
    return url


def _as(monkeypatch: pytest.MonkeyPatch, user: str, secret: str | None = None) -> list[str]:
    monkeypatch.setenv("CARELOG_SECRET", secret if secret is not None else PINS[user])
    return ["--user", user]


def _audit(db: str, action: str) -> list[tuple[str, str, str]]:
    services = open_services(db)
    with services.ctx.unit() as session:
        rows = session.execute(
            select(AuditRow.actor_name, AuditRow.entity, AuditRow.field).where(AuditRow.action == action)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_every_record_command_offers_user_and_the_rest_do_not() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():  # type: ignore[union-attr]
        has_user = any(a.dest == "user" for a in command._actions)
        assert has_user == (name in READ_COMMANDS), name


def test_without_user_the_command_says_how_to_sign_in(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    assert run(["export", "--db", db, "--out", str(out)]) == 2
    assert "carelog export needs you to sign in: add --user NAME (your PIN will be asked)" in capsys.readouterr().err
    assert not out.exists()


def test_administrator_signs_in_and_the_export_is_audited(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "x.csv"
    assert run(["export", "--db", db, "--out", str(out), *_as(monkeypatch, "alex")]) == 0
    assert out.exists()
    assert ("Alex Morgan", "export", "csv") in _audit(db, "export")
    assert ("Alex Morgan", "user", "") in _audit(db, "login")


def test_manager_may_export_pack_and_see_patterns_but_not_back_up_restore_or_check(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    user = _as(monkeypatch, "priya")
    assert run(["export", "--db", db, "--out", str(tmp_path / "x.xlsx"), "--format", "xlsx", *user]) == 0
    pack = ["pack", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31", "--out", str(tmp_path / "p.pdf")]
    assert run([*pack, *user]) == 0
    assert run(["patterns", "--db", db, "--json", *user]) == 0
    capsys.readouterr()
    backup = tmp_path / "b.carelog-backup"
    assert run(["backup", "--db", db, "--out", str(backup), *user]) == 2
    assert "manager accounts cannot edit settings" in capsys.readouterr().err
    assert not backup.exists()
    assert run(["check", "--db", db, *user]) == 2
    assert ("Priya Shah", "pack", "inspection pack") in _audit(db, "export")


def test_care_staff_cannot_export_make_a_pack_or_restore(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    user = _as(monkeypatch, "sam")
    out = tmp_path / "x.csv"
    assert run(["export", "--db", db, "--out", str(out), *user]) == 2
    assert "Care staff accounts cannot export" in capsys.readouterr().err
    pack = ["pack", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31", "--out", str(tmp_path / "p.pdf")]
    assert run([*pack, *user]) == 2
    assert not out.exists() and not (tmp_path / "p.pdf").exists()
    admin = _as(monkeypatch, "alex")
    backup = tmp_path / "b.carelog-backup"
    assert run(["backup", "--db", db, "--out", str(backup), *admin]) == 0
    assert run(["restore", str(backup), "--db", db, *_as(monkeypatch, "sam")]) == 2
    denied = _audit(db, "denied")
    assert ("Sam Okafor", "export", "export") in denied and ("Sam Okafor", "pack", "export") in denied
    assert ("Sam Okafor", "restore", "edit_settings") in denied
    assert ("Alex Morgan", "database", "") in _audit(db, "backup")
    assert run(["restore", str(backup), "--db", db, *_as(monkeypatch, "alex")]) == 0
    assert ("Alex Morgan", "database", "backup") in _audit(db, "restore")  # recorded in the restored data


def test_wrong_pin_is_refused_counted_and_pauses_the_account(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    for _ in range(5):
        assert run(["export", "--db", db, "--out", str(out), *_as(monkeypatch, "priya", "0000")]) == 2
        assert "That PIN is not right for priya" in capsys.readouterr().err
    assert run(["export", "--db", db, "--out", str(out), *_as(monkeypatch, "priya")]) == 2  # right PIN, paused
    assert "Too many wrong attempts" in capsys.readouterr().err
    assert not out.exists()
    services = open_services(db)
    with services.ctx.unit() as session:
        row = session.scalars(select(UserRow).where(UserRow.username == "priya")).one()
        assert row.lockouts == 1 and row.locked_until is not None  # paused; the count starts again


def test_pin_from_the_hidden_prompt_and_user_from_the_environment(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        asked.append(prompt)
        return PINS["priya"]

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setenv("CARELOG_USER", "priya")
    assert run(["export", "--db", db, "--out", str(tmp_path / "x.csv")]) == 0
    assert asked == ["PIN or password for priya: "]


def test_no_terminal_and_no_secret_says_how_to_give_it(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert run(["export", "--db", db, "--out", str(tmp_path / "x.csv"), "--user", "priya"]) == 2
    assert "CARELOG_SECRET" in capsys.readouterr().err


def test_without_accounts_the_command_line_is_the_setup_administrator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    home = seed_home(open_services(url))
    services: Services = open_services(url)
    services.incidents.report(_incident(home, services))
    out = tmp_path / "x.csv"
    assert run(["export", "--db", url, "--out", str(out)]) == 0
    assert run(["backup", "--db", url, "--out", str(tmp_path / "b.carelog-backup")]) == 0
    assert run(["check", "--db", url]) == 0
    assert ("Setup administrator", "export", "csv") in _audit(url, "export")


def test_version_help_and_demo_into_a_new_file_need_no_sign_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for flag in (["--version"], ["--help"], ["export", "--help"]):
        with pytest.raises(SystemExit) as done:
            run(flag)
        assert done.value.code == 0
    assert "--user USER" in capsys.readouterr().out
    assert run(["demo", "--db", str(tmp_path / "demo.db"), "--incidents", "20"]) == 0
    assert "demo incidents" in capsys.readouterr().out


def test_demo_into_a_database_with_accounts_needs_an_administrator(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["demo", "--db", db, "--incidents", "5"]) == 2
    assert "carelog demo needs you to sign in" in capsys.readouterr().err
    assert run(["demo", "--db", db, "--incidents", "5", *_as(monkeypatch, "priya")]) == 2
