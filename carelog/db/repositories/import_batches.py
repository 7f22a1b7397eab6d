"""Import batches: record what an import wrote, find what changed since, remove the batch's records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, Table, delete, exists, insert, select
from sqlalchemy.orm import Session

from carelog.db.models import AuditRow, IncidentPersonRow, IncidentRow, LocationRow, PersonRow, ServiceRow
from carelog.db.models.base import Base
from carelog.db.models.imports import ImportBatchRecordRow, ImportBatchRow
from carelog.db.models.incidents import NotificationRow

ENTITY = "import_batch"
# what an import writes, in the order its records are removed (incidents first: they point at the others)
ENTITIES = ("incident", "person", "location", "service")
_TABLES: dict[str, Table] = {
    "incident": IncidentRow.__table__,  # type: ignore[dict-item]
    "person": PersonRow.__table__,  # type: ignore[dict-item]
    "location": LocationRow.__table__,  # type: ignore[dict-item]
    "service": ServiceRow.__table__,  # type: ignore[dict-item]
}
# tables that belong to the incident itself (removed with it); any other row pointing at a record blocks the undo
_OWN_CHILDREN = {IncidentPersonRow.__tablename__, NotificationRow.__tablename__}
_CHUNK = 500


@dataclass(frozen=True)
class BatchInfo:
    id: int
    source: str
    row_count: int
    created_at: datetime
    created_by_id: int | None
    undone_at: datetime | None


def create(session: Session, source: str, row_count: int, now: datetime, user_id: int | None) -> int:
    row = ImportBatchRow(source=source[:255], row_count=row_count, created_at=now, created_by_id=user_id)
    session.add(row)
    session.flush()
    return row.id


def add_records(session: Session, batch_id: int, entity: str, ids: Iterable[int]) -> None:
    rows = [{"batch_id": batch_id, "entity": entity, "entity_id": i} for i in ids]
    if rows:
        session.execute(insert(ImportBatchRecordRow), rows)


def get(session: Session, batch_id: int) -> BatchInfo | None:
    row = session.get(ImportBatchRow, batch_id)
    if row is None:
        return None
    return BatchInfo(row.id, row.source, row.row_count, row.created_at, row.created_by_id, row.undone_at)


def recent(session: Session, limit: int = 20) -> list[BatchInfo]:
    rows = session.scalars(select(ImportBatchRow).order_by(ImportBatchRow.id.desc()).limit(limit))
    return [BatchInfo(r.id, r.source, r.row_count, r.created_at, r.created_by_id, r.undone_at) for r in rows]


def records(session: Session, batch_id: int) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {e: [] for e in ENTITIES}
    stmt = select(ImportBatchRecordRow.entity, ImportBatchRecordRow.entity_id).where(
        ImportBatchRecordRow.batch_id == batch_id
    )
    for entity, entity_id in session.execute(stmt.order_by(ImportBatchRecordRow.entity_id)):
        out.setdefault(entity, []).append(entity_id)
    return out


def batch_audit_id(session: Session, batch_id: int) -> int:
    """The audit entry that recorded the import (written after every record of it)."""
    found = session.scalar(
        select(AuditRow.id)
        .where(AuditRow.entity == ENTITY, AuditRow.entity_id == batch_id, AuditRow.action == "import")
        .order_by(AuditRow.id)
        .limit(1)
    )
    return int(found or 0)


def labels(session: Session, entity: str, ids: Sequence[int]) -> dict[int, str]:
    t = _TABLES[entity]
    column = {"incident": "reference", "person": "code", "location": "name", "service": "name"}[entity]
    out: dict[int, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        out.update((i, str(v)) for i, v in session.execute(select(t.c.id, t.c[column]).where(t.c.id.in_(chunk))))
    return out


def changed_since(session: Session, batch_id: int, after_audit_id: int) -> list[str]:
    """Records of the batch with an audit entry newer than the import's (edited, triaged, reviewed...)."""
    rec = ImportBatchRecordRow
    stmt = (
        select(AuditRow.entity, AuditRow.entity_id)
        .join(rec, (rec.entity == AuditRow.entity) & (rec.entity_id == AuditRow.entity_id))
        .where(rec.batch_id == batch_id, AuditRow.id > after_audit_id)
        .distinct()
    )
    found: dict[str, list[int]] = {}
    for entity, entity_id in session.execute(stmt):
        if entity_id is not None:
            found.setdefault(entity, []).append(entity_id)
    return _named(session, found)


def _named(session: Session, found: dict[str, list[int]]) -> list[str]:
    out: list[str] = []
    for entity in ENTITIES:
        ids = sorted(found.get(entity, []))
        names = labels(session, entity, ids) if ids else {}
        out.extend(f"{entity} {names.get(i, i)}" for i in ids)
    return out


def used_elsewhere(session: Session, batch_id: int) -> list[str]:
    """Records of the batch that something outside the batch points at (a review, an action, a complaint, an
    incident added later to a service the import created...): removing them would break those links."""
    mine = records(session, batch_id)
    found: dict[str, list[int]] = {}
    for entity in ENTITIES:
        ids = mine.get(entity, [])
        if not ids:
            continue
        target = _TABLES[entity]
        for table in Base.metadata.sorted_tables:
            if entity == "incident" and table.name in _OWN_CHILDREN:
                continue
            for fk in table.foreign_keys:
                if fk.column.table is not target:
                    continue
                hits: set[int] = set()
                for start in range(0, len(ids), _CHUNK):
                    stmt = select(fk.parent).where(fk.parent.in_(ids[start : start + _CHUNK])).distinct()
                    hits.update(session.scalars(_outside_batch(stmt, table, batch_id)))
                if hits:
                    found.setdefault(entity, [])
                    found[entity] = sorted(set(found[entity]) | hits)
    return _named(session, found)


def _outside_batch(stmt: Select[tuple[int]], table: Table, batch_id: int) -> Select[tuple[int]]:
    """Only rows that are not themselves part of the batch (an imported incident at a service it created)."""
    rec = ImportBatchRecordRow
    owner = next((e for e, t in _TABLES.items() if t is table), None)
    owner_id = table.c.id if owner else None
    if table.name in _OWN_CHILDREN:
        owner, owner_id = "incident", table.c.incident_id
    if owner is None or owner_id is None:
        return stmt
    return stmt.where(~exists().where(rec.batch_id == batch_id, rec.entity == owner, rec.entity_id == owner_id))


def remove_records(session: Session, batch_id: int) -> dict[str, list[int]]:
    mine = records(session, batch_id)
    for entity in ENTITIES:
        ids = mine.get(entity, [])
        t = _TABLES[entity]
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            if entity == "incident":
                session.execute(delete(IncidentPersonRow).where(IncidentPersonRow.incident_id.in_(chunk)))
                session.execute(delete(NotificationRow).where(NotificationRow.incident_id.in_(chunk)))
            session.execute(delete(t).where(t.c.id.in_(chunk)))
    return mine


def mark_undone(session: Session, batch_id: int, now: datetime) -> None:
    row = session.get(ImportBatchRow, batch_id)
    assert row is not None
    row.undone_at = now
    session.flush()
