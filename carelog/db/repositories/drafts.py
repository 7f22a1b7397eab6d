"""Autosaved report drafts, one per owner key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from carelog.db.models import DraftRow


def save(session: Session, owner_key: str, payload: str, now: datetime) -> None:
    row = session.scalar(select(DraftRow).where(DraftRow.owner_key == owner_key))
    if row is None:
        session.add(DraftRow(owner_key=owner_key, payload=payload, updated_at=now))
    else:
        row.payload = payload
        row.updated_at = now


def load(session: Session, owner_key: str) -> tuple[str, datetime] | None:
    row = session.scalar(select(DraftRow).where(DraftRow.owner_key == owner_key))
    return None if row is None else (row.payload, row.updated_at)


def discard(session: Session, owner_key: str) -> None:
    session.execute(delete(DraftRow).where(DraftRow.owner_key == owner_key))
