"""Monthly governance report speed: what the report's own parts (change table, deadlines, triage, reviews,
action checks, signals, meeting page; issue 16) add to building it.

Printed beside a baseline measured in the same run: the same month's report built from the pack's sections
alone (the new parts left empty), on the same database of about 2,000 records over 12 months.

    python benchmarks/bench_monthly.py [--incidents 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import median_seconds  # noqa: E402
from bench_pack import seed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from carelog.core.dto import Actor
    from carelog.core.enums import Role
    from carelog.core.meeting_dto import AttendeeInput, DecisionInput, MeetingInput
    from carelog.core.monthly_data import MonthlyExtras
    from carelog.reports.pack.monthly import build_monthly_report
    from carelog.services.context import Identity
    from carelog.services.monthly import MonthlyService
    from carelog.services.pack import PackRequest
    from carelog.services.registry import open_services

    folder = Path(tempfile.mkdtemp(prefix="bench-monthly-"))
    services = open_services(
        f"sqlite:///{folder / 'bench.db'}", Identity(Actor(None, "Benchmark Manager", Role.MANAGER))
    )
    sid = seed(services, args.incidents, random.Random(11))
    services.meetings.create(
        MeetingInput(
            date(2025, 12, 18),
            sid,
            tuple(AttendeeInput(f"Attendee {n}") for n in range(6)),
            (),
            tuple(DecisionInput(f"Decision {n}") for n in range(5)),
        )
    )
    request = PackRequest(date(2025, 12, 1), date(2025, 12, 31), sid, monthly=True)
    data = services.pack.gather(request)
    monthly = MonthlyService(services.ctx)
    extras = monthly.gather(request)
    empty = MonthlyExtras(extras.month, extras.as_of)

    gather = median_seconds(lambda: monthly.gather(request), args.runs)
    full = median_seconds(lambda: build_monthly_report(data, extras, folder / "full.pdf"), args.runs)
    base = median_seconds(lambda: build_monthly_report(data, empty, folder / "base.pdf"), args.runs)
    print(f"records in the month:                     {len(data.incidents)}")
    print(f"baseline: pack sections only, PDF build:   {base:6.2f} s")
    print(f"with the governance parts, PDF build:      {full:6.2f} s   ({full / base:4.2f} x the baseline)")
    print(f"reading the governance parts (gather):     {gather:6.2f} s")
    print(
        f"changes {len(extras.changes)}, deadlines {len(extras.deadlines)}, triage {extras.triage_total}, "
        f"open reviews {len(extras.open_reviews)}, signals {len(extras.signals)}, meetings {len(extras.meetings)}"
    )


if __name__ == "__main__":
    main()
