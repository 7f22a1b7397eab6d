"""`carelog check --db URL`: verify the database file, the links between records and the audit hash chain."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from carelog.cli import add_db_argument
from carelog.cli.sign_in import signed_in
from carelog.core.permissions import Permission

if TYPE_CHECKING:
    from carelog.services.registry import Services


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "check",
        help="check the database and its tamper-evident audit trail (exit code 1 if anything is wrong)",
        description="Checks the database file (SQLite integrity and foreign keys; PostgreSQL enforces these itself) "
        "and recomputes the hash chain of the audit trail, naming any audit record that was changed, removed or "
        "inserted, and every incident, review, action, account or list item changed, added or removed outside "
        "CareLog. With --seal (a line printed earlier by `carelog seal` or on a pack) it also proves the trail still "
        "extends that seal, which catches even a trail rewritten from scratch. Administrators. Changes nothing "
        "(your sign-in is recorded in the audit trail).",
    )
    add_db_argument(p)
    p.add_argument("--seal", help='an audit seal printed earlier, e.g. "CL-SEAL 1234 9f2c0b7e11d4a5c3"')
    p.set_defaults(func=run)


def database_file_missing(args: argparse.Namespace) -> str | None:
    """The refusal for a --db file that does not exist (check and seal must not create one)."""
    from pathlib import Path

    from carelog.db.engine import to_url

    url = to_url(args.db)
    path = Path(url.removeprefix("sqlite:///"))
    return f"there is no database file at {path}." if url.startswith("sqlite:///") and not path.is_file() else None


@signed_in(Permission.EDIT_SETTINGS, check=database_file_missing, migrate=False)
def run(args: argparse.Namespace, services: Services | None) -> int:
    from carelog.db.engine import create_db_engine, to_url
    from carelog.services.integrity import check_engine

    seal = None
    if args.seal:
        from carelog.core.audit_chain import parse_seal

        try:
            seal = parse_seal(args.seal)
        except ValueError as exc:
            print(f"carelog check: {exc}", file=sys.stderr)
            return 2
    url = to_url(args.db)
    engine = create_db_engine(args.db)
    try:
        report = check_engine(engine, seal)
    finally:
        engine.dispose()
    print(f"CareLog check of {_label(url)}")
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def _label(url: str) -> str:
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url.split("@")[-1]
