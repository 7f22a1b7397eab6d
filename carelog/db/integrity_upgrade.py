"""Bind the records of an upgraded database to its audit trail, once, behind a marked audit entry.

Before migration 0007 audit entries held no record digests. Re-hashing the old entries would hide the upgrade,
so they are left as they are (formula 1, still verifiable). Instead one "upgrade" entry says what happens, and one
"baseline" entry per existing record stores its digest as it stood at the upgrade. From then on every change made
through CareLog renews a record's digest, and `carelog check` names any record changed behind the trail.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Connection, inspect, select
from sqlalchemy.orm import Session

from carelog.core.dto import SYSTEM_ACTOR
from carelog.db.models import AuditRow
from carelog.db.repositories import audit, record_state

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
