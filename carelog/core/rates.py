"""Rates per 1,000 occupied bed days (shared/DOMAIN.md: rates let homes of different sizes and occupancy be compared).

Occupancy is recorded per service and month (Lists > Occupancy). A rate over several services pools them: the
incidents of the services that record occupancy over their bed days. A service with no occupancy in the period is left
out of the rate (and named); a month in which a pooled service has none recorded has no rate at all, never a zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

PER_BED_DAYS = 1000


class Measure(StrEnum):
    """What the SPC charts plot: monthly counts, or counts per 1,000 occupied bed days."""

    COUNT = "count"
    RATE = "rate"

    @property
    def label(self) -> str:
        return {Measure.COUNT: "Count", Measure.RATE: "Rate per 1,000 bed days"}[self]


def rate_per_1000(count: int, bed_days: int | None) -> float | None:
    """Incidents per 1,000 occupied bed days, to 2 decimals; None without bed days (a rate cannot be told)."""
    if not bed_days:
        return None
    return round(count * PER_BED_DAYS / bed_days, 2)


@dataclass(frozen=True)
class RateSeries:
    """Monthly rates of one measure over the pooled services: None where a month has no occupancy recorded."""

    months: tuple[date, ...]
    counts: tuple[int, ...]  # incidents at the pooled services only
    bed_days: tuple[int | None, ...]
    pooled: tuple[str, ...]  # services in the rate
    left_out: tuple[str, ...]  # services in scope with no occupancy recorded in the period
    gaps: tuple[tuple[date, tuple[str, ...]], ...]  # months without a rate, and which services lack bed days

    @property
    def rates(self) -> tuple[float | None, ...]:
        return tuple(rate_per_1000(c, b) for c, b in zip(self.counts, self.bed_days, strict=True))

    def notes(self) -> list[str]:
        """What the reader must know: months without a rate and services left out, in plain English."""
        out = []
        if not self.pooled:
            return ["No occupied bed days are recorded for this period: enter them in Lists > Occupancy to see rates."]
        if self.left_out:
            one = len(self.left_out) == 1
            verb, be = ("records", "is") if one else ("record", "are")
            out.append(f"{_names(self.left_out)} {verb} no occupancy in this period and {be} left out of the rate.")
        for month, missing in self.gaps:
            out.append(
                f"No rate for {month:%B %Y}: occupied bed days not recorded for {_names(missing)} "
                "(enter them in Lists > Occupancy)."
            )
        return out


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def pooled_rates(
    months: Sequence[date],
    counts_by_service: Mapping[int, Sequence[int]],
    occupancy: Mapping[tuple[int, date], int],
    service_names: Mapping[int, str],
    service_ids: Sequence[int],
) -> RateSeries:
    """Rates for the services in scope (`service_ids`: the chosen one, or all): incidents over bed days, pooled.

    `counts_by_service`: monthly counts (aligned with `months`) per service id; services without any are zero.
    """
    recorded = [s for s in service_ids if any((s, m) in occupancy for m in months)]
    left_out = tuple(sorted(service_names.get(s, "") for s in service_ids if s not in recorded))
    counts: list[int] = []
    beds: list[int | None] = []
    gaps: list[tuple[date, tuple[str, ...]]] = []
    for i, month in enumerate(months):
        counts.append(sum(counts_by_service[s][i] for s in recorded if s in counts_by_service))
        missing = tuple(sorted(service_names.get(s, "") for s in recorded if (s, month) not in occupancy))
        if missing or not recorded:
            beds.append(None)
            if recorded:
                gaps.append((month, missing))
        else:
            beds.append(sum(occupancy[(s, month)] for s in recorded))
    pooled = tuple(sorted(service_names.get(s, "") for s in recorded))
    return RateSeries(tuple(months), tuple(counts), tuple(beds), pooled, left_out, tuple(gaps))
