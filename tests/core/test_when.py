"""Typing when it happened as people say it; every case seen from an injected `now`."""

from __future__ import annotations

from datetime import datetime

import pytest

from carelog.core.when import describe_when, format_when, parse_when

AFTERNOON = datetime(2026, 12, 1, 15, 42, 37)
JUST_AFTER_MIDNIGHT = datetime(2026, 12, 1, 0, 5)
NEW_YEAR = datetime(2027, 1, 1, 9, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", datetime(2026, 12, 1, 15, 42)),
        ("now", datetime(2026, 12, 1, 15, 42)),
        (" Now ", datetime(2026, 12, 1, 15, 42)),
        ("14:30", datetime(2026, 12, 1, 14, 30)),
        ("9:05", datetime(2026, 12, 1, 9, 5)),
        ("14.30", datetime(2026, 12, 1, 14, 30)),
        ("1430", datetime(2026, 12, 1, 14, 30)),
        ("00:00", datetime(2026, 12, 1, 0, 0)),
        ("2:30pm", datetime(2026, 12, 1, 14, 30)),
        ("2.30 PM", datetime(2026, 12, 1, 14, 30)),
        ("2pm", datetime(2026, 12, 1, 14, 0)),
        ("11am", datetime(2026, 12, 1, 11, 0)),
        ("12am", datetime(2026, 12, 1, 0, 0)),
        ("12pm", datetime(2026, 12, 1, 12, 0)),
        ("12:15 a.m.", datetime(2026, 12, 1, 0, 15)),
        ("today 10:00", datetime(2026, 12, 1, 10, 0)),
        ("yesterday 22:15", datetime(2026, 11, 30, 22, 15)),
        ("Yesterday at 10pm", datetime(2026, 11, 30, 22, 0)),
        ("30/11 07:10", datetime(2026, 11, 30, 7, 10)),
        ("1/12 7:10", datetime(2026, 12, 1, 7, 10)),
        ("30/11/2026 07:10", datetime(2026, 11, 30, 7, 10)),
        ("30/11/26 07:10", datetime(2026, 11, 30, 7, 10)),
        ("2026-11-30 07:10", datetime(2026, 11, 30, 7, 10)),
        ("2026-11-30T07:10", datetime(2026, 11, 30, 7, 10)),
    ],
)
def test_accepted_forms(text: str, expected: datetime) -> None:
    assert parse_when(text, AFTERNOON) == expected


def test_a_time_still_to_come_just_after_midnight_means_last_night() -> None:
    assert parse_when("23:50", JUST_AFTER_MIDNIGHT) == datetime(2026, 11, 30, 23, 50)
    assert parse_when("11:50pm", JUST_AFTER_MIDNIGHT) == datetime(2026, 11, 30, 23, 50)
    assert parse_when("00:01", JUST_AFTER_MIDNIGHT) == datetime(2026, 12, 1, 0, 1)


def test_a_time_later_today_is_refused_and_says_how_to_mean_yesterday() -> None:
    message = parse_when("16:30", AFTERNOON)
    assert message == "16:30 today has not happened yet (it is now 15:42). If it was yesterday, type yesterday 16:30."


def test_a_day_and_time_in_the_future_is_refused() -> None:
    message = parse_when("today 18:00", AFTERNOON)
    assert isinstance(message, str) and "has not happened yet" in message
    assert isinstance(parse_when("2026-12-02 08:00", AFTERNOON), str)


def test_day_and_month_without_a_year_is_the_last_one_that_has_passed() -> None:
    assert parse_when("31/12 22:00", NEW_YEAR) == datetime(2026, 12, 31, 22, 0)
    assert parse_when("yesterday 23:00", NEW_YEAR) == datetime(2026, 12, 31, 23, 0)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("25:00", "not a time on the 24-hour clock"),
        ("14:75", "not a time on the 24-hour clock"),
        ("13pm", "the hour is 1 to 12"),
        ("14", "Add the minutes, like 14:00"),
        ("yesterday", "Add the time it happened"),
        ("30/11", "Add the time it happened"),
        ("31/02 10:00", "There is no date 31/02"),
        ("lunchtime", "Type the time as hours and minutes"),
        ("someday 10:00", "Type the day as today, yesterday or day/month"),
    ],
)
def test_what_cannot_be_read_gets_a_message_saying_what_to_type(text: str, words: str) -> None:
    message = parse_when(text, AFTERNOON)
    assert isinstance(message, str)
    assert words in message


def test_the_shown_text_reads_back_to_the_same_minute() -> None:
    moment = datetime(2026, 11, 30, 7, 10)
    assert format_when(moment) == "30/11/2026 07:10"
    assert parse_when(format_when(moment), AFTERNOON) == moment


def test_description_names_today_and_yesterday() -> None:
    assert describe_when(datetime(2026, 12, 1, 14, 30), AFTERNOON) == "Today 14:30"
    assert describe_when(datetime(2026, 11, 30, 22, 15), AFTERNOON) == "Yesterday (Mon 30 Nov) 22:15"
    assert describe_when(datetime(2026, 11, 2, 8, 0), AFTERNOON) == "Mon 02 Nov 2026 08:00"
