"""The pack checks rather than repeats (issue 16): notifications required vs made vs on time with every missing or
late one listed, case-study claims against the data, actions under their own review, the opening page, a
reproducible sample, and the raw log only when asked for. Text extracted from the PDF built on planted records."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from carelog.core.clock import FixedClock
from carelog.services.registry import Services
from tests.conftest import Home
from tests.reports.plant_checks import CLAIM, LEARNING, Planted, day, plant


def _flat(path: Path) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(str(path)).pages).split())


def _section(text: str, start: str, end: str) -> str:
    """The text from the heading `start` (its last occurrence: the contents list it first) to the next `end`."""
    at = text.rindex(start)
    stop = text.find(end, at + len(start))
    return text[at : stop if stop > 0 else None]


@pytest.fixture
def planted(services: Services, home: Home, clock: FixedClock) -> Planted:
    return plant(services, home, clock)


@pytest.fixture
def pack_text(services: Services, planted: Planted, tmp_path: Path) -> str:
    out = tmp_path / "pack.pdf"
    services.pack.build(planted.request, out)
    return _flat(out)


def test_notification_compliance_counts_and_lists_every_missing_or_late_one(planted: Planted, pack_text: str) -> None:
    section = _section(pack_text, "Statutory notifications", "Notifications made")
    refs = planted.references
    rows = {
        "CQC Regulation 16: death of a person using the service": "1 1 0 1 0 0",  # made late
        "CQC Regulation 18: serious injury": "1 0 0 0 1 0",  # closed without it
        "Safeguarding concern to the local authority": "1 1 1 0 0 0",  # referred the same day (thread record)
        "CQC Regulation 18: abuse or allegation of abuse": "1 1 0 1 0 0",  # CQC told 3 days later
        "RIDDOR (HSE): check and report if work-connected": "1 0 0 0 1 0",  # overdue
        "Duty of Candour: notification": "2 1 1 0 1 0",  # told (candour record); the closed severe fall never
        "Duty of Candour step: written follow-up": "1 1 0 1 0 0",
    }
    for label, numbers in rows.items():
        assert f"{label} {numbers}" in section, label
    missing = section[section.index("Missing or late") :]
    assert re.search(re.escape(refs["death"]) + r" .*?CQC Regulation 16.*?Made late 14 hours", missing)
    assert re.search(
        re.escape(refs["severe"]) + r" .*?CQC Regulation 18: serious injury .*?Not made \(record closed\)", missing
    )
    assert re.search(re.escape(refs["severe"]) + r" .*?Duty of Candour: notification No fixed date Not made", missing)
    assert re.search(re.escape(refs["staff"]) + r" .*?RIDDOR .*?Not made, overdue \d+ days", missing)
    assert re.search(re.escape(refs["guard"]) + r" .*?abuse or allegation of abuse .*?Made late 2 days", missing)
    assert re.search(re.escape(refs["candour"]) + r" .*?Duty of Candour step: written follow-up .*?Made late", missing)
    assert "Safeguarding concern to the local authority" not in missing  # referred on time: not listed
    assert "CQC-D1" in _section(pack_text, "Notifications made", "Learning reviews")


def test_a_contradicted_case_study_prints_the_data_and_warns(
    services: Services, planted: Planted, tmp_path: Path
) -> None:
    built = services.pack.build_checked(planted.request, tmp_path / "pack.pdf")
    claim = [w for w in built.warnings if w.startswith("Case study")]
    assert len(claim) == 1
    assert f"'{planted.review_title}'" in claim[0] and "describes a fall, but the records rose" in claim[0]
    assert "7 records in the 70 days before sign-off" in claim[0] and "12 in the 70 days after" in claim[0]
    text = _flat(tmp_path / "pack.pdf")
    studies = _section(text, "Case studies", "Sign-off")
    assert CLAIM in studies
    assert "The data do not support this outcome" in studies
    assert (
        f"7 records in the 70 days before sign-off on {day(planted.pivot)} (3.0 a month), 12 in the 70 days" in studies
    )
    assert "5.1 a month" in studies and "Fall in Main lounge (Oak House)" in studies
    assert "1 case study claims an effect the data do not support" in text


def test_a_supported_claim_is_not_warned_about(
    services: Services, home: Home, clock: FixedClock, tmp_path: Path
) -> None:
    from carelog.core.review_dto import CaseStudy

    planted = plant(services, home, clock)
    review = next(r for r in services.reviews.list_reviews() if r.title == planted.review_title)
    detail = services.reviews.get(review.id)
    services.reviews.save_case_study(
        review.id,
        replace(detail.case_study, outcome="Falls in the lounge rose at first, then settled."),
        detail.version,
    )
    built = services.pack.build_checked(planted.request, tmp_path / "pack.pdf")
    assert not [w for w in built.warnings if w.startswith("Case study")]
    studies = _section(_flat(tmp_path / "pack.pdf"), "Case studies", "Sign-off")
    assert "The data support the direction the outcome describes" in studies
    assert "do not support" not in studies
    assert isinstance(detail.case_study, CaseStudy)


def test_actions_print_only_under_the_review_they_belong_to(
    services: Services, planted: Planted, tmp_path: Path
) -> None:
    built = services.pack.build_checked(planted.request, tmp_path / "pack.pdf")
    text = _flat(tmp_path / "pack.pdf")
    review = _section(text, planted.review_title + " Response", "Actions from incidents")
    assert "Actions from this review" in review
    assert "Lounge checks every 20 minutes after supper" in review
    assert "Second signature on the MAR chart" not in review  # linked to the review, but to none of its records
    assert "Replace the hoist sling" not in review
    from_incidents = _section(text, "Actions from incidents", "Action plan")
    assert "Second signature on the MAR chart" in from_incidents and planted.references["meds"] in from_incidents
    assert "Replace the hoist sling" in from_incidents and planted.references["staff"] in from_incidents
    assert "Lounge checks every 20 minutes" not in from_incidents
    link = [w for w in built.warnings if w.startswith("Action ")]
    assert len(link) == 1 and "'Second signature on the MAR chart'" in link[0] and planted.review_title in link[0]
    plan = _section(text, "Action plan", "Records start to finish")
    assert f"Second signature on the MAR chart ({planted.references['meds']})" in plan
    assert f"Lounge checks every 20 minutes after supper ({planted.review_title})" in plan


def test_opening_page_learning_changes_risks_and_comparison(
    services: Services, planted: Planted, pack_text: str
) -> None:
    opening = _section(pack_text, "What we learned, what changed, and how we know", "Incident summary")
    assert f"{LEARNING} ({planted.review_title})" in opening
    assert "Lounge checks every 20 minutes after supper" in opening  # a completed action (not yet checked)
    assert "Action overdue: Replace the hoist sling" in opening and "lead Ben Hartley" in opening
    request = planted.request
    previous_to = request.date_from - timedelta(days=1)
    previous_from = previous_to - (request.date_to - request.date_from)
    # this period holds every planted record: 18 falls and 6 others; 22 with physical harm; no near misses
    assert f"This period {day(request.date_from)} to {day(request.date_to)} 24 22 0 0%" in opening
    assert f"Previous period {day(previous_from)} to {day(previous_to)} 0 0 0 -" in opening
    assert "Same period last year" in opening


def test_sample_is_reproducible_and_the_seed_printed(services: Services, planted: Planted, tmp_path: Path) -> None:
    def sample(seed: int | None) -> tuple[int, list[str]]:
        data = services.pack.gather(replace(planted.request, sample_seed=seed))
        assert data.checked is not None
        return data.checked.sample_seed, [t.reference for t in data.checked.sample]

    default_seed, first = sample(None)
    assert sample(None) == (default_seed, first)  # the same request draws the same records
    assert len(first) == 5 and len(set(first)) == 5
    assert sample(default_seed) == (default_seed, first)
    others = [sample(s)[1] for s in (1, 2, 3)]
    assert any(o != first for o in others)
    assert sample(2)[1] == sample(2)[1]

    out = tmp_path / "pack.pdf"
    services.pack.build(replace(planted.request, sample_seed=2), out)
    section = _section(_flat(out), "Records start to finish", "Case studies")
    assert "Random seed 2" in section
    for ref in sample(2)[1]:
        assert ref in section
    for stage in ("Report", "Triage", "Notifications", "Review", "Actions", "Effect", "Status now"):
        assert stage in section


def test_sample_traces_review_and_actions(services: Services, planted: Planted, tmp_path: Path) -> None:
    data = services.pack.gather(planted.request)
    assert data.checked is not None
    pool = {i.reference for i in data.incidents}
    seed = next(
        s for s in range(200) if any("Evening falls" in dict(t.steps)["Review"] for t in _traces(services, planted, s))
    )
    traced = next(t for t in _traces(services, planted, seed) if "Evening falls" in dict(t.steps)["Review"])
    assert traced.reference in pool
    steps = dict(traced.steps)
    assert "Lounge checks every 20 minutes after supper" in steps["Actions"]
    assert steps["Triage"] == "Not triaged."


def _traces(services: Services, planted: Planted, seed: int):  # type: ignore[no-untyped-def]
    data = services.pack.gather(replace(planted.request, sample_seed=seed))
    assert data.checked is not None
    return data.checked.sample


def test_raw_log_is_an_optional_appendix(services: Services, planted: Planted, tmp_path: Path) -> None:
    plain, with_log = tmp_path / "plain.pdf", tmp_path / "log.pdf"
    pages = services.pack.build(planted.request, plain)
    log_pages = services.pack.build(replace(planted.request, with_log=True), with_log)
    assert "Incident log (appendix)" not in _flat(plain)
    text = _flat(with_log)
    assert "Incident log (appendix)" in text and log_pages >= pages  # short logs share a page (no forced breaks)
    assert text.count("INC-") > _flat(plain).count("INC-")
    assert text.rindex("Incident log (appendix)") < text.rindex("Sign-off")  # the sign-off stays the last page


def test_an_open_review_is_checked_from_the_completion_of_its_last_action(
    services: Services, home: Home, clock: FixedClock
) -> None:
    from carelog.core.action_dto import ActionInput, ActionStatus
    from carelog.core.action_strength import ActionStrength
    from carelog.core.review_dto import CaseStudy

    planted = plant(services, home, clock)
    falls = [i for i in services.incidents.list(_falls_since(home, planted.pivot)) if i.occurred_at > planted.pivot][:2]
    review = services.reviews.open_review([i.id for i in falls], "Falls after the change")
    services.reviews.save_case_study(
        review.id, CaseStudy("c", "l", "a", "Falls were reduced to almost none."), review.version
    )
    completed = planted.pivot + timedelta(days=20)
    services.actions.create_many(
        [
            (
                ActionInput(
                    "Brighter lounge lamps", lead_name="Tom Hughes", strength=ActionStrength.STRONGER,
                    due_date=completed.date(),
                    service_id=home.service_id, review_id=review.id, incident_ids=tuple(i.id for i in falls),
                ),
                ActionStatus.DONE,
                completed,
            )
        ]
    )  # fmt: skip
    data = services.pack.gather(planted.request)
    assert data.checked is not None
    (claim,) = [c for c in data.checked.claims if c.review_title == "Falls after the change"]
    assert claim.pivot == completed.date() and claim.pivot_label == "the last action was completed"
    assert claim.window_days == 50  # from the completion to today, 50 days each side
    assert claim.contradicted and "before the last action was completed on" in claim.warning()


def _falls_since(home: Home, since):  # type: ignore[no-untyped-def]
    from carelog.core.dto import IncidentFilter

    return IncidentFilter(date_from=since.date(), service_id=home.service_id, descending=False, limit=100)
