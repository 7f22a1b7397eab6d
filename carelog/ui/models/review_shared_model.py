"""How the learning of one review reached staff (Review tab, Learning shared)."""

from __future__ import annotations

from carelog.core.review_dto import LearningShared
from carelog.ui.models.row_table_model import RowTableModel


class ReviewSharedModel(RowTableModel[LearningShared]):
    columns = (
        ("Date", "shared_on", lambda s: f"{s.shared_on:%d/%m/%Y}" if s.shared_on else ""),
        ("How", "method", lambda s: s.method.label),
        ("Learning point", "learning_point", lambda s: s.learning_point),
        ("Shared by", "shared_by", lambda s: s.shared_by),
        ("Confirmed read by", "confirmed_by", lambda s: ", ".join(s.confirmed_by) or "Nobody yet"),
    )
