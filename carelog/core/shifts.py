"""Shift derived from the time an incident occurred. Boundaries are a setting (core.settings)."""

from __future__ import annotations

from datetime import datetime, time

from carelog.core.enums import Shift

DEFAULT_EARLY_START = time(7, 0)
DEFAULT_LATE_START = time(14, 30)
DEFAULT_NIGHT_START = time(21, 30)


def shift_for(
    moment: datetime,
    early_start: time = DEFAULT_EARLY_START,
    late_start: time = DEFAULT_LATE_START,
    night_start: time = DEFAULT_NIGHT_START,
) -> Shift:
    t = moment.time()
    if early_start <= t < late_start:
        return Shift.EARLY
    if late_start <= t < night_start:
        return Shift.LATE
    return Shift.NIGHT
