"""`carelog backup --db URL --out FILE` and `carelog restore FILE --db URL` (administrators)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from carelog.cli import add_db_argument
from carelog.cli.sign_in import signed_in
from carelog.core.permissions import Permission

if TYPE_CHECKING:
    from carelog.services.backup import RestoreResult
    from carelog.services.registry import Services


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    b = sub.add_parser(
        "backup",
        help="write an encrypted backup of a database to a file",
        description="Writes a checked, portable backup that `carelog restore` can load into SQLite or PostgreSQL. "
        "The file is encrypted and sealed with this database's backup key (kept in the credential store; "
        "CARELOG_BACKUP_KEY overrides it), so it holds no readable names and any change to it is refused. "
        "Safe to run while CareLog is open. Administrators.",
    )
    add_db_argument(b)
    b.add_argument(
        "--out", required=True, help="the backup file to write (for example carelog-2025-01-31.carelog-backup)"
    )
    b.set_defaults(func=run_backup)

    r = sub.add_parser(
        "restore",
        help="replace a database's contents with a backup",
        description="Checks the backup completely, then replaces everything in the database with it. A backup "
        "that was changed, is damaged, was sealed with another key or was made by a newer CareLog is refused and "
        "the database is left as it was. Refused while CareLog has the database open anywhere else. An existing "
        "SQLite file is first copied beside itself (name.before-restore-DATE.db). New references continue after "
        "the highest ever issued. The backup's key is looked up on this computer; otherwise the recovery key is "
        "asked for (or read from CARELOG_BACKUP_KEY). Administrators.",
    )
    r.add_argument("file", help="the backup file written by `carelog backup`")
    add_db_argument(r, required=True)
    r.set_defaults(func=run_restore)


def _database_exists(args: argparse.Namespace) -> str | None:
    from carelog.db.engine import to_url

    url = to_url(args.db)
    path = Path(url.removeprefix("sqlite:///"))
    return f"there is no database file at {path}." if url.startswith("sqlite:///") and not path.is_file() else None


@signed_in(Permission.EDIT_SETTINGS, check=_database_exists)
def run_backup(args: argparse.Namespace, services: Services | None) -> int:
    assert services is not None
    out = Path(args.out).expanduser()
    manifest = services.backup.backup_to(out)
    print(
        f"Backup written to {out}: {manifest.total_rows} records in {len(manifest.row_counts)} tables "
        f"(schema {manifest.schema_revision}, CareLog {manifest.app_version})."
    )
    if manifest.new_key is not None:
        print()
        print(manifest.new_key.message)
        print()
        print(f"    Recovery key: {manifest.new_key.recovery_key}")
        print()
    return 0


def _backup_exists(args: argparse.Namespace) -> str | None:
    path = Path(args.file).expanduser()
    return None if path.is_file() else f"there is no backup file at {path}."


@signed_in(Permission.EDIT_SETTINGS, check=_backup_exists, missing_ok=True)
def run_restore(args: argparse.Namespace, services: Services | None) -> int:
    from carelog.services.backup import BackupKeyNeeded

    path = Path(args.file).expanduser()
    try:
        result = _restore(args, services, path, None)
    except BackupKeyNeeded as exc:
        if not sys.stdin.isatty():
            print(f"carelog restore: {exc} Set CARELOG_BACKUP_KEY to it, or run this in a terminal.", file=sys.stderr)
            return 2
        print(str(exc), file=sys.stderr)
        try:
            typed = getpass.getpass("Recovery key (hidden; dashes and spaces do not matter): ")
        except (EOFError, KeyboardInterrupt):
            print("carelog restore: cancelled; nothing was changed.", file=sys.stderr)
            return 2
        result = _restore(args, services, path, typed)
    m = result.manifest
    print(f"Restored the backup of {m.created_at:%Y-%m-%d %H:%M}: {m.total_rows} records.")
    if result.upgraded_from:
        print(f"The backup's schema ({result.upgraded_from}) was upgraded to this version of CareLog.")
    if result.previous_copy:
        print(f"The database as it was before is kept at {result.previous_copy}.")
    if result.counters_kept:
        print("References already issued after this backup was made are not issued again.")
    for note in result.notes:
        print(f"Note: {note}")
    return 0


def _restore(args: argparse.Namespace, services: Services | None, path: Path, typed: str | None) -> RestoreResult:
    if services is not None:  # an existing database: as the person signed in, refusal audited there
        return services.backup.restore_from(path, typed)
    from carelog.services.accounts import SETUP_ADMIN
    from carelog.services.backup import backup_key_for, restore_backup
    from carelog.services.backup_keys import KeyStore

    store = KeyStore()
    return restore_backup(path, args.db, backup_key_for(path, store, typed), actor=SETUP_ADMIN, store=store)
