"""Did an action work? Compare the rate of matching incidents in equal windows before and after completion.

Pure functions over counts and dates; the counting itself is done in SQL by the actions repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

RATE_DAYS = 30
MIN_WINDOW_DAYS = 28  # a shorter after-window is "too early to tell"


@dataclass(frozen=True, slots=True)
class Windows:
    """Equal windows either side of completion: before = [before_start, split), after = [split, after_end)."""

    before_start: datetime
    split: datetime
    after_end: datetime

    @property
    def days(self) -> int:
        return (self.after_end - self.split).days


@dataclass(frozen=True, slots=True)
class EffectResult:
    """Counts in each window, rate per 30 days, and the % change (None when there were none before)."""

    window_days: int
    before_count: int
    after_count: int
    before_rate: float
    after_rate: float
    pct_change: float | None
    too_early: bool

    def describe(self) -> str:
        """One plain-English line, e.g. '6 before, 2 after in 60 days each: 3.0 -> 1.0 per 30 days (-67%)'."""
        change = "no matching incidents before" if self.pct_change is None else f"{self.pct_change:+.0f}%"
        text = (
            f"{self.before_count} before, {self.after_count} after in {self.window_days} days each: "
            f"{self.before_rate:.1f} \u2192 {self.after_rate:.1f} per {RATE_DAYS} days ({change})"
        )
        return text + (" \u2013 too early to tell" if self.too_early else "")


def windows(completed_at: datetime, check_date: date) -> Windows:
    """Windows of equal length: from completion to the check date, and the same length before completion."""
    split = completed_at.replace(hour=0, minute=0, second=0, microsecond=0)
    after_end = datetime.combine(check_date, datetime.min.time())
    days = max((after_end - split).days, 0)
    return Windows(split - timedelta(days=days), split, split + timedelta(days=days))


def rate_per_30_days(count: int, days: int) -> float:
    return count * RATE_DAYS / days if days > 0 else 0.0


def compare(before_count: int, after_count: int, window_days: int) -> EffectResult:
    """Compare counts in two windows of `window_days` days each."""
    if before_count < 0 or after_count < 0:
        raise ValueError("counts cannot be negative")
    before = rate_per_30_days(before_count, window_days)
    after = rate_per_30_days(after_count, window_days)
    pct = None if before_count == 0 else (after_count - before_count) * 100.0 / before_count
    return EffectResult(window_days, before_count, after_count, before, after, pct, window_days < MIN_WINDOW_DAYS)
