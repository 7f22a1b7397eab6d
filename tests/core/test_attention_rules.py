"""The attention list's rules: notifications due / overdue / never made / late at their boundaries (same day,
RIDDOR 10 and 15 days, weekends count), triage time left, reviews past target, actions, signals, MDC icons, and
the due steps of complaints, safeguarding, Duty of Candour and debriefs."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from carelog.core.attention import (
    ActionState,
    ItemKind,
    NotificationCase,
    OpenReview,
    Opens,
    RecordCase,
    UntriagedIncident,
    action_items,
    measure_summary,
    notification_items,
    record_items,
    review_items,
    signal_items,
    time_left,
    triage_items,
)
from carelog.core.categories import DEFAULTS
from carelog.core.deadlines import DeadlineCandidate, Outcome, assess, outcome
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm
from carelog.core.patterns import PatternSignal, SignalType
from carelog.core.spc import Assurance, Variation
from carelog.core.thread_records import DueItem, RecordKind

FRIDAY = datetime(2026, 3, 13, 14, 0)  # a Friday afternoon
RIDDOR_CAT = "Staff injury / assault / sharps"


def _candidate(
    occurred: datetime, category: str, sub: str, harm: PhysicalHarm, made: dict[NotificationKind, datetime | None]
) -> DeadlineCandidate:
    """A record as the pre-filter hands it over; the rules key on the default category's stable code."""
    code = next(d.code.value for d in DEFAULTS if d.name == category)
    return DeadlineCandidate(1, "INC-2026-0001", occurred, code, category, sub, Kind.INCIDENT, harm, made)


def one(category: str, harm: PhysicalHarm, made: dict[NotificationKind, datetime | None], now: datetime,
        occurred: datetime = FRIDAY, sub: str = ""):  # type: ignore[no-untyped-def]  # fmt: skip
    (item,) = [i for i in assess(_candidate(occurred, category, sub, harm, made), now)
               if i.requirement.notification != NotificationKind.DUTY_OF_CANDOUR]  # fmt: skip
    return item


@pytest.mark.parametrize(
    ("made_at", "expected"),
    [
        (datetime(2026, 3, 13, 23, 59), Outcome.ON_TIME),  # same day, last minute
        (datetime(2026, 3, 14, 0, 1), Outcome.LATE),  # just after midnight
        (datetime(2026, 3, 16, 9, 0), Outcome.LATE),  # Monday: a weekend does not extend "without delay"
    ],
)
def test_cqc_death_notification_is_due_the_same_day(made_at: datetime, expected: Outcome) -> None:
    item = one("Death", PhysicalHarm.FATAL, {NotificationKind.CQC: made_at}, datetime(2026, 3, 20))
    assert outcome(item, closed=False) == expected


def test_cqc_not_made_is_due_then_overdue_then_never_made_once_closed() -> None:
    evening = one("Death", PhysicalHarm.FATAL, {}, datetime(2026, 3, 13, 23, 59))
    saturday = one("Death", PhysicalHarm.FATAL, {}, datetime(2026, 3, 14, 0, 0))
    assert outcome(evening, closed=False) == Outcome.DUE
    assert outcome(saturday, closed=False) == Outcome.OVERDUE
    assert outcome(saturday, closed=True) == Outcome.NEVER_MADE


@pytest.mark.parametrize(
    ("days", "expected", "caveat"),
    [
        (10, Outcome.ON_TIME, False),  # on day 10 exactly
        (11, Outcome.LATE, True),  # late for a specified injury, in time for over-7-day incapacity
        (15, Outcome.LATE, True),
        (16, Outcome.LATE, False),  # late under either limit
    ],
)
def test_riddor_ten_and_fifteen_days(days: int, expected: Outcome, caveat: bool) -> None:
    made = FRIDAY + timedelta(days=days)
    now = FRIDAY + timedelta(days=20)
    item = one(RIDDOR_CAT, PhysicalHarm.MODERATE, {NotificationKind.RIDDOR: made}, now)
    assert outcome(item, closed=False) == expected
    items = notification_items([NotificationCase(item, False, "Oak House")], now)
    if expected == Outcome.ON_TIME:
        assert items == []
    else:
        (late,) = items
        assert late.kind == ItemKind.NOTIFICATION_LATE and not late.overdue
        assert ("over-7-day incapacity (15 days)" in late.text) == caveat


