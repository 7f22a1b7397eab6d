"""Rare events: when monthly counts are too small for XmR, a T-chart of the days between events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from carelog.core.spc.chart import DEFAULT_SHIFT_LENGTH, DEFAULT_TREND_LENGTH, Improvement, XmrChart
from carelog.core.spc.rules import xmr

T_POWER = 3.6  # Nelson's transformation: days between events ** (1 / 3.6) is close to normal (T-charts)
RARE_MEAN_PER_MONTH = 2.0


def is_rare(monthly_counts: Sequence[int], threshold: float = RARE_MEAN_PER_MONTH) -> bool:
    """Too few events a month for an XmR chart of counts (most months 0 or 1): a T-chart reads them better."""
    if not monthly_counts or sum(monthly_counts) == 0:
        return False
    return sum(monthly_counts) / len(monthly_counts) < threshold


def days_between(times: Sequence[datetime]) -> list[float]:
    """Days (with fractions) from each event to the next one, oldest first."""
    ordered = sorted(times)
    return [(b - a).total_seconds() / 86400 for a, b in zip(ordered, ordered[1:], strict=False)]


def t_chart(
    days: Sequence[float],
    labels: Sequence[str] | None = None,
    *,
    shift_length: int = DEFAULT_SHIFT_LENGTH,
    trend_length: int = DEFAULT_TREND_LENGTH,
    breaks: Sequence[int] = (),
    baseline: int | None = None,
) -> XmrChart:
    """T-chart of the days between events: an XmR chart of y = t ** (1 / 3.6), limits turned back into days.

    Longer gaps between adverse events are better (improvement direction: higher). The rules are applied on the
    transformed scale; the points and limits handed back are in days (a negative lower limit becomes 0).
    """
    if any(d < 0 for d in days):
        raise ValueError("Days between events cannot be negative.")
    moved = [float(d) ** (1 / T_POWER) for d in days]
    chart = xmr(
        moved,
        labels,
        shift_length=shift_length,
        trend_length=trend_length,
        breaks=breaks,
        baseline=baseline,
        improvement=Improvement.HIGHER,
    )

    def back(y: float) -> float:
        return float(max(y, 0.0) ** T_POWER)

    segments = tuple(
        replace(
            s,
            mean=back(s.mean),
            upper_limit=back(s.upper_limit),
            lower_limit=back(s.lower_limit),
            upper_two_thirds=back(s.upper_two_thirds),
            lower_two_thirds=back(s.lower_two_thirds),
        )
        for s in chart.segments
    )
    points = tuple(
        replace(p, value=float(d), moving_range=abs(float(d) - float(days[p.index - 1])) if p.index else None)
        for p, d in zip(chart.points, days, strict=True)
    )
    last = segments[-1] if segments else None
    return replace(
        chart,
        points=points,
        segments=segments,
        mean=last.mean if last else 0.0,
        upper_limit=last.upper_limit if last else 0.0,
        lower_limit=last.lower_limit if last else 0.0,
        upper_two_thirds=last.upper_two_thirds if last else 0.0,
        lower_two_thirds=last.lower_two_thirds if last else 0.0,
        kind="t",
    )
