"""Persistence of improvement actions, the board query, and the SQL count of matching incidents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from carelog.core.action_dto import (
    OPEN_STATUSES,
    ActionDetail,
    ActionFilter,
    ActionInput,
    ActionStatus,
    ActionSummary,
    Choice,
    Conclusion,
    is_overdue,
)
from carelog.core.action_strength import ActionStrength
from carelog.core.effectiveness import compare
from carelog.core.errors import ConflictError, NotFoundError
from carelog.db.models import IncidentRow, ServiceRow, UserRow
from carelog.db.models.actions import ActionIncidentRow, ActionRow
from carelog.db.models.reviews import ReviewFactorRow, ReviewRow
from carelog.db.repositories.versions import claim_version
from carelog.db.select_types import AnySelect


# ---------------------------------------------------------------------------------------------- writes
def _apply(row: ActionRow, data: ActionInput) -> None:
    row.title = data.title.strip()
    row.description = data.description.strip()
    row.lead_id = data.lead_id
    row.lead_name = data.lead_name.strip()
    row.due_date = data.due_date
    row.strength = (data.strength or ActionStrength.WEAKER).value
    row.service_id = data.service_id
    row.review_id = data.review_id
    row.factor_id = data.factor_id
    row.evidence_note = data.evidence_note.strip()
    row.evidence_path = data.evidence_path.strip()


def insert_action(session: Session, data: ActionInput, status: ActionStatus, now: datetime) -> int:
    row = ActionRow(
        status=status.value,
        created_at=now,
        updated_at=now,
        version=1,
        conclusion="",
        conclusion_note="",
        reopened_count=0,
    )
    _apply(row, data)
    session.add(row)
    session.flush()
    _set_incidents(session, row.id, data.incident_ids)
    return row.id


def _set_incidents(session: Session, action_id: int, incident_ids: Sequence[int]) -> None:
    session.execute(delete(ActionIncidentRow).where(ActionIncidentRow.action_id == action_id))
    ids = sorted(set(incident_ids))
    if ids:
        session.execute(insert(ActionIncidentRow), [{"action_id": action_id, "incident_id": i} for i in ids])


ACTION_CONFLICT = (
    "Someone else changed this action since you opened it, so your changes were not saved. Close it and open it again."
)


def locked_row(session: Session, action_id: int, version: int | None = None) -> ActionRow:
    """The row, locked for update; ConflictError if someone saved since `version` was read."""
    row = session.execute(select(ActionRow).where(ActionRow.id == action_id).with_for_update()).scalar_one_or_none()
    if row is None:
        raise NotFoundError(f"Action {action_id} no longer exists.")
    if version is not None and row.version != version:
        raise ConflictError(ACTION_CONFLICT)
    return row


def update_action(session: Session, action_id: int, data: ActionInput, version: int, now: datetime) -> ActionRow:
    row = claim_version(
        session,
        ActionRow,
        action_id,
        version,
        conflict=ACTION_CONFLICT,
        missing=f"Action {action_id} no longer exists.",
    )
    _apply(row, data)
    row.updated_at = now
    _set_incidents(session, action_id, data.incident_ids)
    return row


def input_of(session: Session, row: ActionRow) -> ActionInput:
    ids = tuple(
        session.scalars(
            select(ActionIncidentRow.incident_id)
            .where(ActionIncidentRow.action_id == row.id)
            .order_by(ActionIncidentRow.incident_id)
        )
    )
    return ActionInput(
        title=row.title,
        description=row.description,
        lead_id=row.lead_id,
        lead_name=row.lead_name,
        due_date=row.due_date,
        strength=ActionStrength(row.strength),
        service_id=row.service_id,
        review_id=row.review_id,
        factor_id=row.factor_id,
        incident_ids=ids,
        evidence_note=row.evidence_note,
        evidence_path=row.evidence_path,
    )


# ---------------------------------------------------------------------------------------------- board query
def _summary_query() -> AnySelect:
    return (
        select(
            ActionRow.id,
            ActionRow.title,
            ActionRow.lead_name,
            ActionRow.due_date,
            ActionRow.status,
            ActionRow.strength,
            ActionRow.review_id,
            ReviewRow.title.label("review_title"),
            ActionRow.service_id,
            ServiceRow.name.label("service_name"),
            ActionRow.completed_at,
            ActionRow.check_date,
            ActionRow.window_days,
            ActionRow.before_count,
            ActionRow.after_count,
            ActionRow.conclusion,
            ActionRow.conclusion_note,
            ActionRow.version,
            ActionRow.lead_id,
            ActionRow.reopened_count,
            ActionRow.created_at,
        )
        .outerjoin(ReviewRow, ReviewRow.id == ActionRow.review_id)
        .outerjoin(ServiceRow, ServiceRow.id == ActionRow.service_id)
    )


def _to_summary(r: Any, today: date) -> ActionSummary:
    status = ActionStatus(r.status)
    effect = None
    if r.window_days is not None and r.before_count is not None and r.after_count is not None:
        effect = compare(r.before_count, r.after_count, r.window_days)
    return ActionSummary(
        id=r.id,
        title=r.title,
        lead_name=r.lead_name,
        due_date=r.due_date,
        status=status,
        strength=ActionStrength(r.strength),
        review_id=r.review_id,
        review_title=r.review_title or "",
        service_id=r.service_id,
        service_name=r.service_name or "",
        overdue=is_overdue(r.due_date, status, today),
        completed_at=r.completed_at,
        check_date=r.check_date,
        effect=effect,
        conclusion=Conclusion(r.conclusion) if r.conclusion else None,
        conclusion_note=r.conclusion_note,
        version=r.version,
        lead_id=r.lead_id,
        reopened_count=r.reopened_count,
        created_at=r.created_at,
    )


def list_actions(session: Session, f: ActionFilter, today: date) -> list[ActionSummary]:
    """Actions matching the filter, ordered by status then due date (no date last) then id."""
    q = _summary_query()
    if f.lead_name:
        q = q.where(ActionRow.lead_name == f.lead_name)
    if f.service_id is not None:
        q = q.where(ActionRow.service_id == f.service_id)
    if f.review_id is not None:
        q = q.where(ActionRow.review_id == f.review_id)
    if f.status is not None:
        q = q.where(ActionRow.status == f.status.value)
    if f.overdue_only:
        q = q.where(
            ActionRow.due_date.is_not(None),
            ActionRow.due_date < today,
            ActionRow.status.in_([s.value for s in OPEN_STATUSES]),
        )
    q = q.order_by(ActionRow.status, ActionRow.due_date.is_(None), ActionRow.due_date, ActionRow.id)
    return [_to_summary(r, today) for r in session.execute(q)]


def summary(session: Session, action_id: int, today: date) -> ActionSummary:
    r = session.execute(_summary_query().where(ActionRow.id == action_id)).one_or_none()
    if r is None:
        raise NotFoundError(f"Action {action_id} no longer exists.")
    return _to_summary(r, today)


def detail(session: Session, action_id: int, today: date) -> ActionDetail:
    s = summary(session, action_id, today)
    row = session.get(ActionRow, action_id)
    assert row is not None
    refs = tuple(
        session.scalars(
            select(IncidentRow.reference)
            .join(ActionIncidentRow, ActionIncidentRow.incident_id == IncidentRow.id)
            .where(ActionIncidentRow.action_id == action_id)
            .order_by(IncidentRow.reference)
        )
    )
    factor_label = ""
    if row.factor_id is not None:
        factor = session.get(ReviewFactorRow, row.factor_id)
        if factor is not None:
            factor_label = factor_choice_label(factor.seips_heading, factor.prompt_code, factor.ycff_domain)
    return ActionDetail(s, input_of(session, row), factor_label, refs, row.created_at, row.updated_at)


def factor_choice_label(seips_heading: str, prompt_code: str, ycff_domain: str) -> str:
    label = f"{seips_heading}: {prompt_code.replace('_', ' ')}"
    return f"{label} ({ycff_domain})" if ycff_domain else label


# ---------------------------------------------------------------------------------------------- pickers
def lead_names(session: Session) -> list[str]:
    return [n for n in session.scalars(select(ActionRow.lead_name).distinct().order_by(ActionRow.lead_name)) if n]


def staff_choices(session: Session) -> list[Choice]:
    rows = session.execute(
        select(UserRow.id, UserRow.display_name).where(UserRow.active).order_by(UserRow.display_name)
    )
    return [Choice(i, name) for i, name in rows]


def review_choices(session: Session) -> list[Choice]:
    rows = session.execute(select(ReviewRow.id, ReviewRow.title).order_by(ReviewRow.id.desc()))
    return [Choice(i, t) for i, t in rows]


def factor_choices(session: Session, review_id: int) -> list[Choice]:
    rows = session.execute(
        select(
            ReviewFactorRow.id, ReviewFactorRow.seips_heading, ReviewFactorRow.prompt_code, ReviewFactorRow.ycff_domain
        )
        .where(ReviewFactorRow.review_id == review_id)
        .order_by(ReviewFactorRow.id)
    )
    return [Choice(i, factor_choice_label(h, p, d)) for i, h, p, d in rows]


def factor_review(session: Session, factor_id: int) -> int | None:
    return session.scalar(select(ReviewFactorRow.review_id).where(ReviewFactorRow.id == factor_id))


def review_exists(session: Session, review_id: int) -> bool:
    return session.scalar(select(ReviewRow.id).where(ReviewRow.id == review_id)) is not None


def user_exists(session: Session, user_id: int) -> bool:
    return session.scalar(select(UserRow.id).where(UserRow.id == user_id)) is not None


def service_exists(session: Session, service_id: int) -> bool:
    return session.scalar(select(ServiceRow.id).where(ServiceRow.id == service_id)) is not None


def existing_incident_ids(session: Session, ids: Sequence[int]) -> set[int]:
    return set(session.scalars(select(IncidentRow.id).where(IncidentRow.id.in_(list(ids)))))


def review_strengths(session: Session) -> list[tuple[int | None, ActionStrength]]:
    rows = session.execute(select(ActionRow.review_id, ActionRow.strength).where(ActionRow.review_id.is_not(None)))
    return [(rid, ActionStrength(s)) for rid, s in rows]


# ---------------------------------------------------------------------------------------------- effectiveness
def matching_counts(
    session: Session, action_id: int, before_start: datetime, split: datetime, after_end: datetime
) -> tuple[int, int]:
    """Incidents with the same category and location as the action's linked incidents (same category and service
    when a linked incident had no location), counted in SQL in [before_start, split) and [split, after_end)."""
    linked = session.execute(
        select(IncidentRow.category_id, IncidentRow.location_id, IncidentRow.service_id)
        .join(ActionIncidentRow, ActionIncidentRow.incident_id == IncidentRow.id)
        .where(ActionIncidentRow.action_id == action_id)
        .distinct()
    ).all()
    if not linked:
        return 0, 0
    match = or_(
        *(
            and_(
                IncidentRow.category_id == cat,
                IncidentRow.location_id == loc if loc is not None else IncidentRow.service_id == svc,
            )
            for cat, loc, svc in linked
        )
    )
    before = func.count().filter(IncidentRow.occurred_at < split)
    after = func.count().filter(IncidentRow.occurred_at >= split)
    row = session.execute(
        select(before, after).where(match, IncidentRow.occurred_at >= before_start, IncidentRow.occurred_at < after_end)
    ).one()
    return int(row[0] or 0), int(row[1] or 0)
