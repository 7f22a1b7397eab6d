"""`carelog patterns --db URL [--as-of DATE] [--json]`: print the patterns CareLog detects (clusters, repeats for one
person, concentration in a shift or hour band, SPC special causes), each with its explanation and incidents."""

from __future__ import annotations

import argparse
import json
import sys

from carelog.cli import add_db_argument
from carelog.cli.export import parse_date


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


def run(args: argparse.Namespace) -> int:
    from carelog.core.dto import SYSTEM_ACTOR
    from carelog.paths import default_db_path
    from carelog.services.context import Identity
    from carelog.services.registry import open_services

    if args.shift_length < 2:
        print("carelog patterns: --shift-length must be 2 or more.", file=sys.stderr)
        return 2
    services = open_services(args.db or default_db_path(), Identity(SYSTEM_ACTOR))
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
