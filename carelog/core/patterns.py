"""Pattern detection: groups of incidents a manager should look at together, each explained in plain English.

- location cluster: `min_count` (3) or more incidents of one category in one location within `window_days` (30),
  and at least `times_usual` (2) times what that place usually has in as many days (the rest of the lookback), so a
  busy home is not told about its ordinary weeks;
- person repeat: one person (by ID code) involved in `min_count` or more incidents within `window_days`;
- time concentration: far more incidents of one category at one service in one shift or two-hour band than the
  length of that band would suggest (one-sided binomial test, Bonferroni-corrected);
- SPC special cause: a Making Data Count rule fires on monthly counts of a category at a service (core.spc) in the
  most recent months; every rule that belongs to one change (a step up, a spike, a trend) is one signal.
Signals are ranked by strength (how far beyond the usual; see `strength`) and recency.
People are named by ID code only.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from operator import attrgetter
from typing import Any, NamedTuple

from carelog.core.enums import Shift
from carelog.core.shifts import DEFAULT_EARLY_START, DEFAULT_LATE_START, DEFAULT_NIGHT_START
from carelog.core.spc import DEFAULT_SHIFT_LENGTH, Improvement, Variation, changes, describe_change, xmr

WINDOW_DAYS = 30
MIN_COUNT = 3
MIN_MIXED_COUNT = 5
LOOKBACK_DAYS = 90
SPC_MONTHS = 24
SPC_RECENT_POINTS = 3
TIME_MIN_COUNT = 6
TIME_ALPHA = 0.01


class SignalType(StrEnum):
    LOCATION_CLUSTER = "location_cluster"
    PERSON_REPEAT = "person_repeat"
    TIME_CONCENTRATION = "time_concentration"
    SPC_SPECIAL_CAUSE = "spc_special_cause"

    @property
    def label(self) -> str:
        return {
            SignalType.LOCATION_CLUSTER: "Cluster in one place",
            SignalType.PERSON_REPEAT: "Repeated for one person",
            SignalType.TIME_CONCENTRATION: "Concentrated at one time of day",
            SignalType.SPC_SPECIAL_CAUSE: "Special cause (SPC)",
        }[self]


class PatternIncident(NamedTuple):
    """The little pattern detection needs to know about one incident (a named tuple: tens of thousands are made per
    run, three times faster than a frozen dataclass and as immutable)."""

    id: int
    reference: str
    occurred_at: datetime
    category_id: int
    category: str
    service_id: int
    service: str
    location_id: int | None
    location: str
    shift: str
    person_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PatternSignal:
    type: SignalType
    category: str
    location: str  # place (and service) the signal is about; the service for time and SPC signals
    count: int
    period_start: date
    period_end: date
    explanation: str
    incident_ids: tuple[int, ...]
    incident_references: tuple[str, ...]
    service: str = ""
    person_code: str = ""
    variation: Variation = Variation.CONCERN
    strength: float = 0.0  # larger = further beyond the usual; comparable within one type

    @property
    def period(self) -> str:
        return format_period(self.period_start, self.period_end)

    @property
    def headline(self) -> str:
        if self.type == SignalType.PERSON_REPEAT:
            return f"{self.count} incidents for {self.person_code}"
        where = f" - {self.location}" if self.location else ""
        return f"{self.category}{where}"

    def review_title(self) -> str:
        """Suggested title for a thematic review started from this signal."""
        if self.type == SignalType.PERSON_REPEAT:
            return f"Thematic review: repeated incidents for {self.person_code} ({self.period})"
        where = f" in {self.location}" if self.location else ""
        return f"Thematic review: {self.category.lower()}{where} ({self.period})"

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type.value,
            "category": self.category,
            "location": self.location,
            "service": self.service,
            "person": self.person_code,
            "count": self.count,
            "period": {"from": self.period_start.isoformat(), "to": self.period_end.isoformat()},
            "variation": self.variation.value,
            "strength": round(self.strength, 3),
            "explanation": self.explanation,
            "incident_ids": list(self.incident_ids),
            "incident_references": list(self.incident_references),
        }


def format_period(first: date, last: date) -> str:
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} to {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"


BY_TIME = attrgetter("occurred_at", "id")  # oldest first (a C-level key: tens of thousands are sorted per run)


def _best_window(items: Sequence[PatternIncident], window_days: int) -> list[PatternIncident]:
    """The largest group of items (sorted by time) that fits in window_days; the latest such group on ties."""
    if not items:
        return []
    span = timedelta(days=window_days)
    times = [item.occurred_at for item in items]
    # how many items from each one fall within the window after it (binary searches in C, no loop step in Python)
    sizes = [max(bisect_left(times, t + span, i) - i, 1) for i, t in enumerate(times)]
    largest = max(sizes)
    start = len(sizes) - 1 - sizes[::-1].index(largest)  # the latest start on ties
    return list(items[start : start + largest])


def _signal_from(
    kind: SignalType,
    items: Sequence[PatternIncident],
    category: str,
    location: str,
    explanation: str,
    service: str = "",
    person_code: str = "",
    strength: float = 0.0,
) -> PatternSignal:
    return PatternSignal(
        type=kind,
        category=category,
        location=location,
        count=len(items),
        period_start=items[0].occurred_at.date(),
        period_end=items[-1].occurred_at.date(),
        explanation=explanation,
        incident_ids=tuple(i.id for i in items),
        incident_references=tuple(i.reference for i in items),
        service=service,
        person_code=person_code,
        strength=strength,
    )


TIMES_USUAL = 2.0


def location_clusters(
    incidents: Iterable[PatternIncident],
    window_days: int = WINDOW_DAYS,
    min_count: int = MIN_COUNT,
    times_usual: float = TIMES_USUAL,
    lookback_days: int = LOOKBACK_DAYS,
) -> list[PatternSignal]:
    """Clusters of one category in one place; strength = the cluster against the place's usual count in as many days.

    The usual count comes from the place's other incidents in the lookback: (others) x window / (lookback - window).
    """
    groups: dict[tuple[int, int], list[PatternIncident]] = defaultdict(list)
    for inc in incidents:
        if inc.location_id is not None:
            groups[(inc.category_id, inc.location_id)].append(inc)
    out = []
    rest_days = max(lookback_days - window_days, 1)
    for items in groups.values():
        items.sort(key=BY_TIME)
        best = _best_window(items, window_days)
        if len(best) < min_count:
            continue
        usual = (len(items) - len(best)) * window_days / rest_days
        if len(best) < times_usual * usual:
            continue  # a busy place's ordinary month
        first = best[0]
        place = f"{first.location}, {first.service}"
        compared = f" That place usually has about {usual:.1f} in {window_days} days." if usual >= 0.5 else ""
        explanation = (
            f"{len(best)} {first.category.lower()} incidents in {first.location} at {first.service} within "
            f"{window_days} days ({format_period(best[0].occurred_at.date(), best[-1].occurred_at.date())}).{compared} "
            f"{min_count} or more of one kind in one place within a month is worth looking at together: what do "
            "they have in common (time, people, environment, equipment)?"
        )
        strength = len(best) / max(usual, 1.0)
        out.append(
            _signal_from(
                SignalType.LOCATION_CLUSTER, best, first.category, place, explanation, first.service, strength=strength
            )
        )
    return out


def person_repeats(
    incidents: Iterable[PatternIncident],
    window_days: int = WINDOW_DAYS,
    min_count: int = MIN_COUNT,
    min_mixed: int = MIN_MIXED_COUNT,
) -> list[PatternSignal]:
    """`min_count` incidents of one category for one person within the window, or `min_mixed` of any categories."""
    groups: dict[str, list[PatternIncident]] = defaultdict(list)
    for inc in incidents:
        for code in inc.person_codes:
            groups[code].append(inc)
    out = []
    for code, items in sorted(groups.items()):
        items.sort(key=BY_TIME)
        by_cat: dict[int, list[PatternIncident]] = defaultdict(list)
        for inc in items:
            by_cat[inc.category_id].append(inc)
        same = max((_best_window(v, window_days) for v in by_cat.values()), key=len)
        mixed = _best_window(items, window_days)
        if len(same) >= min_count and len(same) >= len(mixed) - 1:
            best = same
        elif len(mixed) >= min_mixed:
            best = mixed
        elif len(same) >= min_count:
            best = same
        else:
            continue
        by_category = Counter(i.category for i in best)
        top, top_n = by_category.most_common(1)[0]
        category = top if top_n * 2 > len(best) else "Several categories"
        breakdown = ", ".join(f"{n} {name.lower()}" for name, n in by_category.most_common())
        services = sorted({i.service for i in best})
        explanation = (
            f"{code} was involved in {len(best)} incidents within {window_days} days "
            f"({format_period(best[0].occurred_at.date(), best[-1].occurred_at.date())}): {breakdown}. "
            "Review their care plan and risk assessments, and whether anything changed for them."
        )
        out.append(
            _signal_from(
                SignalType.PERSON_REPEAT,
                best,
                category,
                ", ".join(services),
                explanation,
                services[0],
                code,
                strength=len(best) / min_count,
            )
        )
    return out


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p). One lgamma for the first term, then each term from the one before."""
    if k <= 0:
        return 1.0
    if k > n or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    log_term = (
        math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * math.log(p) + (n - k) * math.log1p(-p)
    )
    term = math.exp(log_term)
    ratio = p / (1.0 - p)
    total = 0.0
    for i in range(k, n + 1):
        total += term
        if term < total * 1e-17 and i > n * p:  # past the mode the terms only shrink: the rest is negligible
            break
        term *= (n - i) / (i + 1) * ratio
    return min(total, 1.0)


