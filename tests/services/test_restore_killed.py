"""A restore killed with SIGKILL at the worst moments (while it keeps a copy of the database it replaces, and half
way through copying the backup's pages over it): the database still opens, is sound, holds exactly what it held
before, no half-written copy is left under a name that looks complete, and the killed process's stale lock files
block neither the next open nor the next restore."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from carelog.core.dto import SYSTEM_ACTOR, IncidentFilter
from carelog.core.recovery_key import format_recovery_key
from carelog.db import open_lock
from carelog.services.backup import restore_backup, write_backup
from carelog.services.registry import Services, open_services
from tests.conftest import Home
from tests.services.test_accounts import _incident

KEY = bytes(range(32))
ROOT = Path(__file__).resolve().parents[2]

# Restores `argv[2]` over `argv[1]` and kills itself with SIGKILL at the moment named by argv[3].
KILLED_RESTORE = textwrap.dedent(
    """
    import os, shutil, signal, sys
    from pathlib import Path
    from carelog.db import maintenance
    from carelog.services.backup import restore_backup

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def half_copy(src, dst, *args, **kwargs):  # the copy of the replaced database, cut off half way
        data = Path(src).read_bytes()
        with open(dst, "wb") as fh:
            fh.write(data[: len(data) // 2])
            fh.flush()
            os.fsync(fh.fileno())
        die()

    def pages_then_die(source, target):  # the backup's pages copied a few at a time, killed in the middle
        import sqlite3
        src, dst = sqlite3.connect(str(source)), sqlite3.connect(str(target))
        steps = []
        def progress(status, remaining, total):
            steps.append(remaining)
            if len(steps) == 3:
                assert remaining > 0, "the copy should still be going"
                die()
        src.backup(dst, pages=2, progress=progress)

    if sys.argv[3] == "copy":
        shutil.copy2 = half_copy
    else:
        maintenance.replace_sqlite_contents = pages_then_die
    restore_backup(Path(sys.argv[2]), sys.argv[1], bytes(range(32)))
    """
)


def _references(db: str) -> set[str]:
    services = open_services(db)
    try:
        return {s.reference for s in services.incidents.list(IncidentFilter())}
    finally:
        _let_go(services)


def _let_go(services: Services) -> None:
    """This test process closes the database, so the restoring process may replace it."""
    import weakref

    engine = services.ctx.sessions.kw["bind"]
    engine.dispose()
    for fin in list(weakref.finalize._registry):  # type: ignore[attr-defined]
        info = fin.peek()
        if info is not None and info[0] is engine:
            fin()


@pytest.mark.parametrize("moment", ["copy", "pages"])
def test_a_restore_killed_midway_leaves_the_database_as_it_was(
    sqlite_services: Services, sqlite_home: Home, sqlite_url: str, tmp_path: Path, moment: str
) -> None:
    sqlite_services.ctx.identity.actor = SYSTEM_ACTOR
    backup = tmp_path / "b.carelog-backup"
    for _ in range(2):
        sqlite_services.incidents.report(_incident(sqlite_home, sqlite_services))
    in_backup = _references(sqlite_url)
    write_backup(sqlite_services.ctx.sessions.kw["bind"], backup, KEY, "kill-test", sqlite_services.ctx.clock())
    for _ in range(3):  # acknowledged after the backup: must survive the killed restore
        sqlite_services.incidents.report(_incident(sqlite_home, sqlite_services))
    before = _references(sqlite_url)
    _let_go(sqlite_services)
    db_file = Path(sqlite_url.removeprefix("sqlite:///"))
    assert db_file.with_name(db_file.name + open_lock.SUFFIX) not in open_lock._held

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_RESTORE, sqlite_url, str(backup), moment],
        capture_output=True, env=env, text=True, timeout=120,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    assert (db_file.with_name(db_file.name + open_lock.SUFFIX) / open_lock.RESTORE).exists()  # left behind
    assert _references(sqlite_url) == before  # opens despite the stale marks, nothing lost, nothing mixed in
    conn = sqlite3.connect(db_file)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    checker = open_services(sqlite_url)
    assert checker.integrity.check().ok
    _let_go(checker)
    for copy in tmp_path.glob("test.before-restore-*.db"):  # any copy under its final name is complete
        conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError as exc:
            pytest.fail(f"a half-written copy is left as {copy.name}: {exc}")
        finally:
            conn.close()
    os.environ["CARELOG_BACKUP_KEY"] = format_recovery_key(KEY)
    try:
        restore_backup(backup, sqlite_url, KEY)  # the killed restore's lock does not block the next one
    finally:
        del os.environ["CARELOG_BACKUP_KEY"]
    assert _references(sqlite_url) == in_backup
    assert not list(tmp_path.glob("*.partial"))  # the killed restore's cut-off copy is cleared away
