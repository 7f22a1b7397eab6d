"""Working days in England and Wales skip weekends and the bank holidays in the table."""

from __future__ import annotations

from datetime import date

import pytest

from carelog.core.working_days import BANK_HOLIDAYS, add_working_days, covered, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 6, 1), 3, date(2026, 6, 4)),  # Monday + 3 = Thursday
        (date(2026, 6, 5), 1, date(2026, 6, 8)),  # Friday + 1 skips the weekend
        (date(2026, 6, 6), 1, date(2026, 6, 8)),  # received on a Saturday: Monday is the first working day
        (date(2026, 12, 24), 3, date(2026, 12, 31)),  # 25 Dec (Fri) and 28 Dec (Boxing Day substitute) skipped
        (date(2027, 12, 24), 3, date(2027, 12, 31)),  # Christmas on a Saturday: 27 and 28 Dec are substitutes
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Maundy Thursday: Good Friday, weekend, Easter Monday skipped
        (date(2028, 12, 30), 1, date(2029, 1, 2)),  # New Year's Day 2029 (Monday) skipped
        (date(2026, 6, 1), 0, date(2026, 6, 1)),
    ],
)
def test_add_working_days_skips_weekends_and_bank_holidays(start: date, days: int, due: date) -> None:
    assert add_working_days(start, days) == due


def test_twenty_working_days_across_christmas_and_new_year() -> None:
    # 14 Dec 2026 (Mon): 25 Dec, 28 Dec and 1 Jan are bank holidays, so 20 working days land on 14 Jan 2027
    assert add_working_days(date(2026, 12, 14), 20) == date(2027, 1, 14)


def test_every_listed_holiday_is_a_weekday_and_years_are_covered() -> None:
    for year, days in BANK_HOLIDAYS.items():
        assert covered(year)
        assert len(days) == 8
        assert all(d.year == year and d.weekday() < 5 and not is_working_day(d) for d in days)
    assert not covered(2031)


def test_working_days_between_counts_response_time() -> None:
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 31)) == 3
    assert working_days_between(date(2026, 6, 1), date(2026, 6, 1)) == 0


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 6, 1), -1)
