"""Results of costly reads (the Trends tab's aggregations) kept while the data under them is unchanged.

Every write in CareLog appends to the audit trail in its own transaction, so db.repositories.trends.data_version
(the last audit entry and the last incident) changes with any committed write, by this process or another one on
the same database; a cached result is used only while that version is the same. A few entries are kept (the Trends
tab's current and previous filters), least recent dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class ReadCache:
    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self._lock = threading.Lock()  # the task runner reads from worker threads
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, version: Hashable, compute: Callable[[], T]) -> T:
        """The cached result for `key` if it was computed at `version`, else `compute()` (then kept)."""
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] == version:
                self._items.move_to_end(key)
                self.hits += 1
                return found[1]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self.misses += 1
        self.put(key, version, value)
        return value

    def put(self, key: Hashable, version: Hashable, value: object) -> None:
        """Keep `value` for `key` at `version` (a result worked out on the way to another one)."""
        with self._lock:
            self._items[key] = (version, value)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
