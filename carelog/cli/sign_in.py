"""Signing in on the command line: one decorator, `@signed_in(permission)`, on every command that reads or changes
records.

On a database with staff accounts the command needs `--user NAME` (or CARELOG_USER) and that person's PIN or
password, from a hidden prompt or CARELOG_SECRET (for scripts). Sign-in goes through the same AccountService as
the app (wrong PINs count towards the pause, every refusal is audited), and the role's permissions apply as in the
app. A database with no accounts yet (new, or filled only by import) runs as the setup administrator until the
first account exists. Refusals print a plain message and exit with code 2.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from carelog.core.permissions import Permission
    from carelog.services.registry import Services

ENV_USER = "CARELOG_USER"
ENV_SECRET = "CARELOG_SECRET"
REFUSED = 2
SIGN_IN_MARK = "_carelog_signs_in"


class SignedInCommand(Protocol):
    def __call__(self, args: argparse.Namespace, services: Services | None) -> int: ...


def add_user_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        default=None,
        help=f"your CareLog username (or set {ENV_USER}); your PIN or password is asked for, or read from "
        f"{ENV_SECRET}. Not needed while the database has no accounts yet.",
    )


def signs_in(func: object) -> bool:
    return bool(getattr(func, SIGN_IN_MARK, False))


def signed_in(
    permission: Permission | None,
    *,
    check: Callable[[argparse.Namespace], str | None] | None = None,
    migrate: bool = True,
    missing_ok: bool = False,
) -> Callable[[SignedInCommand], Callable[[argparse.Namespace], int]]:
    """Open args.db, sign in, check `permission`, then run the command with the signed-in services.

    `check` looks at the arguments first (a message refuses them before anyone is asked for a PIN).
    `migrate=False` opens without upgrading the schema (carelog check changes nothing). With `missing_ok`, a SQLite
    file that does not exist yet is not created: the command runs as the setup administrator with services=None."""

    def wrap(command: SignedInCommand) -> Callable[[argparse.Namespace], int]:
        @functools.wraps(command)
        def run(args: argparse.Namespace) -> int:
            name = f"carelog {args.command}"
            problem = check(args) if check is not None else None
            if problem:
                print(f"{name}: {problem}", file=sys.stderr)
                return REFUSED
            db = args.db or str(_default_db())
            if missing_ok and _missing_sqlite_file(db):
                return command(args, None)
            services = _open(db, migrate)
            refusal = sign_in(services, name, args.user, permission)
            if refusal:
                print(refusal, file=sys.stderr)
                return REFUSED
            return command(args, services)

        setattr(run, SIGN_IN_MARK, True)
        return run

    return wrap


def sign_in(services: Services, name: str, user: str | None, permission: Permission | None) -> str | None:
    """Sign in on `services` (or act as the setup administrator); None on success, else the line to print."""
    from carelog.core.errors import PermissionDenied
    from carelog.services.accounts import SETUP_ADMIN

    accounts = services.accounts
    if not _has_accounts(services):
        services.ctx.identity.actor = SETUP_ADMIN
        if user:
            print(f"{name}: this database has no accounts yet; running as the setup administrator.", file=sys.stderr)
    else:
        username = (user or os.environ.get(ENV_USER, "")).strip()
        if not username:
            return f"{name} needs you to sign in: add --user NAME (your PIN will be asked), or set {ENV_USER}."
        secret = os.environ.get(ENV_SECRET)
        if secret is None:
            if not sys.stdin.isatty():
                return f"{name} needs your PIN or password: run it in a terminal to be asked, or set {ENV_SECRET}."
            try:
                secret = getpass.getpass(f"PIN or password for {username}: ")
            except (EOFError, KeyboardInterrupt):
                return f"{name}: sign-in cancelled; nothing was done."
        from sqlalchemy.exc import DatabaseError

        try:
            accounts.sign_in(username, secret)
        except PermissionDenied as exc:
            return f"{name}: {exc}"
        except DatabaseError:  # opened without migrating, at an older schema
            return (
                f"{name}: this database was written by an earlier CareLog and its accounts cannot be read yet. "
                "Open it once with this CareLog (that upgrades it), then run the command again."
            )
    if permission is not None:
        try:
            services.ctx.require(permission, name.removeprefix("carelog "))
        except PermissionDenied as exc:
            return f"{name}: {exc}"
    return None


def _has_accounts(services: Services) -> bool:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        return services.accounts.has_users()
    except (OperationalError, ProgrammingError):  # opened without migrating: not a CareLog database (yet)
        return False


def _open(db: str, migrate: bool) -> Services:
    from carelog.services.registry import open_services, services_without_migration

    return open_services(db) if migrate else services_without_migration(db)


def _default_db() -> Path:
    from carelog.paths import default_db_path

    return default_db_path()


def _missing_sqlite_file(db: str) -> bool:
    from carelog.db.engine import to_url

    url = to_url(db)
    return url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file()
