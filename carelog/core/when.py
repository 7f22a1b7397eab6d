"""When it happened, typed the way people say it: `now`, `14:30`, `2:30pm`, `yesterday 22:15`, `30/11 07:10`,
`30/11/2026 07:10`, `2026-11-30 07:10`. One text field instead of five date/time sections.

parse_when returns the moment (to the minute) or a plain-English message saying what to type instead.
A time on its own means today; if that time is still to come, it means yesterday when that was within the
last 12 hours (a night shift reporting just after midnight), otherwise it is refused.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

ROLL_BACK_LIMIT = timedelta(hours=12)
EXAMPLES = "for example now, 14:30, yesterday 22:15 or 30/11 07:10"
NOW_WORDS = frozenset({"", "now", "just now", "right now"})
DAY_WORDS = {"today": 0, "yesterday": 1, "yday": 1}

_TIME = re.compile(r"^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$")
_COMPACT_TIME = re.compile(r"^(?P<h>\d{2})(?P<m>\d{2})$")
_DMY = re.compile(r"^(?P<d>\d{1,2})[/.-](?P<mo>\d{1,2})(?:[/.-](?P<y>\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})$")


def parse_when(text: str, now: datetime) -> datetime | str:
    """The moment `text` names, seen from `now`; or a message saying what to fix (a str)."""
    now = now.replace(second=0, microsecond=0)
    cleaned = _clean(text)
    if cleaned in NOW_WORDS:
        return now
    day_part, time_part = _split(cleaned)
    if time_part is None:
        return f"Add the time it happened, {EXAMPLES}."
    clock = _parse_time(time_part)
    if isinstance(clock, str):
        return clock
    if day_part is None:
        return _time_only(clock, now, time_part)
    day = _parse_day(day_part, now)
    if isinstance(day, str):
        return day
    moment = datetime.combine(day, clock)
    if moment > now:
        return f"{format_when(moment)} has not happened yet (it is now {now:%H:%M}). Check the day and time."
    return moment


def format_when(moment: datetime) -> str:
    """The text a field shows for a stored moment; parse_when reads it back to the same minute."""
    return f"{moment:%d/%m/%Y %H:%M}"


def describe_when(moment: datetime, now: datetime) -> str:
    """How the form confirms what it understood, e.g. "Today 14:30" or "Yesterday (Mon 30 Nov) 22:15"."""
    days = (now.date() - moment.date()).days
    if days == 0:
        return f"Today {moment:%H:%M}"
    if days == 1:
        return f"Yesterday ({moment:%a %d %b}) {moment:%H:%M}"
    return f"{moment:%a %d %b %Y} {moment:%H:%M}"


def _clean(text: str) -> str:
    t = " ".join(text.strip().lower().split())
    t = re.sub(r"^(\d{4}-\d{1,2}-\d{1,2})t(?=\d)", r"\1 ", t)  # 2026-11-30T07:10
    t = re.sub(r"\s*(a\.?m\.?|p\.?m\.?)$", lambda m: " " + m.group(1).replace(".", ""), t)
    t = re.sub(r"\s+at\s+", " ", t)
    return t.strip()


def _split(cleaned: str) -> tuple[str | None, str | None]:
    parts = cleaned.split(" ")
    if len(parts) >= 2 and parts[-1] in ("am", "pm"):
        parts = [*parts[:-2], parts[-2] + parts[-1]]
    if len(parts) == 1:
        only = parts[0]
        if _TIME.match(only) or _COMPACT_TIME.match(only):
            return None, only
        if only in DAY_WORDS or _DMY.match(only) or _ISO.match(only):
            return only, None
        return None, only
    if len(parts) == 2:
        return parts[0], parts[1]
    return " ".join(parts[:-1]), parts[-1]


def _parse_time(text: str) -> time | str:
    m = _TIME.match(text) or _COMPACT_TIME.match(text)
    if m is None:
        return f"Type the time as hours and minutes, {EXAMPLES}."
    hour, minute = int(m.group("h")), int(m.group("m") or 0)
    ampm = (m.groupdict().get("ampm") or "").replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return f"{text} is not a time: with am or pm the hour is 1 to 12 (or use the 24-hour clock, like 14:30)."
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    elif m.group("m") is None and m.re is _TIME:
        return f"Add the minutes, like {hour:02d}:00, or say am or pm."
    if hour > 23 or minute > 59:
        return f"{text} is not a time on the 24-hour clock (00:00 to 23:59)."
    return time(hour, minute)


def _parse_day(text: str, now: datetime) -> date | str:
    if text in DAY_WORDS:
        return now.date() - timedelta(days=DAY_WORDS[text])
    m = _ISO.match(text)
    if m is None:
        m = _DMY.match(text)
    if m is None:
        return f"Type the day as today, yesterday or day/month (like 30/11), {EXAMPLES}."
    day, month = int(m.group("d")), int(m.group("mo"))
    year_text = m.group("y")
    try:
        if year_text is None:
            candidate = date(now.year, month, day)
            return candidate if candidate <= now.date() else date(now.year - 1, month, day)
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return date(year, month, day)
    except ValueError:
        return f"There is no date {text}; type the day then the month, like 30/11."


def _time_only(clock: time, now: datetime, typed: str) -> datetime | str:
    today = datetime.combine(now.date(), clock)
    if today <= now:
        return today
    yesterday = today - timedelta(days=1)
    if now - yesterday <= ROLL_BACK_LIMIT:
        return yesterday
    return (
        f"{typed} today has not happened yet (it is now {now:%H:%M}). "
        f"If it was yesterday, type yesterday {clock:%H:%M}."
    )
