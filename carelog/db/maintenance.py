"""Database-level maintenance: integrity checks, and copying every table out to / in from a portable form.

Used by services.integrity (carelog check) and services.backup (carelog backup / restore).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, delete, func, insert, select, text
from sqlalchemy import types as satypes
from sqlalchemy.orm import Session

from carelog.db.engine import alembic_config
from carelog.db.engine import sqlite_file as sqlite_file  # re-exported: callers use maintenance.sqlite_file
from carelog.db.migrations.env_filters import HAND_MADE_SEARCH, quiet_hand_made_indexes
from carelog.db.uow import READ_ONLY_OPTION

SKIPPED_TABLES = ("alembic_version",)


def backend(engine: Engine) -> str:
    return engine.url.get_backend_name()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def revision_of(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


# ------------------------------------------------------------------------------------------ integrity
def sqlite_integrity_problems(engine: Engine) -> list[str]:
    """PRAGMA integrity_check: an empty list means the file is sound."""
    with engine.connect() as conn:
        conn.execution_options(**{READ_ONLY_OPTION: True})  # a read: writers carry on while it runs
        rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def sqlite_foreign_key_problems(engine: Engine) -> list[str]:
    """PRAGMA foreign_key_check: each row pointing at a record that does not exist."""
    with engine.connect() as conn:
        conn.execution_options(**{READ_ONLY_OPTION: True})
        rows = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return [f"table {r[0]} row {r[1]} refers to a missing record in {r[2]}" for r in rows]


# ------------------------------------------------------------------------------------------ table copies
def data_tables(conn: Connection) -> list[Table]:
    """Every table holding CareLog data, parents before children (search indexes and Alembic's table left out)."""
    meta = MetaData()
    with quiet_hand_made_indexes():
        meta.reflect(
            bind=conn,
            only=lambda name, _meta: (
                not name.startswith(HAND_MADE_SEARCH) and name not in SKIPPED_TABLES and not name.startswith("sqlite_")
            ),
        )
    return list(meta.sorted_tables)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def read_rows(conn: Connection, table: Table, batch: int = 2000) -> Iterator[dict[str, Any]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(select(table).order_by(*order))
    for row in result.mappings():
        yield {key: _jsonable(value) for key, value in row.items()}


def _converter(column_type: satypes.TypeEngine[Any]) -> Any:
    if isinstance(column_type, satypes.DateTime):
        return datetime.fromisoformat
    if isinstance(column_type, satypes.Date):
        return date.fromisoformat
    if isinstance(column_type, satypes.Boolean):
        return bool
    return None


def write_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows (JSON values) into `table`, converting dates and flags back to their column types."""
    if not rows:
        return
    converters = {c.name: _converter(c.type) for c in table.columns}
    known = set(converters)
    fixed = []
    for row in rows:
        out: dict[str, Any] = {}
        for key, value in row.items():
            if key not in known:
                raise ValueError(f"column {key} is not in table {table.name}")
            conv = converters[key]
            out[key] = conv(value) if conv is not None and value is not None else value
        fixed.append(out)
    conn.execute(insert(table), fixed)


def count_rows(conn: Connection, table: Table) -> int:
    return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def plain_sqlite_engine(path: Path) -> Engine:
    """An engine on a scratch SQLite file without CareLog's pragmas (foreign keys are checked afterwards)."""
    return create_engine(f"sqlite:///{path}")


def snapshot_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite file, made with the sqlite3 online backup API."""
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def replace_sqlite_contents(source: Path, target: Path) -> None:
    """Overwrite the target database with the source, page by page, in one step (sqlite3 backup API)."""
    snapshot_sqlite(source, target)


KeepHighest = Callable[[Session, dict[tuple[str, int], int]], int]


def replace_all_rows(source: Engine, target: Engine, keep_highest: KeepHighest | None = None) -> int:
    """Any backend: in one transaction, empty every data table of the target and copy the source's rows in.

    On PostgreSQL every table is locked first (refused at once, not waited for, while another session is writing),
    so no write can slip in between. `keep_highest` gets the target's reference counters as they were and may
    raise the copied ones; its result is returned."""
    from carelog.db.repositories import reference_counters

    kept = 0
    with source.connect() as src, target.begin() as dst:
        src_tables = {t.name: t for t in data_tables(src)}
        dst_tables = data_tables(dst)
        if backend(target) == "postgresql":
            _lock_pg_tables(dst, dst_tables)
        before: dict[tuple[str, int], int] = {}
        if keep_highest is not None:
            with Session(bind=dst) as session:
                before = reference_counters.all_counters(session)
        for table in reversed(dst_tables):
            dst.execute(delete(table))
        for table in dst_tables:
            if table.name not in src_tables:
                continue
            batch: list[dict[str, Any]] = []
            for row in read_rows(src, src_tables[table.name]):
                batch.append(row)
                if len(batch) >= 2000:
                    write_rows(dst, table, batch)
                    batch = []
            write_rows(dst, table, batch)
        if keep_highest is not None:
            with Session(bind=dst) as session:
                kept = keep_highest(session, before)
        if backend(target) == "postgresql":
            _reset_pg_sequences(dst, dst_tables)
    return kept


def _lock_pg_tables(conn: Connection, tables: list[Table]) -> None:
    from sqlalchemy.exc import OperationalError

    from carelog.db.open_lock import DatabaseInUse

    names = ", ".join(conn.dialect.identifier_preparer.quote(t.name) for t in tables)
    try:
        conn.exec_driver_sql(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE NOWAIT")
    except OperationalError:
        raise DatabaseInUse(
            "Someone is working in this database right now (CareLog on another computer or a command). Ask "
            "everyone to close CareLog, then restore again. Nothing was changed."
        ) from None


def _reset_pg_sequences(conn: Connection, tables: list[Table]) -> None:
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, satypes.Integer):
            continue
        seq = conn.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": pk[0].name})
        if seq:
            top = conn.scalar(select(func.max(pk[0])))
            conn.execute(text("SELECT setval(:s, :v, :called)"), {"s": seq, "v": top or 1, "called": top is not None})
