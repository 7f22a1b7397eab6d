"""Reads behind the pack's checks (issue 16): counts of records like a review's either side of a date, period totals
for the comparison table, and the links a sampled record is traced along (triage, reviews, actions)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from carelog.core.enums import Kind, PhysicalHarm
from carelog.core.triage import Triage
from carelog.db.models import CategoryRow, IncidentRow, LocationRow, ServiceRow
from carelog.db.models.actions import ActionIncidentRow
from carelog.db.models.reviews import ReviewIncidentRow
from carelog.db.repositories import triage as triage_repo
from carelog.db.repositories.pack import period_filter

CHUNK = 500


def like_records_counts(
    session: Session, incident_ids: Sequence[int], before_start: datetime, split: datetime, after_end: datetime
) -> tuple[int, int, str]:
    """Records with the same category and location as the given ones (category and service where one had no
    location), not compliments, in [before_start, split) and [split, after_end); and what they were matched on."""
    linked = session.execute(
        select(
            IncidentRow.category_id, IncidentRow.location_id, IncidentRow.service_id, CategoryRow.name,
            LocationRow.name, ServiceRow.name,
        )
        .join(CategoryRow, CategoryRow.id == IncidentRow.category_id)
        .join(ServiceRow, ServiceRow.id == IncidentRow.service_id)
        .outerjoin(LocationRow, LocationRow.id == IncidentRow.location_id)
        .where(IncidentRow.id.in_(list(incident_ids)))
        .distinct()
    ).all()  # fmt: skip
    if not linked:
        return 0, 0, ""
    match = or_(
        *(
            and_(
                IncidentRow.category_id == cat,
                IncidentRow.location_id == loc if loc is not None else IncidentRow.service_id == svc,
            )
            for cat, loc, svc, *_names in linked
        )
    )
    before = func.count().filter(IncidentRow.occurred_at < split)
    after = func.count().filter(IncidentRow.occurred_at >= split)
    row = session.execute(
        select(before, after).where(
            match,
            IncidentRow.kind != Kind.COMPLIMENT.value,
            IncidentRow.occurred_at >= before_start,
            IncidentRow.occurred_at < after_end,
        )
    ).one()
    labels = sorted({f"{c} in {loc} ({s})" if loc else f"{c} at {s}" for _c, _l, _s, c, loc, s in linked})
    return int(row[0] or 0), int(row[1] or 0), "; ".join(labels)


def period_totals(session: Session, date_from: date, date_to: date, service_id: int | None) -> tuple[int, int, int]:
    """(records, records with physical harm low or worse, near misses) from date_from to date_to inclusive."""
    harmed = func.count().filter(
        IncidentRow.physical_harm != PhysicalHarm.NONE.value, IncidentRow.kind != Kind.COMPLIMENT.value
    )
    near = func.count().filter(IncidentRow.kind == Kind.NEAR_MISS.value)
    query = period_filter(select(func.count(), harmed, near), date_from, date_to, service_id)
    row = session.execute(query).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


def action_incidents(session: Session, action_ids: Sequence[int]) -> dict[int, tuple[tuple[int, str], ...]]:
    """The (incident id, reference) pairs each action is linked to."""
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    ids = list(action_ids)
    for start in range(0, len(ids), CHUNK):
        for aid, iid, ref in session.execute(
            select(ActionIncidentRow.action_id, IncidentRow.id, IncidentRow.reference)
            .join(IncidentRow, IncidentRow.id == ActionIncidentRow.incident_id)
            .where(ActionIncidentRow.action_id.in_(ids[start : start + CHUNK]))
            .order_by(IncidentRow.occurred_at)
        ):
            out[aid].append((iid, ref))
    return {k: tuple(v) for k, v in out.items()}


def review_incident_ids(session: Session, review_ids: Sequence[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for rid, iid in session.execute(
        select(ReviewIncidentRow.review_id, ReviewIncidentRow.incident_id).where(
            ReviewIncidentRow.review_id.in_(list(review_ids))
        )
    ):
        out[rid].add(iid)
    return dict(out)


def incident_reviews(session: Session, incident_ids: Sequence[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for rid, iid in session.execute(
        select(ReviewIncidentRow.review_id, ReviewIncidentRow.incident_id)
        .where(ReviewIncidentRow.incident_id.in_(list(incident_ids)))
        .order_by(ReviewIncidentRow.review_id)
    ):
        out[iid].append(rid)
    return dict(out)


def incident_actions(session: Session, incident_ids: Sequence[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for aid, iid in session.execute(
        select(ActionIncidentRow.action_id, ActionIncidentRow.incident_id)
        .where(ActionIncidentRow.incident_id.in_(list(incident_ids)))
        .order_by(ActionIncidentRow.action_id)
    ):
        out[iid].append(aid)
    return dict(out)


def triages(session: Session, incident_ids: Sequence[int]) -> dict[int, Triage]:
    found = {}
    for iid in incident_ids:
        t = triage_repo.get(session, iid)
        if t is not None:
            found[iid] = t
    return found


def reported_at(session: Session, incident_ids: Sequence[int]) -> dict[int, datetime]:
    query = select(IncidentRow.id, IncidentRow.reported_at).where(IncidentRow.id.in_(list(incident_ids)))
    return {iid: at for iid, at in session.execute(query)}


def incident_places(session: Session, incident_ids: Sequence[int]) -> dict[int, tuple[int, int | None, int | None]]:
    """(category, location, service when there is no location) of each record: what "a record like it" means."""
    out: dict[int, tuple[int, int | None, int | None]] = {}
    ids = list(incident_ids)
    for start in range(0, len(ids), CHUNK):
        for iid, cat, loc, svc in session.execute(
            select(IncidentRow.id, IncidentRow.category_id, IncidentRow.location_id, IncidentRow.service_id).where(
                IncidentRow.id.in_(ids[start : start + CHUNK])
            )
        ):
            out[iid] = (cat, loc, None if loc is not None else svc)
    return out
