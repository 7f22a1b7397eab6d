"""Persistence of the incident aggregate, and the SQL behind the incident list (filter, search, sort)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import Table, and_, delete, exists, func, insert, or_, select, text, update
from sqlalchemy.orm import Session, aliased

from carelog.core import incident_codec as codec
from carelog.core.deadlines import DeadlineCandidate, PreFilter, kinds_that_may_apply, pre_filter
from carelog.core.dto import (
    IncidentDetail,
    IncidentFilter,
    IncidentInput,
    IncidentSummary,
    PersonRef,
)
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm, Shift, Status
from carelog.core.errors import NotFoundError
from carelog.db.id_lists import id_conditions
from carelog.db.models import (
    CategoryRow,
    IncidentPersonRow,
    IncidentRow,
    LocationRow,
    NotificationRow,
    PersonRow,
    ReferenceCounterRow,
    ServiceRow,
    SubcategoryRow,
)
from carelog.db.repositories.versions import claim_version
from carelog.db.select_types import AnySelect, SelectT

PG_SEARCH_EXPR = (
    "to_tsvector('simple', coalesce(incidents.reference, '') || ' ' || coalesce(incidents.account, '') || ' ' || "
    "coalesce(incidents.immediate_action, '') || ' ' || coalesce(incidents.witnesses, ''))"
)
_TOKEN = re.compile(r"[\w-]+", re.UNICODE)
_REFERENCE_TERM = re.compile(r"[a-z]{2,6}-\d{4}(-\d*)?")

SORT_COLUMNS: dict[str, Any] = {
    "reference": IncidentRow.id,
    "occurred_at": IncidentRow.occurred_at,
    "kind": IncidentRow.kind,
    "category": CategoryRow.name,
    "service": ServiceRow.name,
    "location": LocationRow.name,
    "harm": IncidentRow.physical_harm,
    "status": IncidentRow.status,
    "shift": IncidentRow.shift,
    "risk": IncidentRow.risk_score,
}


# ----------------------------------------------------------------------------------------------- references
def next_reference(session: Session, year: int, prefix: str = "INC") -> str:
    return allocate_references(session, year, 1, prefix)[0]


def allocate_references(session: Session, year: int, count: int, prefix: str = "INC") -> list[str]:
    """Reserve `count` consecutive references for a year, race-free on SQLite and PostgreSQL.

    The counter row is created with INSERT .. ON CONFLICT DO NOTHING (two writers starting a new year cannot
    both insert it), then moved on by one UPDATE that takes the row lock; the number read back is this
    transaction's own.
    """
    _ensure_counter(session, prefix, year)
    key = (ReferenceCounterRow.prefix == prefix, ReferenceCounterRow.year == year)
    session.execute(
        update(ReferenceCounterRow)
        .where(*key)
        .values(last_number=ReferenceCounterRow.last_number + count)
        .execution_options(synchronize_session=False)
    )
    last = int(session.scalar(select(ReferenceCounterRow.last_number).where(*key)) or 0)
    first = last - count + 1
    return [f"{prefix}-{year}-{n:04d}" for n in range(first, first + count)]


def _ensure_counter(session: Session, prefix: str, year: int) -> None:
    values = {"prefix": prefix, "year": year, "last_number": 0}
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(ReferenceCounterRow).values(values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(ReferenceCounterRow).values(values).on_conflict_do_nothing())


def claim_reference(session: Session, reference: str) -> None:
    """Record an externally supplied reference (imports) so the counter never issues it again."""
    match = re.fullmatch(r"([A-Z]+)-(\d{4})-(\d+)", reference)
    if not match:
        return
    prefix, year, number = match.group(1), int(match.group(2)), int(match.group(3))
    _ensure_counter(session, prefix, year)
    session.execute(
        update(ReferenceCounterRow)
        .where(
            ReferenceCounterRow.prefix == prefix,
            ReferenceCounterRow.year == year,
            ReferenceCounterRow.last_number < number,
        )
        .values(last_number=number)
        .execution_options(synchronize_session=False)
    )


def existing_references(session: Session, references: Sequence[str]) -> set[str]:
    found: set[str] = set()
    refs = list(references)
    for i in range(0, len(refs), 500):
        found.update(session.scalars(select(IncidentRow.reference).where(IncidentRow.reference.in_(refs[i : i + 500]))))
    return found


# ----------------------------------------------------------------------------------------------- writes
def _apply(row: IncidentRow, data: IncidentInput, shift: Shift, risk_score: int | None) -> None:
    assert data.kind is not None and data.category_id is not None and data.occurred_at is not None
    assert data.service_id is not None
    for name, value in codec.to_fields(data).items():
        setattr(row, name, value)
    row.risk_score = risk_score
    row.shift = shift.value


def _replace_children(session: Session, incident_id: int, data: IncidentInput) -> None:
    session.execute(delete(IncidentPersonRow).where(IncidentPersonRow.incident_id == incident_id))
    session.execute(delete(NotificationRow).where(NotificationRow.incident_id == incident_id))
    session.add_all(IncidentPersonRow(incident_id=incident_id, person_id=pid) for pid in dict.fromkeys(data.person_ids))
    session.add_all(
        NotificationRow(incident_id=incident_id, **codec.notification_fields(n)) for n in data.notifications
    )


def insert_incident(
    session: Session,
    data: IncidentInput,
    *,
    reference: str,
    shift: Shift,
    risk_score: int | None,
    reporter_id: int | None,
    reported_at: datetime,
    now: datetime,
    status: Status = Status.REPORTED,
) -> int:
    row = IncidentRow(reference=reference, status=status.value, reporter_id=reporter_id, reported_at=reported_at)
    _apply(row, data, shift, risk_score)
    row.created_at = now
    row.updated_at = now
    row.version = 1
    session.add(row)
    session.flush()
    _replace_children(session, row.id, data)
    session.flush()
    return row.id


def update_incident(
    session: Session,
    incident_id: int,
    data: IncidentInput,
    *,
    shift: Shift,
    risk_score: int | None,
    expected_version: int,
    now: datetime,
) -> int:
    reference = session.scalar(select(IncidentRow.reference).where(IncidentRow.id == incident_id))
    row = claim_version(
        session,
        IncidentRow,
        incident_id,
        expected_version,
        conflict=f"{reference} was changed by someone else while you were editing, so your edit was not saved. "
        "Your changes are still in the form: copy what you need, close it, reopen the report and enter them again.",
        missing=f"Incident {incident_id} no longer exists.",
    )
    _apply(row, data, shift, risk_score)
    if data.reported_at is not None:
        row.reported_at = data.reported_at
    row.updated_at = now
    _replace_children(session, incident_id, data)
    session.flush()
    return row.version


def set_status(session: Session, incident_id: int, status: Status, now: datetime) -> Status:
    row = session.get(IncidentRow, incident_id, with_for_update=True)
    if row is None:
        raise NotFoundError(f"Incident {incident_id} no longer exists.")
    old = Status(row.status)
    row.status = status.value
    row.updated_at = now
    row.version += 1
    session.flush()
    return old


# ----------------------------------------------------------------------------------------------- reads
def get_detail(session: Session, incident_id: int) -> IncidentDetail:
    row = session.get(IncidentRow, incident_id)
    if row is None:
        raise NotFoundError(f"Incident {incident_id} does not exist.")
    people = tuple(
        PersonRef(p.id, p.code, p.display_name, p.service_id)
        for p in session.scalars(
            select(PersonRow)
            .join(IncidentPersonRow, IncidentPersonRow.person_id == PersonRow.id)
            .where(IncidentPersonRow.incident_id == incident_id)
            .order_by(PersonRow.code)
        )
    )
    notes = tuple(
        codec.notification_from_fields(n.kind, n.made_at, n.reference, n.note)
        for n in session.scalars(
            select(NotificationRow).where(NotificationRow.incident_id == incident_id).order_by(NotificationRow.id)
        )
    )
    data = codec.from_fields(
        {name: getattr(row, name) for name in codec.STORED_FIELDS},
        reported_at=row.reported_at,
        person_ids=(p.id for p in people),
        notifications=notes,
    )
    names = session.execute(
        select(ServiceRow.name, LocationRow.name, CategoryRow.name, SubcategoryRow.name)
        .select_from(IncidentRow)
        .join(ServiceRow, ServiceRow.id == IncidentRow.service_id)
        .join(CategoryRow, CategoryRow.id == IncidentRow.category_id)
        .outerjoin(LocationRow, LocationRow.id == IncidentRow.location_id)
        .outerjoin(SubcategoryRow, SubcategoryRow.id == IncidentRow.subcategory_id)
        .where(IncidentRow.id == incident_id)
    ).one()
    return IncidentDetail(
        id=row.id,
        reference=row.reference,
        version=row.version,
        status=Status(row.status),
        shift=Shift(row.shift),
        reported_at=row.reported_at,
        reporter_id=row.reporter_id,
        data=data,
        service_name=names[0],
        location_name=names[1] or "",
        category_name=names[2],
        subcategory_name=names[3] or "",
        people=people,
        created_at=row.created_at,
        updated_at=row.updated_at,
        risk_score=row.risk_score,
    )


def search_terms(text_query: str) -> list[str]:
    return _TOKEN.findall(text_query.lower())


def _apply_filter(query: SelectT, session: Session, f: IncidentFilter) -> SelectT:
    if f.date_from is not None:
        query = query.where(IncidentRow.occurred_at >= datetime.combine(f.date_from, time.min))
    if f.date_to is not None:
        query = query.where(IncidentRow.occurred_at < datetime.combine(f.date_to + timedelta(days=1), time.min))
    if f.service_id is not None:
        query = query.where(IncidentRow.service_id == f.service_id)
    if f.location_id is not None:
        query = query.where(IncidentRow.location_id == f.location_id)
    if f.kind is not None:
        query = query.where(IncidentRow.kind == f.kind.value)
    if f.category_id is not None:
        query = query.where(IncidentRow.category_id == f.category_id)
    if f.harm is not None:
        query = query.where(IncidentRow.physical_harm == f.harm.value)
    if f.status is not None:
        query = query.where(IncidentRow.status == f.status.value)
    if f.reporter_id is not None:
        query = query.where(IncidentRow.reporter_id == f.reporter_id)
    terms = search_terms(f.text)
    for ref_term in [t for t in terms if _REFERENCE_TERM.fullmatch(t)]:
        query = query.where(func.lower(IncidentRow.reference).like(ref_term + "%"))
    terms = [t for t in terms if not _REFERENCE_TERM.fullmatch(t)]
    if terms:
        dialect = session.get_bind().dialect.name
        if dialect == "sqlite":
            match = " ".join('"' + t.replace('"', "") + '"*' for t in terms)
            query = query.where(
                IncidentRow.id.in_(
                    text("SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH :fts_q").bindparams(fts_q=match)
                )
            )
        elif dialect == "postgresql":
            parts = [w for t in terms for w in re.split(r"[^\w]+", t) if w]
            tsq = " & ".join(w + ":*" for w in parts)
            if tsq:
                query = query.where(text(f"{PG_SEARCH_EXPR} @@ to_tsquery('simple', :ts_q)").bindparams(ts_q=tsq))
        else:  # pragma: no cover - other databases fall back to a slow LIKE
            for t in terms:
                query = query.where(IncidentRow.account.ilike(f"%{t}%"))
    return query


SUBCATEGORY = aliased(SubcategoryRow, name="subcategory")


def with_names(query: SelectT) -> SelectT:
    """Join what is shown beside an incident: its category and service, and its location and subcategory when
    set (select SUBCATEGORY.name for the latter)."""
    return (
        query.join(CategoryRow, CategoryRow.id == IncidentRow.category_id)
        .join(ServiceRow, ServiceRow.id == IncidentRow.service_id)
        .outerjoin(LocationRow, LocationRow.id == IncidentRow.location_id)
        .outerjoin(SUBCATEGORY, SUBCATEGORY.id == IncidentRow.subcategory_id)
    )


def _summary_query() -> AnySelect:
    return with_names(
        select(
            IncidentRow.id,
            IncidentRow.reference,
            IncidentRow.occurred_at,
            IncidentRow.kind,
            CategoryRow.name,
            ServiceRow.name,
            LocationRow.name,
            IncidentRow.physical_harm,
            IncidentRow.status,
            IncidentRow.shift,
            IncidentRow.risk_score,
            SUBCATEGORY.name,
        )
    )


_KINDS = {k.value: k for k in Kind}
_HARMS = {h.value: h for h in PhysicalHarm}
_STATUSES = {s.value: s for s in Status}
_SHIFTS = {s.value: s for s in Shift}


def _to_summary(r: Any) -> IncidentSummary:
    return IncidentSummary(
        r[0],
        r[1],
        r[2],
        _KINDS[r[3]],
        r[4],
        r[5],
        r[6] or "",
        _HARMS[r[7]],
        _STATUSES[r[8]],
        _SHIFTS[r[9]],
        r[10],
        r[11] or "",
    )


def _ordered(query: SelectT, f: IncidentFilter) -> SelectT:
    column = SORT_COLUMNS.get(f.sort_key, IncidentRow.occurred_at)
    order = column.desc() if f.descending else column.asc()
    tie = IncidentRow.id.desc() if f.descending else IncidentRow.id.asc()
    query = query.order_by(order, tie)
    return query.limit(f.limit) if f.limit is not None else query


def list_incidents(session: Session, f: IncidentFilter) -> list[IncidentSummary]:
    query = _ordered(_apply_filter(_summary_query(), session, f), f)
    return [_to_summary(r) for r in session.execute(query)]


def list_ids(session: Session, f: IncidentFilter) -> list[int]:
    """The ids matching a filter, in the requested order: cheap even at 100,000 incidents."""
    split = _recent_split(session, f)
    if split is not None:
        return _newest_first_in_two(session, f, split)
    query = select(IncidentRow.id)
    if f.sort_key in ("category", "service", "location"):
        query = (
            query.join(CategoryRow, CategoryRow.id == IncidentRow.category_id)
            .join(ServiceRow, ServiceRow.id == IncidentRow.service_id)
            .outerjoin(LocationRow, LocationRow.id == IncidentRow.location_id)
        )
    query = _ordered(_apply_filter(query, session, f), f)
    return list(session.scalars(query))


RECENT_SEARCH_DAYS = 365  # PostgreSQL search, newest first: the last year's matches are looked at first


def _recent_split(session: Session, f: IncidentFilter) -> datetime | None:
    """Where a capped, newest-first free-text search on PostgreSQL splits its read, or None to read it in one.

    The GIN index finds every match of a prefix search (at provider scale 125,000 for a common phrase), and
    sorting them all by date reads each one's row: most of the time of the search. Split at a year before the
    newest incident, the year's matches come from the intersection of the GIN index with the date index (a
    fraction of the rows); the older matches are read only when the year holds fewer than the cap."""
    if (
        f.limit is None
        or f.sort_key != "occurred_at"
        or not f.descending
        or session.get_bind().dialect.name != "postgresql"
    ):
        return None
    if not [t for t in search_terms(f.text) if not _REFERENCE_TERM.fullmatch(t)]:
        return None
    newest = session.scalar(select(func.max(IncidentRow.occurred_at)))
    if newest is None:
        return None
    split: datetime = newest - timedelta(days=RECENT_SEARCH_DAYS)
    if f.date_from is not None and datetime.combine(f.date_from, time.min) >= split:
        return None  # the filter's own dates are narrower already
    return split


def _newest_first_in_two(session: Session, f: IncidentFilter, split: datetime) -> list[int]:
    """list_ids for a newest-first filter read as two queries, at and after `split`, then before it: every row of
    the first sorts before every row of the second, so the concatenation is the one query's answer."""
    assert f.limit is not None
    base = _apply_filter(select(IncidentRow.id), session, f)
    found = list(session.scalars(_ordered(base.where(IncidentRow.occurred_at >= split), f)))
    if len(found) >= f.limit:
        return found
    seen = set(found)  # (an incident whose date another PC moves between the two reads is listed once)
    rest = _ordered(base.where(IncidentRow.occurred_at < split), replace(f, limit=f.limit - len(found)))
    return found + [i for i in session.scalars(rest) if i not in seen]


