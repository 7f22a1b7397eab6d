"""The demo's own pack: its Rose Lounge case study says night falls fell, but its data rose; the pack must say so.
And the demo's actions now belong only to the review of records like theirs (no link warnings)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pypdf import PdfReader

from carelog.core.clock import fixed_clock
from carelog.core.pack_data import PackRequest
from carelog.demo import fill_demo
from carelog.services.registry import Services

AS_OF = datetime(2026, 11, 20, 9, 0)


def test_demo_case_study_is_flagged_and_actions_sit_under_their_own_review(
    sqlite_services: Services, tmp_path: Path
) -> None:
    fill_demo(sqlite_services, incidents=1500, as_of=AS_OF)
    sqlite_services.ctx.clock = fixed_clock(AS_OF)
    request = PackRequest(date(2025, 11, 1), date(2026, 10, 31), charts=False)
    built = sqlite_services.pack.build_checked(request, tmp_path / "demo.pdf")
    (claim,) = [w for w in built.warnings if w.startswith("Case study")]
    assert "'Night-time falls in the Rose Lounge'" in claim and "describes a fall, but the records rose" in claim
    assert not [w for w in built.warnings if w.startswith("Action ")]
    data = sqlite_services.pack.gather(request)
    assert data.actions is not None and data.reviews is not None
    under = {a.review_id for a in data.actions if a.review_id is not None}
    assert under and under <= {r.id for r in data.reviews}  # every action printed under a review belongs to it
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(tmp_path / "demo.pdf")).pages).split())
    assert "The data do not support this outcome" in text