def _hours_between(start: time, end: time) -> float:
    s = start.hour + start.minute / 60
    e = end.hour + end.minute / 60
    return (e - s) % 24 or 24.0


SHIFT_HOURS = {
    Shift.EARLY: _hours_between(DEFAULT_EARLY_START, DEFAULT_LATE_START),
    Shift.LATE: _hours_between(DEFAULT_LATE_START, DEFAULT_NIGHT_START),
    Shift.NIGHT: _hours_between(DEFAULT_NIGHT_START, DEFAULT_EARLY_START),
}


def time_concentrations(
    incidents: Iterable[PatternIncident],
    min_count: int = TIME_MIN_COUNT,
    alpha: float = TIME_ALPHA,
    band_hours: int = 2,
    lookback_days: int = LOOKBACK_DAYS,
) -> list[PatternSignal]:
    """Per service and category: the shift or `band_hours` band holding far more incidents than its share of the day."""
    groups: dict[tuple[int, int], list[PatternIncident]] = defaultdict(list)
    for inc in incidents:
        groups[(inc.service_id, inc.category_id)].append(inc)
    tests = len(SHIFT_HOURS) + 24
    out = []
    for items in groups.values():
        n = len(items)
        if n < min_count:
            continue
        candidates: list[tuple[float, str, float, list[PatternIncident]]] = []
        by_shift: dict[str, list[PatternIncident]] = defaultdict(list)
        for i in items:
            by_shift[i.shift].append(i)
        for shift, hours in SHIFT_HOURS.items():
            hit = by_shift.get(shift.value, [])
            share = hours / 24
            candidates.append((binomial_tail(len(hit), n, share), f"on the {shift.label.lower()} shift", share, hit))
        # every band has the same share of the day, so the fullest band (the first on ties) has the smallest p-value
        by_hour = [0] * 24
        for i in items:
            by_hour[i.occurred_at.hour] += 1
        sums = [sum(by_hour[(start + k) % 24] for k in range(band_hours)) for start in range(24)]
        start = sums.index(max(sums))
        hours_in = {(start + k) % 24 for k in range(band_hours)}
        hit = [i for i in items if i.occurred_at.hour in hours_in]
        label = f"between {start:02d}:00 and {(start + band_hours) % 24:02d}:00"
        candidates.append((binomial_tail(len(hit), n, band_hours / 24), label, band_hours / 24, hit))
        p_value, label, share, hit = min(candidates, key=lambda c: (c[0], -len(c[3])))
        if p_value >= alpha / tests or len(hit) < MIN_COUNT:
            continue
        hit.sort(key=BY_TIME)
        first = hit[0]
        explanation = (
            f"{len(hit)} of {n} {first.category.lower()} incidents at {first.service} in the last {lookback_days} "
            f"days ({len(hit) / n:.0%}) happened {label}, a time that covers {share:.0%} of the day. Look at what "
            "happens then: handover, routines, staffing, who is around."
        )
        out.append(
            _signal_from(
                SignalType.TIME_CONCENTRATION,
                hit,
                first.category,
                first.service,
                explanation,
                first.service,
                strength=len(hit) / (n * share),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class MonthlySeries:
    """Monthly counts of one category at one service (complete months, no gaps)."""

    service_id: int
    service: str
    category_id: int
    category: str
    months: tuple[date, ...]
    counts: tuple[int, ...]


IdsFor = Callable[[int, int, date, date], list[tuple[int, str]]]  # service, category, first, last (exclusive)


def _next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def spc_special_causes(
    series: Iterable[MonthlySeries],
    ids_for: IdsFor,
    shift_length: int = DEFAULT_SHIFT_LENGTH,
    recent_points: int = SPC_RECENT_POINTS,
    min_points: int = 12,
) -> list[PatternSignal]:
    """One signal per change (core.spc.changes) that reaches into the last `recent_points` months."""
    out = []
    for s in series:
        if len(s.counts) < min_points or sum(s.counts) < min_points:
            continue
        labels = [f"{m:%B %Y}" for m in s.months]
        chart = xmr(s.counts, labels, shift_length=shift_length, improvement=Improvement.LOWER)
        recent_from = len(s.counts) - recent_points
        for change in changes(chart):
            if change.end < recent_from:
                continue
            first, last_excl = s.months[change.start], _next_month(s.months[change.end])
            rows = ids_for(s.service_id, s.category_id, first, last_excl)
            if not rows:
                continue
            what = f"{s.category.lower()} incidents at {s.service}"
            explanation = f"{s.category} at {s.service}, monthly counts. " + describe_change(chart, change, what)
            out.append(
                PatternSignal(
                    type=SignalType.SPC_SPECIAL_CAUSE,
                    category=s.category,
                    location=s.service,
                    count=len(rows),
                    period_start=first,
                    period_end=last_excl - timedelta(days=1),
                    explanation=explanation,
                    incident_ids=tuple(r[0] for r in rows),
                    incident_references=tuple(r[1] for r in rows),
                    service=s.service,
                    variation=change.variation,
                    strength=change.strength,
                )
            )
    return out


def sort_signals(signals: Iterable[PatternSignal], as_of: date | None = None) -> list[PatternSignal]:
    """Concerns first; then by strength, halved for every 30 days since the signal last showed; then the latest.

    Strength is on each type's own scale (times the usual rate, or sigma units for SPC): a score, not a measure.
    """
    items = list(signals)
    order = {Variation.CONCERN: 0, Variation.NEUTRAL: 1, Variation.IMPROVEMENT: 2, Variation.COMMON: 3}
    latest = as_of or max((s.period_end for s in items), default=date.min)

    def score(s: PatternSignal) -> float:
        age = max((latest - s.period_end).days, 0)
        return float(s.strength * 0.5 ** (age / 30))

    return sorted(
        items,
        key=lambda s: (order[s.variation], -round(score(s), 9), -s.count, -s.period_end.toordinal(), s.type.value),
    )
