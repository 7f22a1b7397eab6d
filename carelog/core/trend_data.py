"""Plain DTOs for the Trends tab and the pack's charts: filters, chart series and what was clicked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from carelog.core.enums import Kind, PhysicalHarm
from carelog.core.rates import Measure, RateSeries
from carelog.core.spc import (
    DEFAULT_SHIFT_LENGTH,
    AssuranceIcon,
    VariationIcon,
    XmrChart,
    assurance_icon,
    days_between,
    t_chart,
    variation_icon,
    xmr,
)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class TrendFilter:
    """Filters shared by all charts on the Trends tab."""

    date_from: date | None = None
    date_to: date | None = None
    service_id: int | None = None
    location_id: int | None = None
    category_id: int | None = None
    kind: Kind | None = None
    exclude_compliments: bool = False  # incident charts (the pack): compliments are not incidents


@dataclass(frozen=True)
class ChartSelection:
    """A bar, cell, point or box the user clicked: narrows the TrendFilter to the incidents behind it."""

    title: str
    month: date | None = None  # first day of a month
    day: date | None = None
    category_id: int | None = None
    weekday: int | None = None  # 0 = Monday
    hour: int | None = None
    location_id: int | None = None
    no_location: bool = False
    harm: PhysicalHarm | None = None


@dataclass(frozen=True, slots=True)
class CategorySeries:
    category_id: int
    name: str
    counts: tuple[int, ...]  # one per month of MonthlyCounts.months

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class MonthlyCounts:
    months: tuple[date, ...]  # first day of each month, oldest first, no gaps
    series: tuple[CategorySeries, ...]  # largest total first

    def totals(self) -> tuple[int, ...]:
        return tuple(sum(s.counts[i] for s in self.series) for i in range(len(self.months)))


@dataclass(frozen=True)
class HeatMap:
    counts: tuple[tuple[int, ...], ...]  # 7 rows (Monday first) x 24 hours

    @property
    def total(self) -> int:
        return sum(sum(row) for row in self.counts)


@dataclass(frozen=True, slots=True)
class LabelledCount:
    key: int | str | None  # location id, harm value... (None: not recorded)
    label: str
    count: int


@dataclass(frozen=True)
class SafetyCross:
    year: int
    month: int
    category: str
    counts: tuple[int, ...]  # one per day of the month

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def day(self, number: int) -> date:
        return self.first_day + timedelta(days=number - 1)


# the shape of a safety cross: the columns (of 7) that hold a day's box, row by row
CROSS_ROWS = ((2, 3, 4), (2, 3, 4), tuple(range(7)), tuple(range(7)), tuple(range(7)), (2, 3, 4), (2, 3, 4))


def safety_cross_cells(days: int) -> list[tuple[int, int, int]]:
    """(day, column, row) of each box of the cross: a 3-wide arm on top and bottom, a 7-wide band in the middle.
    The Trends chart and the pack's printed cross both lay their boxes out from this."""
    out: list[tuple[int, int, int]] = []
    day = 1
    for row, columns in enumerate(CROSS_ROWS):
        for column in columns:
            if day > days:
                return out
            out.append((day, column, row))
            day += 1
    return out


@dataclass(frozen=True, slots=True)
class ActionMark:
    """A done or verified action on the board, offered as a change date for the SPC chart's limits."""

    action_id: int
    title: str
    completed: date
    status: str  # board column title


@dataclass(frozen=True)
class SpcSeries:
    """Monthly counts of one category, ready for core.spc.xmr (or a T-chart when events are rare)."""

    category_id: int | None
    category: str
    months: tuple[date, ...]
    counts: tuple[int, ...]
    service_id: int | None = None
    target: float | None = None  # incidents a month to stay at or under (a setting per category and service)
    event_times: tuple[datetime, ...] = ()  # when the series is rare: every event, oldest first
    actions: tuple[ActionMark, ...] = ()  # completed actions in the period (for this service when one is chosen)
    rates: RateSeries | None = None  # per 1,000 occupied bed days, when asked for (TrendService.charts(measure=...))
    location_chosen: bool = False  # a rate then still divides by the whole service's bed days

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(f"{m:%b %Y}" for m in self.months)

    @property
    def rare(self) -> bool:
        return bool(self.event_times)


