"""The pack's evidence sections on planted data: people's experience, staff, partners, processes, outcomes, across
services; the greyscale-safe safety cross; the glossary; the "for a commissioner" preset free of every name."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from carelog.core.action_dto import ActionInput
from carelog.core.action_strength import ActionStrength
from carelog.core.dto import Actor, IncidentFilter
from carelog.core.enums import PhysicalHarm, Role
from carelog.core.pack_data import PackRequest
from carelog.core.thread_records import (
    ComplaintInput,
    ComplimentInput,
    DebriefInput,
    RecordKind,
    SafeguardingInput,
)
from carelog.core.trend_data import SafetyCross
from carelog.core.triage import CheckAnswer, TriageDecision, TriageInput
from tests.reports.pack_seed import seed_records

Q1 = PackRequest(date(2026, 1, 1), date(2026, 3, 31), charts=False)


def _flat(path: Path) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(str(path)).pages).split())


def _label(view) -> str:  # type: ignore[no-untyped-def]
    return f"{view.kind.prefix}-{view.id}"


def _triage(care_plan: CheckAnswer) -> TriageInput:
    return TriageInput(
        PhysicalHarm.LOW, None, None, care_plan, CheckAnswer.YES, True, (TriageDecision.NO_FURTHER_ACTION,), "Seen"
    )


@pytest.fixture
def planted(services, home):  # type: ignore[no-untyped-def]
    """Q1 records at Oak House plus a complaint register, compliments, a safeguarding concern, a debrief, triages,
    occupancy and an action linked to the upheld complaint."""
    seed_records(services, home)
    oldest = services.incidents.list(
        IncidentFilter(date_from=Q1.date_from, service_id=home.service_id, descending=False, limit=5)
    )
    action = services.actions.create(
        ActionInput(
            "Named laundry bags",
            description="Every resident has named laundry bags by 31 March; checked weekly by the housekeeper.",
            lead_name="Tom Hughes",
            due_date=date(2026, 3, 31),
            strength=ActionStrength.STRONGER,
            service_id=home.service_id,
            evidence_note="Bags bought and labelled; housekeeping check sheet signed weekly.",
        )
    )
    records = services.records
    upheld = records.create(
        RecordKind.COMPLAINT,
        ComplaintInput(
            received_on=date(2026, 1, 5),
            complainant="Daughter",
            person_code="OH-014",
            theme="Laundry and belongings",
            summary="Edith Marsh's cardigans keep going missing.",
            acknowledged_on=date(2026, 1, 6),
            response_sent_on=date(2026, 1, 19),  # 10 working days
            outcome="upheld",
            satisfaction="satisfied",
            learning="Laundry for Edith Marsh was not labelled at admission.",
            you_said_we_did="Clothes went missing; every resident now has named laundry bags.",
            action_ids=(action.id,),
            closed_on=date(2026, 1, 20),
        ),
    )
    open_one = records.create(
        RecordKind.COMPLAINT,
        ComplaintInput(
            received_on=date(2026, 3, 2),
            complainant="Son",
            person_code="OH-022",
            theme="Food and drink",
            summary="Lunch was cold.",
        ),
    )
    elsewhere = records.create(  # linked to nothing at Oak House: left out of the Oak House pack
        RecordKind.COMPLAINT,
        ComplaintInput(
            received_on=date(2026, 2, 2), complainant="Visitor", theme="Environment", summary="Car park unlit."
        ),
    )
    records.create(
        RecordKind.COMPLIMENT,
        ComplimentInput(
            received_on=date(2026, 2, 14),
            complainant="Family",
            staff_named="Night team",
            summary="Thank you for the care you gave Edith Marsh.",
        ),
    )
    concern = records.create(
        RecordKind.SAFEGUARDING,
        SafeguardingInput(
            raised_on=date(2026, 1, 20),
            person_code="OH-022",
            abuse_type="financial",
            concern="Money missing from Walter Bright's room.",
            referred_on=date(2026, 1, 20),
            s42_enquiry="yes",
            outcome="Enquiry closed; the visitor's access was restricted.",
        ),
    )
    records.create(
        RecordKind.DEBRIEF,
        DebriefInput(
            held_on=date(2026, 1, 3),
            incident_id=oldest[0].id,
            participants="Night team",
            how_staff_are="Shaken",
            wellbeing_follow_up_on=date(2026, 1, 10),
            wellbeing_done_on=date(2026, 1, 10),
        ),
    )
    with services.ctx.read() as session:  # triage times run from when the record was reported
        from carelog.db.models import IncidentRow

        at = {i.id: session.get(IncidentRow, i.id).reported_at for i in oldest}
    services.triage.record_many(
        [
            (oldest[0].id, _triage(CheckAnswer.YES), at[oldest[0].id] + timedelta(hours=2)),
            (oldest[2].id, _triage(CheckAnswer.YES), at[oldest[2].id] + timedelta(hours=30)),
            (oldest[4].id, _triage(CheckAnswer.NO), at[oldest[4].id] + timedelta(hours=80)),  # late: 72 h target
        ]
    )
    manager = services.ctx.identity.actor
    services.ctx.identity.actor = Actor(9, "Test Admin", Role.ADMIN)
    for month in (1, 2, 3):
        services.attention.set_occupancy(home.service_id, date(2026, month, 1), 1200)
    services.ctx.identity.actor = manager
    return {"upheld": upheld, "open": open_one, "elsewhere": elsewhere, "concern": concern, "action": action}


def test_people_experience_complaints_outcomes_and_you_said_we_did(services, home, planted, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "pack.pdf"
    services.pack.build(replace(Q1, service_id=home.service_id), out)
    flat = _flat(out)
    assert "People's experience" in flat
    assert _label(planted["upheld"]) in flat and _label(planted["open"]) in flat
    assert f"{_label(planted['elsewhere'])} " not in flat  # not linked to Oak House
    assert "2 complaints were received in the period; 1 have had their response, 1 of them within 20 working" in flat
    assert "10 working days, on time" in flat and "Upheld" in flat and "Satisfied" in flat
    assert "You said, we did" in flat and "every resident now has named laundry bags" in flat
    assert "Action: Named laundry bags (to do)" in flat
    assert "Left out because they are not linked to an incident or a person at this service: 1 complaint, " in flat
    assert "Thank you for the care you gave Edith Marsh" not in flat  # a compliment names no service or person
    everyone = tmp_path / "all.pdf"
    services.pack.build(Q1, everyone)
    flat = _flat(everyone)
    assert "Thank you for the care you gave Edith Marsh" in flat and "Night team" in flat
    assert "3 complaints were received" in flat and "1 compliments were received" in flat


def test_staff_partners_and_processes_figures(services, home, planted, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "pack.pdf"
    services.pack.build(replace(Q1, service_id=home.service_id), out)
    flat = _flat(out)
    # 120 records: 12 complaints and 12 compliments, so 96 staff reports, 24 of them near misses; 3,600 bed days
    assert re.search(r"Reports by staff \(incidents, near misses, low-level concerns, hazards\) 96\b", flat)
    assert "26.7 per 1,000 occupied bed days" in flat and "3,600 occupied bed days" in flat
    assert "Near-miss share of staff reports 25%" in flat
    assert "Staff debriefs held 1" in flat and "Debriefs with the wellbeing follow-up done 1" in flat
    # partners: the planted concern and the CQC notifications already counted in the summary
    assert _label(planted["concern"]) in flat and "Financial or material" in flat and "Enquiry closed" in flat
    assert "Referred to the local authority 1" in flat
    cqc = len(set(re.findall(r"CQC-1\d{3}", flat)))
    assert f"CQC notifications made {cqc}" in flat
    # processes: triaged after 2, 30 and 80 hours against a 72 hour target
    assert re.search(r"Report to triage 3 30\.0 hours 2 \(67%\)", flat), flat[flat.find("Report to triage") :][:200]
    assert re.search(r"Yes 2 3 No 1 0", flat)  # care plan / risk assessment reviewed at triage
    assert "Overdue (open past their due date)" in flat


def test_action_plan_shows_smart_text_evidence_and_overdue_count(services, home, planted, tmp_path) -> None:  # type: ignore[no-untyped-def]
    services.actions.create(
        ActionInput(
            "Old late action",
            lead_name="Priya Shah",
            due_date=date(2026, 1, 5),
            strength=ActionStrength.WEAKER,
            service_id=home.service_id,
        )
    )
    out = tmp_path / "pack.pdf"
    services.pack.build(replace(Q1, service_id=home.service_id), out)
    flat = _flat(out)
    assert "Action (SMART)" in flat and "Every resident has named laundry bags by 31 March" in flat
    assert "Evidence: Bags bought and labelled" in flat
    overdue = sum(1 for a in services.actions.list_actions(_all_actions()) if a.overdue)
    assert f"{overdue} overdue (open past their due date)" in flat and overdue >= 1


def _all_actions():  # type: ignore[no-untyped-def]
    from carelog.core.action_dto import ActionFilter

    return ActionFilter()


def test_outcomes_use_the_trends_tab_spc_view(services, home, planted, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "pack.pdf"
    services.pack.build(replace(Q1, service_id=home.service_id, charts=True), out)
    flat = _flat(out)
    assert "Outcomes" in flat and "Fall: statistical process control" in flat
    assert "Variation:" in flat and "Follow-up audits" in flat
    assert "Compliment" not in flat.split("Records per month by category")[1].split("Physical harm")[0]


def test_across_services_table_patterns_repeats_and_person_crosses(services, home, planted, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "all.pdf"
    services.pack.build(Q1, out)
    flat = _flat(out)
    assert "Across services" in flat
    assert re.search(r"Birch Court 1 1 1 not recorded", flat)
    # Oak House: 120 records, 108 not compliments, in months with 3,600 occupied bed days
    assert re.search(r"Oak House 120 108 \d+ 30\.0", flat)
    assert "Detected patterns" in flat and "People with repeated records" in flat
    assert "Edith Marsh (OH-014)" in flat and "Walter Bright (OH-022)" in flat
    assert "Safety cross for each person with two or more falls" in flat
    assert re.search(r"Edith Marsh \(OH-014\) \d+ falls; \w+ 2026 shown", flat)
    assert "\u2717" in flat and "\u2713" in flat  # the symbols are text in the PDF, not only colour


def test_safety_cross_is_distinct_in_greyscale() -> None:
    from carelog.reports.pack.safety_cross import SafetyCrossFlowable, grey_level

    counts = tuple(2 if d in (3, 17) else 0 for d in range(1, 31))
    boxes = SafetyCrossFlowable(SafetyCross(2026, 4, "Fall", counts)).boxes()
    assert len(boxes) == 30
    event = [b for b in boxes if b[2]]
    calm = [b for b in boxes if not b[2]]
    assert [b[0] for b in event] == [3, 17]
    assert {b[1] for b in event} == {"\u2717"} and {b[1] for b in calm} == {"\u2713"}  # a symbol in every box
    assert all(str(b[2]) for b in boxes)  # and a number: 0 or the count
    assert abs(grey_level(event[0][3]) - grey_level(calm[0][3])) > 0.4  # light against dark, not two mid greys


def test_safety_cross_renders_distinct_greys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Rendered with pdftoppm -gray, an event box is dark and a day without one is light."""
    import shutil
    import subprocess

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from carelog.reports.pack.safety_cross import SafetyCrossFlowable

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    counts = (1,) + (0,) * 29
    cross = SafetyCrossFlowable(SafetyCross(2026, 4, "Fall", counts))
    pdf = tmp_path / "cross.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    cross.wrapOn(canvas, 500, 500)
    cross.drawOn(canvas, 100, 400)
    canvas.save()
    subprocess.run(["pdftoppm", "-gray", "-r", "72", "-png", str(pdf), str(tmp_path / "g")], check=True)
    from PIL import Image

    image = Image.open(next(tmp_path.glob("g*.png"))).convert("L")
    height = image.size[1]
    box = cross.box

    # day 1 is column 2 of the top row; day 16 (no event) is column 2 of the middle band's third row
    def shade(column: int, row: int) -> float:
        x = 100 + column * box + box * 0.55
        y_top = height - (400 + (6 - row) * box + box * 0.6)
        return float(image.getpixel((int(x), int(y_top))))

    assert shade(2, 0) < 110 and shade(2, 3) > 190


