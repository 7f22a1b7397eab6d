"""Move a SQLite database onto an empty PostgreSQL database: every row with its id, the reference counters, the
sequences, and the audit trail exactly as it was, so `carelog check` passes on the target.

The source is snapshotted first (sqlite3 online backup API), so the copy is consistent even while CareLog is
open; the target is migrated to this version's schema, checked to hold no records, and filled in one transaction
(maintenance.replace_all_rows: tables locked, rows copied parents first, sequences set past the highest id). A
target that already holds records is refused before anything is written to it.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from carelog.core.clock import Clock
from carelog.core.database_move import MoveResult
from carelog.core.dto import Actor
from carelog.core.errors import CareLogError
from carelog.db import maintenance
from carelog.db.engine import create_db_engine, refuse_newer_schema, upgrade_schema
from carelog.db.repositories import audit

logger = logging.getLogger(__name__)
Progress = Callable[[int, str], None]
# rows a freshly migrated CareLog schema holds before anyone has used it (none today; kept explicit so a future
# migration that seeds a table does not make every new server look "in use")
SEEDED_BY_MIGRATIONS: frozenset[str] = frozenset()


class MoveRefused(CareLogError):
    """The target cannot take the records (not empty, not PostgreSQL, a newer schema)."""


def _noop(_pct: int, _msg: str) -> None:
    return None


def tables_with_rows(engine: Engine) -> list[str]:
    """The CareLog data tables of `engine` that hold at least one row (none: the database is empty)."""
    with engine.connect() as conn:
        found = [
            t.name
            for t in maintenance.data_tables(conn)
            if t.name not in SEEDED_BY_MIGRATIONS and maintenance.count_rows(conn, t) > 0
        ]
        conn.rollback()
    return found


def _pg_engine(url: str) -> Engine:
    engine = create_db_engine(url)
    if engine.url.get_backend_name() != "postgresql":
        engine.dispose()
        raise MoveRefused("The target must be a PostgreSQL database server (a postgresql:// address).")
    return engine


def move_sqlite_to(
    source_file: Path,
    target_url: str,
    actor: Actor,
    clock: Clock,
    progress: Progress = _noop,
    scratch_dir: Path | None = None,
) -> MoveResult:
    """Copy every record of the SQLite database `source_file` into the empty PostgreSQL database `target_url`."""
    target = _pg_engine(target_url)
    try:
        progress(0, "Checking the database on the server")
        refuse_newer_schema(target)
        in_use = tables_with_rows(target)
        if in_use:
            raise MoveRefused(
                "The database on the server already holds records (for example in the table "
                f"{in_use[0]}), so CareLog did not copy anything into it: moving into it would mix two sets of "
                "records. Use a new, empty database for the move (see docs/SHARED-DATABASE.md), or open this one "
                "as it is."
            )
        progress(5, "Setting up CareLog's tables on the server")
        upgrade_schema(target, clock)
        with tempfile.TemporaryDirectory(prefix="move-", dir=scratch_dir) as tmp:
            snapshot = Path(tmp) / "snapshot.db"
            progress(15, "Taking a consistent copy of this PC's database")
            _snapshot(source_file, snapshot)
            source = maintenance.plain_sqlite_engine(snapshot)
            try:
                progress(25, "Copying the records to the server")
                maintenance.replace_all_rows(source, target)
                progress(85, "Checking the copy")
                expected = _counts(source)
            finally:
                source.dispose()
        got = _counts(target)
        wrong = sorted(name for name, n in expected.items() if got.get(name) != n)
        if wrong:
            raise CareLogError(f"The copy on the server does not match this PC's database ({', '.join(wrong)}).")
        with Session(bind=target) as session:
            checked, breaks = audit.verify_chain(session)
        with Session(bind=target) as session, session.begin():
            audit.append(
                session,
                actor,
                "database",
                None,
                "move",
                "moved from",
                None,
                "this PC's SQLite database",
                at=clock(),
            )
        progress(100, "Records moved")
        logger.info("Moved %d rows from SQLite to PostgreSQL (%d audit breaks)", sum(got.values()), len(breaks))
        return MoveResult(got, checked, len(breaks))
    finally:
        target.dispose()


def _snapshot(source_file: Path, snapshot: Path) -> None:
    """The online backup API reads through SQLite, the WAL included: a consistent copy while CareLog is open."""
    maintenance.snapshot_sqlite(source_file, snapshot)


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        counts = {t.name: maintenance.count_rows(conn, t) for t in maintenance.data_tables(conn)}
        conn.rollback()
    return counts


__all__ = ["MoveRefused", "MoveResult", "move_sqlite_to", "tables_with_rows"]
