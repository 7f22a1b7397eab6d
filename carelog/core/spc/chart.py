"""What an XmR chart is made of: the Making Data Count colours, variation and rule names, points, runs, limits."""

from __future__ import annotations

from dataclasses import dataclass
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


def variation_for(side: int, improvement: Improvement) -> Variation:
    """Concern or improvement for a point (or run) on one side of the mean, given which way is better."""
    if side == 0:
        return Variation.COMMON
    if improvement == Improvement.NEITHER:
        return Variation.NEUTRAL
    good = -1 if improvement == Improvement.LOWER else 1
    return Variation.IMPROVEMENT if side == good else Variation.CONCERN
