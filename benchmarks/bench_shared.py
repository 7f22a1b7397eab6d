"""Shared-database benchmark: the live-update poll and `carelog move-to`, on the demo database of bench_log.py.

Run:  .venv/bin/python benchmarks/bench_shared.py [--size 10000] [--pg-url postgresql+psycopg://postgres@host/postgres]

Each figure is printed beside a baseline measured in the same run:
- poll, nothing new       ChangeFeedService.poll() when no other PC saved anything (what every PC does every 3 s)
                          beside the bare `SELECT max(id) FROM audit_log` in plain sqlite3
- poll after a save       the poll that finds one entry another session wrote, beside the bare max(id) + entry read
- move-to (with --pg-url) the whole move of the SQLite file into a fresh PostgreSQL database, beside a bare read of
                          every row of every table from the SQLite file (the least a move must read)
The copy is made of a copy of the cached demo file, so the cache stays as it was.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_common import median_ms  # noqa: E402
from bench_log import demo_db  # noqa: E402


def _bare_poll(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute("SELECT max(id) FROM audit_log").fetchone()
    finally:
        conn.close()


def _bare_poll_with_entries(db: Path, after: int) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute("SELECT max(id) FROM audit_log").fetchone()
        conn.execute("SELECT id, entity, action FROM audit_log WHERE id > ? ORDER BY id LIMIT 501", (after,)).fetchall()
    finally:
        conn.close()


def _bare_read_all(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for name in names:
            for _row in conn.execute(f'SELECT * FROM "{name}"'):
                pass
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--pg-url", default="", help="an admin URL of a PostgreSQL server (a database is made)")
    args = parser.parse_args()

    from carelog.core.dto import Actor
    from carelog.core.enums import Role
    from carelog.db.repositories import audit
    from carelog.services.context import Identity
    from carelog.services.registry import open_services

    admin = Identity(Actor(None, "Benchmark", Role.ADMIN))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "shared.db"
        shutil.copy2(demo_db(args.size), db)
        here, there = open_services(db, admin), open_services(db, admin)
        entries = sqlite3.connect(db).execute("SELECT count(*) FROM audit_log").fetchone()[0]
        print(f"demo database: {args.size:,} incidents, {entries:,} audit entries")
        here.change_feed.start()
        idle = median_ms(here.change_feed.poll, 50)
        bare = median_ms(lambda: _bare_poll(db), 50)
        print(f"poll, nothing new     {idle:7.2f} ms   (bare max(id): {bare:.2f} ms)")

        def one_remote_save() -> None:
            with there.ctx.unit() as session:
                audit.append(session, there.ctx.actor, "incident", None, "update", at=there.ctx.clock())

        timings = []
        for _ in range(20):
            one_remote_save()
            started = time.perf_counter()
            changes = here.change_feed.poll()
            timings.append((time.perf_counter() - started) * 1000)
            assert changes
        timings.sort()
        last = sqlite3.connect(db).execute("SELECT max(id) FROM audit_log").fetchone()[0]
        bare_entries = median_ms(lambda: _bare_poll_with_entries(db, last - 1), 20)
        print(f"poll after a save     {timings[10]:7.2f} ms   (bare max(id) + entries: {bare_entries:.2f} ms)")
        for services in (here, there):
            services.ctx.sessions.kw["bind"].dispose()

        if args.pg_url:
            _move(db, args.pg_url)


def _move(db: Path, admin_url: str) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from carelog.core.clock import system_clock
    from carelog.core.dto import SYSTEM_ACTOR
    from carelog.db.move import move_sqlite_to

    name = f"carelog_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    target = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        started = time.perf_counter()
        result = move_sqlite_to(db, target, SYSTEM_ACTOR, system_clock)
        move_s = time.perf_counter() - started
        read_s = median_ms(lambda: _bare_read_all(db), 3) / 1000
        print(
            f"move-to               {move_s:7.2f} s    ({result.total_rows:,} rows, {result.audit_breaks} audit breaks;"
            f" bare read of every row: {read_s:.2f} s)"
        )
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
