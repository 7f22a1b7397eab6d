"""The never-made notifications of incidents older than the attention list's look-back, ranked once.

At provider scale they are many (125,000 in the benchmark's ten years), and their kind and order cannot change
within the day (every date they had is long past; services.attention keeps them until an older record changes).
AttentionService ranks them once and then takes only the first `limit` of each kind for a list.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from datetime import datetime

from carelog.core import attention as rules
from carelog.core.attention import ItemKind, NotificationCase

Head = tuple[list[tuple[ItemKind, NotificationCase]], dict[ItemKind, int]]


class OlderCases:
    """The older cases listed (kind not None), each with its kind and service id, in list order."""

    def __init__(self, found: list[tuple[int, NotificationCase]], now: datetime) -> None:
        order = rules.NOTIFICATION_ORDER
        kinded = [(kind, sid, case) for sid, case in found if (kind := rules.notification_kind(case, now)) is not None]
        # the key services.attention ranks every case by (a stable sort: ties keep the order read)
        kinded.sort(key=lambda t: (order[t[0]], t[2].item.requirement.due_by or now, t[2].item.reference))
        self._ranked = kinded
        self._heads: dict[tuple[int | None, int], Head] = {}
        self._lock = threading.Lock()

    def head(self, service_id: int | None, limit: int) -> Head:
        """The first `limit` cases of each kind (of one service, or of all), with their kinds, and how many cases
        there are of each kind."""
        key = (service_id, limit)
        with self._lock:
            known = self._heads.get(key)
        if known is not None:
            return known
        counts: dict[ItemKind, int] = defaultdict(int)
        shown = []
        for kind, sid, case in self._ranked:
            if service_id is None or sid == service_id:
                counts[kind] += 1
                if counts[kind] <= limit:
                    shown.append((kind, case))
        found = (shown, dict(counts))
        with self._lock:
            self._heads[key] = found
        return found
