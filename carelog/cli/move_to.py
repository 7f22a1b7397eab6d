"""`carelog move-to URL --db SQLITE`: copy every record of a SQLite database into an empty PostgreSQL database."""

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
    p = sub.add_parser(
        "move-to",
        help="move every record of this PC's SQLite database onto an empty PostgreSQL database server",
        description="Copies every record of the SQLite database (--db, else the one CareLog opens on this PC) into "
        "an empty PostgreSQL database: ids, references, reference counters and the tamper-evident audit trail "
        "stay exactly as they were, so `carelog check` passes on the server. The server database is set up for "
        "this CareLog first; one that already holds records is refused and left as it was. The SQLite file is not "
        "changed (the move is noted in its audit trail). The password can come from PGPASSWORD or a .pgpass file "
        "rather than the URL. Administrators.",
    )
    p.add_argument("url", help="the server database, e.g. postgresql+psycopg://carelog_app@office-pc:5432/carelog")
    add_db_argument(p)
    p.set_defaults(func=run)


def _source_is_a_sqlite_file(args: argparse.Namespace) -> str | None:
    from carelog.db.engine import to_url

    source = to_url(args.db)
    if not source.startswith("sqlite:///"):
        return "the database to move must be a SQLite file: give it with --db (a path, or sqlite:///path)."
    if not Path(source.removeprefix("sqlite:///")).is_file():
        return f"there is no database file at {source.removeprefix('sqlite:///')}."
    if not args.url.startswith(("postgresql://", "postgresql+")):
        return "the target must be a PostgreSQL address starting postgresql:// or postgresql+psycopg://."
    return None


@signed_in(Permission.EDIT_SETTINGS, check=_source_is_a_sqlite_file)
def run(args: argparse.Namespace, services: Services | None) -> int:
    assert services is not None
    from sqlalchemy.engine import make_url

    def progress(_percent: int, text: str) -> None:
        print(f"  {text}", file=sys.stderr)

    result = services.database_setup.move_to_url(args.url, progress)
    target = make_url(args.url)
    shown = target.set(password=None).render_as_string(hide_password=True)
    print(f"Moved {result.total_rows:,} rows into {target.database} on {target.host}.")
    print(f"Audit trail on the server: {result.audit_checked:,} entries checked, {result.audit_breaks} break(s).")
    print("To use the server from now on, start CareLog with:")
    print(f"  carelog --db {shown}")
    print("or save it in the app: Admin > Database settings > Shared database server (the password goes into")
    print("the credential store). This PC's SQLite file is kept as it was; stop using it for new records.")
    return 0 if result.audit_breaks == 0 else 1
