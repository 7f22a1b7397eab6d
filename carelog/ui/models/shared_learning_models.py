"""Learning shared across services: the points (with how many services have discussed each) and, for one point,
each service's discussion (the provider view)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from carelog.core.shared_learning import ServiceDiscussion, SharedLearning, excerpt
from carelog.ui.models.row_table_model import RowTableModel

DONE_COLOUR = QColor("#1e7b34")
PENDING_COLOUR = QColor("#a05a00")


class SharedLearningModel(RowTableModel[SharedLearning]):
    columns = (
        ("Shared on", "shared_at", lambda p: f"{p.shared_at:%d/%m/%Y}"),
        ("Learning point", "text", lambda p: excerpt(p.text, 90)),
        ("Discussed", "progress", lambda p: f"{len(p.done)} of {len(p.services)}"),
    )

    def tooltip(self, item: SharedLearning, column: int) -> str:
        source = f" (from review: {item.review_title})" if item.review_title else ""
        return f"{item.text}\nShared by {item.shared_by}{source}. {item.progress}."


class ServiceDiscussionModel(RowTableModel[ServiceDiscussion]):
    columns = (
        ("Service", "service", lambda s: s.service),
        (
            "Discussed with the team",
            "discussed_on",
            lambda s: f"{s.discussed_on:%d/%m/%Y}" if s.discussed_on else "Not yet",
        ),
        ("Note", "note", lambda s: s.note),
        ("Recorded by", "recorded_by", lambda s: s.recorded_by),
    )

    def extra_data(self, item: ServiceDiscussion, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return DONE_COLOUR if item.done else PENDING_COLOUR
        return None


def _day(item: ServiceDiscussion) -> str:
    return f"{item.discussed_on:%d/%m/%Y}" if item.discussed_on else "Not yet"
