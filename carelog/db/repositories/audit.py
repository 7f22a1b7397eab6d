"""Append to and read the hash-chained audit trail.

Every entry about an audited record (see record_state.SPECS) also stores the digest of that record's state after
the write, read back from the database in the same transaction, so the chain vouches for the record itself.
Callers write first and audit after; nothing else is needed to bind a record to the trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from carelog.core.audit_chain import (
    ABSENT_DIGEST,
    CURRENT_FORMULA,
    GENESIS_HASH,
    ChainFields,
    Seal,
    audit_hash_v2,
    make_seal,
)
from carelog.core.changes import Aggregate, aggregate_changed
from carelog.core.dto import Actor, AuditEntry
from carelog.db.models import AuditHeadRow, AuditRow
from carelog.db.repositories import record_state
from carelog.db.repositories.audit_verify import ChainBreak, verify_chain

__all__ = ["ChainBreak", "NewAuditRecord", "append", "append_many", "head", "history", "seal", "verify_chain"]

CHANGED_KEY = "carelog.changed"
WRITTEN_KEY = "carelog.audit_ids"  # the ids of the entries this session appended (live updates skip their own)


def note_change(session: Session, entity: str, action: str) -> None:
    """Remember on the session which aggregate this audited write changed (published after commit)."""
    aggregate = aggregate_changed(entity, action)
    if aggregate is not None:
        session.info.setdefault(CHANGED_KEY, set()).add(aggregate)


def changed_aggregates(session: Session) -> frozenset[Aggregate]:
    return frozenset(session.info.get(CHANGED_KEY, ()))


def written_ids(session: Session) -> list[int]:
    return list(session.info.get(WRITTEN_KEY, ()))


def _stringify(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _locked_head(session: Session) -> AuditHeadRow:
    head = session.execute(select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHeadRow(id=1, last_hash=GENESIS_HASH, last_id=0, entry_count=0)
        session.add(head)
        session.flush()
    return head


def head(session: Session) -> AuditHeadRow | None:
    return session.get(AuditHeadRow, 1)


def _digest(session: Session, entity: str, entity_id: int | None) -> str | None:
    if entity_id is None or entity not in record_state.SPECS:
        return None
    return record_state.digest_of(session, entity, entity_id) or ABSENT_DIGEST


def _row_values(fields: ChainFields, prev_hash: str) -> dict[str, object]:
    return {
        "id": fields.seq,
        "at": fields.at,
        "actor_id": fields.actor_id,
        "actor_name": fields.actor_name,
        "entity": fields.entity,
        "entity_id": fields.entity_id,
        "action": fields.action,
        "field": fields.field,
        "old_value": fields.old_value,
        "new_value": fields.new_value,
        "record_digest": fields.record_digest,
        "formula": CURRENT_FORMULA,
        "prev_hash": prev_hash,
        "hash": audit_hash_v2(prev_hash, fields),
    }


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
    """Add one audit record in the caller's transaction, chained to the previous one (call it after the write)."""
    note_change(session, entity, action)
    head_row = _locked_head(session)
    fields = ChainFields(
        seq=head_row.last_id + 1,
        at=at,
        actor_id=actor.user_id,
        actor_name=actor.name,
        entity=entity,
        entity_id=entity_id,
        action=action,
        field=field,
        old_value=_stringify(old),
        new_value=_stringify(new),
        record_digest=_digest(session, entity, entity_id),
    )
    values = _row_values(fields, head_row.last_hash)
    session.execute(insert(AuditRow), [values])
    head_row.last_hash = str(values["hash"])
    head_row.last_id = fields.seq
    head_row.entry_count = (head_row.entry_count or 0) + 1
    session.info.setdefault(WRITTEN_KEY, []).append(fields.seq)
    session.flush()


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
class NewAuditRecord:
    entity: str
    entity_id: int | None
    action: str
    field: str = ""
    old: object = None
    new: object = None
    at: datetime | None = None


def append_many(
    session: Session,
    actor: Actor,
    records: list[NewAuditRecord],
    *,
    at: datetime,
    known: Mapping[str, Mapping[int, str]] | None = None,
) -> None:
    """Bulk form of append() for imports and demo data: one chained insert of many records; a record without its
    own `at` is stamped `at` (the service's clock). `known`: digests of records (per entity) the caller has just
    read in this transaction after its last write, so they are not read again."""
    if not records:
        return
    for rec in records:
        note_change(session, rec.entity, rec.action)
    head_row = _locked_head(session)
    known = known or {}
    wanted: dict[str, set[int]] = {}
    for rec in records:
        if rec.entity_id is not None and rec.entity in record_state.SPECS:
            if rec.entity_id not in known.get(rec.entity, {}):
                wanted.setdefault(rec.entity, set()).add(rec.entity_id)
    digests = {entity: dict(found) for entity, found in known.items()}
    for entity, ids in wanted.items():
        digests.setdefault(entity, {}).update(record_state.digests_for(session, entity, ids))
    prev, seq = head_row.last_hash, head_row.last_id
    rows = []
    for rec in records:
        seq += 1
        digest = None
        if rec.entity in digests and rec.entity_id is not None:
            digest = digests[rec.entity].get(rec.entity_id, ABSENT_DIGEST)
        fields = ChainFields(
            seq, rec.at or at, actor.user_id, actor.name, rec.entity, rec.entity_id, rec.action, rec.field,
            _stringify(rec.old), _stringify(rec.new), digest,
        )  # fmt: skip
        values = _row_values(fields, prev)
        rows.append(values)
        prev = str(values["hash"])
    session.execute(insert(AuditRow), rows)
    session.info.setdefault(WRITTEN_KEY, []).extend(range(head_row.last_id + 1, seq + 1))
    head_row.last_hash = prev
    head_row.last_id = seq
    head_row.entry_count = (head_row.entry_count or 0) + len(rows)
    session.flush()


def seal(session: Session) -> Seal:
    """The seal of the trail as it stands: how many entries it holds and the start of the newest entry's hash."""
    row = session.execute(select(AuditRow.hash).order_by(AuditRow.id.desc()).limit(1)).first()
    count = int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)
    return make_seal(count, row[0] if row else GENESIS_HASH)
