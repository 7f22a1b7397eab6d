"""Filters shared by env.py and the schema test."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

# Search structures created by hand in 0001 (SQLite FTS5 tables, the PostgreSQL GIN expression index), and the
# PostgreSQL-only covering indexes of 0017 (ix_incidents_pg_*: INCLUDE columns and a partial index, not modelled).
HAND_MADE_SEARCH = ("incidents_fts", "ix_incidents_search", "ix_incidents_pg_")
# The Trends tab's SQLite-only indexes made by hand in 0016 (two are on expressions, which the models cannot hold).
HAND_MADE_TRENDS = ("ix_trends_",)
HAND_MADE = HAND_MADE_SEARCH + HAND_MADE_TRENDS


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Leave the hand-made search structures and the hand-made indexes out of autogenerate comparisons."""
    return not (type_ in ("table", "index") and name is not None and name.startswith(HAND_MADE))


@contextmanager
def quiet_hand_made_indexes() -> Iterator[None]:
    """Reflect tables without SQLAlchemy's warning that it skips the hand-made expression indexes (it cannot read
    them; nothing reflected needs them)."""
    with warnings.catch_warnings():
        for prefix in HAND_MADE_TRENDS:
            skipped = f"Skipped unsupported reflection of expression-based index {prefix}"
            warnings.filterwarnings("ignore", message=skipped)
        yield
