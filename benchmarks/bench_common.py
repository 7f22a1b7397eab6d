"""What the benchmarks share: median timings and a demo database of a given size, kept between runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    """The median wall-clock time of `runs` calls of `fn`, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def median_ms(fn: Callable[[], object], repeat: int = 5) -> float:
    """The median of `repeat` calls of `fn`, in milliseconds."""
    return median_seconds(fn, repeat) * 1000


def demo_services(path: Path, incidents: int, fresh: bool, as_of: datetime) -> Any:
    """Services on a demo database at `path` with at least `incidents` incidents (written once, then reused)."""
    from carelog.core.dto import Actor, IncidentFilter
    from carelog.core.enums import Role
    from carelog.demo import fill_demo
    from carelog.services.context import Identity
    from carelog.services.registry import open_services

    if fresh:
        path.unlink(missing_ok=True)
    services = open_services(path, Identity(Actor(None, "Benchmark", Role.ADMIN)))
    have = services.incidents.count(IncidentFilter())
    if have < incidents:
        if have:
            path.unlink()
            services = open_services(path, Identity(Actor(None, "Benchmark", Role.ADMIN)))
        started = time.perf_counter()
        fill_demo(services, incidents=incidents, as_of=as_of)
        print(f"demo data: {incidents:,} incidents written in {time.perf_counter() - started:.1f} s")
    return services
