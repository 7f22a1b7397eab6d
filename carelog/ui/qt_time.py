"""Python dates and datetimes to and from Qt's, typed (PySide6's stubs have no QDateTime(datetime) overload and
type QDate.toPython() as returning `object`)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QTime


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def qdatetime(moment: datetime) -> QDateTime:
    """The naive local `moment` as a QDateTime in local time, to the second."""
    return QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute, moment.second))


def to_minute(value: QDateTime) -> datetime:
    """A QDateTime as a naive local datetime, seconds dropped (times are entered to the minute)."""
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
