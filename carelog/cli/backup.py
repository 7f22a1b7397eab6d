"""`carelog backup --db URL --out FILE` and `carelog restore FILE --db URL`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carelog.cli import add_db_argument


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    b = sub.add_parser(
        "backup",
        help="write a backup of a database to a file",
        description="Writes a checked, portable backup (a zip file) that `carelog restore` can load into SQLite or "
        "PostgreSQL. Safe to run while CareLog is open.",
    )
    add_db_argument(b, required=True)
    b.add_argument("--out", required=True, help="the backup file to write (for example carelog-2025-01-31.zip)")
    b.set_defaults(func=run_backup)

    r = sub.add_parser(
        "restore",
        help="replace a database's contents with a backup",
        description="Checks the backup completely, then replaces everything in the database with it. A backup "
        "that is damaged or was made by a newer CareLog is refused and the database is left as it was. "
        "An existing SQLite file is first copied beside itself (name.before-restore-DATE.db).",
    )
    r.add_argument("file", help="the backup file written by `carelog backup`")
    add_db_argument(r, required=True)
    r.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from carelog.db.engine import create_db_engine, to_url
    from carelog.services.backup import write_backup

    url = to_url(args.db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        print(f"carelog backup: there is no database file at {url.removeprefix('sqlite:///')}.", file=sys.stderr)
        return 2
    out = Path(args.out).expanduser()
    engine = create_db_engine(args.db)
    try:
        manifest = write_backup(engine, out)
    finally:
        engine.dispose()
    print(
        f"Backup written to {out}: {manifest.total_rows} records in {len(manifest.row_counts)} tables "
        f"(schema {manifest.schema_revision}, CareLog {manifest.app_version})."
    )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from carelog.services.backup import restore_backup

    result = restore_backup(Path(args.file).expanduser(), args.db)
    m = result.manifest
    print(f"Restored the backup of {m.created_at:%Y-%m-%d %H:%M}: {m.total_rows} records.")
    if result.upgraded_from:
        print(f"The backup's schema ({result.upgraded_from}) was upgraded to this version of CareLog.")
    if result.previous_copy:
        print(f"The database as it was before is kept at {result.previous_copy}.")
    for note in result.notes:
        print(f"Note: {note}")
    return 0
