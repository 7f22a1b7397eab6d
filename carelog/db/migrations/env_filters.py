"""Filters shared by env.py and the schema test."""

from __future__ import annotations

# Search structures created by hand in 0001 (SQLite FTS5 tables, the PostgreSQL GIN expression index).
HAND_MADE_SEARCH = ("incidents_fts", "ix_incidents_search")


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Leave the hand-made full-text search structures out of autogenerate comparisons."""
    return not (type_ in ("table", "index") and name is not None and name.startswith(HAND_MADE_SEARCH))
