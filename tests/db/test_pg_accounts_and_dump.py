"""What docs/SHARED-DATABASE.md tells a server administrator, proven on a password-checking PostgreSQL:
- an owner role that owns only the CareLog database (no superuser) sets up and upgrades the schema;
- an everyday app role with only SELECT/INSERT/UPDATE/DELETE and sequence use runs CareLog (sign in, save, live
  updates, check) and cannot change the schema;
- a pg_dump -Fc backup restored with pg_restore into a new database passes `carelog check`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import ProgrammingError

from carelog.core import passwords
from carelog.core.connection_check import Outcome
from carelog.core.dto import IncidentFilter
from carelog.core.enums import Role
from carelog.core.users import UserInput
from carelog.db.connection_check import check_server
from carelog.services.integrity import check_engine
from carelog.services.registry import open_services
from tests.conftest import seed_home
from tests.db.pg_password_server import PasswordServer, _bin
from tests.services.test_accounts import _incident

SETUP = """
CREATE ROLE carelog_owner LOGIN PASSWORD 'Owner-Pw-1';
CREATE ROLE carelog_user LOGIN PASSWORD 'User-Pw-1';
CREATE DATABASE carelog_docs OWNER carelog_owner;
"""
GRANTS = """
REVOKE ALL ON DATABASE carelog_docs FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT ON DATABASE carelog_docs TO carelog_user;
GRANT USAGE ON SCHEMA public TO carelog_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO carelog_user;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO carelog_user;
ALTER DEFAULT PRIVILEGES FOR ROLE carelog_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO carelog_user;
ALTER DEFAULT PRIVILEGES FOR ROLE carelog_owner IN SCHEMA public
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO carelog_user;
"""


def _run_sql(url: str, script: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in filter(None, (s.strip() for s in script.split(";"))):
            conn.exec_driver_sql(statement)
    engine.dispose()


def _url(server: PasswordServer, user: str, password: str, database: str = "carelog_docs") -> str:
    return f"postgresql+psycopg://{user}:{password}@127.0.0.1:{server.port}/{database}"


def test_owner_sets_up_the_everyday_role_runs_carelog_and_a_pg_dump_restores(
    password_server: PasswordServer, tmp_path: Path
) -> None:
    passwords.use_fast_parameters_for_tests()
    _run_sql(password_server.admin_url, SETUP)
    owner = _url(password_server, "carelog_owner", "Owner-Pw-1")
    everyday = _url(password_server, "carelog_user", "User-Pw-1")
    first = open_services(owner)  # the owner creates CareLog's tables
    first.accounts.create_first_admin(UserInput("admin", "Alex Morgan", Role.ADMIN, "2580"))
    first.ctx.sessions.kw["bind"].dispose()
    _run_sql(_url(password_server, "postgres", "admin-pw"), GRANTS)

    assert check_server(everyday).outcome is Outcome.READY
    app = open_services(everyday)
    app.accounts.sign_in("admin", "2580")
    home = seed_home(app)
    app.change_feed.start()
    saved = app.incidents.report(_incident(home, app))
    assert app.incidents.count(IncidentFilter()) == 1 and saved.id == 1
    assert app.integrity.check().ok
    engine = app.ctx.sessions.kw["bind"]
    with engine.connect() as conn, pytest.raises(ProgrammingError, match="permission denied"):
        conn.exec_driver_sql("CREATE TABLE sneaky (id integer)")
    with engine.connect() as conn, pytest.raises(ProgrammingError, match="must be owner"):
        conn.exec_driver_sql("ALTER TABLE incidents ADD COLUMN sneaky integer")
    engine.dispose()

    pg_bin = _bin()
    dump = str(tmp_path / "carelog.dump")
    env = {"PGPASSWORD": "Owner-Pw-1", "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [f"{pg_bin}/pg_dump", "-Fc", "-h", "127.0.0.1", "-p", str(password_server.port), "-U", "carelog_owner",
         "-f", dump, "carelog_docs"],
        check=True, env=env, capture_output=True, timeout=120,
    )  # fmt: skip
    _run_sql(
        _url(password_server, "postgres", "admin-pw", "postgres"),
        "CREATE DATABASE carelog_restored OWNER carelog_owner",
    )
    subprocess.run(
        [f"{pg_bin}/pg_restore", "-h", "127.0.0.1", "-p", str(password_server.port), "-U", "carelog_owner",
         "-d", "carelog_restored", "--no-owner", dump],
        check=True, env=env, capture_output=True, timeout=120,
    )  # fmt: skip
    restored = create_engine(_url(password_server, "carelog_owner", "Owner-Pw-1", "carelog_restored"))
    try:
        report = check_engine(restored)
    finally:
        restored.dispose()
    assert report.ok, "\n".join(report.lines())


def test_the_everyday_role_cannot_upgrade_the_schema_and_changes_nothing(password_server: PasswordServer) -> None:
    from alembic import command

    from carelog.db.engine import MigrationFailedError, alembic_config, current_revision

    _run_sql(
        password_server.admin_url,
        "CREATE ROLE old_owner LOGIN PASSWORD 'Owner-Pw-2'; CREATE ROLE old_user LOGIN PASSWORD 'User-Pw-2'; "
        "CREATE DATABASE carelog_old OWNER old_owner",
    )
    owner = create_engine(_url(password_server, "old_owner", "Owner-Pw-2", "carelog_old"))
    cfg = alembic_config()
    with owner.begin() as conn:  # a database last opened by an older CareLog
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0009")
    owner.dispose()
    grants = GRANTS.replace("carelog_docs", "carelog_old").replace("carelog_owner", "old_owner")
    _run_sql(_url(password_server, "postgres", "admin-pw", "carelog_old"), grants.replace("carelog_user", "old_user"))
    everyday = _url(password_server, "old_user", "User-Pw-2", "carelog_old")
    assert check_server(everyday).outcome is Outcome.NEEDS_UPGRADE
    with pytest.raises(MigrationFailedError, match="left it exactly as it was"):
        open_services(everyday)
    probe = create_engine(everyday)
    try:
        assert current_revision(probe) == "0009"
    finally:
        probe.dispose()
    upgraded = open_services(_url(password_server, "old_owner", "Owner-Pw-2", "carelog_old"))
    upgraded.ctx.sessions.kw["bind"].dispose()
    assert check_server(everyday).outcome is Outcome.READY
