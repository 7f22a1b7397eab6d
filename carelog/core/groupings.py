"""Suggested groupings for thematic reviews: incidents that may belong together.

Three kinds, each looked for within a sliding window of days:
- same category at the same location (e.g. four falls in the main lounge within four weeks);
- same person (e.g. three incidents involving OH-014 within four weeks, any category);
- same shift pattern: same category in the same service on the same shift (e.g. medication errors on nights).
Pure functions over DTOs; the ReviewService feeds them incidents not yet in any review.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from carelog.core.enums import Shift

K = TypeVar("K", bound=Hashable)


class GroupingKind(StrEnum):
    CATEGORY_LOCATION = "category_location"
    PERSON = "person"
    SHIFT_PATTERN = "shift_pattern"

    @property
    def label(self) -> str:
        return {
            GroupingKind.CATEGORY_LOCATION: "Same category and location",
            GroupingKind.PERSON: "Same person",
            GroupingKind.SHIFT_PATTERN: "Same shift pattern",
        }[self]


@dataclass(frozen=True, slots=True)
class GroupingIncident:
    id: int
    reference: str
    occurred_at: datetime
    category: str
    service: str
    location: str  # "" when not recorded
    shift: Shift
    person_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Grouping:
    kind: GroupingKind
    title: str  # a suggested review title
    reason: str  # why these belong together, in plain English
    incident_ids: tuple[int, ...]
    references: tuple[str, ...]
    first_at: datetime
    last_at: datetime

    @property
    def size(self) -> int:
        return len(self.incident_ids)


def best_windows(items: Sequence[GroupingIncident], window: timedelta, min_size: int) -> list[list[GroupingIncident]]:
    """Non-overlapping clusters of at least min_size items whose first and last lie within `window`.

    Greedy: take the fullest window, drop the items in it, repeat. Items need not be sorted.
    """
    remaining = sorted(items, key=lambda i: (i.occurred_at, i.id))
    out: list[list[GroupingIncident]] = []
    while len(remaining) >= min_size:
        best: tuple[int, int] = (0, 0)
        j = 0
        for i in range(len(remaining)):
            j = max(j, i)
            while j + 1 < len(remaining) and remaining[j + 1].occurred_at - remaining[i].occurred_at <= window:
                j += 1
            if j - i + 1 > best[1] - best[0]:
                best = (i, j + 1)
        if best[1] - best[0] < min_size:
            break
        out.append(remaining[best[0] : best[1]])
        remaining = remaining[: best[0]] + remaining[best[1] :]
    return out


def _groups(
    incidents: Iterable[GroupingIncident], keys: Callable[[GroupingIncident], Iterable[K]]
) -> dict[K, list[GroupingIncident]]:
    grouped: dict[K, list[GroupingIncident]] = defaultdict(list)
    for inc in incidents:
        for key in keys(inc):
            grouped[key].append(inc)
    return grouped


def _span(days: int) -> str:
    return f"{days} day{'s' if days != 1 else ''}"


def _make(kind: GroupingKind, title: str, what: str, cluster: list[GroupingIncident]) -> Grouping:
    first, last = cluster[0].occurred_at, cluster[-1].occurred_at
    days = (last.date() - first.date()).days + 1
    reason = f"{len(cluster)} {what} within {_span(days)} ({first:%d/%m/%Y} to {last:%d/%m/%Y})"
    return Grouping(
        kind=kind,
        title=title,
        reason=reason,
        incident_ids=tuple(i.id for i in cluster),
        references=tuple(i.reference for i in cluster),
        first_at=first,
        last_at=last,
    )


def suggest_groupings(
    incidents: Iterable[GroupingIncident], window_days: int = 28, min_size: int = 3, limit: int = 50
) -> list[Grouping]:
    """Suggested groupings, largest and most recent first. When two kinds find exactly the same incidents, only the
    more specific one is kept (place before person before shift pattern), and each pattern (same title) is shown
    once, for its fullest window, so the list stays short."""
    items = list(incidents)
    window = timedelta(days=window_days)
    found: list[Grouping] = []

    by_place = _groups(items, lambda i: [(i.category, i.service, i.location)] if i.location else [])
    for (category, service, location), group in by_place.items():
        for cluster in best_windows(group, window, min_size):
            found.append(
                _make(
                    GroupingKind.CATEGORY_LOCATION,
                    f"{category}: {location}, {service}",
                    f"{category.lower()} incidents in {location}",
                    cluster,
                )
            )
    by_person = _groups(items, lambda i: [(code,) for code in i.person_codes])
    for (code,), group in by_person.items():
        for cluster in best_windows(group, window, min_size):
            found.append(
                _make(GroupingKind.PERSON, f"Incidents involving {code}", f"incidents involving {code}", cluster)
            )
    by_shift = _groups(items, lambda i: [(i.category, i.service, i.shift)])
    for (category, service, shift), group in by_shift.items():
        for cluster in best_windows(group, window, min_size):
            found.append(
                _make(
                    GroupingKind.SHIFT_PATTERN,
                    f"{category} on {shift.label.lower()} shifts, {service}",
                    f"{category.lower()} incidents on {shift.label.lower()} shifts in {service}",
                    cluster,
                )
            )
    priority = list(GroupingKind)
    found.sort(key=lambda g: (-g.size, -g.last_at.timestamp(), priority.index(g.kind), g.title))
    kept: list[Grouping] = []
    seen: set[frozenset[int]] = set()
    titles: set[str] = set()
    for g in found:
        ids = frozenset(g.incident_ids)
        if ids in seen or g.title in titles:  # one suggestion per pattern: its fullest window
            continue
        seen.add(ids)
        titles.add(g.title)
        kept.append(g)
        if len(kept) >= limit:
            break
    return kept
