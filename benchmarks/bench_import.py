"""Import speed: a 50,000-row spreadsheet-style CSV (its own headers and words: "Falls", "No harm", "Home") imported
through the wizard's engine with progress, beside same-run baselines: the bare csv parse of the same text and a bare
sqlite3 executemany of the same rows into a plain table. Also times the preview (plan only) and the undo.

    python benchmarks/bench_import.py [--rows 50000] [--xlsx]

The target (issue 17): 50,000 rows imported in under 30 s, with the progress bar moving.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

TARGET_SECONDS = 30.0
HEADER = ["Date", "Time", "Home", "Room", "Type", "Category", "Severity", "What happened", "Resident", "Action taken"]
CATEGORIES = ["Falls", "Medication error", "Skin tear / unexplained bruise", "Behaviours that challenge", "Fall"]
HARMS = ["No harm", "Low harm", "none", "Moderate harm"]


def make_rows(n: int, now: datetime, seed: int = 17) -> list[list[str]]:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        when = now - timedelta(days=1 + rnd.randrange(3 * 365), minutes=rnd.randrange(1440))
        home, rooms, people = rnd.choice(
            [("Oak House", ["Main lounge", "Bedroom corridor", ""], ["OH-014", "OH-022", ""]),
             ("Birch Court", ["Dining room", ""], [""])]
        )  # fmt: skip
        rows.append(
            [when.strftime("%d/%m/%Y"), when.strftime("%H:%M"), home, rnd.choice(rooms),
             rnd.choice(["Incident", "Near miss", "incident"]), rnd.choice(CATEGORIES), rnd.choice(HARMS),
             f"Fictional demo account number {i}: found sitting on the floor, no complaint of pain.",
             rnd.choice(people), "Checked for injury, observations started"]
        )  # fmt: skip
    return rows


def to_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


def seed(services: object) -> None:
    from carelog.core.dto import SYSTEM_ACTOR
    from carelog.core.enums import ServiceType
    from carelog.db.repositories import audit, organisation

    ctx = services.ctx  # type: ignore[attr-defined]
    with ctx.unit() as session:
        oak = organisation.add_service(session, "Oak House", ServiceType.CARE_HOME, 40)
        birch = organisation.add_service(session, "Birch Court", ServiceType.NURSING_HOME, 60)
        locs = [organisation.add_location(session, oak, n) for n in ("Main lounge", "Bedroom corridor")]
        locs.append(organisation.add_location(session, birch, "Dining room"))
        people = [organisation.add_person(session, c, f"Demo person {c}", oak) for c in ("OH-014", "OH-022")]
        records = [audit.NewAuditRecord("service", i, "create") for i in (oak, birch)]
        records += [audit.NewAuditRecord("location", i, "create") for i in locs]
        records += [audit.NewAuditRecord("person", i, "create") for i in people]
        audit.append_many(session, SYSTEM_ACTOR, records, at=ctx.clock())


def bare_executemany(rows: list[list[str]], folder: Path) -> float:
    conn = sqlite3.connect(folder / "bare.db")
    conn.execute(f"CREATE TABLE t ({', '.join(f'c{i} TEXT' for i in range(len(HEADER)))})")
    started = time.perf_counter()
    conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(HEADER))})", rows)
    conn.commit()
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50000)
    parser.add_argument("--xlsx", action="store_true", help="also import the same rows from an Excel workbook")
    args = parser.parse_args()

    from carelog.core.dto import SYSTEM_ACTOR, IncidentFilter
    from carelog.services.context import Identity
    from carelog.services.importer import read_bytes
    from carelog.services.registry import open_services

    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    services = open_services(f"sqlite:///{folder / 'bench.db'}", Identity(SYSTEM_ACTOR))
    seed(services)
    rows = make_rows(args.rows, services.ctx.clock())
    text = to_csv(rows)
    raw = text.encode("utf-8")
    print(f"{args.rows:,} rows, {len(raw) / 1e6:.1f} MB of CSV")

    started = time.perf_counter()
    list(csv.reader(io.StringIO(text)))
    bare_parse = time.perf_counter() - started
    print(f"machine load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    bare_insert = bare_executemany(rows, folder)

    started = time.perf_counter()
    loaded = read_bytes("bench.csv", raw)
    read_s = time.perf_counter() - started
    cmap = services.importer.auto_map(loaded)
    started = time.perf_counter()
    plan = services.importer.preview(loaded, cmap)
    preview_s = time.perf_counter() - started
    assert not plan.problems, plan.problems[:3]

    ticks: list[tuple[float, int]] = []
    cpu_started = time.process_time()
    started = time.perf_counter()

    def progress(percent: int, _message: str) -> None:
        ticks.append((time.perf_counter() - started, percent))

    result = services.importer.run(loaded, cmap, progress=progress)
    import_s = time.perf_counter() - started
    import_cpu = time.process_time() - cpu_started
    assert services.incidents.count(IncidentFilter()) == args.rows
    gaps = [b[0] - a[0] for a, b in zip(ticks, ticks[1:], strict=False)]

    started = time.perf_counter()
    assert result.batch_id is not None
    services.importer.undo(result.batch_id)
    undo_s = time.perf_counter() - started
    assert services.incidents.count(IncidentFilter()) == 0

    print(f"baseline  bare csv parse of the same text       {bare_parse:7.2f} s")
    print(f"baseline  bare sqlite3 executemany, same rows   {bare_insert:7.2f} s")
    print(
        f"          read + detect (CSV to table)          {read_s:7.2f} s   ({read_s / bare_parse:.1f}x the bare parse)"
    )
    print(f"          preview (plan every row, no writes)   {preview_s:7.2f} s")
    verdict = "OK" if import_s < TARGET_SECONDS else "TOO SLOW"
    print(
        f"          import (plan, write, audit, batch)    {import_s:7.2f} s   "
        f"target < {TARGET_SECONDS:.0f} s: {verdict}"
        f" ({import_s / bare_insert:.0f}x the bare executemany)"
    )
    print(f"          import, CPU time of this process only {import_cpu:7.2f} s   (a busy machine inflates it less)")
    print(f"          progress: {len(ticks)} updates, longest gap between two {max(gaps, default=0):.2f} s")
    writing = next(t for t, p in ticks if p >= 30)
    recording = next(t for t, p in ticks if p >= 95)
    print(
        f"          of which: checking {writing:.2f} s, writing incidents {recording - writing:.2f} s, "
        f"batch and audit entry {import_s - recording:.2f} s"
    )
    print(f"          undo of the whole batch               {undo_s:7.2f} s")

    if args.xlsx:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Log")
        ws.append(HEADER)
        for r in rows:
            ws.append(r)
        book = folder / "bench.xlsx"
        wb.save(book)
        started = time.perf_counter()
        loaded = read_bytes("bench.xlsx", book.read_bytes(), "Log")
        xlsx_read = time.perf_counter() - started
        started = time.perf_counter()
        services.importer.run(loaded, services.importer.auto_map(loaded))
        xlsx_import = time.perf_counter() - started
        print(f"          xlsx read (openpyxl, read-only)       {xlsx_read:7.2f} s")
        print(f"          xlsx import after reading             {xlsx_import:7.2f} s")


if __name__ == "__main__":
    main()
