"""Plain DTOs for the Trends tab and the pack's charts: filters, chart series and what was clicked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from carelog.core.enums import Kind, PhysicalHarm

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


@dataclass(frozen=True)
class SpcSeries:
    """Monthly counts of one category, ready for core.spc.xmr."""

    category_id: int | None
    category: str
    months: tuple[date, ...]
    counts: tuple[int, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(f"{m:%b %Y}" for m in self.months)


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