def test_riddor_not_made_is_overdue_after_day_ten_over_a_weekend() -> None:
    occurred = datetime(2026, 3, 6, 9, 0)  # Friday; day 10 is Monday 16 March, weekends counted
    on_day_ten = one(RIDDOR_CAT, PhysicalHarm.MODERATE, {}, datetime(2026, 3, 16, 9, 0), occurred)
    after = one(RIDDOR_CAT, PhysicalHarm.MODERATE, {}, datetime(2026, 3, 16, 9, 1), occurred)
    assert outcome(on_day_ten, closed=False) == Outcome.DUE
    assert outcome(after, closed=False) == Outcome.OVERDUE


def test_duty_of_candour_has_no_date_and_is_never_made_when_closed_without_it() -> None:
    now = FRIDAY + timedelta(days=40)
    items = assess(_candidate(FRIDAY, "Fall", "", PhysicalHarm.MODERATE, {}), now)
    (doc,) = items
    open_items = notification_items([NotificationCase(doc, False, "Oak House")], now)
    closed_items = notification_items([NotificationCase(doc, True, "Oak House")], now)
    assert open_items[0].kind == ItemKind.NOTIFICATION_DUE and "as soon as reasonably practicable" in open_items[0].text
    assert closed_items[0].kind == ItemKind.NOTIFICATION_NEVER_MADE and closed_items[0].overdue
    assert "required but never made" in closed_items[0].text and closed_items[0].target_id == 1


def test_late_notifications_drop_off_after_ninety_days() -> None:
    item = one("Death", PhysicalHarm.FATAL, {NotificationKind.CQC: FRIDAY + timedelta(days=2)}, FRIDAY)
    assert notification_items([NotificationCase(item, True, "")], FRIDAY + timedelta(days=89))
    assert not notification_items([NotificationCase(item, True, "")], FRIDAY + timedelta(days=91))


def test_time_left_wording() -> None:
    now = datetime(2026, 3, 10, 12, 0)
    assert time_left(now + timedelta(hours=5, minutes=30), now) == "5 hours left"
    assert time_left(now + timedelta(days=3), now) == "3 days left"
    assert time_left(now - timedelta(hours=1), now) == "1 hour overdue"
    assert time_left(now + timedelta(minutes=20), now) == "less than an hour left"


def test_triage_oldest_first_with_the_shorter_target_for_moderate_harm() -> None:
    now = datetime(2026, 3, 10, 12, 0)
    rows = [
        UntriagedIncident(2, "INC-2026-0002", now - timedelta(hours=30), "Fall", "Oak House", PhysicalHarm.MODERATE),
        UntriagedIncident(1, "INC-2026-0001", now - timedelta(hours=50), "Medication", "Oak House", PhysicalHarm.NONE),
    ]
    first, second = triage_items(rows, now, 72, 24)
    assert first.reference == "INC-2026-0001" and not first.overdue and "22 hours left" in first.text
    assert second.reference == "INC-2026-0002" and second.overdue and "6 hours overdue" in second.text
    assert "triage within 24 hours" in second.text and second.due == now - timedelta(hours=6)


def test_reviews_past_target_only() -> None:
    now = datetime(2026, 3, 10, 12, 0)
    rows = [
        OpenReview(1, "Falls in the lounge", now - timedelta(days=40), "INC-2026-0001"),
        OpenReview(2, "Missed dose", now - timedelta(days=5), ""),
    ]
    (item,) = review_items(rows, now, 28)
    assert item.kind == ItemKind.REVIEW_OVERDUE and item.target_id == 1 and "12 days overdue" in item.text


def test_actions_not_effective_overdue_due_this_week_and_awaiting_check() -> None:
    today = date(2026, 3, 10)
    rows = [
        ActionState(1, "Sensor mats", "Ann", today + timedelta(days=6), "to_do", "", None, "Oak House"),
        ActionState(2, "Tabards", "Ben", today - timedelta(days=3), "in_progress", "", None, "Oak House"),
        ActionState(3, "Handover sheet", "Cy", today - timedelta(days=30), "in_progress", "not_effective", None, ""),
        ActionState(4, "Lounge chairs", "Di", today - timedelta(days=40), "done", "", datetime(2026, 2, 1), ""),
        ActionState(5, "Later", "Ed", today + timedelta(days=7), "to_do", "", None, ""),  # next week
        ActionState(6, "Checked", "Fi", today, "done", "effective", datetime(2026, 2, 1), ""),
    ]
    kinds = [(i.kind, i.target_id) for i in action_items(rows, today)]
    assert kinds == [
        (ItemKind.ACTION_NOT_EFFECTIVE, 3),
        (ItemKind.ACTION_OVERDUE, 2),
        (ItemKind.ACTION_DUE, 1),
        (ItemKind.ACTION_AWAITING_CHECK, 4),
    ]


