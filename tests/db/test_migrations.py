"""Alembic migrations produce exactly the schema the models describe, on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from carelog.core.clock import FixedClock
from carelog.db.engine import (
    SchemaTooNewError,
    create_db_engine,
    current_revision,
    head_revision,
    open_database,
    upgrade_schema,
)
from carelog.db.migrations.env_filters import include_name
from carelog.db.models import Base


def test_migrated_schema_matches_models(db_url: str) -> None:
    engine, _ = open_database(db_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_name": include_name, "compare_type": False})
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
