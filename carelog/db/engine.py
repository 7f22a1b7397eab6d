"""Open a database: build the engine, apply SQLite pragmas, and bring the schema up to date with Alembic.

`open_database` takes a file path or a SQLAlchemy URL. It reads the schema version before anything changes the
file (a newer schema is refused untouched). Before migrating an existing SQLite file it copies the file beside
itself; the migration itself runs in one transaction, so a migration that fails part-way leaves the file as it was.

On SQLite CareLog, not the driver, starts transactions: a unit of work that may write begins with BEGIN IMMEDIATE
(it waits up to BUSY_TIMEOUT_SECONDS for another process's write to finish, and every read that decides its write
happens under the lock); a read-only unit (execution option carelog_read_only) begins a plain deferred BEGIN.
"""

from __future__ import annotations

import logging
import os
import shutil
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from carelog.core.clock import Clock, system_clock
from carelog.core.errors import CareLogError
from carelog.db.uow import READ_ONLY_OPTION

if TYPE_CHECKING:  # alembic is imported only when a migration may be needed (start-up time)
    from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest migration. Checked against the migration scripts by tests/db/test_migrations.py, so that opening
# an up-to-date database needs no Alembic import at all.
HEAD_REVISION = "0017"
BUSY_TIMEOUT_SECONDS = 15


class SchemaTooNewError(CareLogError):
    """The database was written by a newer CareLog."""


class MigrationFailedError(CareLogError):
    """A schema upgrade failed; the database was left as it was before."""


def to_url(db: str | Path) -> str:
    """A plain path becomes a sqlite URL; anything with '://' is taken as a SQLAlchemy URL."""
    text = str(db)
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver must not open transactions itself (it would start them DEFERRED, and not before DDL):
    # _begin_sqlite emits BEGIN for every transaction SQLAlchemy starts.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_sqlite(conn: Any) -> None:
    """SQLAlchemy's pysqlite recipe: writes take the lock at BEGIN; pure reads stay deferred, and SQLite itself
    refuses a write in them (query_only), so a unit marked as a read can never write without its lock."""
    read_only = bool(conn.get_execution_options().get(READ_ONLY_OPTION))
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA query_only={int(read_only)}")
    finally:
        cursor.close()
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def sqlite_file(engine: Engine) -> Path | None:
    """The database file of a SQLite engine (None for PostgreSQL or an in-memory database)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def create_db_engine(db: str | Path) -> Engine:
    """Build the engine. Nothing here writes to the database file (see prepare_sqlite_file)."""
    url = make_url(to_url(db))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, hide_parameters=True, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def prepare_sqlite_file(engine: Engine) -> None:
    """Switch an accepted SQLite file to WAL (several readers beside one writer) and make it private to its owner."""
    path = sqlite_file(engine)
    if path is None:
        return
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA journal_mode=WAL")  # type: ignore[union-attr]
    finally:
        raw.close()
    restrict_to_owner(path)


def wal_checkpoint(engine: Engine) -> None:
    """Fold the WAL into the SQLite file (before copying it). Runs outside a transaction, as SQLite requires."""
    if sqlite_file(engine) is None:
        return
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    finally:
        raw.close()


def restrict_to_owner(path: Path) -> None:
    """chmod 0600 where the OS has modes (Windows: the per-user data folder protects it)."""
    if os.name != "posix":
        return
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if candidate.exists() and candidate.stat().st_uid == os.getuid():
                os.chmod(candidate, 0o600)
        except OSError:  # a file on a share we may not chmod: leave it as it is
            continue


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
        conn.execution_options(**{READ_ONLY_OPTION: True})
        if not engine.dialect.has_table(conn, "alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def upgrade_schema(engine: Engine, clock: Clock = system_clock) -> None:
    """Bring the schema to head. Backs up an existing SQLite file first (its name stamped with `clock`);
    refuses a newer schema."""
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
    copy = _backup_before_migration(engine, current, clock) if current is not None else None
    from carelog.db import integrity_upgrade

    cfg = alembic_config()
    try:
        # One transaction for every step (SQLite has transactional DDL once CareLog emits BEGIN itself): a step
        # that fails rolls all of them back, the binding of existing records to the audit trail included.
        with engine.begin() as conn:
            bind_records = current is not None and integrity_upgrade.needs_binding(conn)
            # a database bound now in full needs no binding of the kinds a later migration covers
            coverage = [] if current is None or bind_records else integrity_upgrade.coverage_steps(script, current)
            cfg.attributes["connection"] = conn
            cfg.attributes["clock"] = clock
            command.upgrade(cfg, "head")
            if bind_records:
                integrity_upgrade.bind_existing_records(conn, clock())
            for revision, covered in coverage:
                integrity_upgrade.bind_newly_covered(conn, revision, covered, clock())
    except Exception as exc:
        logger.error("Database schema upgrade from %s failed (%s); rolled back", current, type(exc).__name__)
        kept = f" A copy made before the upgrade is at {copy}." if copy else ""
        raise MigrationFailedError(
            f"CareLog could not upgrade this database to the new version, so it left it exactly as it was.{kept} "
            "Keep using the previous CareLog version and send the log file in CareLog's data folder to support."
        ) from exc
    logger.info("Database schema upgraded from %s to %s", current or "empty", head)


def _backup_before_migration(engine: Engine, revision: str, clock: Clock) -> Path | None:
    source = sqlite_file(engine)
    if source is None:
        return None
    stamp = clock().strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.stem}.before-upgrade-{revision}-{stamp}{source.suffix}")
    wal_checkpoint(engine)
    shutil.copy2(source, target)
    restrict_to_owner(target)
    logger.info("Copied the database to %s before upgrading its schema", target.name)
    return target


def refuse_newer_schema(engine: Engine) -> None:
    """Raise SchemaTooNewError if a newer CareLog wrote this database. Only reads: the file is not touched."""
    current = current_revision(engine)
    if current is None or current == HEAD_REVISION:
        return
    from alembic.script import ScriptDirectory

    known = {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current not in known:
        raise SchemaTooNewError(
            f"This database was written by a newer version of CareLog (schema {current}). "
            "Install the latest CareLog to open it; nothing has been changed."
        )


def _open_and_upgrade(db: str | Path, clock: Clock) -> Engine:
    """A newer schema is refused before anything touches the file; then WAL, then the upgrade."""
    engine = create_db_engine(db)
    try:
        refuse_newer_schema(engine)
    except SchemaTooNewError:
        engine.dispose()
        raise
    prepare_sqlite_file(engine)
    upgrade_schema(engine, clock)
    return engine


def open_database(db: str | Path, clock: Clock = system_clock) -> tuple[Engine, sessionmaker[Session]]:
    """Open (and migrate) a database. A SQLite file is marked as open by this process (db.open_lock) first, so a
    restore in another process refuses to replace it, and opening waits for no restore."""
    url = make_url(to_url(db))
    file = (
        Path(url.database)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
        else None
    )
    if file is None:
        engine = _open_and_upgrade(db, clock)
        return engine, sessionmaker(engine, expire_on_commit=False)
    from carelog.db import open_lock
    from carelog.db.network_location import refuse_network_location

    refuse_network_location(file, None if "://" in str(db) else str(db))  # before anything creates or locks it
    open_lock.register_open(file)
    try:
        engine = _open_and_upgrade(db, clock)
    except BaseException:
        open_lock.release_open(file)
        raise
    weakref.finalize(engine, open_lock.release_open, file)
    return engine, sessionmaker(engine, expire_on_commit=False)