def _signal(
    end: date, kind: SignalType = SignalType.LOCATION_CLUSTER, ids: tuple[int, ...] = (1, 2, 3)
) -> PatternSignal:
    return PatternSignal(kind, "Fall", "Main lounge, Oak House", 3, end - timedelta(days=14), end, "Three falls.",
                         ids, ("A", "B", "C"), "Oak House")  # fmt: skip


def test_signals_one_line_per_phenomenon_and_only_new_since_last_looked() -> None:
    signals = [
        _signal(date(2026, 3, 9)),
        _signal(date(2026, 3, 2)),
        _signal(date(2026, 2, 1), SignalType.SPC_SPECIAL_CAUSE, (7, 8)),
    ]
    assert len(signal_items(signals, None)) == 2  # never looked: all, one line per phenomenon
    (item,) = signal_items(signals, 3)  # the cluster (1-3) was there when they looked; the SPC signal (7, 8) is new
    assert signal_items(signals, 8) == []
    assert item.kind == ItemKind.SIGNAL and item.text.startswith("Special cause (SPC)") and item.service == "Oak House"


def test_measure_summary_variation_and_assurance() -> None:
    steady = [10, 12, 11, 9, 10, 11, 12, 10, 9, 11, 10, 12]
    s = measure_summary("Oak House", "Falls", steady, 4, target=30, bed_days=1200)
    assert s.variation == Variation.COMMON and s.assurance == Assurance.PASS
    assert s.last_month == 12 and s.this_month == 4 and s.average == pytest.approx(10.58, abs=0.01)
    assert s.rate_per_1000 == pytest.approx(10.0)
    assert measure_summary("Oak House", "Falls", steady, 4, target=2).assurance == Assurance.FAIL
    assert measure_summary("Oak House", "Falls", steady, 4, target=11).assurance == Assurance.HIT_OR_MISS
    assert measure_summary("Oak House", "Falls", steady, 4, target=None).assurance is None
    spike = measure_summary("Oak House", "Falls", [*steady, 40], 0, target=None)
    assert spike.variation == Variation.CONCERN and spike.side == 1
    assert measure_summary("Oak House", "Falls", [], 0, None).variation is None


@pytest.mark.parametrize(
    ("due", "overdue", "title", "ending"),
    [
        (date(2026, 3, 12), True, "1 day overdue: ", "Due by Thu 12 Mar 2026: 1 day overdue."),
        (date(2026, 3, 13), False, "Due today: ", "Due by Fri 13 Mar 2026 (today)."),
        (date(2026, 3, 14), False, "Due tomorrow: ", "Due by Sat 14 Mar 2026."),
        (date(2026, 3, 19), False, "Due Thu 19 Mar: ", "Due by Thu 19 Mar 2026."),
    ],
)
def test_record_steps_say_when_they_are_due(due: date, overdue: bool, title: str, ending: str) -> None:
    step = DueItem(RecordKind.COMPLAINT, 4, "Send the response: Complaint C-4", due, overdue, "Send the response")
    (item,) = record_items([RecordCase(step, "Oak House")], FRIDAY.date())
    assert item.title == f"{title}Send the response (Complaint C-4)" and item.text.endswith(ending)
    assert (item.kind, item.overdue, item.target_id) == (ItemKind.COMPLAINT_STEP, overdue, 4)
    assert item.opens == Opens.COMPLAINT
    assert item.due == datetime.combine(due, datetime.max.time()).replace(microsecond=0)  # the end of its day
    assert item.as_json()["due"] == f"{due.isoformat()}T23:59"


def test_record_steps_open_their_kind_and_skip_kinds_without_a_home_section() -> None:
    cases = [
        RecordCase(DueItem(kind, 1, "x", FRIDAY.date(), False, "Step", 9, "INC-2026-0009"), "Oak House")
        for kind in RecordKind
    ]
    items = record_items(cases, FRIDAY.date())
    assert [i.opens.record_kind for i in items] == [
        RecordKind.COMPLAINT, RecordKind.SAFEGUARDING, RecordKind.CANDOUR, RecordKind.DEBRIEF
    ]  # fmt: skip
    assert items[1].title == "Due today: Step (Safeguarding concern S-1, INC-2026-0009)"
    assert "(incident INC-2026-0009)" in items[1].text and "every service" not in items[1].text
    assert Opens.INCIDENT.record_kind is None
    unlinked = RecordCase(DueItem(RecordKind.COMPLAINT, 2, "x", FRIDAY.date(), False, "Step"), "")
    assert "every service" not in record_items([unlinked], FRIDAY.date())[0].text
    assert "every service's list shows it" in record_items([unlinked], FRIDAY.date(), one_service=True)[0].text
