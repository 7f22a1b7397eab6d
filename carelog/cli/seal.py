"""`carelog seal --db URL`: print the audit seal (entry count and head hash) to write down or keep."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from carelog.cli import add_db_argument
from carelog.cli.check import database_file_missing
from carelog.cli.sign_in import signed_in
from carelog.core.permissions import Permission

if TYPE_CHECKING:
    from carelog.services.registry import Services


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "seal",
        help="print the audit seal: one short line to write down, checked later with `carelog check --seal`",
        description="Prints one line such as 'CL-SEAL 12345 9f2c0b7e11d4a5c3': how many audit records the trail "
        "holds and the start of the newest record's hash. Keep it somewhere the database cannot reach (written "
        "down, in an e-mail, on a printed pack). `carelog check --db URL --seal SEAL` later proves the trail "
        "still extends it: nothing recorded up to the seal was changed, removed or recomputed. Changes nothing.",
    )
    add_db_argument(p)
    p.set_defaults(func=run)


@signed_in(Permission.EDIT_SETTINGS, check=database_file_missing, migrate=False)
def run(args: argparse.Namespace, services: Services | None) -> int:
    from carelog.db.engine import create_db_engine
    from carelog.services.integrity import seal_engine

    engine = create_db_engine(args.db)
    try:
        seal = seal_engine(engine)
    finally:
        engine.dispose()
    if seal is None:
        print("carelog seal: this is not a CareLog database (no audit trail found).", file=sys.stderr)
        return 2
    print(seal.text)
    return 0
