"""Trends use cases: chart data for a filter, the incidents behind a clicked chart element, detected patterns."""

from __future__ import annotations

import calendar
import logging
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy.orm import Session

from carelog.core import patterns as detect
from carelog.core.enums import PhysicalHarm
from carelog.core.patterns import MonthlySeries, PatternSignal
from carelog.core.permissions import Permission
from carelog.core.spc import DEFAULT_SHIFT_LENGTH
from carelog.core.trend_data import (
    CategorySeries,
    ChartSelection,
    HeatMap,
    LabelledCount,
    MonthlyCounts,
    SafetyCross,
    SpcSeries,
    TrendCharts,
    TrendFilter,
    add_months,
    month_range,
    month_start,
)
from carelog.db.repositories import trends as repo
from carelog.services.context import ServiceContext

logger = logging.getLogger(__name__)
ENTITY = "trends"


class TrendService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    # ------------------------------------------------------------------------------------------ charts
    def charts(
        self,
        f: TrendFilter,
        spc_category_id: int | None = None,
        cross_month: date | None = None,
        cross_category_id: int | None = None,
    ) -> TrendCharts:
        """Everything the Trends tab draws for one filter, in one read."""
        self._ctx.require(Permission.VIEW_TRENDS, ENTITY)
        today = self._ctx.clock().date()
        with self._ctx.read() as session:
            span = repo.date_span(session, f) if f.date_from is None or f.date_to is None else None
            first = f.date_from or (span[0] if span else today)
            last = f.date_to or (max(span[1], today) if span else today)
            months = month_range(first, last) if first <= last else ()
            index = {m: i for i, m in enumerate(months)}
            counts: dict[int, list[int]] = {}
            names: dict[int, str] = {}
            for month, cid, name, n in repo.monthly_by_category(session, f):
                if month in index:
                    counts.setdefault(cid, [0] * len(months))[index[month]] += n
                    names[cid] = name
            series = tuple(
                sorted(
                    (CategorySeries(cid, names[cid], tuple(c)) for cid, c in counts.items()),
                    key=lambda s: (-s.total, s.name),
                )
            )
            monthly = MonthlyCounts(months, series)
            grid = [[0] * 24 for _ in range(7)]
            for weekday, hour, n in repo.weekday_hour(session, f):
                grid[weekday][hour] += n
            heat = HeatMap(tuple(tuple(row) for row in grid))
            by_location = tuple(
                LabelledCount(
                    lid,
                    (location or "No location recorded")
                    if f.service_id is not None
                    else f"{location or 'No location'} ({service})",
                    n,
                )
                for lid, service, location, n in repo.by_location(session, f)
            )
            harms = repo.harm_counts(session, f)
            harm = tuple(LabelledCount(h.value, h.label, harms.get(h.value, 0)) for h in PhysicalHarm)
            spc_id = spc_category_id or f.category_id or (series[0].category_id if series else None)
            spc = self._spc_series(session, monthly, spc_id, f, today)
            cross_cat = cross_category_id or spc_id
            cross = self._safety_cross(session, f, cross_month or (months[-1] if months else today), cross_cat)
            total = sum(s.total for s in series)
        notes = []
        if spc.months and len(spc.months) < len(months):
            notes.append("The SPC chart leaves out the current month until it is complete.")
        return TrendCharts(f, monthly, heat, by_location, harm, spc, cross, total, tuple(notes))

    def _spc_series(
        self, session: Session, monthly: MonthlyCounts, category_id: int | None, f: TrendFilter, today: date
    ) -> SpcSeries:
        months = monthly.months
        if months and months[-1] >= month_start(today) and (f.date_to is None or f.date_to >= today):
            months = months[:-1]  # the current month is incomplete
        found = next((s for s in monthly.series if s.category_id == category_id), None)
        counts = found.counts[: len(months)] if found else (0,) * len(months)
        name = found.name if found else ""
        if not found and category_id is not None:
            name = repo.category_name(session, category_id) or ""
        return SpcSeries(category_id, name, months, tuple(counts))

    def _safety_cross(self, session: Session, f: TrendFilter, month: date, category_id: int | None) -> SafetyCross:
        first = month_start(month)
        days = calendar.monthrange(first.year, first.month)[1]
        last = first + timedelta(days=days - 1)
        scoped = TrendFilter(f.date_from, f.date_to, f.service_id, f.location_id, category_id or f.category_id, f.kind)
        daily = repo.daily_counts(session, scoped, first, last)
        name = repo.category_name(session, category_id) if category_id else None
        return SafetyCross(
            first.year, first.month, name or "All categories", tuple(daily.get(d, 0) for d in range(1, days + 1))
        )

    def safety_cross(self, f: TrendFilter, month: date, category_id: int | None) -> SafetyCross:
        self._ctx.require(Permission.VIEW_TRENDS, ENTITY)
        with self._ctx.read() as session:
            return self._safety_cross(session, f, month, category_id)

    def incident_ids(self, f: TrendFilter, selection: ChartSelection) -> list[int]:
        """Ids of the incidents behind a clicked bar, cell, point or box (newest first)."""
        self._ctx.require(Permission.VIEW_TRENDS, ENTITY)
        with self._ctx.read() as session:
            return repo.selection_ids(session, f, selection)

    # ------------------------------------------------------------------------------------------ patterns
    def patterns(
        self,
        as_of: date | None = None,
        shift_length: int = DEFAULT_SHIFT_LENGTH,
        lookback_days: int = detect.LOOKBACK_DAYS,
    ) -> list[PatternSignal]:
        """Signals detected up to `as_of` (default today): clusters, repeats, time concentrations, SPC."""
        self._ctx.require(Permission.VIEW_TRENDS, ENTITY)
        today = self._ctx.clock().date()
        as_of = as_of or today
        since = as_of - timedelta(days=lookback_days - 1)
        # a month counts for SPC once it is over, as on the SPC chart: its last day is over only after today
        month_over = (as_of + timedelta(days=1)).day == 1 and as_of < today
        complete_to = as_of if month_over else month_start(as_of) - timedelta(days=1)
        spc_from = add_months(month_start(complete_to), -(detect.SPC_MONTHS - 1))
        with self._ctx.read() as session:
            recent = repo.pattern_incidents(session, since, as_of)
            monthly_rows = repo.monthly_by_service_category(session, spc_from, complete_to)
            series = _monthly_series(monthly_rows, month_start(complete_to))
            spc = detect.spc_special_causes(
                series,
                lambda sid, cid, a, b: repo.ids_in_months(session, sid, cid, a, b),
                shift_length=shift_length,
            )
        signals = (
            detect.location_clusters(recent)
            + detect.person_repeats(recent)
            + detect.time_concentrations(recent, lookback_days=lookback_days)
            + spc
        )
        logger.info("Pattern detection found %d signals", len(signals))
        return detect.sort_signals(signals)


def _monthly_series(rows: list[tuple[date, int, str, int, str, int]], last_month: date) -> list[MonthlySeries]:
    """One gap-free series per service and category, from the service's first month with any incident."""
    first_month: dict[int, date] = {}
    counts: dict[tuple[int, int], dict[date, int]] = defaultdict(dict)
    names: dict[tuple[int, int], tuple[str, str]] = {}
    for month, sid, sname, cid, cname, n in rows:
        first_month[sid] = min(first_month.get(sid, month), month)
        counts[(sid, cid)][month] = n
        names[(sid, cid)] = (sname, cname)
    out = []
    for (sid, cid), by_month in sorted(counts.items()):
        months = month_range(first_month[sid], last_month)
        sname, cname = names[(sid, cid)]
        out.append(MonthlySeries(sid, sname, cid, cname, months, tuple(by_month.get(m, 0) for m in months)))
    return out