def summaries(session: Session, ids: Sequence[int], reporter_id: int | None = None) -> list[IncidentSummary]:
    """Summaries for the given ids, in the same order (missing ids, and with reporter_id others' reports, are
    skipped)."""
    found: dict[int, IncidentSummary] = {}
    id_list = list(ids)
    for i in range(0, len(id_list), 900):
        query = _summary_query().where(IncidentRow.id.in_(id_list[i : i + 900]))
        if reporter_id is not None:
            query = query.where(IncidentRow.reporter_id == reporter_id)
        for r in session.execute(query):
            found[r[0]] = _to_summary(r)
    return [found[i] for i in id_list if i in found]


def count_incidents(session: Session, f: IncidentFilter) -> int:
    query = _apply_filter(select(func.count(IncidentRow.id)), session, f)
    return int(session.scalar(query) or 0)


def incident_ids_by_reference(session: Session, references: Sequence[str]) -> dict[str, int]:
    rows = session.execute(
        select(IncidentRow.reference, IncidentRow.id).where(IncidentRow.reference.in_(list(references)))
    )
    return {ref: iid for ref, iid in rows}


@dataclass(frozen=True)
class BulkIncident:
    data: IncidentInput
    reference: str
    status: Status
    shift: Shift
    risk_score: int | None
    reporter_id: int | None
    reported_at: datetime
    created_at: datetime


