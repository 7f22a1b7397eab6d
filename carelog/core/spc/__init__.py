"""XmR (individuals) charts with the NHS "Making Data Count" rules (shared/DOMAIN.md section 5).

Limits: mean +- 2.66 x mean moving range. Special cause when a point is outside the limits; part of a shift (a run of
`shift_length` points on one side of the mean; a point on the mean breaks the run); part of a trend (`trend_length`
points each strictly higher, or lower, than the one before); or part of two-of-three (two of three consecutive points
on one side of the mean beyond mean +- 1.773 x mean moving range but inside the limits).

For incident counts lower is better, so special cause above the mean is a concern and below it an improvement.

The parts: `chart` (colours, names, points, runs, limits), `rules` (limits and the four rules: `xmr`), `icons`
(variation and assurance icons), `rare_events` (T-charts of days between events), `signals` (one change per
phenomenon), `plain_english` (what a chart says, in words). Everything is re-exported here.
"""

from carelog.core.spc.chart import (
    COLOUR_COMMON,
    COLOUR_CONCERN,
    COLOUR_IMPROVEMENT,
    COLOUR_NEUTRAL,
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
    Variation,
    XmrChart,
    variation_for,
)
from carelog.core.spc.icons import (
    Assurance,
    AssuranceIcon,
    VariationIcon,
    assurance,
    assurance_icon,
    variation_icon,
)
from carelog.core.spc.plain_english import describe_change, describe_run, reading
from carelog.core.spc.rare_events import RARE_MEAN_PER_MONTH, T_POWER, days_between, is_rare, t_chart
from carelog.core.spc.rules import xmr
from carelog.core.spc.signals import SpcChange, changes

__all__ = [
    "COLOUR_COMMON",
    "COLOUR_CONCERN",
    "COLOUR_IMPROVEMENT",
    "COLOUR_NEUTRAL",
    "DEFAULT_SHIFT_LENGTH",
    "DEFAULT_TREND_LENGTH",
    "LIMIT_FACTOR",
    "MIN_POINTS",
    "OUTLIER_MR_FACTOR",
    "RARE_MEAN_PER_MONTH",
    "TWO_THIRDS_FACTOR",
    "T_POWER",
    "Assurance",
    "AssuranceIcon",
    "Improvement",
    "Rule",
    "SpcChange",
    "SpcLimits",
    "SpcPoint",
    "SpcRun",
    "Variation",
    "VariationIcon",
    "XmrChart",
    "assurance",
    "assurance_icon",
    "changes",
    "days_between",
    "describe_change",
    "describe_run",
    "is_rare",
    "reading",
    "t_chart",
    "variation_for",
    "variation_icon",
    "xmr",
]
