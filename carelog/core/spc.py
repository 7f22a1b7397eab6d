"""XmR (individuals) charts with the NHS "Making Data Count" rules (shared/DOMAIN.md section 5).

Limits: mean +- 2.66 x mean moving range. Special cause when a point is outside the limits; part of a shift (a run of
`shift_length` points on one side of the mean; a point on the mean breaks the run); part of a trend (`trend_length`
points each strictly higher, or lower, than the one before); or part of two-of-three (two of three consecutive points
on one side of the mean beyond mean +- 1.773 x mean moving range but inside the limits).

For incident counts lower is better, so special cause above the mean is a concern and below it an improvement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

LIMIT_FACTOR = 2.66
TWO_THIRDS_FACTOR = 1.773
DEFAULT_SHIFT_LENGTH = 7
DEFAULT_TREND_LENGTH = 7
MIN_POINTS = 12

COLOUR_COMMON = "#a6a6a6"
COLOUR_IMPROVEMENT = "#00b0f0"
COLOUR_CONCERN = "#e46c0a"
COLOUR_NEUTRAL = "#490092"


class Variation(StrEnum):
    COMMON = "common"
    CONCERN = "concern"
    IMPROVEMENT = "improvement"
    NEUTRAL = "neutral"  # special cause where no direction is better

    @property
    def colour(self) -> str:
        return {
            Variation.COMMON: COLOUR_COMMON,
            Variation.CONCERN: COLOUR_CONCERN,
            Variation.IMPROVEMENT: COLOUR_IMPROVEMENT,
            Variation.NEUTRAL: COLOUR_NEUTRAL,
        }[self]


class Rule(StrEnum):
    OUTSIDE_LIMITS = "outside_limits"
    SHIFT = "shift"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three"


class Improvement(StrEnum):
    LOWER = "lower"
    HIGHER = "higher"
    NEITHER = "neither"


@dataclass(frozen=True, slots=True)
class SpcPoint:
    index: int
    label: str
    value: float
    moving_range: float | None
    rules: frozenset[Rule]
    side: int  # +1 above the mean, -1 below, 0 on it
    variation: Variation


@dataclass(frozen=True, slots=True)
class SpcRun:
    """A group of consecutive points flagged by one rule: what a reader is told about."""

    rule: Rule
    start: int
    end: int  # inclusive
    side: int  # +1 up / above, -1 down / below
    variation: Variation


@dataclass(frozen=True, slots=True)
class XmrChart:
    points: tuple[SpcPoint, ...]
    mean: float
    mean_moving_range: float
    upper_limit: float
    lower_limit: float
    upper_two_thirds: float
    lower_two_thirds: float
    runs: tuple[SpcRun, ...]
    shift_length: int
    trend_length: int
    improvement: Improvement
    warning: str = ""

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(p.value for p in self.points)


def _variation(side: int, improvement: Improvement) -> Variation:
    if improvement == Improvement.NEITHER:
        return Variation.NEUTRAL
    good = -1 if improvement == Improvement.LOWER else 1
    return Variation.IMPROVEMENT if side == good else Variation.CONCERN


def xmr(
    values: Sequence[float],
    labels: Sequence[str] | None = None,
    *,
    shift_length: int = DEFAULT_SHIFT_LENGTH,
    trend_length: int = DEFAULT_TREND_LENGTH,
    baseline: int | None = None,
    improvement: Improvement = Improvement.LOWER,
) -> XmrChart:
    """Compute an XmR chart. `baseline` = number of leading points the mean and limits come from (default all)."""
    if shift_length < 2 or trend_length < 2:
        raise ValueError("Run lengths must be at least 2.")
    vals = [float(v) for v in values]
    names = list(labels) if labels is not None else [str(i + 1) for i in range(len(vals))]
    if len(names) != len(vals):
        raise ValueError("One label is needed for each value.")
    n = len(vals)
    base = vals[: baseline or n] if n else []
    mean = sum(base) / len(base) if base else 0.0
    base_mr = [abs(base[i] - base[i - 1]) for i in range(1, len(base))]
    mr_mean = sum(base_mr) / len(base_mr) if base_mr else 0.0
    upper, lower = mean + LIMIT_FACTOR * mr_mean, mean - LIMIT_FACTOR * mr_mean
    upper23, lower23 = mean + TWO_THIRDS_FACTOR * mr_mean, mean - TWO_THIRDS_FACTOR * mr_mean

    eps = 1e-9
    sides = [0 if abs(v - mean) <= eps else (1 if v > mean else -1) for v in vals]
    flags: list[set[Rule]] = [set() for _ in vals]
    runs: list[SpcRun] = []
    for i, v in enumerate(vals):
        if v > upper + eps or v < lower - eps:
            flags[i].add(Rule.OUTSIDE_LIMITS)
            runs.append(SpcRun(Rule.OUTSIDE_LIMITS, i, i, sides[i], _variation(sides[i], improvement)))

    # shift: maximal runs of >= shift_length points on one side of the mean
    i = 0
    while i < n:
        j = i
        while j + 1 < n and sides[j + 1] == sides[i] != 0:
            j += 1
        if sides[i] != 0 and j - i + 1 >= shift_length:
            for k in range(i, j + 1):
                flags[k].add(Rule.SHIFT)
            runs.append(SpcRun(Rule.SHIFT, i, j, sides[i], _variation(sides[i], improvement)))
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
                    flags[k].add(Rule.TREND)
                runs.append(SpcRun(Rule.TREND, i, j, direction, _variation(direction, improvement)))
            i = j + 1 if j > i else i + 1

    # two of three: windows of three points on one side, two of them beyond the 2/3 line (inside the limits)
    close = [
        Rule.OUTSIDE_LIMITS not in flags[i] and mr_mean > 0 and (v > upper23 + eps or v < lower23 - eps)
        for i, v in enumerate(vals)
    ]
    marked: list[int] = []
    for start in range(0, n - 2):
        window = range(start, start + 3)
        side = sides[start]
        if side != 0 and all(sides[k] == side for k in window) and sum(close[k] for k in window) >= 2:
            marked.extend(k for k in window if close[k])
    if marked:
        for k in sorted(set(marked)):
            flags[k].add(Rule.TWO_OF_THREE)
        # group flagged points into runs for the reading
        group = [sorted(set(marked))[0]]
        for k in sorted(set(marked))[1:]:
            if k - group[-1] <= 2 and sides[k] == sides[group[0]]:
                group.append(k)
            else:
                runs.append(_two_of_three_run(group, sides, improvement))
                group = [k]
        runs.append(_two_of_three_run(group, sides, improvement))

    points = tuple(
        SpcPoint(
            index=i,
            label=names[i],
            value=vals[i],
            moving_range=abs(vals[i] - vals[i - 1]) if i else None,
            rules=frozenset(flags[i]),
            side=sides[i],
            variation=_point_variation(flags[i], sides[i], i, runs, improvement),
        )
        for i in range(n)
    )
    warning = (
        f"Only {n} points: limits are unreliable with fewer than {MIN_POINTS}; read signals with care."
        if n < MIN_POINTS
        else ""
    )
    return XmrChart(
        points=points,
        mean=mean,
        mean_moving_range=mr_mean,
        upper_limit=upper,
        lower_limit=lower,
        upper_two_thirds=upper23,
        lower_two_thirds=lower23,
        runs=tuple(sorted(runs, key=lambda r: (r.start, r.rule.value))),
        shift_length=shift_length,
        trend_length=trend_length,
        improvement=improvement,
        warning=warning,
    )


def _two_of_three_run(group: list[int], sides: list[int], improvement: Improvement) -> SpcRun:
    side = sides[group[0]]
    return SpcRun(Rule.TWO_OF_THREE, group[0], group[-1], side, _variation(side, improvement))


def _point_variation(rules: set[Rule], side: int, i: int, runs: list[SpcRun], improvement: Improvement) -> Variation:
    if not rules:
        return Variation.COMMON
    # a trend point takes the trend's direction; any other rule takes the point's side of the mean
    if rules == {Rule.TREND}:
        run = next(r for r in runs if r.rule == Rule.TREND and r.start <= i <= r.end)
        return _variation(run.side, improvement)
    return _variation(side, improvement)


def describe_run(chart: XmrChart, run: SpcRun, what: str = "incidents") -> str:
    """A plain-English reading of one signal, e.g. for a manager's monthly meeting."""
    first, last = chart.points[run.start], chart.points[run.end]
    span = first.label if run.start == run.end else f"{first.label} to {last.label}"
    verdict = {
        Variation.CONCERN: "This is a concern: something has changed for the worse and is worth looking into.",
        Variation.IMPROVEMENT: "This is an improvement: find out what changed so it can be kept up.",
        Variation.NEUTRAL: "Something has changed; look into why.",
        Variation.COMMON: "",
    }[run.variation]
    avg = f"{chart.mean:.1f}"
    if run.rule == Rule.OUTSIDE_LIMITS:
        limit = chart.upper_limit if run.side > 0 else chart.lower_limit
        word = "above the upper" if run.side > 0 else "below the lower"
        text = (
            f"{first.label}: {first.value:g} {what}, {word} process limit of {limit:.1f} (average {avg}). "
            "Normal month-to-month variation would very rarely give this."
        )
    elif run.rule == Rule.SHIFT:
        where = "above" if run.side > 0 else "below"
        text = f"{run.end - run.start + 1} months in a row ({span}) were {where} the average of {avg} {what}."
    elif run.rule == Rule.TREND:
        way = "rose" if run.side > 0 else "fell"
        text = f"{what.capitalize()} {way} for {run.end - run.start + 1} months in a row ({span})."
    else:
        which = "upper" if run.side > 0 else "lower"
        text = (
            f"Two of three months ({span}) were close to the {which} process limit, on the same side of the "
            f"average of {avg} {what}."
        )
    return f"{text} {verdict}".strip()


