"""XmR (individuals) charts with the NHS "Making Data Count" rules (shared/DOMAIN.md section 5).

Limits: mean +- 2.66 x mean moving range. Special cause when a point is outside the limits; part of a shift (a run of
`shift_length` points on one side of the mean; a point on the mean breaks the run); part of a trend (`trend_length`
points each strictly higher, or lower, than the one before); or part of two-of-three (two of three consecutive points
on one side of the mean beyond mean +- 1.773 x mean moving range but inside the limits).

For incident counts lower is better, so special cause above the mean is a concern and below it an improvement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

LIMIT_FACTOR = 2.66
TWO_THIRDS_FACTOR = 1.773
DEFAULT_SHIFT_LENGTH = 7
DEFAULT_TREND_LENGTH = 7
MIN_POINTS = 12
OUTLIER_MR_FACTOR = 3.267

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
    direction: int = 0  # +1 high / -1 low: a trend's direction, otherwise the side (what the icon's H or L says)
    segment: int = 0  # which limits (SpcLimits) the point is judged against

    @property
    def special(self) -> bool:
        return bool(self.rules)


@dataclass(frozen=True, slots=True)
class SpcRun:
    """A group of consecutive points flagged by one rule: what a reader is told about."""

    rule: Rule
    start: int
    end: int  # inclusive
    side: int  # +1 up / above, -1 down / below
    variation: Variation


@dataclass(frozen=True, slots=True)
class SpcLimits:
    """Mean and process limits of one segment of the chart (points start..end), from its first `baseline` points."""

    start: int
    end: int  # inclusive
    baseline: int  # points the limits were calculated from (frozen when fewer than the segment)
    mean: float
    mean_moving_range: float
    upper_limit: float
    lower_limit: float
    upper_two_thirds: float
    lower_two_thirds: float

    @property
    def frozen(self) -> bool:
        return self.baseline < self.end - self.start + 1


@dataclass(frozen=True, slots=True)
class XmrChart:
    points: tuple[SpcPoint, ...]
    mean: float  # mean and limits of the last segment (the whole chart when there is one)
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
    segments: tuple[SpcLimits, ...] = ()
    kind: str = "xmr"  # "xmr", or "t" for a T-chart (values are days between events)

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(p.value for p in self.points)

    def limits_at(self, index: int) -> SpcLimits:
        return self.segments[self.points[index].segment]


def _variation(side: int, improvement: Improvement) -> Variation:
    if side == 0:
        return Variation.COMMON
    if improvement == Improvement.NEITHER:
        return Variation.NEUTRAL
    good = -1 if improvement == Improvement.LOWER else 1
    return Variation.IMPROVEMENT if side == good else Variation.CONCERN


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
                variation=_variation(direction, improvement),
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
            runs.append(SpcRun(Rule.OUTSIDE_LIMITS, off + i, off + i, sides[i], _variation(sides[i], improvement)))

    # shift: maximal runs of >= shift_length points on one side of the mean
    i = 0
    while i < n:
        j = i
        while j + 1 < n and sides[j + 1] == sides[i] != 0:
            j += 1
        if sides[i] != 0 and j - i + 1 >= shift_length:
            for k in range(i, j + 1):
                flags[off + k].add(Rule.SHIFT)
            runs.append(SpcRun(Rule.SHIFT, off + i, off + j, sides[i], _variation(sides[i], improvement)))
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
                runs.append(SpcRun(Rule.TREND, off + i, off + j, direction, _variation(direction, improvement)))
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
    return SpcRun(Rule.TWO_OF_THREE, off + group[0], off + group[-1], side, _variation(side, improvement))


def _direction(rules: set[Rule], side: int, i: int, runs: list[SpcRun]) -> int:
    """High (+1) or low (-1) special cause, NHSRplotthedots' order: outside limits, then trend, then the others."""
    if not rules:
        return 0
    if Rule.OUTSIDE_LIMITS not in rules and Rule.TREND in rules:
        return next(r.side for r in runs if r.rule == Rule.TREND and r.start <= i <= r.end)
    return side


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
    lim = chart.limits_at(run.start) if chart.segments else chart
    avg = f"{lim.mean:.1f}"
    if run.rule == Rule.OUTSIDE_LIMITS:
        limit = lim.upper_limit if run.side > 0 else lim.lower_limit
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


