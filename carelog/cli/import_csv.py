"""`carelog import FILE.csv|FILE.xlsx`: all or nothing, every bad row listed with line (or sheet row), column and
reason; `carelog import --undo BATCH` removes what one import wrote; `carelog import --list` shows recent imports."""

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

ENCODINGS = ("utf-8", "windows-1252")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import",
        help="import incidents from a CSV file or an Excel workbook (all rows or none); undo an import",
    )
    p.add_argument("file", type=Path, nargs="?", help="CSV file or .xlsx workbook with a header row")
    add_db_argument(p)
    p.add_argument(
        "--create-missing",
        action="store_true",
        help="add services, locations and people (by ID code) that CareLog does not know yet",
    )
    p.add_argument("--map", type=Path, default=None, help="column mapping saved by the import wizard (MAP.json)")
    p.add_argument("--sheet", default=None, help="the workbook's sheet to read (default: the first)")
    p.add_argument(
        "--encoding",
        choices=ENCODINGS,
        default=None,
        help="confirm the text encoding of a CSV file that is not UTF-8 (Excel on Windows saves windows-1252)",
    )
    p.add_argument("--dry-run", action="store_true", help="check everything and write nothing")
    p.add_argument("--undo", type=int, default=None, metavar="BATCH", help="undo the import with this batch number")
    p.add_argument("--list", action="store_true", help="list recent imports with their batch numbers")
    p.set_defaults(func=run)


def _check(args: argparse.Namespace) -> str | None:
    if args.undo is not None or args.list:
        return "give either a file or --undo/--list, not both." if args.file else None
    if args.file is None:
        return "give the file to import (or --undo BATCH, or --list)."
    if not args.file.is_file():
        return f"no file at {args.file}; check the path."
    if args.map is not None and not args.map.is_file():
        return f"no mapping file at {args.map}; check the path."
    return None


@signed_in(Permission.EDIT_INCIDENT, check=_check)
def run(args: argparse.Namespace, services: Services | None) -> int:
    from carelog.core.errors import CareLogError
    from carelog.core.import_mapping import ColumnMap
    from carelog.services.importer import ImportFailed, UndoRefused

    assert services is not None
    if args.list:
        return _list(services)
    if args.undo is not None:
        try:
            undone = services.importer.undo(args.undo)
        except UndoRefused as exc:
            print(f"carelog import: {exc}", file=sys.stderr)
            return 1
        except CareLogError as exc:
            print(f"carelog import: {exc}", file=sys.stderr)
            return 1
        extra = f" and the {len(undone.created_removed)} list items it added" if undone.created_removed else ""
        print(f"Undid import batch {undone.batch_id}: removed {undone.incidents} incidents{extra}.")
        return 0
    try:
        cmap = ColumnMap.from_json(args.map.read_text(encoding="utf-8")) if args.map else None
    except (ValueError, OSError) as exc:
        print(f"carelog import: {args.map}: {exc}", file=sys.stderr)
        return 1
    try:
        result = services.importer.import_file(
            args.file,
            create_missing=args.create_missing,
            cmap=cmap,
            sheet=args.sheet,
            encoding_confirmed=args.encoding == "windows-1252",
            dry_run=args.dry_run,
        )
    except ImportFailed as exc:
        print(
            f"carelog import: nothing was imported from {args.file.name}. Fix these and run it again:", file=sys.stderr
        )
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except CareLogError as exc:
        print(f"carelog import: {exc}", file=sys.stderr)
        return 1
    for column in result.unknown_columns:
        print(f"Ignored unknown column '{column}'.")
    verb = "Would add" if result.dry_run else "Added"
    for item in result.created:
        print(f"{verb} {item}.")
    first_last = f" ({result.references[0]} to {result.references[-1]})" if result.references else ""
    if result.dry_run:
        print(f"Dry run: {len(result.references)} incidents would be imported{first_last}. Nothing was written.")
    else:
        print(f"Imported {len(result.references)} incidents{first_last} as batch {result.batch_id}.")
        print(f"To undo this import: carelog import --undo {result.batch_id}")
    return 0


def _list(services: Services) -> int:
    batches = services.importer.batches()
    if not batches:
        print("No imports yet.")
        return 0
    for b in batches:
        state = f"undone {b.undone_at:%Y-%m-%d %H:%M}" if b.undone_at else "in place"
        print(f"batch {b.id}: {b.row_count} incidents from {b.source}, {b.created_at:%Y-%m-%d %H:%M} ({state})")
    return 0
