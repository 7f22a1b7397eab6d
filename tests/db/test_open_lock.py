"""The open-database marks: counted per process, removed when the last use ends, stale ones cleared."""

from __future__ import annotations

import os
from pathlib import Path

from carelog.db import open_lock


def test_marks_are_counted_per_process_and_removed_with_the_last_use(tmp_path: Path) -> None:
    db = tmp_path / "home.db"
    mine = open_lock.lock_folder(db) / f"open-{os.getpid()}"
    open_lock.register_open(db)
    open_lock.register_open(db)
    open_lock.release_open(db)
    assert mine.exists()
    with open_lock.exclusive(db):  # this process's own use does not block its own restore
        pass
    open_lock.release_open(db)
    assert not mine.exists()
    assert oct(open_lock.lock_folder(db).stat().st_mode & 0o777) == "0o700"


def test_a_mark_left_by_an_ended_process_is_stale(tmp_path: Path) -> None:
    db = tmp_path / "home.db"
    folder = open_lock.lock_folder(db)
    folder.mkdir()
    (folder / "open-999999").write_text("")  # nobody holds its lock: the process was killed
    assert open_lock.other_users(db) == 0
    assert not (folder / "open-999999").exists()
