"""Test connection: one plain-English message for each way reaching the server can fail, and for each state of
the CareLog schema found there. Failures are produced for real (a port nobody listens on, a password-checking
server), never simulated."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import create_engine

from carelog.core.connection_check import Outcome
from carelog.db.connection_check import check_server
from carelog.db.engine import HEAD_REVISION, open_database
from tests.db.pg_password_server import PasswordServer, create_database


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_server_down() -> None:
    result = check_server(f"postgresql+psycopg://carelog_app:pw@127.0.0.1:{_free_port()}/carelog")
    assert result.outcome is Outcome.SERVER_DOWN and not result.ok
    assert "No database server answers at 127.0.0.1:" in result.message
    assert "PostgreSQL is running" in result.message and "firewall" in result.message


def test_unknown_host() -> None:
    result = check_server("postgresql+psycopg://carelog_app:pw@no-such-host.invalid:5432/carelog")
    assert result.outcome is Outcome.HOST_UNKNOWN
    assert "There is no computer called no-such-host.invalid" in result.message


def test_wrong_password_and_unknown_user(password_server: PasswordServer) -> None:
    for url in (
        password_server.url("postgres", "wrong"),
        password_server.url("postgres", None),
        password_server.url("postgres", "x", user="nobody"),
    ):
        result = check_server(url)
        assert result.outcome is Outcome.WRONG_PASSWORD, result.message
        assert "refused the user name" in result.message and "password" in result.message
        assert "wrong" not in result.message and "Correct-Horse" not in result.message


def test_missing_database(password_server: PasswordServer) -> None:
    result = check_server(password_server.url("carelog_missing"))
    assert result.outcome is Outcome.DATABASE_MISSING
    assert "has no database called carelog_missing" in result.message


def test_empty_current_older_and_newer_schema(password_server: PasswordServer) -> None:
    create_database(password_server, "carelog_states")
    url = password_server.url("carelog_states")
    empty = check_server(url)
    assert empty.outcome is Outcome.READY_EMPTY and empty.ok and "will set it up" in empty.message
    engine, _sessions = open_database(url)
    engine.dispose()
    current = check_server(url)
    assert (current.outcome, current.revision) == (Outcome.READY, HEAD_REVISION) and current.ok
    raw = create_engine(url)
    with raw.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0009'")
    older = check_server(url)
    assert older.outcome is Outcome.NEEDS_UPGRADE and older.ok
    assert "older CareLog version (schema 0009)" in older.message and "Update CareLog on every PC" in older.message
    with raw.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    raw.dispose()
    newer = check_server(url)
    assert newer.outcome is Outcome.SCHEMA_TOO_NEW and not newer.ok
    assert "newer CareLog version (schema 9999)" in newer.message


def test_database_of_another_program(password_server: PasswordServer) -> None:
    create_database(password_server, "carelog_other")
    raw = create_engine(password_server.url("carelog_other"))
    with raw.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE invoices (id integer)")
    raw.dispose()
    assert check_server(password_server.url("carelog_other")).outcome is Outcome.NOT_CARELOG


def test_tls_required_by_carelog_but_off_on_the_server(password_server: PasswordServer) -> None:
    result = check_server(password_server.url("postgres") + "?sslmode=require")
    assert result.outcome is Outcome.TLS_PROBLEM, result.message
    assert "encrypted connection" in result.message


@pytest.mark.parametrize("sslmode", ["prefer"])
def test_tls_prefer_falls_back_on_a_server_without_tls(password_server: PasswordServer, sslmode: str) -> None:
    assert check_server(password_server.url("postgres") + f"?sslmode={sslmode}").outcome is Outcome.READY_EMPTY
