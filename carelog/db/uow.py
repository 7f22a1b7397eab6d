"""One session per unit of work: commit on success, roll back on any error.

A unit that may write (the default) starts its transaction with BEGIN IMMEDIATE on SQLite (see engine.py), so
every read that decides a write happens under the write lock. `write=False` is for pure reads: a deferred
transaction that never blocks a writer. A database that stays locked past the busy timeout becomes BusyError.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from carelog.core.errors import BusyError

READ_ONLY_OPTION = "carelog_read_only"
# SQLite: "database is locked" / "database table is locked" / "database is busy"; PostgreSQL: deadlock detected,
# could not serialize access, lock timeout.
_BUSY_SQLITE = ("database is locked", "database table is locked", "database is busy")
_BUSY_PG_CODES = {"40P01", "40001", "55P03"}


def is_busy(exc: BaseException) -> bool:
    if not isinstance(exc, OperationalError):
        return False
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in _BUSY_PG_CODES or getattr(orig, "pgcode", None) in _BUSY_PG_CODES:
        return True
    return any(text in str(orig).lower() for text in _BUSY_SQLITE)


@contextmanager
def unit_of_work(factory: sessionmaker[Session], write: bool = True) -> Iterator[Session]:
    session = factory()
    try:
        if not write:
            session.connection(execution_options={READ_ONLY_OPTION: True})
        yield session
        session.commit()
    except OperationalError as exc:
        session.rollback()
        if is_busy(exc):
            raise BusyError() from exc
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
