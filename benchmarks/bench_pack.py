"""Inspection pack speed: a 12-month pack for a 60-bed home (about 2,000 records) should take <= 3x a plain
ReportLab document of the same incident log rows (SimpleDocTemplate, one Table with a repeated header, built-in
Helvetica, single pass), measured in the same run, interleaved, medians of CPU time (wall time printed too).

    python benchmarks/bench_pack.py [--incidents 2000] [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

TARGET_RATIO = 3.0  # the pack may take at most this many times the plain table document (issue 16)


def seed(services, count: int, rng: random.Random) -> int:  # type: ignore[no-untyped-def]
    from carelog.core.dto import IncidentInput, NotificationInput
    from carelog.core.enums import Kind, NotificationKind, PhysicalHarm, PsychologicalHarm, ServiceType, Status
    from carelog.db.repositories import organisation
    from carelog.demo.incidents import SERVICES
    from carelog.services.incidents import LoadItem

    willow_bank = SERVICES[0]

    with services.ctx.unit() as session:
        sid = organisation.add_service(session, "Willow Bank Care Home", ServiceType.NURSING_HOME, 60)
        locations = [organisation.add_location(session, sid, name) for name in willow_bank.locations]
        people = [organisation.add_person(session, f"WB-{n:03d}", f"Resident {n:03d} Ashby", sid) for n in range(60)]
    ref = services.incidents.reference_data()
    kinds = [Kind.INCIDENT] * 14 + [Kind.NEAR_MISS] * 3 + [Kind.LOW_LEVEL_CONCERN, Kind.COMPLAINT, Kind.COMPLIMENT]
    start = datetime(2025, 1, 1)
    items = []
    for _ in range(count):
        occurred = start + timedelta(minutes=rng.randrange(365 * 24 * 60))
        cat = rng.choice(ref.categories)
        sub = rng.choice(cat.subcategories) if cat.subcategories else None
        harm = rng.choice(
            [PhysicalHarm.NONE] * 5 + [PhysicalHarm.LOW] * 3 + [PhysicalHarm.MODERATE, PhysicalHarm.SEVERE]
        )
        notes = ()
        if harm in (PhysicalHarm.MODERATE, PhysicalHarm.SEVERE):
            notes = (
                NotificationInput(NotificationKind.CQC, occurred + timedelta(hours=4), f"CQC-{rng.randrange(10**6)}"),
            )
        items.append(
            LoadItem(
                IncidentInput(
                    kind=rng.choice(kinds),
                    category_id=cat.id,
                    subcategory_id=sub.id if sub else None,
                    occurred_at=occurred,
                    service_id=sid,
                    location_id=rng.choice(locations),
                    account="Found on the floor beside the bed at the night check; said she tried to reach the "
                    "commode. Checked for injury, helped up with the hoist, observations started.",
                    person_ids=(rng.choice(people),),
                    physical_harm=harm,
                    psychological_harm=PsychologicalHarm.NONE,
                    notifications=notes,
                ),
                status=rng.choice(list(Status)),
            )
        )
    services.incidents.load_many(items)
    return sid


def plain_reportlab(rows: list[tuple[str, ...]], out: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    doc = SimpleDocTemplate(str(out), pagesize=A4)
    table = Table([("Reference", "Date / time", "Kind", "Category", "Location", "Harm", "Status"), *rows], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.navy),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ]
        )
    )
    doc.build([table])


def _timed(fn):  # type: ignore[no-untyped-def]
    """(wall seconds, CPU seconds of this process, result): CPU time is steadier on a shared, busy machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each, interleaved; medians are printed")
    parser.add_argument("--keep", type=Path, help="keep the PDFs in this folder")
    args = parser.parse_args()

    from carelog.core.dto import Actor
    from carelog.core.enums import Role
    from carelog.reports.pack.builder import build_pack
    from carelog.reports.pack.incident_log import log_rows
    from carelog.services.context import Identity
    from carelog.services.pack import PackRequest
    from carelog.services.registry import open_services

    folder = Path(tempfile.mkdtemp(prefix="bench-pack-"))
    out = args.keep or folder
    out.mkdir(parents=True, exist_ok=True)
    services = open_services(
        f"sqlite:///{folder / 'bench.db'}", Identity(Actor(None, "Benchmark Manager", Role.MANAGER))
    )
    t0 = time.perf_counter()
    sid = seed(services, args.incidents, random.Random(11))
    print(f"seeded {args.incidents} records in {time.perf_counter() - t0:.1f} s")

    request = PackRequest(date(2025, 1, 1), date(2025, 12, 31), sid, pseudonymise=True)
    monthly = PackRequest(date(2025, 12, 1), date(2025, 12, 31), sid, monthly=True)
    rows = log_rows(services.pack.gather(request).incidents, show_service=False)
    services.pack.build(request, out / "warm-up.pdf")  # imports, fonts and first-use caches are not measured
    plain, pack, gather, layout = [], [], [], []
    pages = 0
    for _ in range(args.runs):
        plain.append(_timed(lambda: plain_reportlab(rows, out / "plain.pdf")))
        pack.append(_timed(lambda: services.pack.build(request, out / "pack.pdf")))
        gather.append(_timed(lambda: services.pack.gather(request)))
        data = gather[-1][2]
        layout.append(_timed(lambda: build_pack(data, out / "pack-again.pdf")))  # noqa: B023 - used at once
        pages = pack[-1][2]
    monthly_wall, _cpu, monthly_pages = _timed(lambda: services.pack.build(monthly, out / "monthly.pdf"))

    def med(items, k):  # type: ignore[no-untyped-def]
        return statistics.median(x[k] for x in items)

    pack_cpu, plain_cpu = med(pack, 1), med(plain, 1)
    ratio = pack_cpu / plain_cpu
    verdict = "OK" if ratio <= TARGET_RATIO else "TOO SLOW"
    print(f"records in pack:                          {len(rows)}   (medians of {args.runs} interleaved runs)")
    print(f"{'':42s}  wall s    CPU s")
    print(f"baseline: plain ReportLab log table:      {med(plain, 0):6.2f}   {plain_cpu:6.2f}   (same rows, one pass)")
    print(f"inspection pack (12 months, {pages:3d} pp):      {med(pack, 0):6.2f}   {pack_cpu:6.2f}")
    print(f"  of which reading the records + charts:  {med(gather, 0):6.2f}   {med(gather, 1):6.2f}")
    print(f"  of which laying out and writing:        {med(layout, 0):6.2f}   {med(layout, 1):6.2f}")
    print(f"ratio pack / baseline (CPU):              {ratio:6.1f} x   target <= {TARGET_RATIO:.0f} x: {verdict}")
    print(f"monthly report ({monthly_pages:2d} pp):                  {monthly_wall:6.2f} s wall")
    print(f"PDFs in {out}")


if __name__ == "__main__":
    main()
