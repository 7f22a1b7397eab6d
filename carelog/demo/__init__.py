"""Realistic, fictional demo data. Every name here is invented.

Each step module has `add_demo(services, rng, as_of)`; they run in the order of DEMO_STEPS, so later steps
(reviews, actions, accounts) can build on the incidents written before them.
"""

from __future__ import annotations

import importlib
import random
from datetime import datetime

from carelog.services.registry import Services

DEMO_STEPS = [
    "carelog.demo.incidents",
    "carelog.demo.accounts",
    "carelog.demo.reviews",
    "carelog.demo.actions",
    "carelog.demo.triage",
    "carelog.demo.thread",
    "carelog.demo.occupancy",
]


def fill_demo(services: Services, incidents: int = 1500, seed: int = 7, as_of: datetime | None = None) -> None:
    """Fill the database with demo data that ends at `as_of` (default: now by the services' clock)."""
    rng = random.Random(seed)
    moment = (as_of or services.ctx.clock()).replace(second=0, microsecond=0)
    from carelog.demo import incidents as incident_step

    incident_step.add_demo(services, rng, moment, count=incidents)
    for name in DEMO_STEPS[1:]:
        importlib.import_module(name).add_demo(services, rng, moment)


def fill_demo_if_empty(services: Services, incidents: int = 1500) -> bool:
    """Fill a new, empty database with demo data. Returns False (and changes nothing) if it holds incidents."""
    from carelog.core.dto import IncidentFilter

    if services.incidents.count(IncidentFilter()) > 0:
        return False
    fill_demo(services, incidents=incidents)
    return True