@dataclass(frozen=True)
class SpcView:
    """The SPC chart as drawn: which kind, what it says about itself, and the change dates used."""

    chart: XmrChart
    title: str
    what: str  # unit in the reading, e.g. "fall incidents" or "days between falls"
    notes: tuple[str, ...]
    changes: tuple[date, ...]
    target: float | None
    actions: tuple[ActionMark, ...]
    x_dates: tuple[date, ...]  # the date of each point (month start, or the event that ends a gap)
    measure: Measure = Measure.COUNT
    empty_text: str = ""  # what an empty chart says (e.g. no occupancy recorded)

    @property
    def variation_icon(self) -> VariationIcon | None:
        return variation_icon(self.chart)

    @property
    def assurance_icon(self) -> AssuranceIcon | None:
        # a monthly target is about counts: it says nothing about days between events or rates
        return assurance_icon(self.chart, self.target) if self.chart.kind == "xmr" and self.target_shown else None

    @property
    def target_shown(self) -> bool:
        return self.chart.kind == "xmr" and self.measure == Measure.COUNT

    @property
    def y_label(self) -> str:
        if self.chart.kind == "t":
            return "Days between events"
        return "Per 1,000 bed days" if self.measure == Measure.RATE else "Incidents"


def build_spc(
    series: SpcSeries,
    *,
    changes: Sequence[date] = (),
    freeze: int | None = None,
    shift_length: int = DEFAULT_SHIFT_LENGTH,
    measure: Measure = Measure.COUNT,
) -> SpcView:
    """The chart for a series: XmR of monthly counts, or a T-chart of days between events when they are rare; with
    `measure` RATE, XmR of the monthly rates per 1,000 occupied bed days (months without occupancy left out, and said).

    `changes`: dates from which the limits are recalculated (e.g. an action's completion); `freeze`: limits from the
    first `freeze` points of each segment only (a frozen baseline).
    """
    name = series.category or "no category"
    ordered = tuple(sorted(set(changes)))
    notes: list[str] = []
    if measure == Measure.RATE:
        return _rate_view(series, ordered, freeze, shift_length)
    if series.rare and len(series.event_times) >= 3:
        times = series.event_times
        gaps = days_between(times)
        ends = [t.date() for t in times[1:]]
        breaks = [next((i for i, d in enumerate(ends) if d >= c), len(ends)) for c in ordered]
        chart = t_chart(
            gaps, [f"{d:%d %b %y}" for d in ends], shift_length=shift_length, breaks=breaks, baseline=freeze
        )
        mean = sum(series.counts) / len(series.counts) if series.counts else 0.0
        notes.append(
            f"T-chart: {name.lower()} incidents are rare (about {mean:.1f} a month), too few for a chart of monthly "
            "counts, so it shows the days between one and the next. Higher is better: longer without one."
        )
        what, title, x_dates = (
            f"days between {name.lower()} incidents",
            f"T-chart: days between {name.lower()} incidents",
            tuple(ends),
        )
    else:
        breaks = [
            next((i for i, m in enumerate(series.months) if m >= month_start(c)), len(series.months)) for c in ordered
        ]
        chart = xmr(series.counts, series.labels, shift_length=shift_length, breaks=breaks, baseline=freeze)
        what, title, x_dates = (
            f"{name.lower()} incidents" if series.category else "incidents",
            f"XmR chart: {name} per month",
            series.months,
        )
    notes += _limit_notes(ordered, freeze)
    return SpcView(chart, title, what, tuple(notes), ordered, series.target, series.actions, x_dates)


def _limit_notes(ordered: Sequence[date], freeze: int | None) -> list[str]:
    notes = []
    if freeze:
        notes.append(
            f"Baseline frozen: limits come from the first {freeze} points" + (" after each change." if ordered else ".")
        )
    notes += [f"Limits recalculated from {c.day} {c:%B %Y}." for c in ordered]
    return notes


