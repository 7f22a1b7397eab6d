"""Filters shared by env.py and the schema test."""

from __future__ import annotations

# Search structures created by hand in 0001 (SQLite FTS5 tables, the PostgreSQL GIN expression index), and the
# PostgreSQL-only covering indexes of 0017 (ix_incidents_pg_*: INCLUDE columns and a partial index, not modelled).
HAND_MADE_SEARCH = ("incidents_fts", "ix_incidents_search", "ix_incidents_pg_")


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Leave the hand-made search structures and PostgreSQL-only indexes out of autogenerate comparisons."""
    return not (type_ in ("table", "index") and name is not None and name.startswith(HAND_MADE_SEARCH))
