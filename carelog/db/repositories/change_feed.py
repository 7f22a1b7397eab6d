"""What other PCs (or processes) wrote: read from the audit trail, which every write extends (see core.changes)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carelog.db.models import AuditRow

MAX_ROWS_READ = 500  # more new entries than this since the last look: every view refreshes anyway


def latest_id(session: Session) -> int:
    return int(session.scalar(select(func.max(AuditRow.id))) or 0)


def entries_since(session: Session, after: int) -> tuple[list[tuple[int, str, str]], bool]:
    """The (id, entity, action) of the entries written after `after`, oldest first, and whether there were more
    than MAX_ROWS_READ (then none are returned)."""
    rows = session.execute(
        select(AuditRow.id, AuditRow.entity, AuditRow.action)
        .where(AuditRow.id > after)
        .order_by(AuditRow.id)
        .limit(MAX_ROWS_READ + 1)
    ).all()
    if len(rows) > MAX_ROWS_READ:
        return [], True
    return [(int(i), str(entity), str(action)) for i, entity, action in rows], False
