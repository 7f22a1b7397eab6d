"""Limits (mean +- 2.66 x mean moving range, per segment, optionally from a frozen baseline) and the four Making
Data Count rules: outside the limits, shift, trend, two of three near a limit."""

from __future__ import annotations

from collections.abc import Sequence

from carelog.core.spc.chart import (
    DEFAULT_SHIFT_LENGTH,
    DEFAULT_TREND_LENGTH,
    LIMIT_FACTOR,
    MIN_POINTS,
    OUTLIER_MR_FACTOR,
    TWO_THIRDS_FACTOR,
    Improvement,
    Rule,
    SpcLimits,
    SpcPoint,
    SpcRun,
    XmrChart,
    variation_for,
)


def _limits(vals: Sequence[float], start: int, end: int, baseline: int | None, screen_outliers: bool) -> SpcLimits:
    count = end - start + 1
    used = min(baseline, count) if baseline else count
    base = list(vals[start : start + used])
    mean = sum(base) / len(base) if base else 0.0
    mrs = [abs(base[i] - base[i - 1]) for i in range(1, len(base))]
    mr_mean = sum(mrs) / len(mrs) if mrs else 0.0
    if screen_outliers and mrs:
        # NHSRplotthedots: moving ranges of 3.267 x their mean or more are left out of the average
        kept = [m for m in mrs if m < OUTLIER_MR_FACTOR * mr_mean]
        mr_mean = sum(kept) / len(kept) if kept else mr_mean
    return SpcLimits(
        start,
        end,
        used,
        mean,
        mr_mean,
        mean + LIMIT_FACTOR * mr_mean,
        mean - LIMIT_FACTOR * mr_mean,
        mean + TWO_THIRDS_FACTOR * mr_mean,
        mean - TWO_THIRDS_FACTOR * mr_mean,
    )


def xmr(
    values: Sequence[float],
    labels: Sequence[str] | None = None,
    *,
    shift_length: int = DEFAULT_SHIFT_LENGTH,
    trend_length: int = DEFAULT_TREND_LENGTH,
    baseline: int | None = None,
    improvement: Improvement = Improvement.LOWER,
    breaks: Sequence[int] = (),
    screen_outliers: bool = False,
) -> XmrChart:
    """Compute an XmR chart.

    `breaks`: indexes of the points where the limits are recalculated (a change date: each segment gets its own mean
    and limits, and the rules look within one segment only, as NHSRplotthedots' rebase does). `baseline`: the number
    of leading points of each segment its limits come from (a frozen baseline; default all of them).
    """
    if shift_length < 2 or trend_length < 2:
        raise ValueError("Run lengths must be at least 2.")
    vals = [float(v) for v in values]
    names = list(labels) if labels is not None else [str(i + 1) for i in range(len(vals))]
    if len(names) != len(vals):
        raise ValueError("One label is needed for each value.")
    n = len(vals)
    starts = sorted({0, *(b for b in breaks if 0 < b < n)})
    bounds = [(s, (starts[k + 1] if k + 1 < len(starts) else n) - 1) for k, s in enumerate(starts)] if n else []
    segments = tuple(_limits(vals, s, e, baseline, screen_outliers) for s, e in bounds)
    flags: list[set[Rule]] = [set() for _ in vals]
    sides = [0] * n
    runs: list[SpcRun] = []
    for lim in segments:
        _segment_rules(vals, lim, shift_length, trend_length, improvement, flags, sides, runs)
    seg_of = [0] * n
    for k, lim in enumerate(segments):
        for i in range(lim.start, lim.end + 1):
            seg_of[i] = k
    points = []
    for i in range(n):
        direction = _direction(flags[i], sides[i], i, runs)
        points.append(
            SpcPoint(
                index=i,
                label=names[i],
                value=vals[i],
                moving_range=abs(vals[i] - vals[i - 1]) if i else None,
                rules=frozenset(flags[i]),
                side=sides[i],
                variation=variation_for(direction, improvement),
                direction=direction,
                segment=seg_of[i],
            )
        )
    shortest = min((lim.baseline for lim in segments), default=0)
    warning = ""
    if n and shortest < MIN_POINTS:
        warning = (
            f"Only {shortest} points behind the limits: limits are unreliable with fewer than {MIN_POINTS}; "
            "read signals with care."
            if len(segments) > 1 or shortest < n
            else f"Only {n} points: limits are unreliable with fewer than {MIN_POINTS}; read signals with care."
        )
    last = segments[-1] if segments else _limits([], 0, -1, None, False)
    return XmrChart(
        points=tuple(points),
        mean=last.mean,
        mean_moving_range=last.mean_moving_range,
        upper_limit=last.upper_limit,
        lower_limit=last.lower_limit,
        upper_two_thirds=last.upper_two_thirds,
        lower_two_thirds=last.lower_two_thirds,
        runs=tuple(sorted(runs, key=lambda r: (r.start, r.rule.value))),
        shift_length=shift_length,
        trend_length=trend_length,
        improvement=improvement,
        warning=warning,
        segments=segments,
    )