_INCIDENTS: Table = IncidentRow.__table__  # type: ignore[assignment]


def bulk_insert(session: Session, items: Sequence[BulkIncident], chunk: int = 2000) -> list[int]:
    """Insert many incidents with their people and notifications; returns the new ids in order."""
    ids: list[int] = []
    for start in range(0, len(items), chunk):
        part = items[start : start + chunk]
        rows = []
        for it in part:
            d = it.data
            assert d.kind is not None and d.occurred_at is not None
            rows.append(
                codec.to_fields(d)
                | {
                    "reference": it.reference,
                    "reported_at": it.reported_at,
                    "reporter_id": it.reporter_id,
                    "risk_score": it.risk_score,
                    "status": it.status.value,
                    "shift": it.shift.value,
                    "created_at": it.created_at,
                    "updated_at": it.created_at,
                    "version": 1,
                }
            )
        # One plain executemany, then the ids by reference (unique): on SQLite an INSERT ... RETURNING in
        # parameter order is sent one row at a time, ~20 times slower for a large import.
        session.execute(insert(_INCIDENTS), rows)
        by_reference: dict[str, int] = {}
        references = [it.reference for it in part]
        for at in range(0, len(references), 500):
            wanted = references[at : at + 500]
            stmt = select(IncidentRow.reference, IncidentRow.id).where(IncidentRow.reference.in_(wanted))
            by_reference.update((ref, iid) for ref, iid in session.execute(stmt))
        new_ids = [by_reference[r] for r in references]
        people = [
            {"incident_id": iid, "person_id": pid}
            for iid, it in zip(new_ids, part, strict=True)
            for pid in dict.fromkeys(it.data.person_ids)
        ]
        if people:
            session.execute(insert(IncidentPersonRow), people)
        notes = [
            {"incident_id": iid} | codec.notification_fields(n)
            for iid, it in zip(new_ids, part, strict=True)
            for n in it.data.notifications
        ]
        if notes:
            session.execute(insert(NotificationRow), notes)
        ids.extend(new_ids)
    session.flush()
    return ids


