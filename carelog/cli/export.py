"""`carelog export --db URL --format csv|xlsx --out FILE [--from DATE --to DATE]`."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from carelog.cli import add_db_argument
from carelog.cli.sign_in import signed_in
from carelog.core.permissions import Permission

if TYPE_CHECKING:
    from carelog.services.registry import Services


def parse_date(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD or DD/MM/YYYY")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export",
        help="export incidents to CSV or Excel (people as ID codes only)",
        description="Managers and administrators. People supported appear as ID codes, also in free text; no cell "
        "can run as a spreadsheet formula. The export is recorded in the audit trail.",
    )
    add_db_argument(p)
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    p.add_argument("--out", type=Path, required=True, help="file to write")
    p.add_argument("--from", dest="date_from", type=parse_date, help="first day to include")
    p.add_argument("--to", dest="date_to", type=parse_date, help="last day to include")
    p.set_defaults(func=run)


@signed_in(Permission.EXPORT)
def run(args: argparse.Namespace, services: Services | None) -> int:
    assert services is not None
    count = services.exporter.export(args.out, args.format, args.date_from, args.date_to)
    print(f"Wrote {count} incidents to {args.out}.", file=sys.stdout)
    return 0
