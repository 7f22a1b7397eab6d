"""Bind the records of an upgraded database to its audit trail, once, behind a marked audit entry.

Before migration 0007 audit entries held no record digests. Re-hashing the old entries would hide the upgrade,
so they are left as they are (formula 1, still verifiable). Instead one "upgrade" entry says what happens, and one
"baseline" entry per existing record stores its digest as it stood at the upgrade. From then on every change made
through CareLog renews a record's digest, and `carelog check` names any record changed behind the trail.

A later migration that brings more records under the digests (records audited before, never digested) says so in
a module constant NEWLY_DIGESTED; bind_newly_covered then does the same for those kinds only, once, behind its own
marked "upgrade" entry. An entry "entity.child" covers a child added to records that were digested already: only
the records that have such child rows get a baseline, and only if the rest of the record still matches its newest
audit entry (a record changed behind the trail before the upgrade stays named by `carelog check`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, inspect, select
from sqlalchemy.orm import Session

from carelog.core.dto import SYSTEM_ACTOR
from carelog.db.id_lists import id_conditions
from carelog.db.models import AuditRow
from carelog.db.repositories import audit, record_state

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

logger = logging.getLogger(__name__)
UPGRADE_ACTOR = SYSTEM_ACTOR


def needs_binding(conn: Connection) -> bool:
    """True for a database whose audit trail predates record digests (read before migrating)."""
    insp = inspect(conn)
    if not insp.has_table("audit_log"):
        return False
    return "record_digest" not in {c["name"] for c in insp.get_columns("audit_log")}


def bind_existing_records(conn: Connection, now: datetime) -> int:
    """Write the upgrade entry and one baseline entry per existing record, in the caller's transaction."""
    session = Session(bind=conn)
    try:
        if session.scalar(select(AuditRow.id).where(AuditRow.formula != 1).limit(1)) is not None:
            return 0
        records = [
            audit.NewAuditRecord(entity, rec.id, "baseline")
            for entity in record_state.SPECS
            for rec in record_state.all_digests(session, entity)
        ]
        audit.append(
            session,
            UPGRADE_ACTOR,
            "audit",
            None,
            "upgrade",
            "record_digest",
            None,
            f"from here on each entry also vouches for its record; {len(records)} existing record(s) "
            "are recorded as they stood at this upgrade",
            at=now,
        )
        audit.append_many(session, UPGRADE_ACTOR, records, at=now)
        session.flush()
    finally:
        session.close()
    logger.info("Bound %d existing records to the audit trail", len(records))
    return len(records)


def coverage_steps(script: ScriptDirectory, current: str) -> list[tuple[str, tuple[str, ...]]]:
    """(revision, NEWLY_DIGESTED) of each migration still to run from `current` that covers more records, oldest
    first (read before migrating)."""
    steps = []
    for rev in script.iterate_revisions("heads", current):
        covered = getattr(rev.module, "NEWLY_DIGESTED", None)
        if rev.revision != current and covered:
            steps.append((rev.revision, tuple(covered)))
    return steps[::-1]


def _latest_digests(session: Session, entity: str, ids: Sequence[int]) -> dict[int, str]:
    """The digest in each record's newest audit entry that has one (what `carelog check` compares against)."""
    out: dict[int, str] = {}
    for of_ids in id_conditions(session, AuditRow.entity_id, ids):
        newest = (
            select(func.max(AuditRow.id))
            .where(AuditRow.entity == entity, of_ids, AuditRow.record_digest.is_not(None))
            .group_by(AuditRow.entity_id)
        )
        for entity_id, digest in session.execute(
            select(AuditRow.entity_id, AuditRow.record_digest).where(AuditRow.id.in_(newest))
        ):
            if entity_id is not None and digest is not None:
                out[entity_id] = digest
    return out


def _with_child(session: Session, entity: str, child_key: str) -> tuple[dict[int, str], int]:
    """Records of `entity` that have rows of the newly covered child and otherwise still match the trail (id ->
    digest now), and how many had been changed behind it already (left unbound)."""
    spec = record_state.SPECS[entity]
    child = next(c for c in spec.children if c.key == child_key)
    column = child.table.c[child.parent]
    ids = sorted(int(i) for i in session.scalars(select(column).where(*child.where()).distinct()))
    found = record_state.digests_before_child(session, entity, ids, child_key)
    latest = _latest_digests(session, entity, ids)
    sound = {d.id: d.digest for d in found if latest.get(d.id) == d.before}
    return sound, len(ids) - len(sound)


def bind_newly_covered(conn: Connection, revision: str, covered: Sequence[str], now: datetime) -> int:
    """Write one upgrade entry and a baseline entry per existing record of the newly covered kinds, in the caller's
    transaction; nothing if this revision's records were bound already. Returns how many were bound."""
    marker = f"record_digest {revision}"
    session = Session(bind=conn)
    try:
        done = select(AuditRow.id).where(AuditRow.action == "upgrade", AuditRow.field == marker).limit(1)
        if session.scalar(done) is not None:
            return 0
        bound: dict[str, dict[int, str]] = {}  # kind -> id -> digest now
        left = 0
        for kind in covered:
            entity, _dot, child_key = kind.partition(".")
            if child_key:
                bound[kind], differing = _with_child(session, entity, child_key)
                left += differing
            else:
                bound[kind] = {rec.id: rec.digest for rec in record_state.all_digests(session, entity)}
        known: dict[str, dict[int, str]] = {}
        for kind in covered:
            known.setdefault(kind.partition(".")[0], {}).update(bound[kind])
        records = [audit.NewAuditRecord(kind.partition(".")[0], i, "baseline") for kind in covered for i in bound[kind]]
        counts = ", ".join(f"{kind} {len(bound[kind])}" for kind in covered)
        text = (
            f"from here on each entry also vouches for these records: {', '.join(covered)}; {len(records)} "
            f"existing record(s) are recorded as they stood at this upgrade ({counts})"
        )
        if left:
            text += f"; {left} record(s) already differed from their audit trail and are left for the check to name"
        audit.append(session, UPGRADE_ACTOR, "audit", None, "upgrade", marker, None, text, at=now)
        audit.append_many(session, UPGRADE_ACTOR, records, at=now, known=known)
        session.flush()
    finally:
        session.close()
    logger.info("Bound %d existing records of newly covered kinds to the audit trail", len(records))
    return len(records)
