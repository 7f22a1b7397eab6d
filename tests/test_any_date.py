"""The date smoke subset: what depends on "today", run at each moment of tests/conftest.py ANY_DATES
(the 1st and the 31st at 23:59, 29 February 2028, a day in BST and one in GMT). Run it alone with
`pytest -m any_date`; other modules mark their date-sensitive tests `any_date` too.

Every test builds its data relative to the fixed clock, never to fixed dates, so it means the same on any day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from carelog.core import passwords
from carelog.core.action_dto import ActionFilter, ActionInput
from carelog.core.action_strength import ActionStrength
from carelog.core.clock import FixedClock
from carelog.core.deadlines import DeadlineState
from carelog.core.dto import IncidentFilter, IncidentInput, LoadItem
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm
from carelog.core.errors import ValidationError
from carelog.core.pack_data import PackRequest
from carelog.core.patterns import SignalType
from carelog.core.review_dto import LearningSharedInput, ResponseType, SharedMethod
from carelog.core.trend_data import TrendFilter, add_months, month_start
from carelog.db.repositories import audit
from carelog.demo import fill_demo
from carelog.services.registry import Services
from tests.conftest import Home

pytestmark = pytest.mark.any_date


@pytest.fixture(autouse=True)
def _staff(request: pytest.FixtureRequest) -> None:
    """The test users (reports name their reporter) wherever a test uses `services`."""
    if "services" in request.fixturenames:
        request.getfixturevalue("staff")


def _category(services: Services, name: str) -> int:
    return next(c.id for c in services.incidents.reference_data().categories if c.name == name)


def _incident(services: Services, home: Home, when: datetime, **kw: object) -> IncidentInput:
    base: dict[str, object] = dict(
        kind=Kind.INCIDENT,
        category_id=_category(services, "Fall"),
        occurred_at=when,
        service_id=home.service_id,
        location_id=home.lounge_id,
        account="Found on the lounge floor beside the armchair.",
        person_ids=(home.person_ids[0],),
    )
    base.update(kw)
    return IncidentInput(**base)  # type: ignore[arg-type]


def _last_day_of_month(day: date) -> date:
    return add_months(month_start(day), 1) - timedelta(days=1)


def test_a_report_made_now_is_accepted_numbered_in_its_year_and_audited_now(
    services: Services, home: Home, clock: FixedClock
) -> None:
    now = clock()
    detail = services.incidents.report(_incident(services, home, now))
    assert detail.reference == f"INC-{now.year}-0001"
    assert detail.reported_at == now and detail.created_at == now
    assert [e.at for e in detail.audit] == [now]
    with pytest.raises(ValidationError, match="in the future"):
        services.incidents.report(_incident(services, home, now + timedelta(hours=1)))


def test_deadlines_are_due_the_same_day_and_overdue_the_next(services: Services, home: Home, clock: FixedClock) -> None:
    now = clock()
    today_start = datetime.combine(now.date(), datetime.min.time())
    severe = {"physical_harm": PhysicalHarm.SEVERE}
    services.incidents.report(_incident(services, home, max(today_start, now - timedelta(hours=2)), **severe))
    services.incidents.report(_incident(services, home, today_start - timedelta(hours=1), **severe))
    items = services.incidents.deadlines(now - timedelta(days=7))
    cqc = sorted((i.occurred_at, i.state) for i in items if i.requirement.notification == NotificationKind.CQC)
    assert [state for _, state in cqc] == [DeadlineState.OVERDUE, DeadlineState.DUE]
    clock.advance(timedelta(seconds=30))  # still today if now is 23:59: the day is not over
    due_now = [i for i in services.incidents.deadlines(now - timedelta(days=7)) if i.occurred_at.date() == now.date()]
    assert {i.state for i in due_now if i.requirement.notification == NotificationKind.CQC} == {DeadlineState.DUE}


def test_actions_are_overdue_only_after_their_due_day(services: Services, home: Home, clock: FixedClock) -> None:
    today = clock().date()

    def action(title: str, due: date) -> int:
        data = ActionInput(
            title=title,
            description="Fit call-bell extensions to every lounge armchair; check weekly that they reach.",
            lead_id=1,
            lead_name="Test Manager",
            due_date=due,
            strength=ActionStrength.STRONGER,
            service_id=home.service_id,
        )
        return services.actions.create(data).id

    due_today = action("Call bells within reach", today)
    late = action("Sensor mats in rooms 4 and 12", today - timedelta(days=1))
    overdue = services.actions.list_actions(ActionFilter(overdue_only=True))
    assert [a.id for a in overdue] == [late]
    assert not services.actions.get(due_today).summary.overdue and services.actions.get(late).summary.overdue


def test_trends_end_in_this_month_and_leave_it_out_of_the_spc_chart(
    services: Services, home: Home, clock: FixedClock
) -> None:
    now = clock()
    this_month = month_start(now.date())
    last_month = add_months(this_month, -1)
    times = [now - timedelta(minutes=5), datetime.combine(last_month, datetime.min.time()) + timedelta(hours=12)]
    services.incidents.load_many([LoadItem(_incident(services, home, t)) for t in times])
    charts = services.trends.charts(TrendFilter())
    assert charts.total == 2
    assert charts.monthly.months[-1] == this_month and charts.monthly.months[-2] == last_month
    assert charts.spc.months[-1] == last_month  # this month is not over: the SPC chart leaves it out
    cross = charts.safety_cross
    assert (cross.year, cross.month) == (now.year, now.month)
    assert len(cross.counts) == _last_day_of_month(now.date()).day
    assert cross.counts[now.day - 1] == 1


def test_report_periods_and_the_pack_read_the_right_records(services: Services, home: Home, clock: FixedClock) -> None:
    from carelog.ui.pages.reports_page import last_full_month, last_twelve_months

    now = clock()
    today = now.date()
    first, last = last_full_month(today)
    assert first == add_months(month_start(today), -1) and last == month_start(today) - timedelta(days=1)
    year_start, year_end = last_twelve_months(today)
    assert year_start == add_months(month_start(today), -12) and year_end == last
    times = [
        datetime.combine(first, datetime.min.time()),  # the first minute of last month
        datetime.combine(last, datetime.max.time()).replace(second=0, microsecond=0),  # its last minute
        datetime.combine(month_start(today), datetime.min.time()),  # this month: not in last month's report
    ]
    services.incidents.load_many([LoadItem(_incident(services, home, t)) for t in times if t <= now])
    pack = services.pack.gather(PackRequest(first, last, home.service_id, monthly=True, charts=False))
    assert [i.occurred_at for i in pack.incidents] == times[:2]
    assert pack.produced_at == now
    year = services.pack.gather(PackRequest(year_start, year_end, charts=False))
    assert len(year.incidents) == 2
    to_date = services.pack.gather(PackRequest(date(today.year, 1, 1), today, charts=False))
    assert len(to_date.incidents) == sum(1 for t in times if t.year == today.year)


def test_suggested_groupings_look_back_from_now(services: Services, home: Home, clock: FixedClock) -> None:
    now = clock()
    times = [now - timedelta(days=d, hours=1) for d in (1, 4, 9)] + [now - timedelta(days=200)]
    services.incidents.load_many([LoadItem(_incident(services, home, t)) for t in times])
    recent = {i.id for i in services.incidents.list(IncidentFilter(date_from=(now - timedelta(days=30)).date()))}
    groupings = services.reviews.suggested_groupings()
    assert groupings and all(set(g.incident_ids) == recent for g in groupings)


def test_demo_data_ends_now_and_nothing_is_in_the_future(sqlite_services: Services, clock: FixedClock) -> None:
    passwords.use_fast_parameters_for_tests()  # the demo accounts' PINs: argon2 at full cost is slow
    now = clock()
    fill_demo(sqlite_services, incidents=300)
    incidents = sqlite_services.incidents.list(IncidentFilter())
    assert incidents and max(i.occurred_at for i in incidents) <= now
    assert min(i.occurred_at for i in incidents) >= now - timedelta(days=19 * 31)
    assert sqlite_services.reviews.list_reviews() and sqlite_services.actions.list_actions()
    with sqlite_services.ctx.unit() as session:
        _checked, breaks = audit.verify_chain(session)
        from sqlalchemy import func, select

        from carelog.db.models import AuditRow

        latest = session.scalar(select(func.max(AuditRow.at)))
    assert not breaks and latest is not None and latest <= now


def test_this_months_incidents_make_no_spc_signal_before_the_month_is_over(
    services: Services, home: Home, clock: FixedClock
) -> None:
    """The SPC chart leaves the current month out until it is over; so must the signals (also on its last day)."""
    now = clock()
    this_month = month_start(now.date())
    times = [
        datetime.combine(add_months(this_month, -m), datetime.min.time()) + timedelta(days=day, hours=9)
        for m in range(1, 15)
        for day in (3, 17)
    ]
    times += [max(datetime.combine(this_month, datetime.min.time()), now - timedelta(hours=h)) for h in range(12)]
    services.incidents.load_many(
        [LoadItem(_incident(services, home, t, location_id=None, person_ids=())) for t in times]
    )
    spc = [s for s in services.trends.patterns() if s.type == SignalType.SPC_SPECIAL_CAUSE]
    assert all(s.period_end < this_month for s in spc), [(s.period_start, s.period_end) for s in spc]


def test_learning_shared_today_is_accepted_and_tomorrow_refused(
    services: Services, home: Home, clock: FixedClock
) -> None:
    now = clock()
    ids = [services.incidents.report(_incident(services, home, now - timedelta(minutes=m))).id for m in (5, 50)]
    review = services.reviews.open_review(ids, "Falls in the lounge this week", ResponseType.AFTER_ACTION_REVIEW)
    point = "Check the call bell is within reach before leaving the lounge."
    shared = services.reviews.add_learning_shared(
        review.id, LearningSharedInput(point, SharedMethod.BRIEFING, now.date(), "Test Manager")
    )
    assert [s.shared_on for s in shared.learning_shared] == [now.date()]
    with pytest.raises(ValidationError, match="future"):
        services.reviews.add_learning_shared(
            review.id, LearningSharedInput(point, SharedMethod.BRIEFING, now.date() + timedelta(days=1))
        )
