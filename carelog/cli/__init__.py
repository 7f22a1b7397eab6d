"""Command line: `carelog [--db URL]` opens the app; subcommands do batch work without a window.

Each subcommand lives in its own module with `register(subparsers)`; add new ones to COMMAND_MODULES. A command
that reads or changes records puts `@signed_in(Permission.X)` (carelog.cli.sign_in) on its run function: it then
gets `--user` and runs only for someone signed in with that permission.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from carelog import __version__

COMMAND_MODULES = [
    "carelog.cli.demo",
    "carelog.cli.import_csv",
    "carelog.cli.export",
    "carelog.cli.screenshot",
    "carelog.cli.check",
    "carelog.cli.seal",
    "carelog.cli.backup",
    "carelog.cli.pack",
    "carelog.cli.patterns",
    "carelog.cli.attention",
    "carelog.cli.move_to",
]


DEFAULT_DB_HELP = (
    "database file path or SQLAlchemy URL (default: the database the app opens, from your database settings, "
    "else this PC's settings for every user, else carelog.db in your CareLog data folder)"
)


def add_db_argument(parser: argparse.ArgumentParser, required: bool = False) -> None:
    """--db; without it a command uses the database the app would open (carelog.cli.database). `required` for
    commands that must name the database they change wholesale (restore, demo)."""
    parser.add_argument(
        "--db",
        required=required,
        help="database file path or SQLAlchemy URL" if required else DEFAULT_DB_HELP,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="carelog", description="CareLog: incident learning for adult social care services."
    )
    parser.add_argument("--version", action="version", version=f"CareLog {__version__}")
    add_db_argument(parser)
    parser.add_argument("--demo", action="store_true", help="fill a new, empty database with demo data first")
    parser.add_argument(
        "--smoke", action="store_true", help="check this installation: show the window on demo data, save a PNG, exit"
    )
    parser.add_argument("--screenshot", type=Path, help="with --smoke: PNG file to write (default: in the temp folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    from carelog.cli.sign_in import add_user_argument, signs_in

    for command in sub.choices.values():
        if signs_in(command.get_default("func")):
            add_user_argument(command)
    return parser


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.smoke and args.command is None:
        from carelog.smoke import run_smoke

        return run_smoke(args.db, args.screenshot)  # in a temporary data folder of its own
    if args.command is None:
        from carelog.app import run_gui

        # the log file is opened and stale temporary files swept off the GUI thread, once the window is painted
        return run_gui(args.db, demo=args.demo, housekeeping=_start_gui_housekeeping)
    _sweep_temp()
    try:
        from carelog.cli.database import command_database

        args.db = command_database(args.command, args.db)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a clear message instead of a traceback for expected problems
        from carelog.core.db_config import ConfigError
        from carelog.core.errors import CareLogError

        if isinstance(exc, (CareLogError, ConfigError)):
            print(f"carelog {args.command}: {exc}", file=sys.stderr)
            return 2
        raise


def _start_gui_housekeeping() -> None:
    from carelog.logging_setup import configure_logging

    configure_logging()
    _sweep_temp()


def _sweep_temp() -> None:
    """Remove temporary PDFs and restore copies a killed CareLog left behind (they may hold personal data)."""
    from carelog.paths import sweep_stale_temp

    try:
        sweep_stale_temp()
    except OSError:  # a folder we cannot read must not stop the command
        pass
