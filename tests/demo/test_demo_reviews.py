"""Demo reviews: built on the planted demo patterns, signed-off ones carry learning shared and a case study."""

from __future__ import annotations

from datetime import datetime

from carelog.core.review_dto import ReviewStatus
from carelog.demo import fill_demo
from carelog.services.registry import Services


def test_demo_reviews(sqlite_services: Services) -> None:
    fill_demo(sqlite_services, incidents=1500, as_of=datetime(2026, 11, 20, 9, 0))
    reviews = sqlite_services.reviews.list_reviews()
    titles = {r.title for r in reviews}
    assert {"Night-time falls in the Rose Lounge", "Morning medicines given late at handover"} <= titles
    signed = [sqlite_services.reviews.get(r.id) for r in reviews if r.status == ReviewStatus.SIGNED_OFF]
    assert len(signed) >= 2
    for review in signed:
        assert review.signed_off_by == "Priya Shah"
        assert review.factors and review.learning_points and review.learning_shared
        assert not review.case_study.is_empty
        assert all(i.status.value in ("closed", "actions_in_progress") for i in review.incidents)
    assert any(r.status == ReviewStatus.OPEN for r in reviews)
    assert sqlite_services.ctx.actor.name != "Priya Shah"  # identity restored after the demo step
