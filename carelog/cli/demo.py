"""`carelog demo`: fill a database with realistic fictional data."""

from __future__ import annotations

import argparse
import time

from carelog.cli import add_db_argument


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="fill a database with realistic fictional demo data")
    add_db_argument(p, required=True)
    p.add_argument("--incidents", type=int, default=1500, help="how many incidents (default 1500)")
    p.add_argument("--seed", type=int, default=7, help="random seed, for repeatable data (default 7)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from carelog.core.dto import IncidentFilter
    from carelog.demo import fill_demo
    from carelog.services.registry import open_services

    if args.incidents < 1:
        print("carelog demo: --incidents must be 1 or more.")
        return 2
    services = open_services(args.db)
    existing = services.incidents.count(IncidentFilter())
    started = time.perf_counter()
    fill_demo(services, incidents=args.incidents, seed=args.seed)
    total = services.incidents.count(IncidentFilter())
    print(
        f"Added {total - existing} demo incidents in {time.perf_counter() - started:.1f} s "
        f"({total} in the database now)."
    )
    return 0
