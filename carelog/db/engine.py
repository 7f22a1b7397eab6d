"""Open a database: build the engine, apply SQLite pragmas, and bring the schema up to date with Alembic.

`open_database` takes a file path or a SQLAlchemy URL. Before migrating an existing SQLite file it copies the
file beside itself, so a failed upgrade never costs a user their records.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from carelog.core.errors import CareLogError

if TYPE_CHECKING:  # alembic is imported only when a migration may be needed (start-up time)
    from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest migration. Checked against the migration scripts by tests/db/test_migrations.py, so that opening
# an up-to-date database needs no Alembic import at all.
HEAD_REVISION = "0011"


class SchemaTooNewError(CareLogError):
    """The database was written by a newer CareLog."""


def to_url(db: str | Path) -> str:
    """A plain path becomes a sqlite URL; anything with '://' is taken as a SQLAlchemy URL."""
    text = str(db)
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_db_engine(db: str | Path) -> Engine:
    url = make_url(to_url(db))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _set_sqlite_pragmas)
        if url.database and url.database != ":memory:":
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not engine.dialect.has_table(conn, "alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def wall_clock() -> datetime:
    """The PC's clock, for migrations run without one (audit records a migration writes say when it ran)."""
    return datetime.now().replace(microsecond=0)


def upgrade_schema(engine: Engine, clock: Callable[[], datetime] | None = None) -> None:
    """Bring the schema to head. Backs up an existing SQLite file first; refuses a newer schema.

    `clock` dates the audit records a migration writes (default: the PC's clock)."""
    current = current_revision(engine)
    if current == HEAD_REVISION:
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise SchemaTooNewError(
            f"This database was written by a newer version of CareLog (schema {current}). "
            "Install the latest CareLog to open it; nothing has been changed."
        )
    if current is not None:
        _backup_before_migration(engine, current)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        cfg.attributes["clock"] = clock or wall_clock
        command.upgrade(cfg, "head")
    logger.info("Database schema upgraded from %s to %s", current or "empty", head)


def _backup_before_migration(engine: Engine, revision: str) -> None:
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return
    source = Path(url.database)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.stem}.before-upgrade-{revision}-{stamp}{source.suffix}")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy2(source, target)
    logger.info("Copied the database to %s before upgrading its schema", target.name)


def open_database(db: str | Path, clock: Callable[[], datetime] | None = None) -> tuple[Engine, sessionmaker[Session]]:
    engine = create_db_engine(db)
    upgrade_schema(engine, clock)
    return engine, sessionmaker(engine, expire_on_commit=False)
