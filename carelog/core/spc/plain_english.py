"""Charts read out in plain English: each rule's run, the chart as a whole, and one change at a time."""

from __future__ import annotations

from carelog.core.spc.chart import Rule, SpcRun, Variation, XmrChart
from carelog.core.spc.signals import SpcChange


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


def reading(chart: XmrChart, what: str = "incidents", per: str = " a month") -> list[str]:
    """Every signal of a chart in plain English; a single 'no signal' line when there is none."""
    lines = [describe_run(chart, run, what) for run in chart.runs]
    if not lines and chart.points:
        lines.append(
            f"No special cause: the ups and downs are within normal variation around an average of "
            f"{chart.mean:.1f} {what}{per} (limits {max(chart.lower_limit, 0):.1f} to {chart.upper_limit:.1f})."
        )
    if chart.warning:
        lines.append(chart.warning)
    return lines


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
