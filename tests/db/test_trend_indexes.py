"""The Trends tab's counts on SQLite read the indexes of migration 0016 in group order (no sort of every incident),
and whatever plan a filter gets, on either backend, the counts are the ones the incidents give."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, text

from carelog.core.dto import IncidentInput, LoadItem
from carelog.core.enums import Kind, PhysicalHarm
from carelog.core.trend_data import TrendFilter
from carelog.db.engine import open_database
from carelog.db.repositories import trends as repo
from carelog.services.registry import Services
from tests.conftest import Home

TREND_INDEXES = {"ix_trends_month", "ix_trends_place", "ix_trends_hour"}


def _plant(services: Services, home: Home, n: int = 120) -> list[IncidentInput]:
    """Incidents spread over 2025 at both services, every hour, harm and kind (seeded, the same every run)."""
    rng = random.Random(19)
    cats = [c.id for c in services.incidents.reference_data().categories][:4]
    places = [(home.service_id, home.lounge_id), (home.service_id, home.bedroom_id), (home.service_id, None)]
    places.append((home.other_service_id, None))
    planted = []
    for _ in range(n):
        sid, lid = rng.choice(places)
        when = datetime(2025, 1, 1) + timedelta(days=rng.randrange(365), minutes=rng.randrange(24 * 60))
        kind = rng.choice((Kind.INCIDENT, Kind.INCIDENT, Kind.NEAR_MISS))
        harm = rng.choice(list(PhysicalHarm))
        planted.append(
            IncidentInput(
                kind=kind,
                category_id=rng.choice(cats),
                occurred_at=when,
                service_id=sid,
                location_id=lid,
                account="Planted for the trend index tests.",
                physical_harm=harm,
            )
        )
    services.incidents.load_many([LoadItem(i) for i in planted])
    return planted


def _expected(planted: list[IncidentInput], f: TrendFilter) -> tuple[Any, ...]:
    def kept(i: IncidentInput) -> bool:
        day = i.occurred_at.date()
        return (
            (f.date_from is None or day >= f.date_from)
            and (f.date_to is None or day <= f.date_to)
            and (f.service_id is None or i.service_id == f.service_id)
            and (f.location_id is None or i.location_id == f.location_id)
            and (f.category_id is None or i.category_id == f.category_id)
            and (f.kind is None or i.kind == f.kind)
        )

    rows = [i for i in planted if kept(i)]
    months = Counter((i.occurred_at.date().replace(day=1), i.category_id, i.service_id) for i in rows)
    places = Counter((i.service_id, i.location_id) for i in rows)
    harms = Counter(i.physical_harm.value for i in rows)
    heat = Counter((i.occurred_at.weekday(), i.occurred_at.hour) for i in rows)
    return dict(months), dict(places), dict(harms), dict(heat)


def _counted(services: Services, f: TrendFilter) -> tuple[Any, ...]:
    with services.ctx.read() as session:
        months, places, harms, heat = repo.chart_sets(session, f)
    return (
        {(m, c, s): n for m, c, s, n in months},
        {(s, lid): n for s, lid, n in places},
        {h: n for h, n in harms.items() if n},
        {(wd, h): n for wd, h, n in heat},
    )


@pytest.mark.postgres
def test_counts_match_the_incidents_for_every_kind_of_filter(services: Services, home: Home) -> None:
    planted = _plant(services, home)
    fall = planted[0].category_id
    filters = [
        TrendFilter(),  # everything
        TrendFilter(date(2025, 1, 1), date(2025, 12, 31)),  # most of the data: read in group order on SQLite
        TrendFilter(date(2025, 3, 17), date(2025, 4, 3)),  # a short period across a month end: seeks the period
        TrendFilter(date(2025, 3, 1), date(2025, 5, 31)),  # whole months: the month range alone on SQLite
        TrendFilter(date(2025, 3, 1), date(2025, 5, 30)),  # one day short of whole months
        TrendFilter(date(2025, 2, 10), None),
        TrendFilter(None, date(2025, 6, 20)),
        TrendFilter(date(2025, 1, 1), date(2025, 12, 31), service_id=home.service_id),
        TrendFilter(date(2025, 1, 1), date(2025, 12, 31), location_id=home.lounge_id),
        TrendFilter(date(2025, 5, 5), date(2025, 5, 25), service_id=home.service_id, category_id=fall),
        TrendFilter(date(2025, 1, 1), date(2025, 12, 31), kind=Kind.NEAR_MISS),
    ]
    for f in filters:
        assert _counted(services, f) == _expected(planted, f), f


def test_trend_indexes_exist_at_head_on_sqlite(sqlite_url: str) -> None:
    engine, _ = open_database(sqlite_url)
    with engine.connect() as conn:
        found = {n for (n,) in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))}
    assert TREND_INDEXES <= found  # a migration that recreates incidents must create them again


def test_long_period_counts_read_each_index_in_group_order(sqlite_services: Services, sqlite_home: Home) -> None:
    _plant(sqlite_services, sqlite_home)
    plans: list[str] = []
    with sqlite_services.ctx.read() as session:
        conn = session.connection()

        def explain(_c: Any, cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
            if "GROUP BY" in statement:
                rows = cursor.connection.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
                plans.append(" | ".join(r[3] for r in rows))

        event.listen(conn, "before_cursor_execute", explain)
        try:
            repo.chart_sets(session, TrendFilter(date(2025, 1, 1), date(2025, 12, 31)))
        finally:
            event.remove(conn, "before_cursor_execute", explain)
    assert len(plans) == 3
    for index, plan in zip(("ix_trends_month", "ix_trends_place", "ix_trends_hour"), plans, strict=True):
        assert f"COVERING INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan
