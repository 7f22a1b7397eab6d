"""My reports benchmark: the news for one care worker's 200 newest reports among many incidents, each figure
beside a baseline from the same run.

Run:  .venv/bin/python benchmarks/bench_my_reports.py [--incidents 20000]

- my_reports (news)   FeedbackService.my_reports(): the reporter's 200 newest reports with status moves, reviews,
                      learning points and finished actions (what the quick-report page shows after every save)
- baseline            IncidentService.list_ids + summaries for the same 200 (what the page showed before)
- news_count          the sign-in banner's count
Half the worker's reports have been moved on by a manager, 20 have a signed-off review with a finished action.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # run as a script: the sibling helpers
from bench_common import median_ms  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=20000)
    args = parser.parse_args()

    from carelog.core.action_dto import ActionInput, ActionStatus
    from carelog.core.action_strength import ActionStrength
    from carelog.core.dto import SYSTEM_ACTOR, Actor, IncidentFilter, IncidentInput, LoadItem
    from carelog.core.enums import Kind, Role, ServiceType, Status
    from carelog.core.review_dto import FactorInput
    from carelog.db.models import UserRow
    from carelog.db.repositories import organisation
    from carelog.services.registry import open_services

    db = Path(tempfile.mkdtemp(prefix="carelog-my-reports-")) / "bench.db"
    services = open_services(db)
    services.ctx.identity.actor = SYSTEM_ACTOR
    start = datetime(2026, 1, 1, 8, 0)
    services.ctx.clock = lambda: start + timedelta(days=330)
    with services.ctx.unit() as session:
        sid = organisation.add_service(session, "Oak House", ServiceType.CARE_HOME, 40)
        for uid, role in ((1, Role.MANAGER), (7, Role.CARE_STAFF), (8, Role.CARE_STAFF)):
            session.add(UserRow(id=uid, username=f"u{uid}", display_name=f"User {uid}", role=role.value,
                                created_at=start))  # fmt: skip
    fall = next(c for c in services.incidents.reference_data().categories if c.name == "Fall")
    rng = random.Random(5)
    mine = 400
    items = [
        LoadItem(
            IncidentInput(
                kind=Kind.INCIDENT,
                category_id=fall.id,
                occurred_at=start + timedelta(minutes=rng.randint(0, 300 * 24 * 60)),
                service_id=sid,
                account="Found on the floor beside the bed, no injury seen.",
            ),
            reporter_id=7 if i < mine else 8,
        )
        for i in range(args.incidents)
    ]
    t = time.perf_counter()
    services.incidents.load_many(items)
    print(f"setup: {args.incidents:,} incidents ({mine} by the worker) written in {time.perf_counter() - t:.1f} s")

    worker = Actor(7, "User 7", Role.CARE_STAFF)
    services.ctx.identity.actor = worker
    ids = services.incidents.list_ids(IncidentFilter(reporter_id=7, limit=200))
    services.ctx.identity.actor = Actor(1, "User 1", Role.MANAGER)
    for iid in ids[::2]:
        services.incidents.set_status(iid, Status.UNDER_REVIEW)
    for iid in ids[1:40:2]:
        review = services.reviews.open_review([iid], "Fall review")
        detail = services.reviews.get(review.id)
        data = replace(
            detail.to_input(),
            factors=(FactorInput("env.layout", ""),),
            findings="Frame out of reach.",
            learning_points=("Keep the frame within reach",),
        )
        services.reviews.save(review.id, data, detail.version)
        services.reviews.sign_off(review.id, services.reviews.get(review.id).version)
        action = services.actions.create(
            ActionInput(
                "Frames kept within reach",
                lead_name="User 1",
                due_date=date(2026, 12, 31),
                strength=ActionStrength.INTERMEDIATE,
                review_id=review.id,
            )  # fmt: skip
        )
        services.actions.move(action.id, ActionStatus.IN_PROGRESS)
        services.actions.move(action.id, ActionStatus.DONE)
    services.ctx.identity.actor = worker

    def baseline() -> None:
        found = services.incidents.list_ids(IncidentFilter(reporter_id=7, limit=200))
        services.incidents.summaries(found)

    rows = services.feedback.my_reports()
    assert len(rows) == 200 and sum(1 for r in rows if r.news_since) == 120
    base = median_ms(baseline, 7)
    news = median_ms(services.feedback.my_reports, 7)
    count = median_ms(services.feedback.news_count, 7)
    print(f"baseline list_ids + summaries (200 rows)   {base:7.1f} ms")
    print(f"my_reports with news (200 rows)            {news:7.1f} ms   ({news / base:.1f} x baseline)")
    print(f"news_count (sign-in banner)                {count:7.1f} ms   ({count / base:.1f} x baseline)")


if __name__ == "__main__":
    main()
