"""Trends use cases: chart data for a filter, the incidents behind a clicked chart element, detected patterns."""

from __future__ import annotations

import calendar
import logging
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy.orm import Session

from carelog.core import patterns as detect
from carelog.core.action_dto import ActionStatus
from carelog.core.audit_scores import AuditPoint, AuditScores, group_series
from carelog.core.enums import PhysicalHarm
from carelog.core.errors import ValidationError
from carelog.core.gc_pause import gc_paused
from carelog.core.patterns import MonthlySeries, PatternSignal
from carelog.core.permissions import Permission
from carelog.core.rates import Measure, pooled_rates
from carelog.core.settings import (
    CLUSTER_MIN_COUNT,
    CLUSTER_TIMES_USUAL,
    CLUSTER_WINDOW_DAYS,
    SPC_RECENT_MONTHS,
    SPC_SHIFT_LENGTH,
    Setting,
)
from carelog.core.spc import is_rare
from carelog.core.thread_records import RecordKind
from carelog.core.trend_data import (
    ActionMark,
    CategorySeries,
    ChartSelection,
    HeatMap,
    LabelledCount,
    MonthlyCounts,
    SafetyCross,
    SpcSeries,
    SpcView,
    SummaryCell,
    TrendCharts,
    TrendFilter,
    add_months,
    build_spc,
    month_range,
    month_start,
    summary_cells,
    target_for,
    target_key,
)
from carelog.db.repositories import audit
from carelog.db.repositories import settings as settings_repo
from carelog.db.repositories import thread as thread_repo
from carelog.db.repositories import trends as repo
from carelog.db.repositories import triage as occupancy_repo
from carelog.services.context import ServiceContext
from carelog.services.read_cache import ReadCache

logger = logging.getLogger(__name__)
ENTITY = "trends"
T = TypeVar("T")


