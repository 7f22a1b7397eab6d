"""The inspection pack PDF: sections present, totals match the database, pseudonymisation leaves no names."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from carelog.core.dto import Actor, IncidentFilter, PersonRef
from carelog.core.enums import Kind, Role
from carelog.core.errors import PermissionDenied, ValidationError
from carelog.core.pack_data import PackRequest
from carelog.services.pack import Pseudonymiser
from tests.reports.pack_seed import seed_records

# charts are checked in their own test; the raw log (an optional appendix) is asked for to check every record
Q1 = PackRequest(date(2026, 1, 1), date(2026, 3, 31), charts=False, with_log=True)
NAMES = ("Edith Marsh", "Walter Bright", "Mrs Marsh")


def _pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def _text(path: Path) -> str:
    return "\n".join(_pages(path))


def _key_figure(text: str, label: str) -> int:
    match = re.search(re.escape(label) + r"\s+(\d+)", text)
    assert match, label
    return int(match.group(1))


@pytest.fixture
def seeded(services, home):  # type: ignore[no-untyped-def]
    seed_records(services, home)
    return services, home


def test_pack_has_every_section_and_page_numbers(seeded, tmp_path: Path) -> None:
    services, home = seeded
    out = tmp_path / "pack.pdf"
    pages = services.pack.build(replace(Q1, service_id=home.service_id), out)
    texts = _pages(out)
    assert len(texts) == pages
    text = "\n".join(texts)
    for section in (
        "Inspection pack",
        "Contents",
        "Incident summary",
        "Incident log",
        "Statutory notifications",
        "CQC notification",
        "RIDDOR (HSE)",
        "Safeguarding (local authority)",
        "Duty of Candour",
        "Complaints and compliments",
        "Sign-off",
    ):
        assert section in text, section
    assert "Oak House" in texts[0] and "Test Manager" in texts[0]
    assert "01 January 2026 to 31 March 2026" in texts[0]
    assert f"Page 2 of {pages}" in texts[1]
    assert f"Page {pages} of {pages}" in texts[-1]
    assert "Page 1 of" not in texts[0]  # the cover has no footer
    # the contents lists each section with the page it starts on
    log_page = next(i for i, t in enumerate(texts) if "All 120 records in the period" in t) + 1
    contents_page = " ".join(texts[1].split())
    assert re.search(r"Incident log \(appendix\)( \.)+ " + str(log_page) + r"\b", contents_page), contents_page


def test_totals_match_the_database(seeded, tmp_path: Path) -> None:
    services, home = seeded
    out = tmp_path / "pack.pdf"
    services.pack.build(replace(Q1, service_id=home.service_id), out)
    text = _text(out)
    base = IncidentFilter(date_from=Q1.date_from, date_to=Q1.date_to, service_id=home.service_id)
    assert _key_figure(text, "All records in the period") == services.incidents.count(base) == 120
    for label, kind in (
        ("Near misses", Kind.NEAR_MISS),
        ("Complaints", Kind.COMPLAINT),
        ("Compliments", Kind.COMPLIMENT),
    ):
        assert _key_figure(text, label) == services.incidents.count(replace(base, kind=kind))
    for summary in services.incidents.list(base):
        assert summary.reference in text
    assert "Outside the period" not in text and "INC-2025-" not in text
    cqc = len(re.findall(r"CQC-1\d{3}", text))
    assert cqc == _key_figure(text, "CQC notification")


def test_all_services_pack_counts_both_homes(seeded, tmp_path: Path) -> None:
    services, _home = seeded
    out = tmp_path / "all.pdf"
    services.pack.build(Q1, out)
    text = _text(out)
    assert "All services" in text
    assert _key_figure(text, "All records in the period") == 121
    assert "Birch Court" in text


def test_log_table_repeats_its_header_on_every_page(seeded, tmp_path: Path) -> None:
    services, home = seeded
    out = tmp_path / "pack.pdf"
    services.pack.build(replace(Q1, service_id=home.service_id), out)
    texts = _pages(out)
    log_pages = [t for t in texts if re.search(r"INC-2026-\d{4}\s+\d\d/\d\d/2026", t) and "Kind" in t]
    assert len(log_pages) >= 3
    assert all("Reference" in t and "Date / time" in t and "Status" in t for t in log_pages)


def test_names_shown_unless_pseudonymised(seeded, tmp_path: Path) -> None:
    services, home = seeded
    plain, pseudo = tmp_path / "plain.pdf", tmp_path / "pseudo.pdf"
    services.pack.build(replace(Q1, service_id=home.service_id), plain)
    services.pack.build(replace(Q1, service_id=home.service_id, pseudonymise=True), pseudo)
    plain_text, pseudo_text = _text(plain), _text(pseudo)
    assert "Edith Marsh" in plain_text
    flat = " ".join(pseudo_text.split())
    for name in NAMES:
        assert name not in flat, name
    assert "Marsh" not in flat and "Bright" not in flat and "Walter" not in flat and "Edith" not in flat
    assert "OH-014" in flat and "OH-022" in flat
    assert "pseudonymised" in flat


def test_monthly_report_is_shorter_and_uses_the_same_parts(seeded, tmp_path: Path) -> None:
    services, home = seeded
    pack, monthly = tmp_path / "pack.pdf", tmp_path / "monthly.pdf"
    pack_pages = services.pack.build(replace(Q1, service_id=home.service_id), pack)
    month = PackRequest(date(2026, 2, 1), date(2026, 2, 28), home.service_id, monthly=True, charts=False)
    monthly_pages = services.pack.build(month, monthly)
    text = _text(monthly)
    assert monthly_pages < pack_pages
    assert "Monthly governance report" in text
    assert "Incidents with moderate or worse harm" in text
    for section in ("Incident summary", "Statutory notifications", "Complaints and compliments", "Sign-off"):
        assert section in text
    february = IncidentFilter(date_from=month.date_from, date_to=month.date_to, service_id=home.service_id)
    assert _key_figure(text, "All records in the period") == services.incidents.count(february)


def test_care_staff_cannot_export(seeded, tmp_path: Path) -> None:
    services, _home = seeded
    services.ctx.identity.actor = Actor(5, "Casey Carer", Role.CARE_STAFF)
    with pytest.raises(PermissionDenied):
        services.pack.build(Q1, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_period_must_run_forwards(services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        services.pack.build(PackRequest(date(2026, 3, 1), date(2026, 2, 1)), tmp_path / "x.pdf")
    assert "date_to" in info.value.errors


def test_cancelling_leaves_no_file(seeded, tmp_path: Path) -> None:
    services, _home = seeded
    seen: list[int] = []

    class Stop(Exception):
        pass

    def progress(percent: int, _message: str) -> None:
        seen.append(percent)
        if percent >= 30:
            raise Stop

    out = tmp_path / "cancelled.pdf"
    with pytest.raises(Stop):
        services.pack.build(Q1, out, progress)
    assert not out.exists() and not list(tmp_path.glob("*.pdf*"))
    assert seen == sorted(seen)


def test_progress_rises_to_done(seeded, tmp_path: Path) -> None:
    services, _home = seeded
    seen: list[int] = []
    services.pack.build(Q1, tmp_path / "p.pdf", lambda p, _m: seen.append(p))
    assert seen[-1] == 100 and seen == sorted(seen)


def test_pseudonymiser_replaces_names_in_free_text() -> None:
    people = [PersonRef(1, "WB-001", "Zoë Ashby", None), PersonRef(2, "WB-002", "Arthur  Varley", None)]
    names = Pseudonymiser(people, enabled=True)
    text = "Zoë Ashby and arthur varley argued; Mrs Ashby was upset. Mr. Varley left. Ashbyville unaffected."
    assert names.text(text) == "WB-001 and WB-002 argued; WB-001 was upset. WB-002 left. Ashbyville unaffected."
    assert names.person(people[0]) == "WB-001"
    # first names alone are replaced for the people linked to the record the text belongs to
    assert names.text("Arthur said Zoë fell.", involved=people[:1]) == "Arthur said WB-001 fell."
    off = Pseudonymiser(people, enabled=False)
    assert off.text(text) == text
    assert off.person(people[0]) == "Zoë Ashby (WB-001)"


def test_action_plan_and_trend_charts(seeded, tmp_path: Path) -> None:
    from datetime import datetime

    from carelog.core.action_dto import ActionInput, ActionStatus
    from carelog.core.action_strength import ActionStrength
    from carelog.services.actions import ActionService

    services, home = seeded
    actions = ActionService(services.ctx)
    actions.create_many(
        [
            (
                ActionInput(
                    "Sensor mat beside Edith Marsh's bed",
                    lead_name="Tom Hughes",
                    due_date=date(2026, 2, 10),
                    strength=ActionStrength.STRONGER,
                    service_id=home.service_id,
                ),
                ActionStatus.TO_DO,
                None,
            ),
            (
                ActionInput(
                    "Finished long ago",
                    lead_name="Priya Shah",
                    due_date=date(2025, 5, 1),
                    strength=ActionStrength.WEAKER,
                    service_id=home.service_id,
                ),
                ActionStatus.VERIFIED,
                datetime(2025, 6, 1),
            ),
        ]
    )
    out = tmp_path / "pack.pdf"
    services.pack.build(replace(Q1, service_id=home.service_id, pseudonymise=True, charts=True), out)
    flat = " ".join(_text(out).split())
    assert "Action plan" in flat and "Tom Hughes" in flat and "Stronger" in flat and "overdue" in flat
    assert "Sensor mat beside OH-014's bed" in flat and "Edith Marsh" not in flat
    assert "Finished long ago" not in flat  # completed before the period
    assert "Trends" in flat and "Records per month by category" in flat
    assert "Fall: statistical process control" in flat and "Safety cross" in flat
    assert "Mean" in flat  # chart text stays text (vector SVG), so it can be searched


def test_learning_reviews_and_case_studies(seeded, tmp_path: Path) -> None:
    from carelog.core.factors import PROMPTS
    from carelog.core.review_dto import CaseStudy, FactorInput, LearningSharedInput, ReviewInput, SharedMethod

    services, home = seeded
    in_q1 = IncidentFilter(date_from=Q1.date_from, service_id=home.service_id, descending=False, limit=5)
    oldest = services.incidents.list(in_q1)
    ids = [oldest[0].id, oldest[2].id, oldest[4].id]  # falls of Edith Marsh (OH-014)
    reviews = services.reviews
    review = reviews.open_review(ids, "Night falls beside the bed")
    review = reviews.save(
        review.id,
        ReviewInput(
            title="Night falls beside the bed",
            response_type=review.response_type,
            factors=(FactorInput(PROMPTS[0].code, "Edith tries to walk alone at night"),),
            findings="Mrs Marsh wakes at 03:00 needing the toilet; the call bell is out of reach.",
            learning_points=("Put the call bell within reach at the last check.",),
        ),
        review.version,
    )
    review = reviews.sign_off(review.id, review.version)
    reviews.add_learning_shared(
        review.id,
        LearningSharedInput(
            "Put the call bell within reach at the last check.",
            SharedMethod.TEAM_MEETING,
            date(2026, 3, 5),
            shared_by="Jo Bramley",
            confirmed_by=("Amara Okafor", "Ben Hartley"),
        ),
    )
    review = reviews.get(review.id)
    reviews.save_case_study(
        review.id,
        CaseStudy(
            "Edith Marsh fell three times at night.",
            "An after action review with the night team.",
            "Call bell clipped to the bed; sensor mat.",
            "No falls in the next two months.",
        ),
        review.version,
    )
    out = tmp_path / "pack.pdf"
    services.pack.build(replace(Q1, service_id=home.service_id, pseudonymise=True), out)
    flat = " ".join(_text(out).split())
    assert "Learning reviews" in flat and "Night falls beside the bed" in flat
    assert PROMPTS[0].ycff_domain.label in flat
    assert "Team meeting on 05/03/2026 by Jo Bramley" in flat and "Confirmed by 2 staff" in flat
    assert "Signed off" in flat and oldest[2].reference in flat
    assert (
        "Case studies" in flat and "Call bell clipped to the bed" in flat and "No falls in the next two months" in flat
    )
    assert "OH-014 tries to walk alone" in flat and "OH-014 wakes at 03:00" in flat
    assert "Edith" not in flat and "Marsh" not in flat


def test_non_latin_text_is_drawn_and_extractable(tmp_path: Path) -> None:
    from datetime import datetime

    from carelog.core.enums import PhysicalHarm, PsychologicalHarm, Status
    from carelog.core.pack_data import PackData, PackIncident
    from carelog.reports.pack.builder import build_pack

    incident = PackIncident(
        1,
        "INC-2026-0001",
        datetime(2026, 1, 5, 9, 30),
        Kind.COMPLAINT,
        "Complaint",
        "Food",
        "Łąka House",
        "Salle Zoë",
        PhysicalHarm.NONE,
        PsychologicalHarm.NONE,
        Status.CLOSED,
        ("Σοφία Παπαδοπούλου",),
        "Сын жалуется: обед был холодный.",
    )
    data = PackData(
        "Łąka House", date(2026, 1, 1), date(2026, 1, 31), datetime(2026, 2, 1, 9, 0), "Zoë Ødegård", False, (incident,)
    )
    build_pack(data, tmp_path / "x.pdf")
    flat = " ".join(_text(tmp_path / "x.pdf").split())
    assert "Łąka House" in flat and "Zoë Ødegård" in flat and "Salle Zoë" in flat
    assert "обед был холодный" in flat


def test_pack_and_monthly_report_print_the_audit_seal_of_the_trail(seeded, tmp_path: Path) -> None:
    from carelog.core.audit_chain import parse_seal

    services, home = seeded
    month = PackRequest(date(2026, 2, 1), date(2026, 2, 28), home.service_id, monthly=True, charts=False)
    for request, out in ((replace(Q1, service_id=home.service_id), tmp_path / "p.pdf"), (month, tmp_path / "m.pdf")):
        services.pack.build(request, out)
        last_page = " ".join(_pages(out)[-1].split())
        printed = re.search(r"Audit seal: (CL-SEAL \d+ [0-9a-f]{16})", last_page)
        assert printed, last_page
        assert printed.group(1) == services.integrity.seal().text  # includes the pack's own export entry
        assert services.integrity.check(parse_seal(printed.group(1))).ok
