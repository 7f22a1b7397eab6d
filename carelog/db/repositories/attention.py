"""The reads behind the attention list (Home tab, `carelog attention`): a few narrow queries, each indexed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from carelog.core.attention import ActionState, OpenReview
from carelog.core.review_dto import ReviewStatus
from carelog.db.id_lists import id_conditions
from carelog.db.models import AuditHeadRow, AuditRow, CategoryRow, IncidentRow, NotificationRow, ServiceRow
from carelog.db.models.actions import ActionRow
from carelog.db.models.reviews import ReviewIncidentRow, ReviewRow
from carelog.db.repositories.trends import _month

OPEN_ACTION_STATUSES = ("to_do", "in_progress")
MAX_ENTRIES_CHECKED = 500  # more audit entries than this since the last look: read the older stamp again


def service_ids_by_name(session: Session) -> dict[str, int]:
    return {name: sid for sid, name in session.execute(select(ServiceRow.id, ServiceRow.name))}


def incident_places(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, int, str]]:
    """id -> (status, service id, service name) for the given incidents."""
    out: dict[int, tuple[str, int, str]] = {}
    for condition in id_conditions(session, IncidentRow.id, ids):
        rows = session.execute(
            select(IncidentRow.id, IncidentRow.status, IncidentRow.service_id, ServiceRow.name)
            .join(ServiceRow, ServiceRow.id == IncidentRow.service_id)
            .where(condition)
        )
        out.update({iid: (status, sid, name) for iid, status, sid, name in rows})
    return out


def open_reviews_opened_before(
    session: Session, before: datetime, service_id: int | None = None, limit: int = 100
) -> list[OpenReview]:
    """Open reviews opened before a moment (past their target), oldest first, with their first incident."""
    first_ref = (
        select(func.min(IncidentRow.reference))
        .join(ReviewIncidentRow, ReviewIncidentRow.incident_id == IncidentRow.id)
        .where(ReviewIncidentRow.review_id == ReviewRow.id)
        .scalar_subquery()
    )
    query = select(ReviewRow.id, ReviewRow.title, ReviewRow.created_at, first_ref).where(
        ReviewRow.status == ReviewStatus.OPEN.value, ReviewRow.created_at < before
    )
    if service_id is not None:
        at_service = (
            select(ReviewIncidentRow.review_id)
            .join(IncidentRow, IncidentRow.id == ReviewIncidentRow.incident_id)
            .where(IncidentRow.service_id == service_id)
        )
        query = query.where(ReviewRow.id.in_(at_service))
    rows = session.execute(query.order_by(ReviewRow.created_at, ReviewRow.id).limit(limit))
    return [OpenReview(rid, title, created, ref or "") for rid, title, created, ref in rows]


def action_states(session: Session, due_before: date, service_id: int | None = None) -> list[ActionState]:
    """Actions that may need attention: open ones due before `due_before` or found not effective, and done ones
    with no effectiveness conclusion yet (or 'too early')."""
    open_due = ActionRow.status.in_(OPEN_ACTION_STATUSES) & (
        (ActionRow.due_date < due_before) | (ActionRow.conclusion == "not_effective")
    )
    awaiting = (ActionRow.status == "done") & ActionRow.conclusion.in_(("", "too_early"))
    query = (
        select(
            ActionRow.id,
            ActionRow.title,
            ActionRow.lead_name,
            ActionRow.due_date,
            ActionRow.status,
            ActionRow.conclusion,
            ActionRow.completed_at,
            ServiceRow.name,
        )
        .outerjoin(ServiceRow, ServiceRow.id == ActionRow.service_id)
        .where(open_due | awaiting)
    )
    if service_id is not None:
        query = query.where(ActionRow.service_id == service_id)
    return [
        ActionState(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6], r[7] or "")
        for r in session.execute(query.order_by(ActionRow.due_date, ActionRow.id))
    ]


def monthly_counts(
    session: Session, category_ids: Sequence[int], since: date, until: date, service_id: int | None = None
) -> list[tuple[date, int, int, int]]:
    """(month, service id, category id, count) of incidents (not compliments) in the given categories.

    count(*) and, on PostgreSQL, date_trunc keep it an index-only scan of ix_incidents_measure_counts: at provider
    scale count(id) and to_char cost 4 x more (they read every row)."""
    if session.get_bind().dialect.name == "postgresql":
        month = func.date_trunc(literal_column("'month'"), IncidentRow.occurred_at).label("month")
    else:
        month = _month(session).label("month")
    query = (
        select(month, IncidentRow.service_id, IncidentRow.category_id, func.count())
        .where(
            IncidentRow.category_id.in_(list(category_ids)),
            IncidentRow.occurred_at >= datetime.combine(since, time.min),
            IncidentRow.occurred_at < datetime.combine(until + timedelta(days=1), time.min),
            IncidentRow.kind != "compliment",
        )
        .group_by(month, IncidentRow.service_id, IncidentRow.category_id)
    )
    if service_id is not None:
        query = query.where(IncidentRow.service_id == service_id)
    out = []
    for m, sid, cid, n in session.execute(query):
        if isinstance(m, datetime):
            out.append((date(m.year, m.month, 1), sid, cid, int(n)))
            continue
        year, mon = str(m).split("-")[:2]
        out.append((date(int(year), int(mon), 1), sid, cid, int(n)))
    return out


def older_incidents_stamp(session: Session, before: datetime) -> tuple[int, ...]:
    """Changes whenever a record a never-made notification depends on changes: an incident that happened before
    `before` is added, edited, moved on or closed (its version rises), a notification is recorded for one, or
    the list of categories changes. A new report, or a notification for a recent one, leaves it as it was."""
    old = session.execute(
        select(func.count(IncidentRow.id), func.coalesce(func.sum(IncidentRow.version), 0)).where(
            IncidentRow.occurred_at < before
        )
    ).one()
    notes = session.execute(
        select(func.count(NotificationRow.id), func.coalesce(func.max(NotificationRow.id), 0))
        .join(IncidentRow, IncidentRow.id == NotificationRow.incident_id)
        .where(IncidentRow.occurred_at < before)
    ).one()
    cats = session.execute(select(func.count(CategoryRow.id), func.coalesce(func.max(CategoryRow.id), 0))).one()
    return (int(old[0]), int(old[1]), int(notes[0]), int(notes[1]), int(cats[0]), int(cats[1]))


def audit_head(session: Session) -> tuple[int, str]:
    """(id, hash) of the newest audit entry: every write is audited, so it moves with every write."""
    head = session.get(AuditHeadRow, 1)
    return (head.last_id, head.last_hash) if head is not None else (0, "")


def only_recent_incidents_written(session: Session, since: tuple[int, str], before: datetime) -> bool:
    """Whether the audit trail shows that nothing older_incidents_stamp(before) depends on was written after the
    entry `since` (id, hash): every later entry is about an incident that happened at or after `before` and does
    not change its date (or records a refused attempt). False whenever unsure: the entry is not in this chain any
    more (a restore), too many entries, any other record, an incident that is older, moved or gone.

    A few indexed reads (the new entries by id, their incidents by id) instead of counting every older record:
    at provider scale the stamp takes 0.4 s; a care worker's new report does not need it again."""
    last_id, last_hash = since
    if last_id == 0 or session.scalar(select(AuditRow.hash).where(AuditRow.id == last_id)) != last_hash:
        return False
    rows = session.execute(
        select(AuditRow.entity, AuditRow.entity_id, AuditRow.action, AuditRow.field)
        .where(AuditRow.id > last_id)
        .order_by(AuditRow.id)
        .limit(MAX_ENTRIES_CHECKED + 1)
    ).all()
    if len(rows) > MAX_ENTRIES_CHECKED:
        return False
    ids: set[int] = set()
    for entity, entity_id, action, field in rows:
        if action == "denied":
            continue
        if entity != "incident" or entity_id is None or field == "occurred_at":
            return False
        ids.add(int(entity_id))
    if not ids:
        return True
    recent = session.scalar(
        select(func.count())
        .select_from(IncidentRow)
        .where(IncidentRow.id.in_(sorted(ids)), IncidentRow.occurred_at >= before)
    )
    return int(recent or 0) == len(ids)


def read_version(session: Session) -> tuple[int, str, int]:
    """Changes with every write (the audit head: every write is audited, by any PC) and with any incident added
    (the newest id, a primary-key end): reads cached at one version are still true while it is the same."""
    return (*audit_head(session), int(session.scalar(select(func.max(IncidentRow.id))) or 0))
