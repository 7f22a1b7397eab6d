"""Database settings: the file text round trip (never a password), validation messages, URL and precedence."""

from __future__ import annotations

import pytest

from carelog.core.db_config import (
    ConfigError,
    ConfigSource,
    DatabaseConfig,
    DatabaseKind,
    parse,
    render,
    resolve,
    server_url,
    validate,
)

SERVER = DatabaseConfig(DatabaseKind.POSTGRESQL, host="office-pc", port=5433, database="carelog", user="carelog_app")


def test_server_settings_round_trip_without_a_password() -> None:
    config = DatabaseConfig(**{**SERVER.__dict__, "sslmode": "verify-full", "sslrootcert": r"C:\certs\root.crt"})
    text = render(config)
    assert parse(text) == config
    assert "password =" not in text and "password=" not in text


def test_sqlite_settings_round_trip_and_missing_section() -> None:
    config = DatabaseConfig(sqlite_path=r"D:\CareLog\carelog.db")
    assert parse(render(config)) == config
    assert parse("# nothing here\n") is None


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("[database]\nkind = oracle\n", "unknown kind"),
        ("[database]\nkind = postgresql\nhost = x\nport = five\nuser = u\n", "port"),
        ("[database]\nkind = postgresql\nuser = u\n", "name or address of the database server"),
        ("[database]\nkind = postgresql\nhost = x\n", "user name"),
        ("[database]\nkind = postgresql\nhost = x\nuser = u\nsslmode = maybe\n", "Encryption"),
        ("not ini at all", "cannot be read"),
    ],
)
def test_damaged_settings_say_what_to_fix(text: str, fix: str) -> None:
    with pytest.raises(ConfigError, match=fix):
        parse(text)


def test_validate_trims_and_checks_port() -> None:
    assert validate(DatabaseConfig(**{**SERVER.__dict__, "host": " office-pc "})).host == "office-pc"
    with pytest.raises(ConfigError, match="between 1 and 65535"):
        validate(DatabaseConfig(**{**SERVER.__dict__, "port": 70000}))


def test_server_url_quotes_the_password_and_keeps_tls() -> None:
    url = server_url(DatabaseConfig(**{**SERVER.__dict__, "sslmode": "require"}), "p@ss:w/rd")
    assert url == "postgresql+psycopg://carelog_app:p%40ss%3Aw%2Frd@office-pc:5433/carelog?sslmode=require"
    assert server_url(SERVER, None) == "postgresql+psycopg://carelog_app@office-pc:5433/carelog?sslmode=prefer"


def test_precedence_command_line_then_user_then_machine_then_default() -> None:
    user = DatabaseConfig(sqlite_path="/home/jo/mine.db")
    machine = SERVER
    assert resolve("/x.db", user, machine).source is ConfigSource.COMMAND_LINE
    assert resolve("/x.db", user, machine).command_line == "/x.db"
    assert resolve(None, user, machine).config == user
    assert resolve(None, None, machine).source is ConfigSource.MACHINE
    assert resolve(None, None, machine).config == machine
    default = resolve(None, None, None)
    assert default.source is ConfigSource.DEFAULT and default.config == DatabaseConfig()
