"""by_service (the small multiples) takes its monthly counts per service from the charts' own read when they are the
same counts, and reads them afresh whenever the filter makes them different: the same panels either way."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event

from carelog.core.dto import IncidentInput, LoadItem
from carelog.core.enums import Kind
from carelog.core.trend_data import TrendFilter, add_months
from carelog.db.repositories import trends as repo
from carelog.services.registry import Services
from carelog.services.trends import TrendService
from tests.conftest import Home


def _incident(kind: Kind, category_id: int, at: datetime, service_id: int, location_id: int | None = None) -> LoadItem:
    return LoadItem(
        IncidentInput(
            kind=kind,
            category_id=category_id,
            occurred_at=at,
            service_id=service_id,
            location_id=location_id,
            account="Planted for the small multiples test.",
        )
    )


def _plant(services: Services, home: Home) -> dict[str, int]:
    """Eight months before this one at both services: falls and medication errors on the 1st, 14th and last day of
    each month, in the lounge or nowhere, a near miss, and a compliment filed under Fall."""
    cats = {c.name: c.id for c in services.incidents.reference_data().categories}
    first = add_months(services.ctx.clock().date().replace(day=1), -8)
    items = []
    for m in range(8):
        month = add_months(first, m)
        last = calendar.monthrange(month.year, month.month)[1]
        for k, day in enumerate((1, 14, last)):
            for sid, lid in ((home.service_id, home.lounge_id), (home.other_service_id, None)):
                for name, repeat in (("Fall", 1 + (m + k) % 3), ("Medication", (m * k) % 2)):
                    for r in range(repeat):
                        at = datetime(month.year, month.month, day, 9 + r)
                        items.append(_incident(Kind.INCIDENT, cats[name], at, sid, lid))
        near_miss, compliment = datetime(month.year, month.month, 10, 15), datetime(month.year, month.month, 12, 11)
        items.append(_incident(Kind.NEAR_MISS, cats["Fall"], near_miss, home.service_id))
        items.append(_incident(Kind.COMPLIMENT, cats["Fall"], compliment, home.service_id))
    services.incidents.load_many(items)
    return cats


def _filters(today: date, home: Home, fall: int) -> dict[str, tuple[TrendFilter, bool]]:
    """Filters by name, with whether the charts' read gives by_service its counts."""
    start = add_months(today.replace(day=1), -8)
    plain = TrendFilter(start, today, exclude_compliments=True)
    mid_month = add_months(start, 5) + timedelta(days=13)
    return {
        "the tab's own: whole months to today": (plain, True),
        "ending mid-month": (TrendFilter(start, mid_month, exclude_compliments=True), True),
        "no start date": (TrendFilter(None, today, exclude_compliments=True), True),
        "no dates": (TrendFilter(exclude_compliments=True), True),
        "starting mid-month": (TrendFilter(start + timedelta(days=13), today, exclude_compliments=True), False),
        "with compliments": (TrendFilter(start, today), False),
        "near misses only": (TrendFilter(start, today, kind=Kind.NEAR_MISS), False),
        "one service": (TrendFilter(start, today, service_id=home.service_id, exclude_compliments=True), False),
        "one place": (TrendFilter(start, today, location_id=home.lounge_id, exclude_compliments=True), False),
        "one category": (TrendFilter(start, today, category_id=fall, exclude_compliments=True), False),
    }


def test_small_multiples_the_same_with_or_without_the_charts_read(
    services: Services, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    cats = _plant(services, home)
    today = services.ctx.clock().date()
    reads: list[tuple[date, date]] = []
    real = repo.monthly_by_service_category

    def counted(session, since, until, service_id=None):  # type: ignore[no-untyped-def]
        reads.append((since, until))
        return real(session, since, until, service_id)

    monkeypatch.setattr(repo, "monthly_by_service_category", counted)
    for name, (f, shared) in _filters(today, home, cats["Fall"]).items():
        for category in ("Fall", "Medication"):
            alone = TrendService(services.ctx).by_service(f, cats[category])  # a reader that never drew the charts
            reads.clear()
            tab = TrendService(services.ctx)
            tab.charts(f)
            after_charts = tab.by_service(f, cats[category])
            assert after_charts == alone, f"{name}, {category}"
            assert (reads == []) is shared, f"{name}: {reads}"
            assert sum(sum(v.chart.values) for v in alone) > 0, name
    # what by_service counts leaves out: compliments and the month not over yet
    f = _filters(today, home, cats["Fall"])["the tab's own: whole months to today"][0]
    views = {v.title: v for v in TrendService(services.ctx).by_service(f, cats["Fall"])}
    oak = views["Oak House"].chart
    assert len(oak.points) == 8 and oak.values[0] == 1 + 2 + 3 + 1  # falls on three days and the near miss


def test_a_write_after_the_charts_makes_by_service_read_afresh(services: Services, home: Home) -> None:
    cats = _plant(services, home)
    today = services.ctx.clock().date()
    f = _filters(today, home, cats["Fall"])["the tab's own: whole months to today"][0]
    tab = TrendService(services.ctx)
    tab.charts(f)
    before = {v.title: v.chart.values for v in tab.by_service(f, cats["Fall"])}
    month = add_months(today.replace(day=1), -3)
    fall = _incident(Kind.INCIDENT, cats["Fall"], datetime(month.year, month.month, 5, 10), home.other_service_id)
    services.incidents.load_many([fall])
    after = {v.title: v.chart.values for v in tab.by_service(f, cats["Fall"])}
    assert after["Oak House"] == before["Oak House"]
    assert after["Birch Court"][5] == before["Birch Court"][5] + 1


def test_the_trends_reads_never_take_the_write_lock(sqlite_services: Services, sqlite_home: Home) -> None:
    """A manager looking at trends must not hold up care staff saving a report: every Trends read begins a plain
    (deferred) transaction on SQLite, never BEGIN IMMEDIATE."""
    services = sqlite_services
    cats = _plant(services, sqlite_home)
    today = services.ctx.clock().date()
    f = TrendFilter(add_months(today.replace(day=1), -8), today, exclude_compliments=True)
    engine = services.ctx.sessions.kw["bind"]
    begins: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, stmt, *_a: begins.append(stmt))
    trends = TrendService(services.ctx)
    trends.charts(f)
    trends.by_service(f, cats["Fall"])
    trends.summary()
    trends.targets()
    trends.spc_shift_length()
    trends.patterns()
    trends.audit_scores(f)
    started = [s for s in begins if s.startswith("BEGIN")]
    assert started and set(started) == {"BEGIN"}, started