# ----------------------------------------------------------------------------------------------- icons
class VariationIcon(StrEnum):
    """Making Data Count variation icon for the latest point (NHSRplotthedots' names)."""

    COMMON = "common_cause"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    NEUTRAL_HIGH = "neutral_high"
    NEUTRAL_LOW = "neutral_low"

    @property
    def letter(self) -> str:
        """What the icon says without colour: H (high) or L (low); common cause has none."""
        return "" if self == VariationIcon.COMMON else ("H" if self.value.endswith("high") else "L")

    @property
    def variation(self) -> Variation:
        if self == VariationIcon.COMMON:
            return Variation.COMMON
        return Variation(self.value.split("_")[0])

    @property
    def colour(self) -> str:
        return self.variation.colour

    @property
    def label(self) -> str:
        if self == VariationIcon.COMMON:
            return "Common cause variation"
        what = {"concern": "concern", "improvement": "improvement", "neutral": "neither better nor worse"}
        kind, way = self.value.split("_")
        return f"Special cause {what[kind]}: {'higher' if way == 'high' else 'lower'} than usual"


class AssuranceIcon(StrEnum):
    """Making Data Count assurance icon: where the target sits against the process limits."""

    PASS = "consistent_pass"
    FAIL = "consistent_fail"
    HIT_OR_MISS = "inconsistent"

    @property
    def letter(self) -> str:
        return {AssuranceIcon.PASS: "P", AssuranceIcon.FAIL: "F", AssuranceIcon.HIT_OR_MISS: "?"}[self]

    @property
    def colour(self) -> str:
        return {
            AssuranceIcon.PASS: COLOUR_IMPROVEMENT,
            AssuranceIcon.FAIL: COLOUR_CONCERN,
            AssuranceIcon.HIT_OR_MISS: COLOUR_COMMON,
        }[self]

    @property
    def label(self) -> str:
        return {
            AssuranceIcon.PASS: "Consistently meets the target",
            AssuranceIcon.FAIL: "Consistently misses the target",
            AssuranceIcon.HIT_OR_MISS: "Hits or misses the target by chance",
        }[self]


def _chart(series: Sequence[float] | XmrChart, improvement: Improvement) -> XmrChart:
    return series if isinstance(series, XmrChart) else xmr(series, improvement=improvement)


def variation_icon(
    series: Sequence[float] | XmrChart, improvement_direction: Improvement = Improvement.LOWER
) -> VariationIcon | None:
    """The variation icon of the latest point (None for an empty series). A chart passed in keeps its own direction.

    As NHSRplotthedots: the latest point's special cause (outside the limits, then trend, then two of three or a
    shift) gives high or low; improvement or concern comes from the improvement direction.
    """
    chart = _chart(series, improvement_direction)
    if not chart.points:
        return None
    last = chart.points[-1]
    if not last.rules or last.direction == 0:
        return VariationIcon.COMMON
    way = "high" if last.direction > 0 else "low"
    return VariationIcon(f"{_variation(last.direction, chart.improvement).value}_{way}")


def assurance_icon(
    series: Sequence[float] | XmrChart, target: float | None, direction: Improvement = Improvement.LOWER
) -> AssuranceIcon | None:
    """Pass / fail / hit-or-miss from the target against the latest limits; None without a target or direction.

    As NHSRplotthedots: a target above the upper limit is always met when lower is better (always missed when higher
    is better), below the lower limit the other way round, anywhere between the limits is hit or miss.
    """
    chart = _chart(series, direction)
    if target is None or not chart.points or chart.improvement == Improvement.NEITHER:
        return None
    higher_better = chart.improvement == Improvement.HIGHER
    if target > chart.upper_limit:
        return AssuranceIcon.FAIL if higher_better else AssuranceIcon.PASS
    if target < chart.lower_limit:
        return AssuranceIcon.PASS if higher_better else AssuranceIcon.FAIL
    return AssuranceIcon.HIT_OR_MISS