def test_glossary_lists_only_terms_the_pack_uses() -> None:
    from carelog.reports.pack.glossary import terms_used

    used = [t for t, _m in terms_used("An XmR chart of falls; a RIDDOR report; Duty of Candour.")]
    assert used == ["Duty of Candour", "RIDDOR", "XmR chart"]
    assert not terms_used("Nothing special here.")


def test_pack_has_a_glossary_of_the_terms_it_uses(services, home, planted, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "pack.pdf"
    services.pack.build(replace(Q1, service_id=home.service_id), out)
    flat = _flat(out)
    glossary = flat.split("Glossary Terms used in this pack.")[1]
    assert "RIDDOR" in glossary and "Duty of Candour" in glossary and "Near miss" in glossary
    assert "Swarm huddle" not in glossary  # the pack never mentions one


def test_empty_columns_are_left_out() -> None:
    from carelog.reports.pack.tables import without_empty_columns

    header, rows, widths = without_empty_columns(("A", "B", "C"), [("1", "-", "x"), ("2", "", "y")], (10, 20, 30))
    assert list(header) == ["A", "C"] and [list(r) for r in rows] == [["1", "x"], ["2", "y"]]
    assert sum(widths) == pytest.approx(60) and widths[1] > widths[0]


def test_commissioner_pack_has_no_display_name_from_the_database(services, home, planted, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from carelog.db.models import PersonRow

    out = tmp_path / "commissioner.pdf"
    services.pack.build(replace(Q1, for_commissioner=True, charts=True), out)
    flat = _flat(out)
    with services.ctx.read() as session:
        names = list(session.scalars(select(PersonRow.display_name)))
    assert names
    for name in names:
        assert name not in flat
        for part in name.split():
            assert not re.search(rf"\b{re.escape(part)}\b", flat), part
    assert "OH-014" in flat and "people shown by identifier code" in flat and "Prepared for a commissioner" in flat


def test_text_prints_at_nine_points_and_chart_text_at_eight(services, home, planted, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every piece of text in the PDF, at the size it is printed (font size x text and page scaling)."""
    out = tmp_path / "pack.pdf"
    services.pack.build(replace(Q1, service_id=home.service_id, charts=True), out)
    sizes: list[tuple[float, str]] = []

    def visit(text, cm, tm, _font, size):  # type: ignore[no-untyped-def]
        if not text.strip():
            return
        scale = abs(tm[0] * tm[3] - tm[1] * tm[2]) ** 0.5 * abs(cm[0] * cm[3] - cm[1] * cm[2]) ** 0.5
        sizes.append((round(size * scale, 2), text.strip()))

    for page in PdfReader(str(out)).pages:
        page.extract_text(visitor_text=visit)
    small = [(s, t) for s, t in sizes if s < 7.95]
    assert not small, small[:10]
    # below 9 pt: only the running header and footer (8 pt) and chart text
    body_small = {t for s, t in sizes if s < 8.95 and ("Page " in t or "Produced" in t)}
    assert body_small


def test_contents_page_numbers_point_at_their_headings(services, home, planted, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One layout pass: the numbers are filled in when the PDF is saved, and each is the page of its heading."""
    out = tmp_path / "pack.pdf"
    services.pack.build(replace(Q1, service_id=home.service_id, charts=True), out)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(str(out)).pages]
    contents = " ".join(pages[1:3]).split("Contents", 1)[1]
    entries = re.findall(r"([A-Z][^.]*?[a-z)]) (?:\. )+\.? ?(\d+)\b", contents)
    assert len(entries) >= 25
    for title, page in entries:
        body = pages[int(page) - 1]
        assert title.strip() in body, (title, page)


def test_stacked_bars_are_hatched_and_the_pack_draws_the_hatching() -> None:
    from reportlab.graphics.shapes import Line

    from carelog.core.trend_data import CategorySeries, MonthlyCounts
    from carelog.reports.charts import monthly_by_category_figure
    from carelog.reports.pack.charts import figure_to_drawing

    months = (date(2026, 1, 1), date(2026, 2, 1))
    series = tuple(CategorySeries(n, name, (5, 6)) for n, name in enumerate(("Fall", "Medication", "Skin"), 1))
    figure = monthly_by_category_figure(MonthlyCounts(months, series))
    hatches = [layer.get_hatch() or "" for layer in figure.axes[0].collections]
    assert len(hatches) == 3 and len(set(hatches)) == 3  # one pattern per category, so greyscale keeps them apart

    def lines(group) -> int:  # type: ignore[no-untyped-def]
        return sum(lines(c) if hasattr(c, "contents") else isinstance(c, Line) for c in group.contents)

    assert lines(figure_to_drawing(figure)) > 10
