"""`carelog check` benchmark: the full tamper check on demo databases of 10k / 100k incidents.

Run:  .venv/bin/python benchmarks/bench_check.py [--sizes 10000,100000] [--db FILE ...]
      (--db measures the given database files instead, e.g. a copy of one upgraded from an older schema, so the
      same records can be measured before and after a change)

Each figure is printed beside baselines measured in the same run on the same database file:
- bare audit scan       `SELECT count(*)` plus a full scan of every column of audit_log in plain sqlite3
                        (the least any chain check must read)
- bare record scan      the same full scan of incidents, incident_people and notifications (what the record
                        digests must read on top)
- chain walk            recompute every audit hash, numbering and head (the old check did only this)
- record digests        recompute every live record's digest and compare it with its newest audit entry
- whole check           `check_engine` as `carelog check` runs it (SQLite integrity_check and foreign keys too)
- seal                  `carelog seal` (count and newest hash)
Demo databases are shared with bench_log.py (cached in the system temp folder, carelog-bench).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_log import demo_db  # noqa: E402


def best_of(fn, repeat: int = 3) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best wall and best CPU seconds (CPU means more on a shared, loaded machine: waiting is not counted)."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        best, best_cpu = min(best, time.perf_counter() - t), min(best_cpu, time.process_time() - c)
    return best, best_cpu


def bare_scan(db: Path, tables: tuple[str, ...]) -> None:
    conn = sqlite3.connect(db)
    try:
        for table in tables:
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            for _row in conn.execute(f"SELECT * FROM {table}"):
                pass
    finally:
        conn.close()


def measure(db: Path) -> None:
    from sqlalchemy.orm import Session

    from carelog.db.engine import create_db_engine
    from carelog.db.repositories import audit_verify
    from carelog.services.integrity import check_engine, seal_engine

    engine = create_db_engine(db)
    conn = sqlite3.connect(db)
    entries = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    incidents = conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
    conn.close()
    print(f"  {incidents:,} incidents, {entries:,} audit entries")
    audit_s = best_of(lambda: bare_scan(db, ("audit_log",)))
    records_s = best_of(lambda: bare_scan(db, ("incidents", "incident_people", "notifications")))

    walk: list[audit_verify.ChainWalk] = []

    def chain() -> None:
        with Session(engine) as session:
            walk.append(audit_verify.walk_chain(session))

    def records() -> None:
        with Session(engine) as session:
            _n, problems = audit_verify.verify_records(session, walk[-1])
        assert not problems, problems[:3]

    chain_s = best_of(chain)
    records_s2 = best_of(records)
    report = check_engine(engine)
    assert report.ok, report.lines()
    whole_s = best_of(lambda: check_engine(engine), repeat=2)
    seal_s = best_of(lambda: seal_engine(engine))
    engine.dispose()
    both = (audit_s[0] + records_s[0], audit_s[1] + records_s[1])
    rows = (
        ("bare audit scan (baseline)", audit_s, None),
        ("bare record scan (baseline)", records_s, None),
        ("chain walk", chain_s, audit_s),
        ("record digests", records_s2, records_s),
        ("whole check", whole_s, both),
        ("seal", seal_s, audit_s),
    )
    for name, (wall, cpu), base in rows:
        ratio = f"  ({wall / base[0]:.1f} x the bare scan; CPU {cpu / base[1]:.1f} x)" if base else ""
        print(f"  {name:<30} {wall:8.3f} s wall {cpu:8.3f} s CPU{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--db", action="append", type=Path, help="a database file to measure (repeatable)")
    args = parser.parse_args()
    if args.db:
        for db in args.db:
            print(db.name)
            measure(db)
        return
    for n in (int(x) for x in args.sizes.split(",")):
        print(f"{n:,} incidents")
        measure(demo_db(n))


if __name__ == "__main__":
    main()
