"""`carelog attention --db URL [--as-of DATE] [--service NAME] [--json]`: print what needs a manager's attention
(statutory notifications, incidents awaiting triage, reviews past target, actions, new pattern signals, and the due
steps of complaints, safeguarding concerns, Duty of Candour and debriefs) and the summary per service and key
measure, e.g. for a daily e-mail."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, time
from typing import TYPE_CHECKING

from carelog.cli import add_db_argument
from carelog.cli.export import parse_date
from carelog.cli.sign_in import signed_in
from carelog.core.permissions import Permission

if TYPE_CHECKING:
    from carelog.services.registry import Services


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "attention",
        help="list what needs a manager's attention today (as JSON with --json)",
        description="The Home tab's attention list: statutory notifications due, overdue, never made or late; "
        "incidents awaiting triage; reviews past their target date; actions due, overdue, awaiting their check or "
        "not effective; new pattern signals; complaints awaiting acknowledgement or response, safeguarding referrals "
        "and CQC notifications, Duty of Candour steps and debrief wellbeing follow-ups due or overdue; and this "
        "month's counts per service and key measure.",
    )
    add_db_argument(p)
    p.add_argument("--as-of", type=parse_date, default=None, help="as at the end of this day (YYYY-MM-DD); default now")
    p.add_argument("--service", default=None, help="one service, by name (default: all)")
    p.add_argument("--json", action="store_true", help="print one JSON object: items, totals and summary")
    p.set_defaults(func=run)


@signed_in(Permission.TRIAGE)
def run(args: argparse.Namespace, services: Services | None) -> int:
    from carelog.core.errors import ValidationError

    assert services is not None
    as_of = datetime.combine(args.as_of, time(23, 59)) if args.as_of else None
    try:
        report = services.attention.report(as_of, args.service)
    except ValidationError as exc:
        print(f"carelog attention: {'; '.join(exc.errors.values())}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        return 0
    from carelog.core.attention import Section

    print(f"Attention as at {report.as_of:%d %B %Y %H:%M}")
    for section in Section:
        items = report.in_section(section)
        print(f"\n{section.value} ({len(items)})")
        for item in items:
            print(f"  {'! ' if item.overdue else '- '}{item.text}")
        if not items:
            print("  Nothing.")
    print("\nThis month per service and measure (last complete month, monthly average)")
    for s in report.summary:
        print(
            f"  {s.service} - {s.measure}: {s.this_month} so far ({s.last_month} last month, average {s.average:.1f})"
        )
    return 0
