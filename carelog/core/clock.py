"""The one place CareLog reads the wall clock. Everything else asks an injected `Clock` for "now".

Services get it as `ServiceContext.clock`, the UI as `services.ctx.clock`; tests replace it with `fixed_clock`.
Times are naive local time, to the second (what the care service's own clock on the wall says).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The PC's local time now, to the second."""
    return datetime.now().replace(microsecond=0)


class FixedClock:
    """A clock that says the same moment until told otherwise (tests, demo data, "as of" reports)."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, by: timedelta) -> None:
        self.moment += by

    def __repr__(self) -> str:
        return f"FixedClock({self.moment.isoformat()})"


def fixed_clock(moment: datetime) -> FixedClock:
    return FixedClock(moment)
