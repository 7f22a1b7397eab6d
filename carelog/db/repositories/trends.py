"""Aggregations behind the Trends tab and pattern detection, done in SQL (SQLite and PostgreSQL).

Month, weekday, hour and day are taken from occurred_at with each dialect's own functions; weekdays come back
Monday = 0 whatever the database's convention.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    String,
    cast,
    extract,
    func,
    literal_column,
    null,
    select,
    text,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import Session

from carelog.core.enums import Kind
from carelog.core.patterns import PatternIncident
from carelog.core.trend_data import TARGET_PREFIX, ChartSelection, TrendFilter, parse_target_key
from carelog.db.id_lists import id_conditions
from carelog.db.models import (
    CategoryRow,
    IncidentPersonRow,
    IncidentRow,
    LocationRow,
    PersonRow,
    ServiceRow,
    SettingRow,
)
from carelog.db.models.actions import ActionIncidentRow, ActionRow


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _month(session: Session) -> Any:
    if _dialect(session) == "postgresql":
        return func.to_char(IncidentRow.occurred_at, "YYYY-MM")
    # SQLite keeps datetimes as ISO text ("2026-06-14 07:30:00.000000"): cutting it is faster than strftime. Written
    # with literal numbers, exactly as index ix_trends_month (migration 0016) holds it, so SQLite can read that index
    return func.substr(IncidentRow.occurred_at, literal_column("1"), literal_column("7"))


def _by_month(session: Session, query: Any, f: TrendFilter) -> Any:
    """The Select narrowed to the filter, for a count by month. On SQLite the period is also given as a range of
    months, which a count by month seeks in ix_trends_month; when the period is whole months that range is all the
    period test needed (the same rows, without comparing each incident's time)."""
    if _dialect(session) == "postgresql":
        return apply_filter(query, f)
    month = _month(session)
    whole = (f.date_from is None or f.date_from.day == 1) and (f.date_to is None or (f.date_to + ONE_DAY).day == 1)
    if f.date_from is not None:
        query = query.where(month >= f"{f.date_from:%Y-%m}")
    if f.date_to is not None:
        query = query.where(month <= f"{f.date_to:%Y-%m}")
    return apply_filter(query, replace(f, date_from=None, date_to=None) if whole else f)


def _sunday_weekday(session: Session) -> Any:
    """0 = Sunday ... 6 = Saturday on both databases."""
    if _dialect(session) == "postgresql":
        return cast(extract("dow", IncidentRow.occurred_at), Integer)
    return cast(func.strftime("%w", IncidentRow.occurred_at), Integer)


def _hour(session: Session) -> Any:
    if _dialect(session) == "postgresql":
        return cast(extract("hour", IncidentRow.occurred_at), Integer)
    return cast(func.substr(IncidentRow.occurred_at, 12, 2), Integer)


def _day(session: Session) -> Any:
    if _dialect(session) == "postgresql":
        return cast(extract("day", IncidentRow.occurred_at), Integer)
    return cast(func.strftime("%d", IncidentRow.occurred_at), Integer)


def _all(session: Session, statement: Any) -> list[Any]:
    """All rows of a big column-only read, through the session's connection: skips the ORM's row handling and
    fetches in one go (a third to a half of the time of session.execute on 10k+ rows)."""
    return list(session.connection().execute(statement).all())


ONE_DAY = timedelta(days=1)


def _start(d: date) -> datetime:
    return datetime.combine(d, time.min)


def apply_filter(query: Any, f: TrendFilter, at: Any = IncidentRow.occurred_at) -> Any:
    """Any Select narrowed to the filter; `at` is the column the period is tested on (see _at_in_group_order)."""
    if f.date_from is not None:
        query = query.where(at >= _start(f.date_from))
    if f.date_to is not None:
        query = query.where(at < _start(f.date_to + timedelta(days=1)))
    if f.service_id is not None:
        query = query.where(IncidentRow.service_id == f.service_id)
    if f.location_id is not None:
        query = query.where(IncidentRow.location_id == f.location_id)
    if f.category_id is not None:
        query = query.where(IncidentRow.category_id == f.category_id)
    if f.kind is not None:
        query = query.where(IncidentRow.kind == f.kind.value)
    elif f.exclude_compliments:
        query = query.where(IncidentRow.kind != Kind.COMPLIMENT.value)
    return query


def _month_key(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


# ----------------------------------------------------------------------------------------------- chart data
def date_span(session: Session, f: TrendFilter) -> tuple[date, date] | None:
    row = session.execute(
        apply_filter(select(func.min(IncidentRow.occurred_at), func.max(IncidentRow.occurred_at)), f)
    ).one()
    if row[0] is None:
        return None
    first, last = row
    return (first.date() if isinstance(first, datetime) else first, last.date() if isinstance(last, datetime) else last)


def total(session: Session, f: TrendFilter) -> int:
    return int(session.scalar(apply_filter(select(func.count(IncidentRow.id)), f)) or 0)


def monthly_by_category(session: Session, f: TrendFilter) -> list[tuple[date, int, str, int]]:
    """(first day of month, category id, category name, count), oldest month first."""
    month = _month(session).label("month")
    counts = (
        apply_filter(select(month, IncidentRow.category_id, func.count(IncidentRow.id).label("n")), f)
        .group_by(month, IncidentRow.category_id)
        .subquery()
    )
    rows = session.execute(
        select(counts.c.month, counts.c.category_id, CategoryRow.name, counts.c.n)
        .join(CategoryRow, CategoryRow.id == counts.c.category_id)
        .order_by(counts.c.month, CategoryRow.position, CategoryRow.name)
    )
    return [(_month_key(m), cid, name, int(n)) for m, cid, name, n in rows]


ChartSets = tuple[
    list[tuple[date, int, int, int]], list[tuple[int, int | None, int]], dict[str, int], list[tuple[int, int, int]]
]


# most of the incidents' span: a count over a period this long reads its whole index in group order (SQLite)
GROUP_ORDER_SHARE = 0.3


def _at_in_group_order(session: Session, f: TrendFilter) -> Any:
    """The column to test the filter's period on in a SQLite count by keys that lead an index of migration 0016.

    SQLite sorts every row a GROUP BY reads unless it reads an index in group order. Over most of the data, reading
    the whole ix_trends_place or ix_trends_hour in order (testing the period on each entry) beats seeking the period
    in the occurred_at index and sorting it; over a short period the seek wins. "+occurred_at" is the same value
    that no index can seek, which leaves SQLite the index in group order."""
    plain = IncidentRow.occurred_at
    if f.date_from is None and f.date_to is None:
        return plain  # nothing to seek anyway
    # two reads of the index's ends (SQLite reads only one end for a lone min() or max(), every entry for both)
    first, last = session.scalar(select(func.min(plain))), session.scalar(select(func.max(plain)))
    if first is None or last is None:
        return plain
    first_day = first.date() if isinstance(first, datetime) else date.fromisoformat(str(first)[:10])
    last_day = last.date() if isinstance(last, datetime) else date.fromisoformat(str(last)[:10])
    start, end = max(f.date_from or first_day, first_day), min(f.date_to or last_day, last_day)
    share = ((end - start).days + 1) / ((last_day - first_day).days + 1)
    return literal_column("+incidents.occurred_at", DateTime) if share >= GROUP_ORDER_SHARE else plain


def _sqlite_chart_sets(session: Session, f: TrendFilter, heat_map: bool) -> ChartSets:
    """Each set counted in the order of its own index (migration 0016): one pass over one index each, no sort."""
    month = _month(session)
    cat, sid, lid = IncidentRow.category_id, IncidentRow.service_id, IncidentRow.location_id
    harm = IncidentRow.physical_harm
    by_month = _by_month(session, select(month, cat, sid, func.count()), f)
    months = [(_month_key(m), c, s, int(n)) for m, c, s, n in _all(session, by_month.group_by(month, cat, sid))]
    at = _at_in_group_order(session, f)
    places: dict[tuple[int, int | None], int] = {}
    harms: dict[str, int] = {}
    by_place = apply_filter(select(sid, lid, harm, func.count()), f, at).group_by(sid, lid, harm)
    for s, loc, h, n in _all(session, by_place):
        places[(s, loc)] = places.get((s, loc), 0) + int(n)
        harms[h] = harms.get(h, 0) + int(n)
    heat: list[tuple[int, int, int]] = []
    if heat_map:
        weekday = func.strftime(literal_column("'%w'"), IncidentRow.occurred_at)  # as ix_trends_hour holds them
        hour = func.substr(IncidentRow.occurred_at, literal_column("12"), literal_column("2"))
        by_hour = apply_filter(select(weekday, hour, func.count()), f, at).group_by(weekday, hour)
        heat = [((int(d) + 6) % 7, int(h), int(n)) for d, h, n in _all(session, by_hour)]
    return months, [(s, loc, n) for (s, loc), n in places.items()], harms, heat


def chart_sets(session: Session, f: TrendFilter, heat_map: bool = True) -> ChartSets:
    """The Trends tab's counts in one pass: (month, category id, service id, count) (per service, for rates per
    1,000 bed days), (service id, location id, count), {harm: count} and (weekday Monday = 0, hour, count); with
    `heat_map` False the last is left empty.

    PostgreSQL reads the incidents once with GROUPING SETS: at provider scale (50 services) a single GROUP BY of
    every key together (cube) returns nearly a row per incident. SQLite, which has neither GROUPING SETS nor hash
    aggregation, reads each set from an index in its group order (_sqlite_chart_sets)."""
    if _dialect(session) != "postgresql":
        return _sqlite_chart_sets(session, f, heat_map)
    # enough memory to hash all four sets in one pass over ix_incidents_trends_cover (the default 4 MB sorts
    # three of them on disk); for this read's transaction only
    session.execute(text("SET LOCAL work_mem = '32MB'"))
    month_col: Any = func.date_trunc(literal_column("'month'"), IncidentRow.occurred_at)
    dow: Any = cast(extract("dow", IncidentRow.occurred_at), Integer)
    hour: Any = cast(extract("hour", IncidentRow.occurred_at), Integer)
    cat: Any = IncidentRow.category_id
    sid: Any = IncidentRow.service_id
    lid: Any = IncidentRow.location_id
    harm: Any = IncidentRow.physical_harm
    columns: list[Any] = [func.grouping(cat), func.grouping(lid), func.grouping(harm), month_col, cat, sid, lid, harm]
    if not heat_map:  # no (weekday, hour) set: their columns would not be grouped
        dow = hour = cast(null(), Integer)
    columns += [dow, hour, func.count()]
    sets = [tuple_(month_col, cat, sid), tuple_(sid, lid), tuple_(harm)] + ([tuple_(dow, hour)] if heat_map else [])
    query = apply_filter(select(*columns), f).group_by(func.grouping_sets(*sets))
    months: list[tuple[date, int, int, int]] = []
    where: list[tuple[int, int | None, int]] = []
    harm_counts_: dict[str, int] = {}
    heat: list[tuple[int, int, int]] = []
    for g_cat, g_lid, g_harm, m, c, s_id, l_id, h, d, hr, n in session.execute(query):
        if g_cat == 0:
            months.append((date(m.year, m.month, 1), c, s_id, int(n)))
        elif g_lid == 0:
            where.append((s_id, l_id, int(n)))
        elif g_harm == 0:
            harm_counts_[h] = int(n)
        else:
            heat.append(((int(d) + 6) % 7, int(hr), int(n)))
    return months, where, harm_counts_, heat


def names(session: Session) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Category, service and location names by id (small tables)."""
    return (
        {i: name for i, name in session.execute(select(CategoryRow.id, CategoryRow.name))},
        {i: name for i, name in session.execute(select(ServiceRow.id, ServiceRow.name))},
        {i: name for i, name in session.execute(select(LocationRow.id, LocationRow.name))},
    )


def by_location(session: Session, f: TrendFilter) -> list[tuple[int | None, str, str, int]]:
    """(location id or None, service name, location name, count), largest first."""
    counts = (
        apply_filter(select(IncidentRow.service_id, IncidentRow.location_id, func.count(IncidentRow.id).label("n")), f)
        .group_by(IncidentRow.service_id, IncidentRow.location_id)
        .subquery()
    )
    rows = session.execute(
        select(counts.c.location_id, ServiceRow.name, LocationRow.name, counts.c.n)
        .join(ServiceRow, ServiceRow.id == counts.c.service_id)
        .outerjoin(LocationRow, LocationRow.id == counts.c.location_id)
        .order_by(counts.c.n.desc(), ServiceRow.name, LocationRow.name)
    )
    return [(lid, service, location or "", int(n)) for lid, service, location, n in rows]


def harm_counts(session: Session, f: TrendFilter) -> dict[str, int]:
    rows = session.execute(
        apply_filter(select(IncidentRow.physical_harm, func.count(IncidentRow.id)), f).group_by(
            IncidentRow.physical_harm
        )
    )
    return {harm: int(n) for harm, n in rows}


def daily_counts(session: Session, f: TrendFilter, first: date, last: date) -> dict[int, int]:
    """Day of month -> count between first and last (inclusive), within the filter."""
    day = _day(session).label("day")
    query = apply_filter(select(day, func.count(IncidentRow.id)), f).where(
        IncidentRow.occurred_at >= _start(first), IncidentRow.occurred_at < _start(last + timedelta(days=1))
    )
    return {int(d): int(n) for d, n in session.execute(query.group_by(day))}


def category_name(session: Session, category_id: int) -> str | None:
    return session.scalar(select(CategoryRow.name).where(CategoryRow.id == category_id))


def selection_ids(session: Session, f: TrendFilter, selection: ChartSelection, limit: int = 5000) -> list[int]:
    """Ids of the incidents behind a clicked bar, cell, point or box; newest first."""
    query = apply_filter(select(IncidentRow.id), f)
    if selection.month is not None:
        nxt = date(selection.month.year + selection.month.month // 12, selection.month.month % 12 + 1, 1)
        query = query.where(IncidentRow.occurred_at >= _start(selection.month), IncidentRow.occurred_at < _start(nxt))
    if selection.day is not None:
        query = query.where(
            IncidentRow.occurred_at >= _start(selection.day),
            IncidentRow.occurred_at < _start(selection.day + timedelta(days=1)),
        )
    if selection.category_id is not None:
        query = query.where(IncidentRow.category_id == selection.category_id)
    if selection.weekday is not None:
        query = query.where(_sunday_weekday(session) == (selection.weekday + 1) % 7)
    if selection.hour is not None:
        query = query.where(_hour(session) == selection.hour)
    if selection.location_id is not None:
        query = query.where(IncidentRow.location_id == selection.location_id)
    if selection.no_location:
        query = query.where(IncidentRow.location_id.is_(None))
    if selection.harm is not None:
        query = query.where(IncidentRow.physical_harm == selection.harm.value)
    query = query.order_by(IncidentRow.occurred_at.desc(), IncidentRow.id.desc()).limit(limit)
    return list(session.scalars(query))


# ----------------------------------------------------------------------------------------------- pattern detection
def pattern_incidents(
    session: Session, since: date, until: date, service_id: int | None = None
) -> list[PatternIncident]:
    """Incidents (not compliments) between since and until inclusive, with the ID codes of the people involved.

    With `service_id`: that service's incidents, and every incident of the period of a person involved in one of
    them (wherever it happened), so a person's repeats are seen whole, as the provider-wide read sees them."""
    period = (
        IncidentRow.occurred_at >= _start(since),
        IncidentRow.occurred_at < _start(until + timedelta(days=1)),
        IncidentRow.kind != "compliment",
    )
    elsewhere: list[int] = []
    if service_id is None:
        rows = _incident_rows(session, *period)
        people = _people_rows(session, *period, of_incidents=True)
    else:
        # one service: its incidents, their people, then those people's incidents at other services, each read by
        # a list of ids (a subquery in its place is planned as if every incident of the period might be wanted)
        rows = _incident_rows(session, *period, IncidentRow.service_id == service_id)
        people = _by_ids(session, _people_rows, IncidentPersonRow.incident_id, [r[0] for r in rows])
        involved = sorted({person_id for _iid, person_id, _code in people})
        found_elsewhere: set[int] = set()
        for of_people in id_conditions(session, IncidentPersonRow.person_id, involved):
            found_elsewhere.update(
                session.scalars(
                    select(IncidentPersonRow.incident_id)
                    .join(IncidentRow, IncidentRow.id == IncidentPersonRow.incident_id)
                    .where(*period, IncidentRow.service_id != service_id, of_people)
                    .distinct()
                )
            )
        elsewhere = sorted(found_elsewhere)
        if elsewhere:
            rows += _by_ids(session, _incident_rows, IncidentRow.id, elsewhere)
            people += _by_ids(session, _people_rows, IncidentPersonRow.incident_id, elsewhere)
    sqlite = _dialect(session) != "postgresql"
    moment = datetime.fromisoformat if sqlite else _unchanged
    if elsewhere:  # two reads merged: one time order again, as the provider-wide read gives
        rows.sort(key=lambda r: (moment(r[2]), r[0]))
    found: dict[int, list[str]] = {}
    for incident_id, _person_id, code in people:
        found.setdefault(incident_id, []).append(code)
    codes = {iid: tuple(c) for iid, c in found.items()}
    categories, services, locations = names(session)
    return [
        PatternIncident(
            iid,
            ref,
            moment(at),
            cid,
            categories.get(cid, ""),
            sid,
            services.get(sid, ""),
            lid,
            locations.get(lid, ""),
            shift,
            codes.get(iid, ()),
        )
        for iid, ref, at, cid, sid, lid, shift in rows
    ]


def _incident_rows(session: Session, *where: Any) -> list[Any]:
    """(id, reference, occurred at, category, service, location, shift) of the incidents, oldest first."""
    # on SQLite the stored ISO text is parsed with datetime.fromisoformat, much faster than the ORM's converter
    sqlite = _dialect(session) != "postgresql"
    when = type_coerce(IncidentRow.occurred_at, String) if sqlite else IncidentRow.occurred_at
    return _all(
        session,
        select(
            IncidentRow.id,
            IncidentRow.reference,
            when,
            IncidentRow.category_id,
            IncidentRow.service_id,
            IncidentRow.location_id,
            IncidentRow.shift,
        )
        .where(*where)
        .order_by(IncidentRow.occurred_at, IncidentRow.id),
    )


def _people_rows(session: Session, *where: Any, of_incidents: bool = False) -> list[Any]:
    """(incident id, person id, ID code) of the people involved in the incidents, by incident and code (`where` on
    incidents' columns too with `of_incidents`)."""
    query = select(IncidentPersonRow.incident_id, IncidentPersonRow.person_id, PersonRow.code).join(
        PersonRow, PersonRow.id == IncidentPersonRow.person_id
    )
    if of_incidents:
        query = query.join(IncidentRow, IncidentRow.id == IncidentPersonRow.incident_id)
    return _all(session, query.where(*where).order_by(IncidentPersonRow.incident_id, PersonRow.code))


def _by_ids(session: Session, read: Any, column: Any, ids: Sequence[int]) -> list[Any]:
    """`read(session, condition)` for the rows whose `column` is in `ids` (db.id_lists: chunked on SQLite)."""
    out: list[Any] = []
    for condition in id_conditions(session, column, ids):
        out += read(session, condition)
    return out


def _unchanged(value: Any) -> Any:
    return value


def monthly_by_service_category(
    session: Session, since: date, until: date, service_id: int | None = None
) -> list[tuple[date, int, str, int, str, int]]:
    """(month, service id, service, category id, category, count) for incidents (not compliments) in the period, at
    every service or only at `service_id`."""
    month = _month(session).label("month")
    counts = (
        _by_month(
            session,
            select(month, IncidentRow.service_id, IncidentRow.category_id, func.count(IncidentRow.id).label("n")),
            TrendFilter(since, until, service_id, exclude_compliments=True),
        )
        .group_by(month, IncidentRow.category_id, IncidentRow.service_id)  # the order of ix_trends_month (SQLite)
        .subquery()
    )
    rows = _all(
        session,
        select(counts.c.month, counts.c.service_id, ServiceRow.name, counts.c.category_id, CategoryRow.name, counts.c.n)
        .join(ServiceRow, ServiceRow.id == counts.c.service_id)
        .join(CategoryRow, CategoryRow.id == counts.c.category_id)
        .order_by(counts.c.month),
    )
    return [(_month_key(m), sid, sname, cid, cname, int(n)) for m, sid, sname, cid, cname, n in rows]


def ids_in_months(
    session: Session, service_id: int, category_id: int, first: date, last_exclusive: date
) -> list[tuple[int, str]]:
    """(id, reference) of incidents of one category at one service in [first, last_exclusive)."""
    rows = _all(
        session,
        select(IncidentRow.id, IncidentRow.reference)
        .where(
            IncidentRow.service_id == service_id,
            IncidentRow.category_id == category_id,
            IncidentRow.kind != "compliment",
            IncidentRow.occurred_at >= _start(first),
            IncidentRow.occurred_at < _start(last_exclusive),
        )
        .order_by(IncidentRow.occurred_at, IncidentRow.id),
    )
    return [(i, ref) for i, ref in rows]


# ----------------------------------------------------------------------------------------------- SPC extras
def load_targets(session: Session) -> dict[tuple[int, int | None], float]:
    """Monthly targets per (category id, service id or None for all services), from the settings table."""
    out: dict[tuple[int, int | None], float] = {}
    for key, value in session.execute(
        select(SettingRow.key, SettingRow.value).where(SettingRow.key.startswith(TARGET_PREFIX))
    ):
        parsed = parse_target_key(key)
        try:
            number = float(value)
        except ValueError:
            continue  # a value that no longer parses counts as no target
        if parsed is not None:
            out[parsed] = number
    return out


def store_target(session: Session, key: str, value: float | None) -> None:
    row = session.get(SettingRow, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(SettingRow(key=key, value=f"{value:g}"))
    else:
        row.value = f"{value:g}"
    session.flush()


def event_times(session: Session, f: TrendFilter, first: date, last: date) -> list[datetime]:
    """When each incident in the filter happened between first and last (inclusive), oldest first."""
    query = apply_filter(select(IncidentRow.occurred_at), f).where(
        IncidentRow.occurred_at >= _start(first), IncidentRow.occurred_at < _start(last + timedelta(days=1))
    )
    return list(session.scalars(query.order_by(IncidentRow.occurred_at)))


def completed_actions(
    session: Session, service_id: int | None, category_id: int | None, first: date, last: date
) -> list[tuple[int, str, datetime, str]]:
    """(id, title, completed at, status) of done or verified actions completed in the period, oldest first; with a
    category, only actions linked to at least one incident of that category (the actions meant to change it)."""
    query = select(ActionRow.id, ActionRow.title, ActionRow.completed_at, ActionRow.status).where(
        ActionRow.status.in_(("done", "verified")),
        ActionRow.completed_at.is_not(None),
        ActionRow.completed_at >= _start(first),
        ActionRow.completed_at < _start(last + timedelta(days=1)),
    )
    if service_id is not None:
        query = query.where(ActionRow.service_id == service_id)
    if category_id is not None:
        linked = (
            select(ActionIncidentRow.action_id)
            .join(IncidentRow, IncidentRow.id == ActionIncidentRow.incident_id)
            .where(IncidentRow.category_id == category_id)
        )
        query = query.where(ActionRow.id.in_(linked))
    rows = session.execute(query.order_by(ActionRow.completed_at, ActionRow.id))
    return [(i, title, at, status) for i, title, at, status in rows if at is not None]


def actions_by_id(session: Session, ids: set[int]) -> list[tuple[int, str, datetime | None, str, int | None]]:
    """(id, title, completed at, status, service id) of the given actions (those linked to audits), by id."""
    if not ids:
        return []
    rows = session.execute(
        select(ActionRow.id, ActionRow.title, ActionRow.completed_at, ActionRow.status, ActionRow.service_id)
        .where(ActionRow.id.in_(sorted(ids)))
        .order_by(ActionRow.id)
    )
    return [(i, title, at, status, sid) for i, title, at, status, sid in rows]


def data_version(session: Session) -> tuple[int, int]:
    """(last audit entry id, last incident id): changes with every committed write, since every write appends to
    the audit trail in its own transaction, and audit entries are appended one writer at a time (each takes the
    audit head's row lock until it commits), so a later id is never committed before an earlier one.

    Both are reads of one end of a primary key. It used to count the incidents as well, which grew with the data:
    6 ms at 100,000 incidents on SQLite, 0.1 s at 1,000,000 on PostgreSQL, on every cached read."""
    from carelog.db.models.audit import AuditRow

    last_audit = session.scalar(select(func.max(AuditRow.id)))
    last_incident = session.scalar(select(func.max(IncidentRow.id)))
    return int(last_audit or 0), int(last_incident or 0)