def _segment_rules(
    all_vals: list[float],
    lim: SpcLimits,
    shift_length: int,
    trend_length: int,
    improvement: Improvement,
    flags: list[set[Rule]],
    all_sides: list[int],
    runs: list[SpcRun],
) -> None:
    """Apply the four rules to the points of one segment (indexes are chart-wide)."""
    off = lim.start
    vals = all_vals[lim.start : lim.end + 1]
    n = len(vals)
    mean, mr_mean = lim.mean, lim.mean_moving_range
    upper, lower, upper23, lower23 = lim.upper_limit, lim.lower_limit, lim.upper_two_thirds, lim.lower_two_thirds
    eps = 1e-9
    sides = [0 if abs(v - mean) <= eps else (1 if v > mean else -1) for v in vals]
    all_sides[off : off + n] = sides
    for i, v in enumerate(vals):
        if v > upper + eps or v < lower - eps:
            flags[off + i].add(Rule.OUTSIDE_LIMITS)
            runs.append(SpcRun(Rule.OUTSIDE_LIMITS, off + i, off + i, sides[i], variation_for(sides[i], improvement)))

    # shift: maximal runs of >= shift_length points on one side of the mean
    i = 0
    while i < n:
        j = i
        while j + 1 < n and sides[j + 1] == sides[i] != 0:
            j += 1
        if sides[i] != 0 and j - i + 1 >= shift_length:
            for k in range(i, j + 1):
                flags[off + k].add(Rule.SHIFT)
            runs.append(SpcRun(Rule.SHIFT, off + i, off + j, sides[i], variation_for(sides[i], improvement)))
        i = j + 1

    # trend: maximal runs of >= trend_length points each strictly above (or below) the one before
    for direction in (1, -1):
        i = 0
        while i < n:
            j = i
            while j + 1 < n and (vals[j + 1] - vals[j]) * direction > eps:
                j += 1
            if j - i + 1 >= trend_length:
                for k in range(i, j + 1):
                    flags[off + k].add(Rule.TREND)
                runs.append(SpcRun(Rule.TREND, off + i, off + j, direction, variation_for(direction, improvement)))
            i = j + 1 if j > i else i + 1

    # two of three: windows of three points on one side, two of them beyond the 2/3 line (inside the limits)
    close = [
        Rule.OUTSIDE_LIMITS not in flags[off + i] and mr_mean > 0 and (v > upper23 + eps or v < lower23 - eps)
        for i, v in enumerate(vals)
    ]
    marked: set[int] = set()
    for start in range(0, n - 2):
        window = range(start, start + 3)
        side = sides[start]
        if side != 0 and all(sides[k] == side for k in window) and sum(close[k] for k in window) >= 2:
            marked.update(k for k in window if close[k])
    if marked:
        ordered = sorted(marked)
        for k in ordered:
            flags[off + k].add(Rule.TWO_OF_THREE)
        group = [ordered[0]]
        for k in ordered[1:]:
            if k - group[-1] <= 2 and sides[k] == sides[group[0]]:
                group.append(k)
            else:
                runs.append(_two_of_three_run(group, sides, off, improvement))
                group = [k]
        runs.append(_two_of_three_run(group, sides, off, improvement))


def _two_of_three_run(group: list[int], sides: list[int], off: int, improvement: Improvement) -> SpcRun:
    side = sides[group[0]]
    return SpcRun(Rule.TWO_OF_THREE, off + group[0], off + group[-1], side, variation_for(side, improvement))


def _direction(rules: set[Rule], side: int, i: int, runs: list[SpcRun]) -> int:
    """High (+1) or low (-1) special cause, NHSRplotthedots' order: outside limits, then trend, then the others."""
    if not rules:
        return 0
    if Rule.OUTSIDE_LIMITS not in rules and Rule.TREND in rules:
        return next(r.side for r in runs if r.rule == Rule.TREND and r.start <= i <= r.end)
    return side
