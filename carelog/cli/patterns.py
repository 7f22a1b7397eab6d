"""`carelog patterns --db URL [--as-of DATE] [--json]`: print the patterns CareLog detects (clusters, repeats for one
person, concentration in a shift or hour band, SPC special causes), each with its explanation and incidents."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from carelog.cli import add_db_argument
from carelog.cli.export import parse_date
from carelog.cli.sign_in import signed_in
from carelog.core.permissions import Permission

if TYPE_CHECKING:
    from carelog.services.registry import Services


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "patterns",
        help="list detected patterns and special causes (as JSON with --json)",
        description="Look for patterns in the incidents up to a date: three or more of a category in one location "
        "within 30 days, repeats for one person, concentration in one shift or hour band, and SPC special causes "
        "in monthly counts.",
    )
    add_db_argument(p)
    p.add_argument("--as-of", type=parse_date, default=None, help="look back from this day (YYYY-MM-DD); default today")
    p.add_argument("--json", action="store_true", help="print one JSON list of signal objects")
    p.add_argument(
        "--shift-length", type=int, default=7, help="points in a row on one side of the mean that make a shift (7)"
    )
    p.set_defaults(func=run)


def _check(args: argparse.Namespace) -> str | None:
    return "--shift-length must be 2 or more." if args.shift_length < 2 else None


@signed_in(Permission.VIEW_TRENDS, check=_check)
def run(args: argparse.Namespace, services: Services | None) -> int:
    assert services is not None
    signals = services.trends.patterns(args.as_of, shift_length=args.shift_length)
    if args.json:
        print(json.dumps([s.as_json() for s in signals], indent=2, ensure_ascii=False))
        return 0
    if not signals:
        print("No patterns found: nothing stands out.")
        return 0
    for s in signals:
        print(f"* {s.type.label}: {s.headline} ({s.count} incidents, {s.period})")
        print(f"  {s.explanation}")
        print(f"  Incidents: {', '.join(s.incident_references)}")
    return 0
