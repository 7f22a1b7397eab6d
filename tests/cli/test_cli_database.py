"""Commands without --db use the database the app would open: the saved database settings (the user's file, else
the PC's file for every user, with the server password from the credential store: a fake one here), else the
default file; --db still wins; a damaged settings file is named."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from carelog.cli import run
from carelog.cli.database import command_database
from carelog.core.db_config import DatabaseConfig, DatabaseKind
from carelog.services import database_config as files
from carelog.services.database_config import KEYRING_SERVICE, Scope
from carelog.services.registry import Services
from tests.cli.test_check import _write_some_history
from tests.conftest import Home

SERVER = DatabaseConfig(DatabaseKind.POSTGRESQL, host="office-pc", database="carelog", user="carelog_app")


def _saved_as_settings(db_url: str, keyring_store: dict[tuple[str, str], str]) -> tuple[Scope, str]:
    """Save `db_url` as the app's database: a SQLite file for just me, a server for every user of the PC (its
    password in the credential store). Returns the scope and how the command names the database."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        assert url.database is not None
        files.save(DatabaseConfig(sqlite_path=url.database), Scope.USER)
        return Scope.USER, url.database
    config = DatabaseConfig(
        DatabaseKind.POSTGRESQL,
        host=url.host or "",
        port=url.port or 5432,
        database=url.database or "",
        user=url.username or "",
    )
    files.save(config, Scope.MACHINE)
    keyring_store[(KEYRING_SERVICE, config.credential_name())] = "kept-in-the-store"
    return Scope.MACHINE, config.label()


def test_commands_without_db_use_the_database_the_app_opens(
    services: Services,
    home: Home,
    db_url: str,
    keyring_store: dict[tuple[str, str], str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _write_some_history(services, home)
    scope, shown = _saved_as_settings(db_url, keyring_store)
    assert run(["seal"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == services.integrity.seal().text
    source = "your own database settings" if scope is Scope.USER else "this PC's database settings for every user"
    assert f"carelog seal: using {shown} ({source})" in captured.err
    assert "kept-in-the-store" not in captured.err + captured.out  # the password is never printed
    assert run(["check"]) == 0
    assert "No problems found." in capsys.readouterr().out


def test_db_on_the_command_line_wins_over_the_settings(
    services: Services, home: Home, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_some_history(services, home)
    elsewhere = tmp_path / "elsewhere.db"
    files.save(DatabaseConfig(sqlite_path=str(elsewhere)), Scope.USER)
    assert run(["check", "--db", db_url]) == 0
    captured = capsys.readouterr()
    assert "No problems found." in captured.out and "using" not in captured.err
    assert not elsewhere.exists()


def test_without_settings_a_command_uses_the_default_file(capsys: pytest.CaptureFixture[str]) -> None:
    from carelog.paths import default_db_path

    assert run(["check"]) == 2  # check never creates a database
    err = capsys.readouterr().err
    assert f"using {default_db_path()} (the default database file on this PC)" in err
    assert f"there is no database file at {default_db_path()}" in err


def test_the_server_password_comes_from_the_credential_store_else_is_asked_or_left_to_libpq(
    keyring_store: dict[tuple[str, str], str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files.save(SERVER, Scope.MACHINE)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    no_password = "postgresql+psycopg://carelog_app@office-pc:5432/carelog?sslmode=prefer"
    assert command_database("pack", None) == no_password  # no terminal: PGPASSWORD or .pgpass, as libpq does
    asked: list[str] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or "typed pw")
    assert command_database("pack", None) == (
        "postgresql+psycopg://carelog_app:typed%20pw@office-pc:5432/carelog?sslmode=prefer"
    )
    assert asked == ["carelog pack: password of the database user for carelog on office-pc:5432 (as carelog_app): "]
    assert keyring_store == {}  # typed for this run only
    monkeypatch.setenv("PGPASSWORD", "from-the-environment")
    assert command_database("pack", None) == no_password and len(asked) == 1
    keyring_store[(KEYRING_SERVICE, SERVER.credential_name())] = "pw"
    assert command_database("pack", None) == (
        "postgresql+psycopg://carelog_app:pw@office-pc:5432/carelog?sslmode=prefer"
    )
    files.save(DatabaseConfig(sqlite_path="/data/mine.db"), Scope.USER)  # the user's own settings come first
    assert command_database("pack", None) == "/data/mine.db"
    assert command_database("pack", "/given.db") == "/given.db"
    assert "pw" not in capsys.readouterr().err


def test_a_damaged_settings_file_stops_the_command_and_names_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    files.user_config_file().parent.mkdir(parents=True, exist_ok=True)
    files.user_config_file().write_text("[database]\nkind = postgresql\nport = x\n", encoding="utf-8")
    assert run(["check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("carelog check: ") and str(files.user_config_file()) in err
