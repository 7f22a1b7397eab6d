"""All services of one open database, built once in app.py and handed to pages through their constructors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carelog.core.clock import Clock, system_clock
from carelog.db.engine import open_database
from carelog.db.repositories import organisation
from carelog.db.uow import unit_of_work
from carelog.services.accounts import AccountService
from carelog.services.actions import ActionService
from carelog.services.backup import BackupService
from carelog.services.context import Identity, ServiceContext
from carelog.services.drafts import DraftService
from carelog.services.export import ExportService
from carelog.services.importer import ImportService
from carelog.services.incidents import IncidentService
from carelog.services.integrity import IntegrityService
from carelog.services.pack import PackService
from carelog.services.reference_lists import ReferenceListService
from carelog.services.reviews import ReviewService
from carelog.services.settings import SettingsService
from carelog.services.trends import TrendService


@dataclass(frozen=True)
class Services:
    ctx: ServiceContext
    incidents: IncidentService
    drafts: DraftService
    accounts: AccountService
    settings: SettingsService
    backup: BackupService
    integrity: IntegrityService
    importer: ImportService
    exporter: ExportService
    lists: ReferenceListService
    pack: PackService
    actions: ActionService
    trends: TrendService
    reviews: ReviewService


def build_services(ctx: ServiceContext) -> Services:
    incidents = IncidentService(ctx)
    return Services(
        ctx=ctx,
        incidents=incidents,
        importer=ImportService(ctx, incidents),
        exporter=ExportService(ctx),
        lists=ReferenceListService(ctx),
        drafts=DraftService(ctx),
        accounts=AccountService(ctx),
        settings=SettingsService(ctx),
        backup=BackupService(ctx),
        integrity=IntegrityService(ctx),
        pack=PackService(ctx),
        actions=ActionService(ctx),
        trends=TrendService(ctx),
        reviews=ReviewService(ctx),
    )


def open_services(db: str | Path, identity: Identity | None = None, clock: Clock = system_clock) -> Services:
    """Open (and migrate) the database and build the services on `clock`; fills the default category lists once."""
    _engine, sessions = open_database(db, clock)
    with unit_of_work(sessions) as session:
        organisation.ensure_default_categories(session)
    return build_services(ServiceContext(sessions, identity or Identity(), clock))
