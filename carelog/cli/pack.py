"""`carelog pack --db URL --from DATE --to DATE --out FILE.pdf [--service NAME] [--pseudonymise]
[--for-commissioner] [--monthly] [--with-log] [--seed N]`. Warnings for the manager (a case study the data do
not support, an action linked to an unrelated review) go to stderr; the PDF is written all the same and
prints them too."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from carelog.cli import add_db_argument
from carelog.cli.export import parse_date
from carelog.cli.sign_in import signed_in
from carelog.core.permissions import Permission

if TYPE_CHECKING:
    from carelog.services.registry import Services


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "pack",
        help="write the inspection pack (or the monthly governance report) as a PDF",
        description="Write the inspection pack PDF for a period: what we learned and changed, summary, complaints "
        "and compliments, statutory notifications checked (missing and late listed), reviews with their actions, "
        "action plan, five records start to finish, trends, case studies checked against the data, sign-off; the "
        "incident log with --with-log. Warnings (e.g. a case study the data do not support) go to stderr.",
    )
    add_db_argument(p)
    p.add_argument("--from", dest="date_from", type=parse_date, required=True, help="first day (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", type=parse_date, required=True, help="last day (YYYY-MM-DD)")
    p.add_argument("--out", type=Path, required=True, help="PDF file to write")
    p.add_argument("--service", help="only this service (name as in CareLog); default: all services")
    p.add_argument(
        "--pseudonymise", action="store_true", help="show people supported by identifier code only, everywhere"
    )
    p.add_argument(
        "--for-commissioner",
        action="store_true",
        help="the inspection pack for a commissioner: always pseudonymised (people supported by identifier code)",
    )
    p.add_argument("--monthly", action="store_true", help="the shorter monthly governance report instead")
    p.add_argument("--with-log", action="store_true", help="add the raw incident log as an appendix")
    p.add_argument(
        "--seed",
        type=int,
        help="random seed for the records traced start to finish (default: derived from the period and service)",
    )
    p.add_argument(
        "--produced-by",
        default="",
        help="name shown as 'produced by' on a database without accounts (otherwise: the person signed in)",
    )
    p.set_defaults(func=run)


@signed_in(Permission.EXPORT)
def run(args: argparse.Namespace, services: Services | None) -> int:
    from dataclasses import replace

    from carelog.core.pack_data import PackRequest

    assert services is not None
    actor = services.ctx.actor
    if args.produced_by.strip():
        if actor.user_id is not None:
            print("carelog pack: --produced-by is only for databases without accounts; the pack names you.")
        else:
            services.ctx.identity.actor = replace(actor, name=args.produced_by.strip())
    service_id = None
    if args.service:
        wanted = args.service.strip().lower()
        matches = [s for s in services.incidents.reference_data().services if s.name.lower() == wanted]
        if not matches:
            names = ", ".join(s.name for s in services.incidents.reference_data().services) or "none"
            print(f"carelog pack: no service called '{args.service}'. Services: {names}.", file=sys.stderr)
            return 2
        service_id = matches[0].id
    if args.out.suffix.lower() != ".pdf":
        print("carelog pack: --out must be a .pdf file.", file=sys.stderr)
        return 2
    if args.seed is not None and args.seed < 0:
        print("carelog pack: --seed must be 0 or more.", file=sys.stderr)
        return 2
    if args.for_commissioner and args.monthly:
        print("carelog pack: --for-commissioner makes the inspection pack; leave out --monthly.", file=sys.stderr)
        return 2
    request = PackRequest(
        args.date_from,
        args.date_to,
        service_id,
        args.pseudonymise,
        args.monthly,
        with_log=args.with_log,
        sample_seed=args.seed,
        for_commissioner=args.for_commissioner,
    )

    def progress(percent: int, message: str) -> None:
        if sys.stderr.isatty():
            print(f"\r{percent:3d}% {message:<40}", end="", file=sys.stderr, flush=True)

    built = services.pack.build_checked(request, args.out, progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for warning in built.warnings:
        print(f"carelog pack: warning: {warning}", file=sys.stderr)
    what = "monthly governance report" if args.monthly else "inspection pack"
    if args.for_commissioner:
        what += " for a commissioner (pseudonymised)"
    print(f"Wrote the {what} ({built.pages} pages) to {args.out}.")
    if built.warnings:
        n = len(built.warnings)
        print(f"{n} {'warning' if n == 1 else 'warnings'}: read them (above, and in the PDF) before sharing it.")
    return 0
