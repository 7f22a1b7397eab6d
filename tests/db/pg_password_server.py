"""A private PostgreSQL server that checks passwords (scram-sha-256), for the Test connection tests.

The server started by scripts/test.sh trusts every local connection, so a wrong password cannot be tested on it.
This one is started once per test session on CARELOG_TEST_PG_AUTH_PORT (default 55506), only where the storage
tests run on PostgreSQL (CARELOG_TEST_PG_URL) and this process may start one (root, PostgreSQL installed)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

PASSWORD = "Correct-Horse-7"
USER = "carelog_app"


@dataclass(frozen=True)
class PasswordServer:
    port: int
    admin_url: str  # the superuser, with its password

    def url(self, database: str, password: str | None = PASSWORD, user: str = USER) -> str:
        auth = f"{user}:{password}" if password else user
        return f"postgresql+psycopg://{auth}@127.0.0.1:{self.port}/{database}"


def _bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    return found[-1] if found else None


def _as_postgres(command: str) -> None:
    subprocess.run(["su", "postgres", "-c", command], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="session")
def password_server() -> Iterator[PasswordServer]:
    pg_bin = _bin()
    if not os.environ.get("CARELOG_TEST_PG_URL") or pg_bin is None or os.geteuid() != 0:
        pytest.skip("needs PostgreSQL (CARELOG_TEST_PG_URL, run as root by scripts/test.sh)")
    port = int(os.environ.get("CARELOG_TEST_PG_AUTH_PORT", "55506"))
    folder = tempfile.mkdtemp(prefix="carelog-pg-auth-")
    shutil.chown(folder, "postgres")
    pwfile = os.path.join(folder, "pw")
    with open(pwfile, "w", encoding="ascii") as fh:
        fh.write("admin-pw\n")
    shutil.chown(pwfile, "postgres")
    data = os.path.join(folder, "data")
    try:
        _as_postgres(f"{pg_bin}/initdb -D {data} -A scram-sha-256 -U postgres --pwfile={pwfile}")
        _as_postgres(
            f"{pg_bin}/pg_ctl -D {data} -w -l {folder}/log "
            f"-o '-p {port} -k {folder} -c listen_addresses=127.0.0.1' start"
        )
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"could not start a password-checking PostgreSQL on port {port}: {exc.stderr[-200:]!r}")
    admin = f"postgresql+psycopg://postgres:admin-pw@127.0.0.1:{port}/postgres"
    from sqlalchemy import create_engine

    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}'")
    engine.dispose()
    try:
        yield PasswordServer(port, admin)
    finally:
        subprocess.run(["su", "postgres", "-c", f"{pg_bin}/pg_ctl -D {data} -m fast stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def create_database(server: PasswordServer, name: str) -> None:
    """A database owned by the CareLog role (it may create CareLog's tables in it)."""
    from sqlalchemy import create_engine

    engine = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" OWNER {USER}')
    engine.dispose()
