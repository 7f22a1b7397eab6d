"""Optimistic locking enforced by the database: the UPDATE itself checks the version it replaces."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from carelog.core.errors import ConflictError, NotFoundError

RowT = TypeVar("RowT")


def claim_version(
    session: Session, model: type[RowT], row_id: int, expected_version: int, *, conflict: str, missing: str
) -> RowT:
    """`UPDATE ... SET version = version + 1 WHERE id = :id AND version = :expected`; one row or an error.

    Two writers that read the same version cannot both succeed, whatever the isolation level: the second UPDATE
    finds no row with that version (PostgreSQL re-checks the WHERE after the first commits). Returns the row,
    refreshed, for the caller to apply its changes to (without touching `version` again).
    """
    table: Any = model  # a mapped class with `id` and `version` columns
    result = session.execute(
        update(table)
        .where(table.id == row_id, table.version == expected_version)
        .values(version=table.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        if session.scalar(select(table.id).where(table.id == row_id)) is None:
            raise NotFoundError(missing)
        raise ConflictError(conflict)
    row = session.get(model, row_id, populate_existing=True)
    assert row is not None  # the UPDATE just matched it, under this transaction's lock
    return row
