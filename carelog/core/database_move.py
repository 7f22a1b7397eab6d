"""What moving a SQLite database onto a server copied (the move itself is in db.move)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MoveResult:
    row_counts: dict[str, int]
    audit_checked: int
    audit_breaks: int

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())
