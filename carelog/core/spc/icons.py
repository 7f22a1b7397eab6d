"""Making Data Count icons for the latest point: variation (common / special cause, high or low) and assurance
(where a target sits against the process limits)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from carelog.core.spc.chart import (
    COLOUR_COMMON,
    COLOUR_CONCERN,
    COLOUR_IMPROVEMENT,
    Improvement,
    Variation,
    XmrChart,
    variation_for,
)
from carelog.core.spc.rules import xmr


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
    return VariationIcon(f"{variation_for(last.direction, chart.improvement).value}_{way}")


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
