"""The monthly governance report on planted data (text extracted from the PDF): the change against last month and
the 12-month average per service, deadlines due and overdue, the triage backlog, open reviews, actions awaiting
their check and found not effective, the month's new signals, and the meeting page (or a blank form)."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from carelog.core.action_dto import ActionInput, ActionStatus
from carelog.core.action_strength import ActionStrength
from carelog.core.dto import IncidentInput, LoadItem
from carelog.core.enums import Kind, PhysicalHarm, Status
from carelog.core.meeting_dto import DecisionInput, MeetingInput, MeetingItemInput, MeetingItemKind, parse_attendees
from carelog.core.pack_data import PackRequest
from carelog.services.registry import Services
from tests.conftest import Home
from tests.services.plant_attention import AS_OF, Planted, plant

pytestmark = pytest.mark.usefixtures("staff")
FEBRUARY = (date(2026, 2, 1), date(2026, 2, 28))


def _flat(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def _falls(services: Services, home: Home, *moments: datetime) -> None:
    """Closed falls (so never awaiting triage) in the bedroom corridor."""
    fall = next(c.id for c in services.incidents.reference_data().categories if c.name == "Fall")
    services.incidents.load_many(
        [
            LoadItem(
                IncidentInput(
                    kind=Kind.INCIDENT, category_id=fall, occurred_at=when, service_id=home.service_id,
                    location_id=home.bedroom_id, account="Planted fall.", physical_harm=PhysicalHarm.LOW,
                ),
                status=Status.CLOSED,
                created_at=when,
            )
            for when in moments
        ]
    )  # fmt: skip


@pytest.fixture
def planted(services: Services, home: Home) -> Planted:
    p = plant(services, home)  # leaves the clock at AS_OF, 16 March 2026
    _falls(services, home, datetime(2025, 12, 3, 10), datetime(2025, 12, 9, 10))  # December: 2
    _falls(services, home, *(datetime(2026, 1, d, 14) for d in (5, 12, 19, 26)))  # January: 4
    done = services.actions.create(
        ActionInput("Call bell audit", lead_name="Ann Lead", due_date=date(2026, 3, 1),
                    strength=ActionStrength.INTERMEDIATE, service_id=home.service_id)
    ).id  # fmt: skip
    services.actions.move(done, ActionStatus.DONE)  # done, not yet checked
    return p


def _build(services: Services, home: Home, tmp_path: Path, month: tuple[date, date] = FEBRUARY, **kw: object) -> str:
    out = tmp_path / "monthly.pdf"
    request = PackRequest(month[0], month[1], home.service_id, monthly=True, charts=False, **kw)  # type: ignore[arg-type]
    services.pack.build(request, out)
    return _flat(out)


def _record(services: Services, home: Home, planted: Planted) -> int:
    meeting = services.meetings.create(
        MeetingInput(
            date(2026, 2, 26),
            home.service_id,
            parse_attendees("Test Manager\nAnn Lead; Dana Deputy"),
            (
                MeetingItemInput(MeetingItemKind.REVIEW, "Review: Severe fall, February", planted.review_id),
                MeetingItemInput(MeetingItemKind.OTHER, "Night staffing", note="Two agency shifts a week"),
            ),
            (DecisionInput("Fit bed sensors for Edith Marsh"), DecisionInput("Share the learning at handover")),
        )
    )
    services.meetings.decision_to_action(
        meeting.decisions[0].id,
        ActionInput("Bed sensors fitted", lead_name="Ann Lead", due_date=date(2026, 3, 31),
                    strength=ActionStrength.STRONGER),
    )  # fmt: skip
    return meeting.id


def test_change_against_last_month_and_the_average_per_service(
    services: Services, home: Home, planted: Planted, tmp_path: Path
) -> None:
    text = _build(services, home, tmp_path)
    assert "February 2026 against last month and the year" in text
    # February: the death, the safeguarding concern and the severe fall; January 4 falls; December 2 falls.
    assert "Oak House All incidents 3 4 -1 3.0 about the same (+0%)" in text
    assert "Oak House Falls 1 4 -3 3.0 below (-67%)" in text
    assert "Oak House Safeguarding 1 0 +1 0.0 above (none before)" in text
    assert "Birch Court" not in text  # one service was asked for


def test_deadlines_triage_and_reviews_outstanding(
    services: Services, home: Home, planted: Planted, tmp_path: Path
) -> None:
    text = _build(services, home, tmp_path)
    refs = {s.id: s.reference for s in services.incidents.list(_everything())}
    assert f"As they stand on {AS_OF:%d %B %Y at %H:%M}" in text
    assert re.search(r"Notification overdue " + refs[planted.death], text), text
    assert re.search(r"Notification never made " + refs[planted.safeguarding_closed], text)
    assert re.search(r"Notification made late " + refs[planted.late_cqc], text)
    assert "Complaint step" in text
    triage = text.split("Triage backlog", 2)[2].split("Open reviews")[0]
    assert triage.startswith(" 2 in all, 1 overdue.")
    assert refs[planted.new_fall] in triage and refs[planted.death] in triage
    reviews = text.split("Open reviews", 2)[2].split("Actions awaiting")[0]
    assert f"Past target Review {planted.review_id} Severe fall, February, opened 11/02/2026" in reviews
    assert "11/03/2026 overdue" in reviews  # its target: 28 days after it was opened


def test_actions_awaiting_their_check_and_found_not_effective(
    services: Services, home: Home, planted: Planted, tmp_path: Path
) -> None:
    text = _build(services, home, tmp_path)
    awaiting = text.split("Actions awaiting their effectiveness check", 2)[2].split("Actions found not effective")[0]
    assert "1 in all." in awaiting and "Call bell audit" in awaiting and "Night falls huddle" not in awaiting
    not_effective = text.split("Actions found not effective", 2)[2].split("Incident summary")[0]
    assert "1 in all" in not_effective and "Night falls huddle" in not_effective


def test_new_signals_are_those_ending_in_the_month(services: Services, home: Home, tmp_path: Path) -> None:
    _falls(services, home, *(datetime(2026, 2, d, 3) for d in (2, 4, 6, 8, 10)))  # a cluster in February
    services.ctx.clock = lambda: datetime(2026, 3, 16, 9, 0)
    text = _build(services, home, tmp_path)
    found = [s for s in services.trends.patterns(date(2026, 2, 28)) if date(2026, 2, 1) <= s.period_end]
    assert found, "the planted cluster should be detected"
    part = text.split("New signals in February 2026", 2)[2].split("Outstanding")[0]
    assert part.startswith(f" {len(found)} in all.")
    for s in found:
        assert s.type.label in part and f"{s.period_end:%d/%m/%Y}" in part


def test_the_meeting_page_shows_attendees_items_decisions_and_their_actions(
    services: Services, home: Home, planted: Planted, tmp_path: Path
) -> None:
    _record(services, home, planted)
    action = next(a for a in services.actions.list_actions() if a.title == "Bed sensors fitted")
    text = _build(services, home, tmp_path)
    page = text.split("Governance meeting, 26 February 2026", 2)[2].split("Sign-off")[0]
    assert "Covering: Oak House." in page
    assert "Test Manager, Ann Lead, Dana Deputy" in page
    assert "Review Review: Severe fall, February" in page and "Night staffing Two agency shifts a week" in page
    assert f"Fit bed sensors for Edith Marsh {action.id}: Bed sensors fitted Ann Lead 31/03/2026 To do" in page
    assert "Share the learning at handover Not an action" in page
    assert "2 decisions; 1 became an action." in page
    assert "No governance meeting" not in text


def test_a_blank_meeting_form_when_none_is_recorded(
    services: Services, home: Home, planted: Planted, tmp_path: Path
) -> None:
    _record(services, home, planted)  # in February: not January's
    text = _build(services, home, tmp_path, month=(date(2026, 1, 1), date(2026, 1, 31)))
    assert "No governance meeting for January 2026 is recorded in CareLog yet" in text
    form = text.split("Governance meeting, January 2026", 2)[2]
    for part in ("Date", "Attendees", "Items reviewed", "Decisions and actions", "Decision Action lead Due date"):
        assert part in form, part
    assert "Fit bed sensors" not in form


def test_pseudonymised_meeting_page_shows_codes(
    services: Services, home: Home, planted: Planted, tmp_path: Path
) -> None:
    _record(services, home, planted)
    text = _build(services, home, tmp_path, pseudonymise=True)
    assert "Fit bed sensors for OH-014" in text
    assert "Edith" not in text and "Marsh" not in text


def _everything():  # type: ignore[no-untyped-def]
    from carelog.core.dto import IncidentFilter

    return IncidentFilter()


def test_all_services_lists_each_service(services: Services, home: Home, planted: Planted, tmp_path: Path) -> None:
    fall = next(c.id for c in services.incidents.reference_data().categories if c.name == "Fall")
    services.incidents.load_many(
        [
            LoadItem(
                IncidentInput(
                    kind=Kind.INCIDENT, category_id=fall, occurred_at=datetime(2026, 2, 3, 9),
                    service_id=home.other_service_id, account="At Birch Court.",
                ),
                status=Status.CLOSED,
            )
        ]
    )  # fmt: skip
    out = tmp_path / "all.pdf"
    services.pack.build(PackRequest(*FEBRUARY, monthly=True, charts=False), out)
    text = _flat(out)
    assert "Oak House All incidents 3 4 -1 3.0 about the same (+0%)" in text
    assert "Birch Court All incidents 1 0 +1 - no earlier months" in text
