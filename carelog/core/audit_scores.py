"""Follow-up audit scores over time (issue 15): the series the Trends tab draws, and an action's before / after scores.

An audit (MAR chart audit, mobility assessments...) has a date and a % score and may be linked to the actions it
tests. Before / after an action: the latest audit of each type held before the action was done, against the latest one
held since, so an effectiveness check can say whether the improvement stuck.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from carelog.core.trend_data import ActionMark


@dataclass(frozen=True, slots=True)
class AuditPoint:
    held_on: date
    score: int  # % compliant
    record_id: int
    action_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class AuditSeries:
    audit_type: str
    points: tuple[AuditPoint, ...]  # oldest first

    @property
    def latest(self) -> AuditPoint | None:
        return self.points[-1] if self.points else None


@dataclass(frozen=True)
class AuditScores:
    """What the Trends tab's audit chart shows: one series per type of audit, and the completed actions they test."""

    series: tuple[AuditSeries, ...]
    actions: tuple[ActionMark, ...]  # done or verified actions linked to any audit shown, by completion date
    note: str = ""

    def as_mapping(self) -> dict[str, list[tuple[date, int]]]:
        return {s.audit_type: [(p.held_on, p.score) for p in s.points] for s in self.series}


def group_series(points: Iterable[tuple[str, AuditPoint]]) -> tuple[AuditSeries, ...]:
    """(audit type, point) pairs into one series per type (types in alphabetical order, points oldest first)."""
    by_type: dict[str, list[AuditPoint]] = {}
    for audit_type, point in points:
        by_type.setdefault(audit_type, []).append(point)
    return tuple(
        AuditSeries(t, tuple(sorted(ps, key=lambda p: (p.held_on, p.record_id)))) for t, ps in sorted(by_type.items())
    )


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """One type of audit either side of an action's completion (or first and latest while it is not done)."""

    audit_type: str
    completed: date | None
    before: AuditPoint | None
    after: AuditPoint | None

    @property
    def change(self) -> int | None:
        return self.after.score - self.before.score if self.before and self.after else None

    def describe(self) -> str:
        """E.g. 'MAR chart audit: 78% on 1 Sep 2026 before the action was done (12 Sep 2026); 95% on 1 Nov 2026
        after: up 17 points.'"""
        b, a = self.before, self.after
        if self.completed is None:
            if b is None or a is None or b == a:
                only = a or b
                if only is None:
                    return ""
                return f"{self.audit_type}: {only.score}% on {_day(only.held_on)}; the action is not done yet."
            return (f"{self.audit_type}: {b.score}% on {_day(b.held_on)}, {a.score}% on {_day(a.held_on)} "
                    f"({_points(a.score - b.score)}); the action is not done yet.")  # fmt: skip
        done = f"the action was done ({_day(self.completed)})"
        if b is None and a is not None:
            return f"{self.audit_type}: no audit before {done}; {a.score}% on {_day(a.held_on)} since."
        if b is not None and a is None:
            return (f"{self.audit_type}: {b.score}% on {_day(b.held_on)} before {done}; no audit since: "
                    "plan one to see whether the change stuck.")  # fmt: skip
        assert b is not None and a is not None
        return (f"{self.audit_type}: {b.score}% on {_day(b.held_on)} before {done}; {a.score}% on "
                f"{_day(a.held_on)} after: {_points(a.score - b.score)}.")  # fmt: skip


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _points(delta: int) -> str:
    if delta == 0:
        return "no change"
    return f"{'up' if delta > 0 else 'down'} {abs(delta)} point{'s' if abs(delta) != 1 else ''}"


def before_after(series: Sequence[AuditSeries], completed: date | None) -> list[ScoreChange]:
    """For each type of audit: the latest score before `completed` and the latest on or after it (first and latest
    when the action is not done yet)."""
    out = []
    for s in series:
        if not s.points:
            continue
        if completed is None:
            out.append(ScoreChange(s.audit_type, None, s.points[0], s.points[-1]))
            continue
        before = [p for p in s.points if p.held_on < completed]
        after = [p for p in s.points if p.held_on >= completed]
        out.append(ScoreChange(s.audit_type, completed, before[-1] if before else None, after[-1] if after else None))
    return out
