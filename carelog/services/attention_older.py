"""The never-made notifications of incidents older than the attention list's look-back, ranked once and kept small.

At provider scale they are many (125,000 in the benchmark's ten years), and their kind and order cannot change
within the day (every date they had is long past; services.attention keeps them until an older record changes).
Only what a list can show is kept: per service, and for all services, how many there are of each kind and the
first `keep` of each kind in list order. (Holding every one of them kept half a million objects alive, and each
full garbage collection of the app then took 0.9 s instead of 0.1 s.)
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from carelog.core import attention as rules
from carelog.core.attention import ItemKind, NotificationCase

Head = tuple[list[tuple[ItemKind, NotificationCase]], dict[ItemKind, int]]


class OlderCases:
    """The first `keep` listed cases (kind not None) of each kind, with their kinds, per service and for all."""

    def __init__(self, found: list[tuple[int, NotificationCase]], now: datetime, keep: int) -> None:
        kinded = [(kind, sid, case) for sid, case in found if (kind := rules.notification_kind(case, now)) is not None]
        # the key services.attention ranks every case by (a stable sort: ties keep the order read)
        kinded.sort(key=lambda t: rules.notification_rank(t[0], t[2], now))
        self.keep = keep
        shown: dict[int | None, list[tuple[ItemKind, NotificationCase]]] = defaultdict(list)
        counts: dict[int | None, dict[ItemKind, int]] = defaultdict(lambda: defaultdict(int))
        for kind, sid, case in kinded:
            for where in (None, sid) if sid is not None else (None,):
                counts[where][kind] += 1
                if counts[where][kind] <= keep:
                    shown[where].append((kind, case))
        self._heads: dict[int | None, Head] = {where: (shown[where], dict(n)) for where, n in counts.items()}

    def head(self, service_id: int | None, limit: int) -> Head:
        """The first `limit` (at most `keep`) cases of each kind, of one service or of all, and how many cases
        there are of each kind."""
        assert limit <= self.keep, "rank again with a larger keep"
        shown, counts = self._heads.get(service_id, ([], {}))
        if limit < self.keep:
            shown = rules.first_of_each_kind(shown, limit)
        return shown, counts