# ----------------------------------------------------------------------------------------------- rare events
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


# ----------------------------------------------------------------------------------- signals as people see them
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


def describe_change(chart: XmrChart, change: SpcChange, what: str = "incidents", per: str = " a month") -> str:
    """What changed and when, in plain English: 'Step up since June 2026: ... ' (one sentence per phenomenon)."""
    first, last = chart.points[change.start], chart.points[change.end]
    lim = chart.segments[change.segment] if chart.segments else None
    mean = lim.mean if lim else chart.mean
    ongoing = change.end == len(chart.points) - 1
    way = "up" if change.side > 0 else "down"
    n = change.end - change.start + 1
    verdict = {
        Variation.CONCERN: "This is a concern: something has changed for the worse and is worth looking into.",
        Variation.IMPROVEMENT: "This is an improvement: find out what changed so it can be kept up.",
        Variation.NEUTRAL: "Something has changed; look into why.",
        Variation.COMMON: "",
    }[change.variation]
    if change.kind == "spike":
        limit = (lim.upper_limit if lim else chart.upper_limit) if change.side > 0 else (lim or chart).lower_limit
        word = "above the upper" if change.side > 0 else "below the lower"
        head = (
            f"{first.label}: {first.value:g} {what}, {word} process limit of {limit:.1f} (average {mean:.1f}). "
            "Normal variation would very rarely give this."
        )
    elif change.kind == "trend":
        head = (
            f"{'Rising' if change.side > 0 else 'Falling'} {'since' if ongoing else 'from'} {first.label}"
            f"{'' if ongoing else ' to ' + last.label}: {what} {'rose' if change.side > 0 else 'fell'} "
            f"{n} times in a row, from {first.value:g} to {last.value:g}."
        )
    else:
        span = f"since {first.label}" if ongoing else f"from {first.label} to {last.label}"
        before = f", against {change.before_mean:.1f}{per} before" if change.before_mean is not None else ""
        beyond = sum(1 for p in chart.points[change.start : change.end + 1] if Rule.OUTSIDE_LIMITS in p.rules)
        extra = f" {beyond} of the {n} beyond the process limits." if beyond else ""
        head = (
            f"Step {way} {span}: {what} averaged {change.during_mean:.1f}{per} over these {n} "
            f"point{'s' if n != 1 else ''}{before} (centre line {mean:.1f}).{extra}"
        )
    return f"{head} {verdict}".strip()


class Assurance(StrEnum):
    """The Home tab's words for the assurance icon (AssuranceIcon): can the process be relied on to meet a target?"""

    PASS = "pass"  # consistently meets the target
    FAIL = "fail"  # consistently fails it
    HIT_OR_MISS = "hit_or_miss"  # the target lies between the limits

    @property
    def label(self) -> str:
        return {
            Assurance.PASS: "Consistently meets the target",
            Assurance.FAIL: "Consistently misses the target",
            Assurance.HIT_OR_MISS: "Hit and miss: meets the target some months, not others",
        }[self]


_ASSURANCE = {
    AssuranceIcon.PASS: Assurance.PASS,
    AssuranceIcon.FAIL: Assurance.FAIL,
    AssuranceIcon.HIT_OR_MISS: Assurance.HIT_OR_MISS,
}


def assurance(chart: XmrChart, target: float) -> Assurance | None:
    """Assurance of a chart against a target, by the one rule (assurance_icon); None when no direction is better."""
    icon = assurance_icon(chart, target, chart.improvement)
    return None if icon is None else _ASSURANCE[icon]