def reading(chart: XmrChart, what: str = "incidents") -> list[str]:
    """Every signal of a chart in plain English; a single 'no signal' line when there is none."""
    lines = [describe_run(chart, run, what) for run in chart.runs]
    if not lines and chart.points:
        lines.append(
            f"No special cause: the ups and downs are within normal variation around an average of "
            f"{chart.mean:.1f} {what} a month (limits {max(chart.lower_limit, 0):.1f} to {chart.upper_limit:.1f})."
        )
    if chart.warning:
        lines.append(chart.warning)
    return lines


class Assurance(StrEnum):
    """Making Data Count assurance: can the process be relied on to meet a target?"""

    PASS = "pass"  # consistently meets the target: the limits are all on the good side of it
    FAIL = "fail"  # consistently fails it: the limits are all on the wrong side
    HIT_OR_MISS = "hit_or_miss"  # the target lies between the limits

    @property
    def label(self) -> str:
        return {
            Assurance.PASS: "Consistently meets the target",
            Assurance.FAIL: "Consistently misses the target",
            Assurance.HIT_OR_MISS: "Hit and miss: meets the target some months, not others",
        }[self]


def assurance(chart: XmrChart, target: float) -> Assurance | None:
    """Compare a target with the process limits; None when no direction is better."""
    if chart.improvement == Improvement.NEITHER or not chart.points:
        return None
    lower_is_better = chart.improvement == Improvement.LOWER
    if lower_is_better:
        if chart.upper_limit <= target:
            return Assurance.PASS
        if max(chart.lower_limit, 0.0) > target:
            return Assurance.FAIL
    else:
        if chart.lower_limit >= target:
            return Assurance.PASS
        if chart.upper_limit < target:
            return Assurance.FAIL
    return Assurance.HIT_OR_MISS