def deadline_candidates(
    session: Session, since: datetime, rules: PreFilter | None = None, service_id: int | None = None
) -> list[DeadlineCandidate]:
    """Incidents since a date that may need a statutory notification, with the notifications made.

    The filter is core.deadlines.pre_filter(): built from the rules themselves, on category codes, not names.
    (`rules` replaces it only for the benchmark's baseline.)"""
    return _with_notifications(session, session.execute(_recent_candidates(since, rules, service_id)).all())


def deadline_candidates_and_places(
    session: Session, since: datetime, service_id: int | None = None
) -> tuple[list[DeadlineCandidate], dict[int, tuple[str, int, str]]]:
    """deadline_candidates, and id -> (status, service id, service name) of each, read in the same query."""
    query = _recent_candidates(since, None, service_id).add_columns(
        IncidentRow.status, IncidentRow.service_id, ServiceRow.name
    )
    rows = session.execute(query.join(ServiceRow, ServiceRow.id == IncidentRow.service_id)).all()
    return _with_notifications(session, rows), {r[0]: (r[8], r[9], r[10]) for r in rows}


def _recent_candidates(since: datetime, rules: PreFilter | None, service_id: int | None) -> AnySelect:
    rules = rules or pre_filter()
    query = (
        _candidate_query(rules)
        .where(IncidentRow.occurred_at >= since)
        .where(
            CategoryRow.code.in_(sorted(rules.codes))
            | IncidentRow.physical_harm.in_(sorted(h.value for h in rules.harms))
        )
    )
    if service_id is not None:  # one service's Home: its incidents only
        query = query.where(IncidentRow.service_id == service_id)
    return query


