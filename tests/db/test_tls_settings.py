"""The Encryption option of the database settings reaches libpq: against a PostgreSQL with TLS switched on (its
certificate made by the test, for `localhost` only), 'verify-full' with the right root certificate connects
encrypted, and is refused with the plain message for another authority's root certificate or a server name that is
not in the certificate. Skipped where PostgreSQL cannot be started (tests.db.pg_tls_server)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from carelog.core.connection_check import Outcome
from carelog.core.db_config import DatabaseConfig, DatabaseKind, server_url
from carelog.db.connection_check import check_server
from carelog.db.engine import create_db_engine
from carelog.services import database_config as files
from carelog.services.database_config import KEYRING_SERVICE, Scope, startup_database
from tests.db.pg_tls_server import SERVER_NAME, TlsServer


def _settings(server: TlsServer, sslmode: str, root: Path | None = None, host: str = SERVER_NAME) -> DatabaseConfig:
    return DatabaseConfig(
        DatabaseKind.POSTGRESQL,
        host=host,
        port=server.port,
        database="postgres",
        user="postgres",
        sslmode=sslmode,
        sslrootcert=str(root or ""),
    )


def _tls_of_the_connection(url: str) -> tuple[bool, str]:
    """(encrypted, TLS version) as the server sees the connection CareLog's engine opens."""
    engine = create_db_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").one()
    finally:
        engine.dispose()
    return bool(row[0]), str(row[1])


def test_verify_full_with_the_right_root_certificate_connects_encrypted(tls_server: TlsServer) -> None:
    url = server_url(_settings(tls_server, "verify-full", tls_server.root_cert), None)
    assert "sslmode=verify-full" in url and "sslrootcert=" in url
    encrypted, version = _tls_of_the_connection(url)
    assert encrypted and version.startswith("TLS")
    assert check_server(url).outcome is Outcome.READY_EMPTY


def test_verify_full_refuses_a_root_certificate_of_another_authority(tls_server: TlsServer) -> None:
    result = check_server(server_url(_settings(tls_server, "verify-full", tls_server.other_root_cert), None))
    assert result.outcome is Outcome.TLS_PROBLEM, result.message
    assert "The encrypted connection to localhost:" in result.message
    assert "certificate" in result.message  # libpq's reason, inside the plain message


def test_verify_full_refuses_a_server_name_not_in_its_certificate(tls_server: TlsServer) -> None:
    config = _settings(tls_server, "verify-full", tls_server.root_cert, host="127.0.0.1")
    result = check_server(server_url(config, None))
    assert result.outcome is Outcome.TLS_PROBLEM, result.message
    # 'require' encrypts without checking the name: the same address connects
    assert _tls_of_the_connection(server_url(replace(config, sslmode="require"), None))[0]


def test_the_saved_settings_open_the_server_encrypted_as_the_app_does(
    tls_server: TlsServer, tmp_path: Path, keyring_store: dict[tuple[str, str], str]
) -> None:
    config = _settings(tls_server, "verify-full", tls_server.root_cert)
    files.save(config, Scope.MACHINE)
    keyring_store[(KEYRING_SERVICE, config.credential_name())] = "unused-by-a-trusting-server"
    chosen = startup_database(None, tmp_path / "default.db")
    assert chosen.config == config and not chosen.needs_password
    assert _tls_of_the_connection(chosen.target)[0]
    plain = chosen.target.replace("sslmode=verify-full", "sslmode=disable")
    with pytest.raises(Exception, match="no encryption|SSL off|pg_hba"):
        _tls_of_the_connection(plain)  # the server takes only encrypted connections: the setting made it so