def _rate_view(series: SpcSeries, ordered: tuple[date, ...], freeze: int | None, shift_length: int) -> SpcView:
    """XmR of the monthly rates per 1,000 occupied bed days: only months with occupancy are points."""
    name = series.category or "no category"
    rates = series.rates.rates if series.rates is not None else (None,) * len(series.months)
    kept = [(m, r) for m, r in zip(series.months, rates, strict=True) if r is not None]
    months = tuple(m for m, _r in kept)
    breaks = [next((i for i, m in enumerate(months) if m >= month_start(c)), len(months)) for c in ordered]
    chart = xmr(
        [r for _m, r in kept], [f"{m:%b %Y}" for m in months], shift_length=shift_length, breaks=breaks, baseline=freeze
    )
    what = f"{name.lower() + ' incidents' if series.category else 'incidents'} per 1,000 occupied bed days"
    notes = series.rates.notes() if series.rates is not None else []
    if series.location_chosen and kept:
        notes.append("The rate divides the chosen location's incidents by the whole service's occupied bed days.")
    if series.target is not None:
        notes.append("The target is in incidents a month, so it is not drawn on the rate chart.")
    if series.rare and kept:
        notes.append(f"{name} incidents are rare: the Count view shows them as days between events, which reads them "
                     "better.")  # fmt: skip
    notes += _limit_notes(ordered, freeze)
    empty = "" if kept else "No rate to draw: no occupied bed days are recorded for these months (Lists > Occupancy)."
    return SpcView(
        chart,
        f"XmR chart: {name} per 1,000 occupied bed days",
        what,
        tuple(notes),
        ordered,
        series.target,
        series.actions,
        months,
        Measure.RATE,
        empty,
    )


# ----------------------------------------------------------------------------------------------- targets
TARGET_PREFIX = "trends.target."


def target_key(category_id: int, service_id: int | None) -> str:
    """The settings-table key of a monthly target for a category at one service (or all services)."""
    return f"{TARGET_PREFIX}{category_id}.{service_id if service_id is not None else 'all'}"


def parse_target_key(key: str) -> tuple[int, int | None] | None:
    if not key.startswith(TARGET_PREFIX):
        return None
    parts = key[len(TARGET_PREFIX) :].split(".")
    if len(parts) != 2 or not parts[0].isdigit() or not (parts[1].isdigit() or parts[1] == "all"):
        return None
    return int(parts[0]), (None if parts[1] == "all" else int(parts[1]))


def target_for(
    targets: Mapping[tuple[int, int | None], float], category_id: int | None, service_id: int | None
) -> float | None:
    """The service's own target, else the one for all services; None when no target is set."""
    if category_id is None:
        return None
    if service_id is not None and (category_id, service_id) in targets:
        return targets[(category_id, service_id)]
    return targets.get((category_id, None))


@dataclass(frozen=True)
class TrendCharts:
    """Everything the Trends tab draws for one filter."""

    filter: TrendFilter
    monthly: MonthlyCounts
    heat_map: HeatMap
    by_location: tuple[LabelledCount, ...]
    harm: tuple[LabelledCount, ...]
    spc: SpcSeries
    safety_cross: SafetyCross
    total: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_range(first: date, last: date) -> tuple[date, ...]:
    out = []
    m = month_start(first)
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return tuple(out)


# ----------------------------------------------------------------------------------------------- summary table
@dataclass(frozen=True, slots=True)
class SummaryCell:
    """One measure (category) at one service: the latest month, its mean and the two Making Data Count icons."""

    service_id: int
    service: str
    category_id: int
    category: str
    latest: int
    latest_month: date
    mean: float
    variation: VariationIcon | None
    assurance: AssuranceIcon | None
    target: float | None
    points: int


def summary_cells(
    series: Sequence[tuple[int, str, int, str, tuple[date, ...], tuple[int, ...]]],
    targets: Mapping[tuple[int, int | None], float],
    shift_length: int = DEFAULT_SHIFT_LENGTH,
) -> list[SummaryCell]:
    """Cells of the measures x services table from monthly series (service id, service, category id, category,
    months, counts), with the same icons as the SPC chart (core.spc.variation_icon / assurance_icon)."""
    out = []
    for sid, sname, cid, cname, months, counts in series:
        if not counts:
            continue
        chart = xmr(counts, shift_length=shift_length)
        target = target_for(targets, cid, sid)
        out.append(
            SummaryCell(
                sid,
                sname,
                cid,
                cname,
                counts[-1],
                months[-1],
                chart.mean,
                variation_icon(chart),
                assurance_icon(chart, target),
                target,
                len(counts),
            )
        )
    return sorted(out, key=lambda c: (c.category, c.service))