class TrendService:
    def __init__(self, ctx: ServiceContext, remember: bool = True) -> None:
        """`remember` False: a one-off reader (the pack asks each question once) keeps nothing, so it does not read
        the data version either."""
        self._ctx = ctx
        self.cache = ReadCache()  # aggregations per filter, while no write has happened since
        self._remember = remember

    def _cached(self, session: Session, key: Hashable, compute: Callable[[Hashable | None], T]) -> T:
        """`compute(version)`, kept at the data version it was read at (None when nothing is kept)."""
        if not self._remember:
            return compute(None)
        version = repo.data_version(session)
        return self.cache.get(key, version, lambda: compute(version))

    # ------------------------------------------------------------------------------------------ charts
    def charts(
        self,
        f: TrendFilter,
        spc_category_id: int | None = None,
        cross_month: date | None = None,
        cross_category_id: int | None = None,
        measure: Measure = Measure.COUNT,
        heat_map: bool = True,
    ) -> TrendCharts:
        """Everything the Trends tab draws for one filter, in one read; with `measure` RATE the SPC series also
        carries its rates per 1,000 occupied bed days. `heat_map` False leaves the day-and-hour grid empty (its own
        pass over the incidents) for a caller that will not draw it."""
        self._ctx.require(Permission.VIEW_TRENDS, ENTITY)
        today = self._ctx.clock().date()
        key = ("charts", f, spc_category_id, cross_month, cross_category_id, measure, heat_map, today)
        args = (f, spc_category_id, cross_month, cross_category_id, measure, heat_map, today)
        with self._ctx.read() as session:
            return self._cached(session, key, lambda version: self._charts(session, *args, version=version))

    def _charts(
        self,
        session: Session,
        f: TrendFilter,
        spc_category_id: int | None,
        cross_month: date | None,
        cross_category_id: int | None,
        measure: Measure,
        heat_map: bool,
        today: date,
        version: Hashable | None = None,
    ) -> TrendCharts:
        """The charts' data; at a cached `version`, the monthly counts per service it read are also kept for
        by_service when they are the same counts (_keep_service_rows)."""
        span = repo.date_span(session, f) if f.date_from is None or f.date_to is None else None
        first = f.date_from or (span[0] if span else today)
        last = f.date_to or (max(span[1], today) if span else today)
        months = month_range(first, last) if first <= last else ()
        index = {m: i for i, m in enumerate(months)}
        cat_names, service_names, location_names = repo.names(session)
        counts: dict[int, list[int]] = {}
        by_service: dict[tuple[int, int], list[int]] = {}  # (category, service) -> monthly counts, for rates
        places: dict[tuple[int, int | None], int] = defaultdict(int)
        harms: dict[str, int] = defaultdict(int)
        by_month, by_place, by_harm, by_hour = repo.chart_sets(session, f, heat_map=heat_map)
        start = f.date_from or (span[0] if span else None)
        if version is not None and start is not None:
            self._keep_service_rows(f, start, today, by_month, cat_names, service_names, version)
        for month, cid, sid, n in by_month:
            if month in index:
                counts.setdefault(cid, [0] * len(months))[index[month]] += n
                by_service.setdefault((cid, sid), [0] * len(months))[index[month]] += n
        for sid, lid, n in by_place:
            places[(sid, lid)] += n
        for harm_value, n in by_harm.items():
            harms[harm_value] += n
        series = tuple(
            sorted(
                (CategorySeries(cid, cat_names.get(cid, ""), tuple(c)) for cid, c in counts.items()),
                key=lambda s: (-s.total, s.name),
            )
        )
        monthly = MonthlyCounts(months, series)
        grid = [[0] * 24 for _ in range(7)]
        for weekday, hour, n in by_hour:
            grid[weekday][hour] += n
        heat = HeatMap(tuple(tuple(row) for row in grid))
        ordered = sorted(
            places.items(),
            key=lambda item: (
                -item[1],
                service_names.get(item[0][0], ""),
                location_names.get(item[0][1], "") if item[0][1] is not None else "",
            ),
        )
        by_location = tuple(
            LabelledCount(
                lid,
                (location_names.get(lid, "") if lid is not None else "") or "No location recorded"
                if f.service_id is not None
                else f"{(location_names.get(lid, '') if lid is not None else '') or 'No location'} "
                f"({service_names.get(sid, '')})",
                n,
            )
            for (sid, lid), n in ordered
        )
        harm = tuple(LabelledCount(h.value, h.label, harms.get(h.value, 0)) for h in PhysicalHarm)
        spc_id = spc_category_id or f.category_id or (series[0].category_id if series else None)
        spc = self._spc_series(session, monthly, spc_id, f, today)
        if measure == Measure.RATE:
            spc = self._with_rates(session, spc, by_service, service_names, {sid for sid, _lid in places})
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
        counts = tuple(found.counts[: len(months)] if found else (0,) * len(months))
        name = found.name if found else ""
        if not found and category_id is not None:
            name = repo.category_name(session, category_id) or ""
        if not months:
            return SpcSeries(category_id, name, months, counts, f.service_id)
        first, last = months[0], add_months(months[-1], 1) - timedelta(days=1)
        if f.date_from is not None:
            first = max(first, f.date_from)
        target = target_for(repo.load_targets(session), category_id, f.service_id)
        times: tuple[datetime, ...] = ()
        if category_id is not None and is_rare(counts):
            scoped = replace(f, category_id=category_id)
            times = tuple(repo.event_times(session, scoped, first, last))
        actions = tuple(
            ActionMark(aid, title, at.date(), ActionStatus(status).column_title)
            for aid, title, at, status in repo.completed_actions(session, f.service_id, category_id, first, last)
        )
        chosen = f.location_id is not None
        return SpcSeries(category_id, name, months, counts, f.service_id, target, times, actions, None, chosen)

    def _service_rows(
        self, session: Session, first: date, last: date, service_id: int | None = None
    ) -> list[tuple[date, int, str, int, str, int]]:
        """Monthly counts per service and category (by_service, patterns and the summary share them), at every
        service or only at `service_id`, cached."""
        return self._cached(
            session,
            ("service_rows", first, last, service_id),
            lambda _version: repo.monthly_by_service_category(session, first, last, service_id),
        )

    def _keep_service_rows(
        self,
        f: TrendFilter,
        first: date,
        today: date,
        by_month: list[tuple[date, int, int, int]],
        cat_names: dict[int, str],
        service_names: dict[int, str],
        version: Hashable,
    ) -> None:
        """Keep the charts' monthly counts per category and service as the rows by_service would read for the same
        filter, when they are the same rows: every service, no place, category or kind chosen, compliments left out
        (the Trends tab's usual filter) and the period starting on the first of a month (by_service counts whole
        months). by_service, the next thing the tab asks for, then needs no second pass over the incidents."""
        plain = TrendFilter(f.date_from, f.date_to, exclude_compliments=True)
        if f != plain or (f.date_from is not None and f.date_from.day != 1):
            return
        since, complete_to = month_start(first), _complete_to(f, today)
        last = month_start(complete_to)
        rows = sorted(
            (month, sid, service_names[sid], cid, cat_names[cid], n)
            for month, cid, sid, n in by_month
            if since <= month <= last and sid in service_names and cid in cat_names
        )
        self.cache.put(("service_rows", since, complete_to, None), version, rows)

    def _with_rates(
        self,
        session: Session,
        spc: SpcSeries,
        by_service: dict[tuple[int, int], list[int]],
        service_names: dict[int, str],
        with_incidents: set[int],
    ) -> SpcSeries:
        """The SPC series with its monthly rates per 1,000 occupied bed days (services in scope pooled)."""
        if not spc.months:
            return replace(spc, rates=pooled_rates((), {}, {}, service_names, ()))
        beds = occupancy_repo.occupancy(session, spc.months[0])
        n = len(spc.months)
        recorded = {sid for sid, m in beds if spc.months[0] <= m <= spc.months[-1]}
        scope = sorted(
            {spc.service_id} if spc.service_id is not None else (with_incidents | recorded) & set(service_names)
        )
        counts = {sid: c[:n] for (cid, sid), c in by_service.items() if cid == spc.category_id}
        rates = pooled_rates(spc.months, counts, beds, service_names, scope)
        return replace(spc, rates=rates)

    def _safety_cross(self, session: Session, f: TrendFilter, month: date, category_id: int | None) -> SafetyCross:
        first = month_start(month)
        days = calendar.monthrange(first.year, first.month)[1]
        last = first + timedelta(days=days - 1)
        scoped = replace(f, category_id=category_id or f.category_id)
        daily = repo.daily_counts(session, scoped, first, last)
        name = repo.category_name(session, category_id) if category_id else None
        return SafetyCross(
            first.year, first.month, name or "All categories", tuple(daily.get(d, 0) for d in range(1, days + 1))
        )

    def safety_cross(self, f: TrendFilter, month: date, category_id: int | None) -> SafetyCross:
        self._ctx.require(Permission.VIEW_TRENDS, ENTITY)
        with self._ctx.read() as session:
            return self._safety_cross(session, f, month, category_id)

    def spc_view(
        self,
        f: TrendFilter,
        category_id: int | None,
        changes: tuple[date, ...] = (),
        freeze: int | None = None,
        measure: Measure = Measure.COUNT,
    ) -> SpcView:
        """The SPC chart for one category as the Trends tab draws it (XmR, or a T-chart when events are rare; XmR of
        rates per 1,000 occupied bed days with `measure` RATE), with its target, the completed actions, limits
        recalculated from `changes` and an optional frozen baseline."""
        charts = self.charts(f, category_id, measure=measure)
        return build_spc(
            charts.spc, changes=changes, freeze=freeze, shift_length=self.spc_shift_length(), measure=measure
        )

    def summary(self, as_of: date | None = None, months: int = 24) -> list[SummaryCell]:
        """Measures x services: for each category at each service, the latest complete month with its variation and
        assurance icons (the Home tab and the Trends tab's summary share this)."""
        self._ctx.require(Permission.VIEW_TRENDS, ENTITY)
        as_of = as_of or self._ctx.clock().date()
        complete_to = _last_complete_day(as_of)
        first = add_months(month_start(complete_to), -(months - 1))
        with self._ctx.read() as session:
            rows = self._service_rows(session, first, complete_to)
            targets = repo.load_targets(session)
            shift_length = _setting(session, SPC_SHIFT_LENGTH)
        series = [
            (s.service_id, s.service, s.category_id, s.category, s.months, s.counts)
            for s in _monthly_series(rows, month_start(complete_to))
        ]
        return summary_cells(series, targets, shift_length)

    def by_service(
        self,
        f: TrendFilter,
        category_id: int | None,
        shift_length: int | None = None,
        measure: Measure = Measure.COUNT,
    ) -> list[SpcView]:
        """Small multiples: the category's monthly XmR chart at each service (complete months of the filter's period),
        each with its own target and icons; of rates per 1,000 occupied bed days with `measure` RATE."""
        self._ctx.require(Permission.VIEW_TRENDS, ENTITY)
        if category_id is None:
            return []
        complete_to = _complete_to(f, self._ctx.clock().date())
        with self._ctx.read() as session:
            first = f.date_from or (repo.date_span(session, f) or (complete_to, complete_to))[0]
            rows = self._service_rows(session, month_start(first), complete_to)
            targets = repo.load_targets(session)
            shift_length = shift_length or _setting(session, SPC_SHIFT_LENGTH)
            beds = occupancy_repo.occupancy(session, month_start(first)) if measure == Measure.RATE else {}
        out = []
        for s in _monthly_series(rows, month_start(complete_to)):
            if s.category_id != category_id or (f.service_id is not None and s.service_id != f.service_id):
                continue
            series = SpcSeries(
                category_id,
                s.category,
                s.months,
                s.counts,
                s.service_id,
                target_for(targets, category_id, s.service_id),
            )
            if measure == Measure.RATE:
                sid = s.service_id
                series = replace(series, rates=pooled_rates(s.months, {sid: s.counts}, beds, {sid: s.service}, [sid]))
            view = build_spc(series, shift_length=shift_length, measure=measure)
            out.append(replace(view, title=s.service))
        return out

    # ------------------------------------------------------------------------------------------ audit scores
    def audit_scores(self, f: TrendFilter) -> AuditScores:
        """Follow-up audit scores in the filter's period, one series per type of audit, with the done or verified
        actions they test (to annotate the chart). With a service chosen: the audits linked to an action at that
        service, and those linked to none (audits are recorded for the organisation)."""
        self._ctx.require(Permission.VIEW_TRENDS, RecordKind.AUDIT.entity)
        with self._ctx.read() as session:
            stored = [s for s in thread_repo.records(session, RecordKind.AUDIT) if s.data.score_pct is not None]
            linked = {a for s in stored for a in s.data.action_ids}
            actions = {row[0]: row for row in repo.actions_by_id(session, linked)}
        kept = []
        for s in stored:
            d = s.data
            if d.held_on is None or (f.date_from and d.held_on < f.date_from) or (f.date_to and d.held_on > f.date_to):
                continue
            services = {actions[a][4] for a in d.action_ids if a in actions}
            if f.service_id is not None and services and f.service_id not in services:
                continue
            kept.append((d.audit_type, AuditPoint(d.held_on, d.score_pct, s.id, tuple(d.action_ids))))
        shown = {a for _t, p in kept for a in p.action_ids}
        marks = sorted(
            (
                ActionMark(i, title, at.date(), ActionStatus(status).column_title)
                for i, title, at, status, _sid in actions.values()
                if i in shown and at is not None and status in ("done", "verified")
            ),
            key=lambda m: (m.completed, m.action_id),
        )
        note = "Audits linked to no action count for every service." if f.service_id is not None else ""
        return AuditScores(group_series(kept), tuple(marks), note)

    # ------------------------------------------------------------------------------------------ targets
    def targets(self) -> dict[tuple[int, int | None], float]:
        """Monthly targets per (category id, service id or None for all services)."""
        self._ctx.require(Permission.VIEW_TRENDS, ENTITY)
        with self._ctx.read() as session:
            return repo.load_targets(session)

    def set_target(self, category_id: int, service_id: int | None, value: float | None) -> None:
        """Set (or with None clear) the most incidents a month a category should have at a service (or all)."""
        actor = self._ctx.require(Permission.MANAGE_ACTIONS, ENTITY)
        if value is not None and not 0 <= value <= 100_000:
            raise ValidationError({"target": "Enter a target from 0 to 100,000 incidents a month, or clear it."})
        key = target_key(category_id, service_id)
        with self._ctx.unit() as session:
            old = repo.load_targets(session).get((category_id, service_id))
            if old == value:
                return
            repo.store_target(session, key, value)
            audit.append(session, actor, "setting", None, "update", key, old, value, at=self._ctx.clock())

    def incident_ids(self, f: TrendFilter, selection: ChartSelection) -> list[int]:
        """Ids of the incidents behind a clicked bar, cell, point or box (newest first)."""
        self._ctx.require(Permission.VIEW_TRENDS, ENTITY)
        with self._ctx.read() as session:
            return repo.selection_ids(session, f, selection)

    # ------------------------------------------------------------------------------------------ patterns
    def spc_shift_length(self) -> int:
        with self._ctx.read() as session:
            return _setting(session, SPC_SHIFT_LENGTH)

    def patterns(
        self,
        as_of: date | None = None,
        shift_length: int | None = None,
        lookback_days: int = detect.LOOKBACK_DAYS,
        service_id: int | None = None,
    ) -> list[PatternSignal]:
        """Signals detected up to `as_of` (default today): clusters, repeats, time concentrations, SPC.

        Thresholds come from the settings (patterns.*, trends.spc_shift_length); `shift_length` overrides one.

        With `service_id` (one service's pack or monthly report) only that service's incidents are read, and the
        result is exactly the provider-wide run's signals that hold an incident of that service, in the same order:
        clusters, time concentrations and SPC are each worked out from one service's incidents anyway (the time
        test's Bonferroni correction counts the 27 bands tried for one service and category, not the services), and
        a person's repeats are found on all of that person's incidents in the lookback, at any service, because the
        manager of the home needs to know a resident's pattern even when part of it happened elsewhere (a day
        centre, a respite stay); such a signal is kept only when at least one of its incidents is at this service.
        """
        self._ctx.require(Permission.VIEW_TRENDS, ENTITY)
        today = self._ctx.clock().date()
        as_of = as_of or today
        since = as_of - timedelta(days=lookback_days - 1)
        # a month counts for SPC once it is over, as on the SPC chart: its last day is over only after today
        month_over = (as_of + timedelta(days=1)).day == 1 and as_of < today
        complete_to = as_of if month_over else month_start(as_of) - timedelta(days=1)
        spc_from = add_months(month_start(complete_to), -(detect.SPC_MONTHS - 1))
        with gc_paused():  # tens of thousands of small tuples at once: see core.gc_pause
            with self._ctx.read() as session:
                shift_length = shift_length or _setting(session, SPC_SHIFT_LENGTH)
                recent_months = _setting(session, SPC_RECENT_MONTHS)
                window = _setting(session, CLUSTER_WINDOW_DAYS)
                min_count = _setting(session, CLUSTER_MIN_COUNT)
                times_usual = _setting(session, CLUSTER_TIMES_USUAL) / 100
                recent = repo.pattern_incidents(session, since, as_of, service_id)
                monthly_rows = self._service_rows(session, spc_from, complete_to, service_id)
                series = _monthly_series(monthly_rows, month_start(complete_to))
                spc = detect.spc_special_causes(
                    series,
                    lambda sid, cid, a, b: repo.ids_in_months(session, sid, cid, a, b),
                    shift_length=shift_length,
                    recent_points=recent_months,
                )
            here = recent if service_id is None else [i for i in recent if i.service_id == service_id]
            repeats = detect.person_repeats(recent)  # a person's incidents at any service (see above)
            if service_id is not None:
                ids_here = {i.id for i in here}
                repeats = [s for s in repeats if not ids_here.isdisjoint(s.incident_ids)]
            signals = (
                detect.location_clusters(here, window, min_count, times_usual, lookback_days)
                + repeats
                + detect.time_concentrations(here, lookback_days=lookback_days)
                + spc
            )
        logger.info("Pattern detection found %d signals", len(signals))
        return detect.sort_signals(signals, as_of)


def _setting(session: Session, spec: Setting) -> int:
    stored = settings_repo.load(session, spec.key)
    try:
        return int(spec.parse(stored)) if stored is not None else int(spec.default)
    except (ValueError, ValidationError):
        return int(spec.default)


def _last_complete_day(day: date) -> date:
    """The last day of the last month complete on `day`: `day` itself when it ends its month."""
    return day if (day + timedelta(days=1)).day == 1 else month_start(day) - timedelta(days=1)


def _complete_to(f: TrendFilter, today: date) -> date:
    """The last day of the filter's last complete month (by_service charts complete months only)."""
    return _last_complete_day(min(f.date_to or today, today))


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
