"""Suggested groupings for thematic reviews (Review tab)."""

from __future__ import annotations

from carelog.core.groupings import Grouping
from carelog.ui.models.row_table_model import RowTableModel


class ReviewGroupingModel(RowTableModel[Grouping]):
    columns = (
        ("Suggestion", "title", lambda g: g.title),
        ("Incidents", "size", lambda g: str(g.size)),
        ("Why together", "reason", lambda g: g.reason),
    )
