"""Append to and read the hash-chained audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from carelog.core.audit_chain import GENESIS_HASH, audit_hash
from carelog.core.dto import Actor, AuditEntry
from carelog.db.models import AuditHeadRow, AuditRow


def _stringify(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def append(
    session: Session,
    actor: Actor,
    entity: str,
    entity_id: int | None,
    action: str,
    field: str = "",
    old: object = None,
    new: object = None,
    *,
    at: datetime,
) -> None:
    """Add one audit record in the caller's transaction, chained to the previous one, stamped `at` (the service's
    clock: the audit trail never reads the wall clock itself)."""
    head = session.execute(select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHeadRow(id=1, last_hash=GENESIS_HASH, last_id=0)
        session.add(head)
        session.flush()
    moment = at
    old_s, new_s = _stringify(old), _stringify(new)
    digest = audit_hash(head.last_hash, moment, actor.name, entity, entity_id, action, field, old_s, new_s)
    row = AuditRow(
        at=moment,
        actor_id=actor.user_id,
        actor_name=actor.name,
        entity=entity,
        entity_id=entity_id,
        action=action,
        field=field,
        old_value=old_s,
        new_value=new_s,
        prev_hash=head.last_hash,
        hash=digest,
    )
    session.add(row)
    session.flush()
    head.last_hash = digest
    head.last_id = row.id


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        row.id, row.at, row.actor_name, row.entity, row.entity_id, row.action, row.field, row.old_value, row.new_value
    )


def history(session: Session, entity: str, entity_id: int) -> tuple[AuditEntry, ...]:
    rows = session.scalars(
        select(AuditRow).where(AuditRow.entity == entity, AuditRow.entity_id == entity_id).order_by(AuditRow.id)
    )
    return tuple(_entry(r) for r in rows)


@dataclass(frozen=True)
class ChainBreak:
    audit_id: int
    reason: str


def verify_chain(session: Session, batch: int = 5000) -> tuple[int, list[ChainBreak]]:
    """Recompute every hash in order. Returns (records checked, breaks found)."""
    breaks: list[ChainBreak] = []
    prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        rows = session.scalars(select(AuditRow).where(AuditRow.id > last_id).order_by(AuditRow.id).limit(batch)).all()
        if not rows:
            break
        for r in rows:
            checked += 1
            if r.prev_hash != prev:
                breaks.append(
                    ChainBreak(r.id, "does not follow the record before it (a record was removed or inserted)")
                )
            expected = audit_hash(
                r.prev_hash, r.at, r.actor_name, r.entity, r.entity_id, r.action, r.field, r.old_value, r.new_value
            )
            if expected != r.hash:
                breaks.append(ChainBreak(r.id, "its content was changed after it was written"))
            prev = r.hash
            last_id = r.id
        session.expunge_all()
    head = session.get(AuditHeadRow, 1)
    if head is not None and checked and head.last_hash != prev:
        breaks.append(ChainBreak(last_id, "the newest records were removed (the chain head does not match)"))
    return checked, breaks


@dataclass(frozen=True)
class NewAuditRecord:
    entity: str
    entity_id: int | None
    action: str
    field: str = ""
    old: object = None
    new: object = None
    at: datetime | None = None


def append_many(session: Session, actor: Actor, records: list[NewAuditRecord], *, at: datetime) -> None:
    """Bulk form of append() for imports and demo data: one chained insert of many records; a record without its
    own `at` is stamped `at` (the service's clock)."""
    if not records:
        return
    head = session.execute(select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHeadRow(id=1, last_hash=GENESIS_HASH, last_id=0)
        session.add(head)
        session.flush()
    prev = head.last_hash
    rows = []
    for rec in records:
        moment = rec.at or at
        old_s, new_s = _stringify(rec.old), _stringify(rec.new)
        digest = audit_hash(prev, moment, actor.name, rec.entity, rec.entity_id, rec.action, rec.field, old_s, new_s)
        rows.append(
            {
                "at": moment,
                "actor_id": actor.user_id,
                "actor_name": actor.name,
                "entity": rec.entity,
                "entity_id": rec.entity_id,
                "action": rec.action,
                "field": rec.field,
                "old_value": old_s,
                "new_value": new_s,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    session.execute(insert(AuditRow), rows)
    head.last_hash = prev
    head.last_id = int(session.scalar(select(func.max(AuditRow.id))) or 0)
    session.flush()
