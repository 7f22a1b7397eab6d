"""What the records say happened to one person's reports: triage, status moves, reviews, learning, finished actions.

A handful of grouped queries over the reporter's newest reports (no per-row queries), read by
services.feedback and turned into plain words by core.report_news."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carelog.core.action_dto import ActionStatus
from carelog.core.enums import Status
from carelog.core.report_news import DoneAction, ReportFacts
from carelog.core.review_dto import ReviewStatus
from carelog.core.triage import TriageDecision
from carelog.db.models import AuditRow, CategoryRow, IncidentRow
from carelog.db.models.actions import ActionIncidentRow, ActionRow
from carelog.db.models.reviews import ReviewIncidentRow, ReviewLearningPointRow, ReviewRow
from carelog.db.models.triage import TriageRow
from carelog.db.repositories.triage import decisions_from_text

DONE_STATUSES = (ActionStatus.DONE.value, ActionStatus.VERIFIED.value)


def facts_for_reporter(session: Session, reporter_id: int, limit: int) -> list[ReportFacts]:
    """The reporter's newest `limit` reports (newest first), each with what has happened to it."""
    rows = session.execute(
        select(IncidentRow.id, IncidentRow.reference, IncidentRow.occurred_at, CategoryRow.name, IncidentRow.status)
        .join(CategoryRow, CategoryRow.id == IncidentRow.category_id)
        .where(IncidentRow.reporter_id == reporter_id)
        .order_by(IncidentRow.occurred_at.desc(), IncidentRow.id.desc())
        .limit(limit)
    ).all()
    ids = [r[0] for r in rows]
    if not ids:
        return []
    first_move, closed = _status_moves(session, ids)
    triaged = _triages(session, ids)
    reviews = _reviews(session, ids)
    actions = _actions_done(session, ids)
    out = []
    for iid, reference, occurred_at, category, status in rows:
        started, signed_off, point = _best_review(reviews.get(iid, []))
        out.append(
            ReportFacts(
                incident_id=iid,
                reference=reference,
                occurred_at=occurred_at,
                category=category,
                status=Status(status),
                status_changed_at=first_move.get(iid),
                triaged_at=triaged[iid][0] if iid in triaged else None,
                triage_decisions=triaged[iid][1] if iid in triaged else (),
                review_started_at=started,
                review_signed_off_at=signed_off,
                learning_point=point,
                actions_done=tuple(actions.get(iid, ())),
                closed_at=closed.get(iid) if status == Status.CLOSED.value else None,
            )
        )
    return out


def warm_up(session: Session, nobody: int, limit: int) -> None:
    """Run every query of facts_for_reporter once for an id no account or report has (compiles them; finds
    nothing)."""
    facts_for_reporter(session, nobody, limit)
    _status_moves(session, [nobody])
    _reviews(session, [nobody])
    _actions_done(session, [nobody])


def _status_moves(session: Session, ids: list[int]) -> tuple[dict[int, datetime], dict[int, datetime]]:
    base = (AuditRow.entity == "incident", AuditRow.action == "status", AuditRow.entity_id.in_(ids))
    first = {
        int(iid): at
        for iid, at in session.execute(
            select(AuditRow.entity_id, func.min(AuditRow.at)).where(*base).group_by(AuditRow.entity_id)
        )
        if iid is not None
    }
    closed = {
        int(iid): at
        for iid, at in session.execute(
            select(AuditRow.entity_id, func.max(AuditRow.at))
            .where(*base, AuditRow.new_value == Status.CLOSED.label)
            .group_by(AuditRow.entity_id)
        )
        if iid is not None
    }
    return first, closed


def _triages(session: Session, ids: list[int]) -> dict[int, tuple[datetime, tuple[TriageDecision, ...]]]:
    query = select(TriageRow.incident_id, TriageRow.triaged_at, TriageRow.decisions).where(
        TriageRow.incident_id.in_(ids)
    )
    return {iid: (at, decisions_from_text(text)) for iid, at, text in session.execute(query)}


ReviewFound = tuple[int, datetime, datetime | None, str]  # review id, started, signed off, first learning point


def _reviews(session: Session, ids: list[int]) -> dict[int, list[ReviewFound]]:
    first_point = (
        select(ReviewLearningPointRow.text)
        .where(ReviewLearningPointRow.review_id == ReviewRow.id)
        .order_by(ReviewLearningPointRow.position)
        .limit(1)
        .scalar_subquery()
    )
    found: dict[int, list[ReviewFound]] = defaultdict(list)
    query = (
        select(ReviewIncidentRow.incident_id, ReviewRow.id, ReviewRow.created_at, ReviewRow.status,
               ReviewRow.signed_off_at, first_point)
        .join(ReviewRow, ReviewRow.id == ReviewIncidentRow.review_id)
        .where(ReviewIncidentRow.incident_id.in_(ids))
    )  # fmt: skip
    for iid, rid, created, status, signed_at, point in session.execute(query):
        signed = signed_at if status == ReviewStatus.SIGNED_OFF.value else None
        found[iid].append((rid, created, signed, point or ""))
    return found


def _best_review(found: list[ReviewFound]) -> tuple[datetime | None, datetime | None, str]:
    """The most advanced review of a report: the latest signed off one, else the latest started."""
    if not found:
        return None, None, ""
    signed = [f for f in found if f[2] is not None]
    if signed:
        best = max(signed, key=lambda f: f[2] or f[1])
        return best[1], best[2], best[3]
    best = max(found, key=lambda f: f[1])
    return best[1], None, ""


def _actions_done(session: Session, ids: list[int]) -> dict[int, list[DoneAction]]:
    """Finished actions that answer a report directly or through one of its reviews."""
    done_at = func.coalesce(ActionRow.completed_at, ActionRow.updated_at)
    direct = select(ActionIncidentRow.incident_id, ActionRow.id, ActionRow.title, done_at).join(
        ActionRow, ActionRow.id == ActionIncidentRow.action_id
    )
    via_review = select(ReviewIncidentRow.incident_id, ActionRow.id, ActionRow.title, done_at).join(
        ActionRow, ActionRow.review_id == ReviewIncidentRow.review_id
    )
    seen: dict[int, dict[int, DoneAction]] = defaultdict(dict)
    for query in (
        direct.where(ActionIncidentRow.incident_id.in_(ids), ActionRow.status.in_(DONE_STATUSES)),
        via_review.where(ReviewIncidentRow.incident_id.in_(ids), ActionRow.status.in_(DONE_STATUSES)),
    ):
        for iid, aid, title, at in session.execute(query):
            seen[iid][aid] = DoneAction(title, at)
    return {iid: list(by_action.values()) for iid, by_action in seen.items()}
