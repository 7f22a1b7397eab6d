"""Working days in England and Wales: Monday to Friday, not a bank holiday.

The bank holidays are a data table (gov.uk publishes them a year or two ahead; the later years here follow the usual
rules: substitute days when Christmas, Boxing Day or New Year fall at a weekend). To update, add or change a year's
tuple in BANK_HOLIDAYS. A year missing from the table counts weekends only; `covered(year)` says whether it is listed.
"""

from __future__ import annotations

from datetime import date, timedelta

_D = date
BANK_HOLIDAYS: dict[int, tuple[date, ...]] = {
    2024: (_D(2024, 1, 1), _D(2024, 3, 29), _D(2024, 4, 1), _D(2024, 5, 6), _D(2024, 5, 27), _D(2024, 8, 26),
           _D(2024, 12, 25), _D(2024, 12, 26)),
    2025: (_D(2025, 1, 1), _D(2025, 4, 18), _D(2025, 4, 21), _D(2025, 5, 5), _D(2025, 5, 26), _D(2025, 8, 25),
           _D(2025, 12, 25), _D(2025, 12, 26)),
    2026: (_D(2026, 1, 1), _D(2026, 4, 3), _D(2026, 4, 6), _D(2026, 5, 4), _D(2026, 5, 25), _D(2026, 8, 31),
           _D(2026, 12, 25), _D(2026, 12, 28)),
    2027: (_D(2027, 1, 1), _D(2027, 3, 26), _D(2027, 3, 29), _D(2027, 5, 3), _D(2027, 5, 31), _D(2027, 8, 30),
           _D(2027, 12, 27), _D(2027, 12, 28)),
    2028: (_D(2028, 1, 3), _D(2028, 4, 14), _D(2028, 4, 17), _D(2028, 5, 1), _D(2028, 5, 29), _D(2028, 8, 28),
           _D(2028, 12, 25), _D(2028, 12, 26)),
    2029: (_D(2029, 1, 1), _D(2029, 3, 30), _D(2029, 4, 2), _D(2029, 5, 7), _D(2029, 5, 28), _D(2029, 8, 27),
           _D(2029, 12, 25), _D(2029, 12, 26)),
    2030: (_D(2030, 1, 1), _D(2030, 4, 19), _D(2030, 4, 22), _D(2030, 5, 6), _D(2030, 5, 27), _D(2030, 8, 26),
           _D(2030, 12, 25), _D(2030, 12, 26)),
}  # fmt: skip
_ALL = frozenset(d for days in BANK_HOLIDAYS.values() for d in days)


def covered(year: int) -> bool:
    """Whether the bank holidays of `year` are in the table (otherwise only weekends are skipped)."""
    return year in BANK_HOLIDAYS


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _ALL


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself is not counted; 0 gives `start`).

    Example: a complaint received on Friday 24 December 2027 with 3 working days to acknowledge is due on
    Friday 31 December (the 27th and 28th are the substitute Christmas and Boxing Day holidays).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start): how long a response took."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count
