"""Golden-thread benchmark: list complaints, compute every due step (Home tab), and build a thread, on N complaints
plus N/5 of each other kind; each figure beside a baseline from the same run.

Run:  .venv/bin/python benchmarks/bench_thread.py [--complaints 5000]

Baseline: reading the same rows as plain ORM objects (SELECT, no links, no rules). The due-step figure covers
every kind (working days computed per open step in Python).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # run as a script: the sibling helpers
from bench_common import median_ms  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=5000)
    args = parser.parse_args()

    from sqlalchemy import select

    from carelog.core.dto import SYSTEM_ACTOR
    from carelog.core.thread_records import AuditInput, ComplaintInput, DebriefInput, RecordKind, SafeguardingInput
    from carelog.db.models.thread import ComplaintRow
    from carelog.db.repositories import thread as repo
    from carelog.services.registry import open_services

    now = datetime(2026, 12, 1, 9, 0)
    with tempfile.TemporaryDirectory() as tmp:
        services = open_services(Path(tmp) / "bench.db")
        services.ctx.identity.actor = SYSTEM_ACTOR
        services.ctx.clock = lambda: now
        n = args.complaints
        with services.ctx.unit() as session:  # bulk setup straight through the repository (no audit)
            for i in range(n):
                received = date(2026, 12, 1) - timedelta(days=i % 700)
                done = i % 3 != 0
                data = ComplaintInput(
                    received_on=received, summary=f"Complaint {i}", theme=("Food", "Laundry", "Staffing")[i % 3],
                    acknowledged_on=received if done else None, response_sent_on=received if done else None,
                    outcome="upheld" if done else "", closed_on=received if done else None,
                )  # fmt: skip
                repo.insert(session, RecordKind.COMPLAINT, data, now)
            for i in range(n // 5):
                d = date(2026, 12, 1) - timedelta(days=i % 700)
                repo.insert(
                    session, RecordKind.SAFEGUARDING, SafeguardingInput(d, abuse_type="neglect", concern="x"), now
                )
                repo.insert(
                    session, RecordKind.DEBRIEF, DebriefInput(d, participants="x", wellbeing_follow_up_on=d), now
                )
                repo.insert(session, RecordKind.AUDIT, AuditInput("MAR chart audit", d, 90), now)

        def baseline() -> None:
            with services.ctx.unit() as session:
                list(session.scalars(select(ComplaintRow)))

        rows: list[tuple[str, float, float]] = []
        base = median_ms(baseline)
        rows.append(
            (
                f"list {n} complaints (views with stage and due)",
                median_ms(lambda: services.records.records(RecordKind.COMPLAINT)),
                base,
            )
        )
        rows.append((f"due steps over {n + 3 * (n // 5)} records (Home)", median_ms(services.records.due_items), base))
        rows.append(("complaint themes", median_ms(services.records.themes), base))
        rows.append(
            (
                "thread from one complaint",
                median_ms(lambda: services.thread.thread(RecordKind.COMPLAINT.value, 1)),
                base,
            )
        )
        print(f"{'figure':52} {'ms':>9} {'baseline: SELECT complaints ms':>32}")
        for name, ms, b in rows:
            print(f"{name:52} {ms:9.1f} {b:32.1f}")


if __name__ == "__main__":
    main()
