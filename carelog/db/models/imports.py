"""Import batches: which file an import read and every record it wrote, so the import can be undone as one unit.
Tables are added by migration 0013_import_batches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from carelog.db.models.base import Base


class ImportBatchRow(Base):
    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(255))  # the file's name (no folder)
    row_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(Integer)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)


class ImportBatchRecordRow(Base):
    """One record an import wrote: an incident, or a service, location or person it created."""

    __tablename__ = "import_batch_records"
    __table_args__ = (Index("ix_import_batch_records_entity", "entity", "entity_id"),)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), primary_key=True)
    entity: Mapped[str] = mapped_column(String(20), primary_key=True)
    entity_id: Mapped[int] = mapped_column(Integer, primary_key=True)
