"""Alembic migrations produce exactly the schema the models describe, on every backend."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from carelog.core.clock import FixedClock
from carelog.db.engine import (
    MigrationFailedError,
    SchemaTooNewError,
    create_db_engine,
    current_revision,
    head_revision,
    open_database,
    upgrade_schema,
)
from carelog.db.migrations.env_filters import include_name, quiet_hand_made_indexes
from carelog.db.models import Base


def test_migrated_schema_matches_models(db_url: str) -> None:
    engine, _ = open_database(db_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_name": include_name, "compare_type": False})
        with quiet_hand_made_indexes():
            diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
    assert current_revision(engine) == head_revision()


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    from carelog.db.engine import HEAD_REVISION

    assert HEAD_REVISION == head_revision()


def test_search_index_exists_on_sqlite(sqlite_url: str) -> None:
    engine, _ = open_database(sqlite_url)
    assert "incidents_fts" in inspect(engine).get_table_names()


def test_upgrade_copies_the_file_first(tmp_path: Path, clock: FixedClock) -> None:
    db = tmp_path / "home.db"
    engine = create_db_engine(db)
    from alembic import command

    from carelog.db.engine import alembic_config

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    upgrade_schema(engine, clock)
    backups = list(tmp_path.glob("home.before-upgrade-0001-*.db"))
    assert [b.name for b in backups] == [f"home.before-upgrade-0001-{clock():%Y%m%d-%H%M%S}.db"]
    assert current_revision(engine) == head_revision()


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    engine, _ = open_database(db)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaTooNewError, match="newer version of CareLog"):
        upgrade_schema(create_db_engine(db))
    assert current_revision(create_db_engine(db)) == "9999"


def _file_state(db: Path) -> dict[str, bytes]:
    # the database and its -wal/-shm files (not the open-lock folder beside them, which never touches the file)
    return {p.name: p.read_bytes() for p in sorted(db.parent.glob(db.name + "*")) if p.is_file()}


def test_newer_schema_is_refused_before_anything_touches_the_file(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    engine, _ = open_database(db)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff9999'")
    engine.dispose()
    # an older file in rollback-journal mode (WAL would be switched on by an accepted open)
    with sqlite3.connect(db) as raw:
        raw.execute("PRAGMA journal_mode=DELETE")
    raw.close()
    before = _file_state(db)
    with pytest.raises(SchemaTooNewError, match="nothing has been changed"):
        open_database(db)
    assert _file_state(db) == before
    assert list(tmp_path.glob("newer.before-upgrade-*")) == []


def _at_revision(db: Path, revision: str) -> None:
    from alembic import command

    from carelog.db.engine import alembic_config

    engine = create_db_engine(db)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO users (username, display_name, role, active, created_at) "
            "VALUES ('manager', 'Test Manager', 'manager', 1, '2026-01-01 00:00:00')"
        )
    engine.dispose()


def test_a_migration_that_fails_part_way_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command

    db = tmp_path / "home.db"
    _at_revision(db, "0003")
    real_upgrade = command.upgrade

    def upgrade_then_fail(cfg, revision):  # type: ignore[no-untyped-def]
        real_upgrade(cfg, revision)  # every step's DDL runs (0004 rebuilds the users table)...
        raise RuntimeError("disk full")  # ...then the upgrade fails before it is complete

    monkeypatch.setattr(command, "upgrade", upgrade_then_fail)
    with pytest.raises(MigrationFailedError, match="left it exactly as it was") as refused:
        open_database(db)
    assert "before-upgrade-0003" in str(refused.value)
    monkeypatch.setattr(command, "upgrade", real_upgrade)

    engine = create_db_engine(db)
    assert current_revision(engine) == "0003"
    columns = {c["name"] for c in inspect(engine).get_columns("users")}
    assert "failed_sign_ins" not in columns  # 0004's column is not there: the whole step was rolled back
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT display_name FROM users").scalars().all() == ["Test Manager"]
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    engine.dispose()
    engine, _ = open_database(db)  # the next CareLog that works upgrades it normally
    assert current_revision(engine) == head_revision()


def test_the_provider_indexes_are_on_postgresql_only_and_go_with_a_downgrade(db_url: str) -> None:
    from alembic import command

    from carelog.db.engine import alembic_config

    engine, _ = open_database(db_url)
    provider = {"ix_incidents_pg_recent_cover", "ix_incidents_pg_open_cover"}

    def present() -> set[str]:
        with quiet_hand_made_indexes():  # the Trends indexes on expressions (SQLite) cannot be reflected
            return provider & {i["name"] for i in inspect(engine).get_indexes("incidents") if i["name"]}

    on_postgresql = engine.dialect.name == "postgresql"
    assert present() == (provider if on_postgresql else set())  # SQLite unchanged
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0014")
    assert present() == set() and current_revision(engine) == "0014"
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert present() == (provider if on_postgresql else set())
    engine.dispose()
