"""What the monthly governance report adds to the pack's sections (issue 16): the change against last month and
the 12-month average per service, deadlines, the triage backlog, open reviews, actions awaiting their check or
found not effective, the month's new signals and the governance meeting. Plain frozen DTOs and pure rules;
MonthlyService fills them, reports/pack/monthly.py prints them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from carelog.core.meeting_dto import MeetingDetail
from carelog.core.trend_data import add_months

AVERAGE_MONTHS = 12
ALL_RECORDS = "All incidents"  # every record except compliments


@dataclass(frozen=True, slots=True)
class ServiceChange:
    service: str
    measure: str
    this_month: int
    last_month: int
    average: float | None  # over the complete months before this one (up to 12); None with none
    months: int  # months behind the average

    @property
    def change(self) -> int:
        return self.this_month - self.last_month

    def change_text(self) -> str:
        if self.change == 0:
            return "no change"
        return f"{self.change:+d}"

    def against_average(self) -> str:
        if self.average is None:
            return "no earlier months"
        if self.average == 0:
            return "none before" if self.this_month == 0 else "above (none before)"
        pct = round(100 * (self.this_month - self.average) / self.average)
        if abs(pct) < 10:
            return f"about the same ({pct:+d}%)"
        return f"{'above' if pct > 0 else 'below'} ({pct:+d}%)"


@dataclass(frozen=True, slots=True)
class MonthlyLine:
    """One outstanding item: a deadline, an incident awaiting triage, a review, an action or a signal."""

    what: str  # "CQC notification overdue", "Awaiting triage", "Open review"...
    reference: str
    text: str
    due: datetime | None = None
    overdue: bool = False
    service: str = ""


@dataclass(frozen=True)
class MonthlyExtras:
    month: date  # first day of the month reported on
    as_of: datetime  # when the outstanding lists were read
    changes: tuple[ServiceChange, ...] = ()
    deadlines: tuple[MonthlyLine, ...] = ()
    triage: tuple[MonthlyLine, ...] = ()
    triage_total: int = 0
    open_reviews: tuple[MonthlyLine, ...] = ()
    awaiting_check: tuple[MonthlyLine, ...] = ()
    not_effective: tuple[MonthlyLine, ...] = ()
    signals: tuple[MonthlyLine, ...] = ()
    meetings: tuple[MeetingDetail, ...] = ()

    @property
    def month_label(self) -> str:
        return f"{self.month:%B %Y}"


def service_changes(
    counts: Mapping[tuple[str, str, date], int],
    services: Sequence[str],
    measures: Sequence[str],
    month: date,
    first_month: Mapping[str, date],
) -> list[ServiceChange]:
    """Per service and measure: this month, last month and the average of the complete months before this one
    (the 12 before it, or fewer when the service's records start later). A measure with no record in any of these
    months is left out, except the all-incidents line."""
    previous = add_months(month, -1)
    out = []
    for service in services:
        start = max(add_months(month, -AVERAGE_MONTHS), first_month.get(service, month))
        months = []
        m = start
        while m < month:
            months.append(m)
            m = add_months(m, 1)
        for measure in measures:
            series = [counts.get((service, measure, m), 0) for m in months]
            now = counts.get((service, measure, month), 0)
            if measure != ALL_RECORDS and now == 0 and not any(series):
                continue
            out.append(
                ServiceChange(
                    service,
                    measure,
                    now,
                    counts.get((service, measure, previous), 0),
                    sum(series) / len(series) if series else None,
                    len(series),
                )
            )
    return out
