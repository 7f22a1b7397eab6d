"""Statutory deadlines at 100,000 incidents: the SQL pre-filter derived from core.deadlines, then the rules.

Printed beside a baseline measured in the same run: the same query and rules with no pre-filter (every record of
the year fetched and checked in Python). Both must list the same notifications; the pre-filter only saves work.
Data comes from carelog.demo.fill_demo (kept in a file between runs: --db to choose it, --fresh to rebuild).

    python benchmarks/bench_deadlines.py [--incidents 100000] [--db /tmp/carelog-bench-deadlines.db] [--fresh]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # run as a script: the sibling helpers
from bench_common import median_seconds  # noqa: E402

AS_OF = datetime(2026, 3, 31, 18, 0)
SINCE = AS_OF - timedelta(days=365)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/carelog-bench-deadlines.db"))
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from carelog.core.deadlines import EXEMPT_KINDS, PreFilter, assess
    from carelog.core.dto import Actor, IncidentFilter
    from carelog.core.enums import PhysicalHarm, Role
    from carelog.db.repositories.incidents import deadline_candidates
    from carelog.demo import fill_demo
    from carelog.services.context import Identity
    from carelog.services.registry import open_services

    if args.fresh:
        args.db.unlink(missing_ok=True)
    identity = Identity(Actor(None, "Benchmark", Role.ADMIN))
    services = open_services(args.db, identity)
    if services.incidents.count(IncidentFilter()) < args.incidents:
        args.db.unlink()
        services = open_services(args.db, identity)
        started = time.perf_counter()
        fill_demo(services, incidents=args.incidents, as_of=AS_OF)
        print(f"demo data: {args.incidents:,} incidents written in {time.perf_counter() - started:.1f} s")
    services.ctx.clock = lambda: AS_OF

    everything = PreFilter(
        frozenset(c.code for c in services.incidents.reference_data().categories), frozenset(PhysicalHarm), frozenset()
    )

    def derived() -> list[object]:
        return list(services.incidents.deadlines(SINCE, include_met=True))

    def baseline() -> list[object]:
        with services.ctx.unit() as session:
            rows = deadline_candidates(session, SINCE, everything)
        return [i for c in rows if c.kind not in EXEMPT_KINDS for i in assess(c, AS_OF)]

    assert sorted(map(repr, derived())) == sorted(map(repr, baseline())), "the pre-filter must not change the result"
    with services.ctx.unit() as session:
        fetched = len(deadline_candidates(session, SINCE)), len(deadline_candidates(session, SINCE, everything))
    d, b = median_seconds(derived, args.runs), median_seconds(baseline, args.runs)
    print(f"records in the year fetched: {fetched[0]:,} with the derived pre-filter vs {fetched[1]:,} without")
    print(f"deadlines for the year:      {d * 1000:.0f} ms with the derived pre-filter vs {b * 1000:.0f} ms without")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
