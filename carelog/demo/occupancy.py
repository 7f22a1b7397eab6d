"""Demo occupancy (fictional): occupied bed days per month for the two care homes, so the Trends tab can show rates
per 1,000 occupied bed days. Supported living has tenancies, not beds: nothing is recorded for it. One month at
Heron House was never entered, as happens, so the charts show how a month without occupancy is told."""

from __future__ import annotations

import calendar
import random
from datetime import date, datetime

from carelog.core.trend_data import add_months, month_range, month_start
from carelog.demo.acting import acting
from carelog.demo.incidents import MONTHS, SERVICES
from carelog.services.registry import Services

BED_BASED = ("Willow Bank Care Home", "Heron House")
NOT_ENTERED = ("Heron House", 5)  # (service, months before the current one)


def bed_days(beds: int, month: date, rng: random.Random) -> int:
    """A month's occupied bed days: most beds filled most days (86-97%)."""
    days = calendar.monthrange(month.year, month.month)[1]
    return round(beds * days * rng.uniform(0.86, 0.97))


def add_demo(services: Services, rng: random.Random, as_of: datetime) -> None:
    with acting(services.ctx, clock=lambda: as_of):
        ids = {s.name: s.id for s in services.incidents.reference_data().services}
        this_month = month_start(as_of.date())
        months = month_range(add_months(this_month, -MONTHS), add_months(this_month, -1))  # complete months only
        skipped = add_months(this_month, -NOT_ENTERED[1])
        for svc in SERVICES:
            if svc.name not in BED_BASED or svc.name not in ids:
                continue
            for month in months:
                if (svc.name, month) == (NOT_ENTERED[0], skipped):
                    continue
                services.attention.set_occupancy(ids[svc.name], month, bed_days(svc.beds, month, rng))
