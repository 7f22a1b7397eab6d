"""Signals as people see them: the runs of a chart merged into one change per phenomenon, strongest first."""

from __future__ import annotations

from dataclasses import dataclass

from carelog.core.spc.chart import Rule, SpcRun, Variation, XmrChart
from carelog.core.spc.rare_events import T_POWER


@dataclass(frozen=True, slots=True)
class SpcChange:
    """One phenomenon on a chart: every flagged run on one side that belongs together (a step, a spike, a trend).

    A step up shows as several runs at once (a shift, months beyond the limits, two of three close to them, and the
    months before it below the average): they are one change, told once.
    """

    start: int
    end: int  # inclusive
    side: int  # +1 up, -1 down
    variation: Variation
    rules: frozenset[Rule]
    kind: str  # "step", "spike" (one point beyond a limit) or "trend"
    strength: float  # |average of the points - the mean| in sigma units x sqrt(points): larger = stronger evidence
    before_mean: float | None  # average of the segment's points before the change (None when it starts the segment)
    during_mean: float
    segment: int


def changes(chart: XmrChart) -> list[SpcChange]:
    """The chart's signals merged into one per phenomenon, strongest first (then latest)."""
    groups: list[list[SpcRun]] = []
    for run in sorted(chart.runs, key=lambda r: (r.start, r.end)):
        seg = chart.points[run.start].segment
        for group in groups:
            g_start, g_end = min(r.start for r in group), max(r.end for r in group)
            same = group[0].side == run.side and chart.points[group[0].start].segment == seg
            if same and _joined(chart, g_start, g_end, run, seg):
                group.append(run)
                break
        else:
            groups.append([run])
    out = [_change(chart, g) for g in groups]
    # the months below the average before a step up (or above it before a step down) are the same change seen from
    # the other side: drop such a run when a step on the other side starts right after it in the same segment
    kept = [
        c
        for c in out
        if not (
            c.kind == "step"
            and any(
                o.side == -c.side and o.kind == "step" and o.segment == c.segment and 0 < o.start - c.end <= 2
                for o in out
            )
        )
    ]
    return sorted(kept, key=lambda c: (-c.strength, -c.end))


def _joined(chart: XmrChart, g_start: int, g_end: int, run: SpcRun, seg: int) -> bool:
    """Overlapping, or separated only by points on the same side of the mean (or on it)."""
    if run.start <= g_end + 1 and run.end >= g_start - 1:
        return True
    lo, hi = (g_end + 1, run.start) if run.start > g_end else (run.end + 1, g_start)
    return all(chart.points[k].segment == seg and chart.points[k].side in (0, run.side) for k in range(lo, hi))


def _change(chart: XmrChart, runs: list[SpcRun]) -> SpcChange:
    start, end = min(r.start for r in runs), max(r.end for r in runs)
    rules = frozenset(r.rule for r in runs)
    side = runs[0].side
    seg = chart.points[start].segment
    lim = chart.segments[seg] if chart.segments else None
    mean = lim.mean if lim else chart.mean
    mr = lim.mean_moving_range if lim else chart.mean_moving_range
    during = [p.value for p in chart.points[start : end + 1]]
    seg_start = lim.start if lim else 0
    before = [p.value for p in chart.points[seg_start:start]]
    kind = (
        "spike" if rules == {Rule.OUTSIDE_LIMITS} and start == end else ("trend" if rules == {Rule.TREND} else "step")
    )
    during_mean = sum(during) / len(during)
    if chart.kind == "t":  # strength on the transformed scale the rules used
        dist = abs(sum(v ** (1 / T_POWER) for v in during) / len(during) - mean ** (1 / T_POWER))
    else:
        dist = abs(during_mean - mean)
    sigma = mr / 1.128 if mr > 0 else 0.0
    strength = (dist / sigma if sigma else 10.0) * len(during) ** 0.5
    return SpcChange(
        start,
        end,
        side,
        runs[0].variation,
        rules,
        kind,
        round(strength, 6),
        sum(before) / len(before) if before else None,
        during_mean,
        seg,
    )
