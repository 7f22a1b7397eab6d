"""Check the audit trail: recompute the hash chain, its numbering and head, a seal, and every record's digest."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from carelog.core.audit_chain import (
    ABSENT_DIGEST,
    GENESIS_HASH,
    LEGACY_FORMULA,
    ChainFields,
    Seal,
    audit_hash,
    audit_hash_v2,
)
from carelog.db.models import AuditHeadRow, AuditRow
from carelog.db.repositories import record_state


@dataclass(frozen=True)
class ChainBreak:
    audit_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class LatestState:
    audit_id: int
    digest: str


@dataclass
class ChainWalk:
    """What one pass over the trail found (kept by the caller to check the records against it)."""

    checked: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)
    latest: dict[tuple[str, int], LatestState] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)  # incident id -> reference, from its "create" entry
    head_hash: str = GENESIS_HASH
    seal_problem: str | None = None


_COLUMNS = (
    AuditRow.id, AuditRow.at, AuditRow.actor_id, AuditRow.actor_name, AuditRow.entity, AuditRow.entity_id,
    AuditRow.action, AuditRow.field, AuditRow.old_value, AuditRow.new_value, AuditRow.prev_hash, AuditRow.hash,
    AuditRow.formula, AuditRow.record_digest,
)  # fmt: skip


def walk_chain(session: Session, seal: Seal | None = None, batch: int = 5000) -> ChainWalk:
    """Recompute every hash in order; check numbering, the head row and (if given) that the log extends a seal."""
    w = ChainWalk()
    prev, last_id, seen_current, seal_seen = GENESIS_HASH, 0, False, False
    audited = record_state.SPECS.keys()
    while True:
        rows = session.execute(select(*_COLUMNS).where(AuditRow.id > last_id).order_by(AuditRow.id).limit(batch)).all()
        if not rows:
            break
        for r in rows:
            (rid, at, actor_id, actor_name, entity, entity_id, action, fld, old, new, prev_hash, digest_, formula,
             record_digest) = r  # fmt: skip
            w.checked += 1
            if prev_hash != prev:
                w.breaks.append(
                    ChainBreak(rid, "does not follow the record before it (a record was removed or inserted)")
                )
            if formula == LEGACY_FORMULA:
                if seen_current:
                    w.breaks.append(ChainBreak(rid, "uses the old hash formula after newer records (it was rewritten)"))
                expected = audit_hash(prev_hash, at, actor_name, entity, entity_id, action, fld, old, new)
            else:
                if rid != last_id + 1:
                    w.breaks.append(ChainBreak(rid, f"records {last_id + 1} to {rid - 1} are missing"))
                seen_current = True
                fields = ChainFields(
                    rid, at, actor_id, actor_name, entity, entity_id, action, fld, old, new, record_digest
                )
                expected = audit_hash_v2(prev_hash, fields)
            if expected != digest_:
                w.breaks.append(ChainBreak(rid, "its content was changed after it was written"))
            if record_digest is not None and entity_id is not None and entity in audited:
                w.latest[(entity, entity_id)] = LatestState(rid, record_digest)
            if entity == "incident" and action == "create" and fld == "reference" and entity_id is not None:
                w.labels[entity_id] = new
            if seal is not None and w.checked == seal.count:
                seal_seen = True
                if not digest_.startswith(seal.head_prefix):
                    w.seal_problem = (
                        f"audit record {rid} (number {seal.count}) no longer has the sealed hash {seal.head_prefix}: "
                        "the trail up to the seal was rewritten"
                    )
            prev, last_id = digest_, rid
        session.expunge_all()
    w.head_hash = prev
    _check_head(session, w, last_id)
    if seal is not None and not seal_seen:
        w.seal_problem = f"the seal covers {seal.count} audit records but only {w.checked} remain: records were removed"
    return w


def _check_head(session: Session, w: ChainWalk, last_id: int) -> None:
    head = session.execute(
        select(AuditHeadRow.last_hash, AuditHeadRow.last_id, AuditHeadRow.entry_count).where(AuditHeadRow.id == 1)
    ).first()
    if head is None:
        if w.checked:
            w.breaks.append(ChainBreak(last_id, "the chain head is missing"))
        return
    head_hash, head_last_id, head_count = head
    if w.checked == 0 and (head_last_id or head_count):
        w.breaks.append(
            ChainBreak(0, f"the audit trail is empty but {head_count or head_last_id} record(s) were written")
        )
        return
    if head_hash != w.head_hash or head_last_id != last_id:
        w.breaks.append(ChainBreak(last_id, "the newest records were removed (the chain head does not match)"))
    if head_count != w.checked:
        w.breaks.append(
            ChainBreak(
                last_id, f"the trail holds {w.checked} record(s) but {head_count} were written (records removed)"
            )
        )


def verify_chain(session: Session, batch: int = 5000) -> tuple[int, list[ChainBreak]]:
    """Recompute every hash in order. Returns (records checked, breaks found)."""
    w = walk_chain(session, batch=batch)
    return w.checked, w.breaks


@dataclass(frozen=True)
class RecordProblem:
    label: str
    reason: str

    @property
    def text(self) -> str:
        return f"{self.label} {self.reason}"


def verify_records(session: Session, w: ChainWalk) -> tuple[int, list[RecordProblem]]:
    """Recompute every live record's digest and compare it with the newest audit entry about it.

    Finds records changed, added or removed behind the trail. Returns (records checked, problems).
    """
    problems: list[RecordProblem] = []
    latest = dict(w.latest)
    checked = 0
    for entity in record_state.SPECS:
        for rec in record_state.all_digests(session, entity):
            checked += 1
            state = latest.pop((entity, rec.id), None)
            if state is None:
                problems.append(RecordProblem(rec.label, "has no audit entry: it was added outside CareLog"))
            elif state.digest == ABSENT_DIGEST:
                problems.append(
                    RecordProblem(rec.label, f"was put back outside CareLog after audit entry {state.audit_id}")
                )
            elif state.digest != rec.digest:
                problems.append(
                    RecordProblem(rec.label, f"was changed outside CareLog after audit entry {state.audit_id}")
                )
        session.expunge_all()
    for (entity, entity_id), state in sorted(latest.items(), key=lambda kv: kv[1].audit_id):
        if state.digest != ABSENT_DIGEST:
            name = w.labels.get(entity_id) if entity == "incident" else None
            label = f"{entity} {name} (id {entity_id})" if name else record_state.id_label(entity, entity_id)
            problems.append(RecordProblem(label, f"was removed outside CareLog after audit entry {state.audit_id}"))
    return checked, problems
