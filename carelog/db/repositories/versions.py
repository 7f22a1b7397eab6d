"""Optimistic locking enforced by the database: the UPDATE itself checks the version it replaces."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from carelog.core.errors import ConflictError, NotFoundError


def claim_version(
    session: Session, model: Any, row_id: int, expected_version: int, *, conflict: str, missing: str
) -> Any:
    """`UPDATE ... SET version = version + 1 WHERE id = :id AND version = :expected`; one row or an error.

    Two writers that read the same version cannot both succeed, whatever the isolation level: the second UPDATE
    finds no row with that version (PostgreSQL re-checks the WHERE after the first commits). Returns the row,
    refreshed, for the caller to apply its changes to (without touching `version` again).
    """
    result = session.execute(
        update(model)
        .where(model.id == row_id, model.version == expected_version)
        .values(version=model.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        if session.scalar(select(model.id).where(model.id == row_id)) is None:
            raise NotFoundError(missing)
        raise ConflictError(conflict)
    return session.get(model, row_id, populate_existing=True)
