"""`carelog import FILE.csv --db URL`: all or nothing, every bad row listed with line, column and reason."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from carelog.cli import add_db_argument
from carelog.cli.sign_in import signed_in
from carelog.core.permissions import Permission

if TYPE_CHECKING:
    from carelog.services.registry import Services


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("import", help="import incidents from a UTF-8 CSV file (all rows or none)")
    p.add_argument("file", type=Path, help="CSV file with a header row")
    add_db_argument(p)
    p.add_argument(
        "--create-missing",
        action="store_true",
        help="add services, locations and people (by ID code) that CareLog does not know yet",
    )
    p.set_defaults(func=run)


def _check(args: argparse.Namespace) -> str | None:
    return None if args.file.is_file() else f"no file at {args.file}; check the path."


@signed_in(Permission.EDIT_INCIDENT, check=_check)
def run(args: argparse.Namespace, services: Services | None) -> int:
    from carelog.services.importer import ImportFailed

    assert services is not None
    try:
        result = services.importer.import_file(args.file, create_missing=args.create_missing)
    except ImportFailed as exc:
        print(
            f"carelog import: nothing was imported from {args.file.name}. Fix these and run it again:", file=sys.stderr
        )
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    for column in result.unknown_columns:
        print(f"Ignored unknown column '{column}'.")
    for item in result.created:
        print(f"Added {item}.")
    first_last = f" ({result.references[0]} to {result.references[-1]})" if result.references else ""
    print(f"Imported {len(result.references)} incidents{first_last}.")
    return 0
