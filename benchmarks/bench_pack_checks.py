"""What the pack's checks cost (issue 16): notification compliance, case-study claims, action links, the opening
summary and the sample, on a 12-month demo pack. Printed beside a baseline measured in the same run: the rest of
PackService.gather for the same request (records, reviews, actions), without the checks.

    python benchmarks/bench_pack_checks.py [--incidents 5000] [--runs 3] [--fresh]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import demo_services, median_seconds  # noqa: E402

AS_OF = datetime(2026, 6, 30, 18, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="write the demo database again")
    args = parser.parse_args()

    from carelog.core.clock import fixed_clock
    from carelog.core.pack_data import PackRequest
    from carelog.services.pack_checks import PackChecks

    db = Path(tempfile.gettempdir()) / f"carelog-bench-pack-checks-{args.incidents}.db"
    services = demo_services(db, args.incidents, args.fresh, AS_OF)
    services.ctx.clock = fixed_clock(AS_OF)
    request = PackRequest(date(2025, 7, 1), date(2026, 6, 30), charts=False)
    data = services.pack.gather(request)
    assert data.checked is not None
    checks = PackChecks(services.ctx)

    gather = median_seconds(lambda: services.pack.gather(request), args.runs)
    only_checks = median_seconds(
        lambda: checks.gather(request, data.incidents, data.reviews, data.actions, data.service_name), args.runs
    )
    charted = replace(request, charts=True)  # the opening page's open risks then include the pattern signals
    with_signals = median_seconds(
        lambda: checks.gather(charted, data.incidents, data.reviews, data.actions, data.service_name), args.runs
    )
    print(f"records in the period:             {len(data.incidents):,}")
    print(f"notifications assessed:            {sum(r.required for r in data.checked.compliance):,}")
    print(f"PackService.gather (with checks):  {gather:6.2f} s")
    print(f"  of which the checks:             {only_checks:6.2f} s")
    print(f"baseline: gather without checks:   {gather - only_checks:6.2f} s   (same request, same run)")
    print(f"checks / baseline:                 {only_checks / max(gather - only_checks, 1e-9):6.2f} x")
    print(f"checks with pattern signals:       {with_signals:6.2f} s   (charts on: signals for the open risks)")


if __name__ == "__main__":
    main()
