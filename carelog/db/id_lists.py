"""`column IN (ids)` for long id lists: one array parameter on PostgreSQL (`= ANY(:ids)`), chunks of 900 on SQLite
(under its oldest limit of 999 parameters). At provider scale a list of thousands of ids costs PostgreSQL more to
parse as separate parameters than to answer."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Integer, any_, literal
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

SQLITE_CHUNK = 900


def id_conditions(session: Session, column: Any, ids: Sequence[int]) -> Iterator[ColumnElement[bool]]:
    """Conditions that together select the rows whose `column` is in `ids` (run one query per condition)."""
    id_list = list(ids)
    if not id_list:
        return
    if session.get_bind().dialect.name == "postgresql":
        yield column == any_(literal(id_list, type_=ARRAY(Integer)))
        return
    for i in range(0, len(id_list), SQLITE_CHUNK):
        yield column.in_(id_list[i : i + SQLITE_CHUNK])
