"""Storage of the golden thread's records: one set of functions for every kind (the columns are named after the
input dataclass fields), the actions each record links to, and the links the thread view follows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from carelog.core.errors import ConflictError, NotFoundError
from carelog.core.thread_records import INPUT_TYPES, RecordKind
from carelog.db.models.actions import ActionIncidentRow, ActionRow
from carelog.db.models.incidents import IncidentRow
from carelog.db.models.reviews import ReviewIncidentRow, ReviewRow
from carelog.db.models.thread import (
    CandourRow,
    ComplaintRow,
    ComplimentRow,
    DebriefRow,
    FollowUpAuditRow,
    SafeguardingRow,
    ThreadActionRow,
)

MODELS: dict[RecordKind, Any] = {
    RecordKind.COMPLAINT: ComplaintRow,
    RecordKind.COMPLIMENT: ComplimentRow,
    RecordKind.SAFEGUARDING: SafeguardingRow,
    RecordKind.CANDOUR: CandourRow,
    RecordKind.DEBRIEF: DebriefRow,
    RecordKind.AUDIT: FollowUpAuditRow,
}
LINKS_ACTIONS = frozenset(k for k, t in INPUT_TYPES.items() if any(f.name == "action_ids" for f in fields(t)))


@dataclass(frozen=True)
class StoredRecord:
    id: int
    data: Any
    version: int
    created_at: datetime
    incident_reference: str
    review_title: str


def _columns(kind: RecordKind) -> list[str]:
    return [f.name for f in fields(INPUT_TYPES[kind]) if f.name != "action_ids"]


def _input(kind: RecordKind, row: Any, action_ids: tuple[int, ...]) -> Any:
    values = {name: getattr(row, name) for name in _columns(kind)}
    if kind in LINKS_ACTIONS:
        values["action_ids"] = action_ids
    return INPUT_TYPES[kind](**values)


def locked_row(session: Session, kind: RecordKind, record_id: int, version: int | None = None) -> Any:
    model = MODELS[kind]
    row = session.execute(select(model).where(model.id == record_id).with_for_update()).scalar_one_or_none()
    if row is None:
        raise NotFoundError(f"{kind.label} {kind.prefix}-{record_id} no longer exists.")
    if version is not None and row.version != version:
        raise ConflictError(f"Someone else changed this {kind.label.lower()} since you opened it. Open it again.")
    return row


def insert(session: Session, kind: RecordKind, data: Any, now: datetime) -> int:
    row = MODELS[kind](created_at=now, updated_at=now, version=1, **{n: getattr(data, n) for n in _columns(kind)})
    session.add(row)
    session.flush()
    if kind in LINKS_ACTIONS:
        _set_actions(session, kind, row.id, data.action_ids)
    return int(row.id)


def update(session: Session, kind: RecordKind, record_id: int, data: Any, version: int, now: datetime) -> Any:
    """Save `data` over the record; returns the input as it was before."""
    row = locked_row(session, kind, record_id, version)
    old = _input(kind, row, action_ids(session, kind, record_id))
    for name in _columns(kind):
        setattr(row, name, getattr(data, name))
    row.updated_at = now
    row.version += 1
    if kind in LINKS_ACTIONS:
        _set_actions(session, kind, record_id, data.action_ids)
    return old


def _set_actions(session: Session, kind: RecordKind, record_id: int, ids: Iterable[int]) -> None:
    session.execute(
        delete(ThreadActionRow).where(ThreadActionRow.kind == kind.value, ThreadActionRow.record_id == record_id)
    )
    session.add_all(ThreadActionRow(kind=kind.value, record_id=record_id, action_id=a) for a in dict.fromkeys(ids))
    session.flush()


def action_ids(session: Session, kind: RecordKind, record_id: int) -> tuple[int, ...]:
    rows = session.scalars(
        select(ThreadActionRow.action_id)
        .where(ThreadActionRow.kind == kind.value, ThreadActionRow.record_id == record_id)
        .order_by(ThreadActionRow.action_id)
    )
    return tuple(rows)


def existing_action_ids(session: Session, ids: Iterable[int]) -> set[int]:
    wanted = list(ids)
    return set(session.scalars(select(ActionRow.id).where(ActionRow.id.in_(wanted)))) if wanted else set()


def action_choices(session: Session) -> list[tuple[int, str]]:
    return [(i, t) for i, t in session.execute(select(ActionRow.id, ActionRow.title).order_by(ActionRow.id.desc()))]


def existing(session: Session, model: Any, record_id: int) -> bool:
    return session.get(model, record_id) is not None


def records(
    session: Session, kind: RecordKind, ids: Iterable[int] | None = None, open_only: bool = False
) -> list[StoredRecord]:
    """Every record of a kind (or those with `ids`; or, with open_only, those not closed), newest first, with
    their links resolved."""
    model = MODELS[kind]
    stmt = select(model).order_by(model.id.desc())
    if ids is not None:
        stmt = stmt.where(model.id.in_(list(ids)))
    if open_only and hasattr(model, "closed_on"):
        stmt = stmt.where(model.closed_on.is_(None))
    rows = list(session.scalars(stmt))
    links: dict[int, list[int]] = {}
    if kind in LINKS_ACTIONS:
        q = select(ThreadActionRow.record_id, ThreadActionRow.action_id).where(ThreadActionRow.kind == kind.value)
        for rid, aid in session.execute(q.order_by(ThreadActionRow.action_id)):
            links.setdefault(rid, []).append(aid)
    incident_ids = {r.incident_id for r in rows if getattr(r, "incident_id", None)}
    refs = (
        {
            i: r
            for i, r in session.execute(
                select(IncidentRow.id, IncidentRow.reference).where(IncidentRow.id.in_(incident_ids))
            )
        }
        if incident_ids
        else {}
    )
    review_ids = {r.review_id for r in rows if getattr(r, "review_id", None)}
    titles = (
        {i: t for i, t in session.execute(select(ReviewRow.id, ReviewRow.title).where(ReviewRow.id.in_(review_ids)))}
        if review_ids
        else {}
    )
    return [
        StoredRecord(
            r.id,
            _input(kind, r, tuple(links.get(r.id, ()))),
            r.version,
            r.created_at,
            refs.get(getattr(r, "incident_id", None) or 0, ""),
            titles.get(getattr(r, "review_id", None) or 0, ""),
        )
        for r in rows
    ]


def theme_counts(session: Session, since: date | None = None) -> list[tuple[str, int, int]]:
    """(theme, complaints, upheld or partly upheld) across complaints, most frequent first."""
    stmt = select(ComplaintRow.theme, ComplaintRow.outcome)
    if since is not None:
        stmt = stmt.where(ComplaintRow.received_on >= since)
    counts: dict[str, list[int]] = {}
    for theme, outcome in session.execute(stmt):
        c = counts.setdefault(theme or "No theme", [0, 0])
        c[0] += 1
        c[1] += outcome in ("upheld", "partly_upheld")
    return sorted(((t, n, u) for t, (n, u) in counts.items()), key=lambda x: (-x[1], x[0]))


# ---------------------------------------------------------------------------------------------- the thread's links
Node = tuple[str, int]  # ("incident" | "review" | "action" | a RecordKind value, id)


def neighbours(session: Session, node: Node) -> set[Node]:
    """Records directly linked to `node`."""
    kind, nid = node
    out: set[Node] = set()
    if kind == "incident":
        for k in (RecordKind.COMPLAINT, RecordKind.SAFEGUARDING, RecordKind.CANDOUR, RecordKind.DEBRIEF):
            m = MODELS[k]
            out |= {(k.value, i) for i in session.scalars(select(m.id).where(m.incident_id == nid))}
        q = select(ReviewIncidentRow.review_id).where(ReviewIncidentRow.incident_id == nid)
        out |= {("review", i) for i in session.scalars(q)}
        q = select(ActionIncidentRow.action_id).where(ActionIncidentRow.incident_id == nid)
        out |= {("action", i) for i in session.scalars(q)}
    elif kind == "review":
        q = select(ReviewIncidentRow.incident_id).where(ReviewIncidentRow.review_id == nid)
        out |= {("incident", i) for i in session.scalars(q)}
        out |= {("action", i) for i in session.scalars(select(ActionRow.id).where(ActionRow.review_id == nid))}
        q = select(DebriefRow.id).where(DebriefRow.review_id == nid)
        out |= {(RecordKind.DEBRIEF.value, i) for i in session.scalars(q)}
    elif kind == "action":
        row = session.get(ActionRow, nid)
        if row is not None and row.review_id:
            out.add(("review", row.review_id))
        q = select(ActionIncidentRow.incident_id).where(ActionIncidentRow.action_id == nid)
        out |= {("incident", i) for i in session.scalars(q)}
        links = select(ThreadActionRow.kind, ThreadActionRow.record_id).where(ThreadActionRow.action_id == nid)
        out |= {(k, i) for k, i in session.execute(links)}
    else:
        rk = RecordKind(kind)
        row = session.get(MODELS[rk], nid)
        if row is not None:
            if getattr(row, "incident_id", None):
                out.add(("incident", row.incident_id))
            if getattr(row, "review_id", None):
                out.add(("review", row.review_id))
        if rk in LINKS_ACTIONS:
            out |= {("action", a) for a in action_ids(session, rk, nid)}
    return out


def incident_brief(session: Session, incident_id: int) -> tuple[str, datetime, str, str] | None:
    """(reference, occurred at, kind, first line of the account) of an incident."""
    row = session.get(IncidentRow, incident_id)
    if row is None:
        return None
    lines = (row.account or "").strip().splitlines()
    return row.reference, row.occurred_at, row.kind, lines[0][:160] if lines else ""


def review_row(session: Session, review_id: int) -> ReviewRow | None:
    return session.get(ReviewRow, review_id)


def action_row(session: Session, action_id: int) -> ActionRow | None:
    return session.get(ActionRow, action_id)
