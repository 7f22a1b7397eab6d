"""Which database a command uses: `--db` when given, else the one the app would open on this PC for this user.

That is services.database_config.startup_database, exactly as the app resolves it: the user's own database
settings, else the PC's settings for every user (CARELOG_MACHINE_CONFIG names another file), else carelog.db in
the user's CareLog data folder; a server's password comes from the user's credential store. When it holds none,
a command run in a terminal asks for it (used for that run only, not stored); otherwise PostgreSQL's own
PGPASSWORD or .pgpass file supplies it.
"""

from __future__ import annotations

import getpass
import os
import sys

from carelog.core.db_config import ConfigError

ENV_PASSWORD = "PGPASSWORD"  # libpq reads it (and ~/.pgpass) when the address carries no password


def command_database(command: str, given: str | None) -> str:
    """The path or URL `carelog COMMAND` opens; says on stderr where it came from when not from --db.

    Raises ConfigError (naming the file) for a settings file that cannot be read."""
    if given:
        return given
    from carelog.paths import default_db_path
    from carelog.services.database_config import startup_database

    chosen = startup_database(None, default_db_path())
    if chosen.needs_password and chosen.config is not None:
        password = _asked_password(command, chosen.config.label())
        if password is not None:
            chosen = startup_database(None, default_db_path(), password)
    shown = chosen.config.label() if chosen.config is not None and chosen.config.is_server else chosen.target
    print(f"carelog {command}: using {shown} ({chosen.source.value})", file=sys.stderr)
    return chosen.target


def _asked_password(command: str, label: str) -> str | None:
    """The password typed in a terminal; None where libpq is left to find it (PGPASSWORD, .pgpass, no terminal)."""
    if os.environ.get(ENV_PASSWORD) or not sys.stdin.isatty():
        return None
    try:
        typed = getpass.getpass(f"carelog {command}: password of the database user for {label}: ")
    except (EOFError, KeyboardInterrupt):
        raise ConfigError("No password was typed; nothing was done.") from None
    return typed or None
