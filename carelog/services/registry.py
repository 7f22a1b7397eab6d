"""All services of one open database, built once in app.py and handed to pages through their constructors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carelog.db.engine import open_database
from carelog.db.repositories import organisation
from carelog.db.uow import unit_of_work
from carelog.services.accounts import AccountService
from carelog.services.actions import ActionService
from carelog.services.backup import BackupService
from carelog.services.context import Identity, ServiceContext
from carelog.services.drafts import DraftService
from carelog.services.export import ExportService
from carelog.services.feedback import FeedbackService
from carelog.services.importer import ImportService
from carelog.services.incidents import IncidentService
from carelog.services.integrity import IntegrityService
from carelog.services.pack import PackService
from carelog.services.reference_lists import ReferenceListService
from carelog.services.reviews import ReviewService
from carelog.services.settings import SettingsService
from carelog.services.thread import ThreadService
from carelog.services.thread_records import ThreadRecordService
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
    feedback: FeedbackService
    records: ThreadRecordService
    thread: ThreadService


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
        feedback=FeedbackService(ctx),
        records=ThreadRecordService(ctx),
        thread=ThreadService(ctx),
    )


def open_services(db: str | Path, identity: Identity | None = None) -> Services:
    """Open (and migrate) the database and build the services; fills the default category lists once."""
    _engine, sessions = open_database(db)
    with unit_of_work(sessions) as session:
        organisation.ensure_default_categories(session)
    return build_services(ServiceContext(sessions, identity or Identity()))
