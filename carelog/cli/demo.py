"""`carelog demo`: fill a database with realistic fictional data."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from carelog.cli import add_db_argument
from carelog.cli.sign_in import signed_in
from carelog.core.permissions import Permission

if TYPE_CHECKING:
    from carelog.services.registry import Services


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="fill a database with realistic fictional demo data")
    add_db_argument(p, required=True)
    p.add_argument("--incidents", type=int, default=1500, help="how many incidents (default 1500)")
    p.add_argument("--seed", type=int, default=7, help="random seed, for repeatable data (default 7)")
    p.set_defaults(func=run)


@signed_in(Permission.EDIT_SETTINGS, check=lambda a: None if a.incidents >= 1 else "--incidents must be 1 or more.")
def run(args: argparse.Namespace, services: Services | None) -> int:
    """Into a new database (no accounts yet) nobody signs in; into one with accounts, an administrator."""
    from carelog.core.dto import IncidentFilter
    from carelog.demo import fill_demo

    assert services is not None
    existing = services.incidents.count(IncidentFilter())
    started = time.perf_counter()
    fill_demo(services, incidents=args.incidents, seed=args.seed)
    total = services.incidents.count(IncidentFilter())
    print(
        f"Added {total - existing} demo incidents in {time.perf_counter() - started:.1f} s "
        f"({total} in the database now)."
    )
    return 0