def unmade_candidates(session: Session, before: datetime, service_id: int | None = None) -> list[DeadlineCandidate]:
    """Incidents before a date that may still lack a statutory notification: for some notification kind, one of
    its rules can fire on the record (core.deadlines.kinds_that_may_apply) and none of that kind is recorded.

    Older records are read only for this: a notification that was required and never made stays on the list
    however old it is. The rules themselves decide afterwards (core.deadlines.assess)."""
    rules = pre_filter()
    may = []
    for kind, (codes, harms) in kinds_that_may_apply().items():
        fires = []
        if codes:
            fires.append(CategoryRow.code.in_(sorted(codes)))
        if harms:
            fires.append(IncidentRow.physical_harm.in_(sorted(h.value for h in harms)))
        none_made = ~exists().where(NotificationRow.incident_id == IncidentRow.id, NotificationRow.kind == kind.value)
        may.append(and_(or_(*fires), none_made))
    query = _candidate_query(rules).where(IncidentRow.occurred_at < before).where(or_(*may))
    if service_id is not None:
        query = query.where(IncidentRow.service_id == service_id)
    return _with_notifications(session, session.execute(query).all())


def _candidate_query(rules: PreFilter) -> AnySelect:
    return (
        select(
            IncidentRow.id,
            IncidentRow.reference,
            IncidentRow.occurred_at,
            CategoryRow.code,
            CategoryRow.name,
            SUBCATEGORY.name,
            IncidentRow.kind,
            IncidentRow.physical_harm,
        )
        .join(CategoryRow, CategoryRow.id == IncidentRow.category_id)
        .outerjoin(SUBCATEGORY, SUBCATEGORY.id == IncidentRow.subcategory_id)
        .where(IncidentRow.kind.not_in(sorted(k.value for k in rules.exempt_kinds)))
        .order_by(IncidentRow.occurred_at.desc())
    )


def _with_notifications(session: Session, rows: Sequence[Any]) -> list[DeadlineCandidate]:
    made: dict[int, dict[NotificationKind, datetime | None]] = {}
    ids = [r[0] for r in rows]
    kinds = {k.value: k for k in NotificationKind}
    for condition in id_conditions(session, NotificationRow.incident_id, ids):
        notes = select(NotificationRow.incident_id, NotificationRow.kind, NotificationRow.made_at).where(condition)
        for incident_id, kind, made_at in session.execute(notes):
            made.setdefault(incident_id, {})[kinds[kind]] = made_at  # plain rows: ORM objects cost 10x at 100k
    return [
        DeadlineCandidate(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6], PhysicalHarm(r[7]), made.get(r[0], {}))
        for r in rows
    ]


def last_service_of_reporter(session: Session, reporter_id: int) -> int | None:
    """The service of the newest report this person made (by when it was reported)."""
    query = (
        select(IncidentRow.service_id)
        .where(IncidentRow.reporter_id == reporter_id)
        .order_by(IncidentRow.reported_at.desc(), IncidentRow.id.desc())
        .limit(1)
    )
    return session.scalar(query)
