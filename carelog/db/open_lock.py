"""Which CareLog processes have a SQLite database file open, so a restore never replaces a file in use.

Beside `name.db` sits a folder `name.db.carelog-open/`. Every process that opens the database holds an exclusive
lock on its own file there (`open-PID`) for as long as it has the database open (or until it ends: the operating
system drops the lock of a killed process, so a left-over file is recognised as stale and removed). A restore
first locks `restore`, then looks for any `open-*` file still locked by another process, and refuses if it finds
one. An opening process registers first and then checks `restore`, so either the restore sees the opener or the
opener sees the restore: the two can never both go ahead. Works for the app, the command line and automatic
backups on one computer; on a network share it is only as good as the share's file locking.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from carelog.core.errors import CareLogError

SUFFIX = ".carelog-open"
RESTORE = "restore"
_held: dict[Path, tuple[int, int]] = {}  # lock folder -> (fd of our open-PID file, how many opens use it)
_mutex = threading.Lock()


class DatabaseInUse(CareLogError):
    """Another CareLog process has the database open, or a restore is running."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def lock_folder(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + SUFFIX)


def _mine() -> str:
    return f"open-{os.getpid()}"


def _held_by_other_process(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        if _try_lock(fd):
            _unlock(fd)
            return False
        return True
    finally:
        os.close(fd)


def register_open(db_file: Path) -> None:
    """Mark the database as open in this process. Raises DatabaseInUse while a restore into it is running."""
    folder = lock_folder(db_file)
    with _mutex:
        if folder in _held:
            fd, uses = _held[folder]
            _held[folder] = (fd, uses + 1)
            return
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(folder / _mine(), os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):  # pragma: no cover - only if another process reused our pid while holding it
            os.close(fd)
            raise DatabaseInUse("CareLog could not mark the database as open; try again.")
        if _held_by_other_process(folder / RESTORE):
            _unlock(fd)
            os.close(fd)
            (folder / _mine()).unlink(missing_ok=True)
            raise DatabaseInUse(
                "A backup is being restored into this database right now. Wait until it has finished, then open "
                "CareLog again."
            )
        _held[folder] = (fd, 1)


def release_open(db_file: Path) -> None:
    folder = lock_folder(db_file)
    with _mutex:
        if folder not in _held:
            return
        fd, uses = _held.pop(folder)
        if uses > 1:
            _held[folder] = (fd, uses - 1)
            return
        _unlock(fd)
        os.close(fd)
        try:  # after closing: Windows cannot remove an open file (a left-over one is recognised as stale anyway)
            (folder / _mine()).unlink(missing_ok=True)
        except OSError:
            pass


def other_users(db_file: Path) -> int:
    """How many other processes have the database open now (stale files of ended processes are removed)."""
    folder = lock_folder(db_file)
    if not folder.is_dir():
        return 0
    count = 0
    for path in folder.glob("open-*"):
        if path.name == _mine():
            continue
        if _held_by_other_process(path):
            count += 1
        else:
            path.unlink(missing_ok=True)
    return count


@contextmanager
def exclusive(db_file: Path) -> Iterator[None]:
    """Hold the database for a restore: refuse while any other CareLog process has it open; block new openers."""
    folder = lock_folder(db_file)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(folder / RESTORE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(fd):
            raise DatabaseInUse("Another restore into this database is running. Wait for it to finish.")
        try:
            others = other_users(db_file)
            if others:
                raise DatabaseInUse(
                    f"CareLog has this database open in {others} other window(s) or program(s) (the app, an "
                    "automatic backup or another command). Close CareLog everywhere it uses this database, then "
                    "restore again. Nothing was changed."
                )
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
