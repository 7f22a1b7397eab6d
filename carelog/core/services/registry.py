"""All services of one open database, built once in app.py and handed to pages through their constructors."""

from __future__ import annotations

from dataclasses import dataclass

from carelog.core.services.context import ServiceContext
from carelog.core.services.drafts import DraftService
from carelog.core.services.incidents import IncidentService


@dataclass(frozen=True)
class Services:
    ctx: ServiceContext
    incidents: IncidentService
    drafts: DraftService


def build_services(ctx: ServiceContext) -> Services:
    return Services(ctx=ctx, incidents=IncidentService(ctx), drafts=DraftService(ctx))
