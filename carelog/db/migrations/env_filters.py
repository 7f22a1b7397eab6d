"""Filters shared by env.py and the schema test."""

from __future__ import annotations


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Leave the full-text search tables (created by hand in 0001) out of autogenerate comparisons."""
    return not (type_ == "table" and name is not None and name.startswith("incidents_fts"))
