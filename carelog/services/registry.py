"""All services of one open database, built once in app.py and handed to pages through their constructors."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from carelog.core.clock import Clock, system_clock
from carelog.db.engine import open_database
from carelog.db.repositories import organisation
from carelog.db.uow import unit_of_work
from carelog.services.context import Identity, ServiceContext

if TYPE_CHECKING:
    from carelog.services.accounts import AccountService
    from carelog.services.actions import ActionService
    from carelog.services.attention import AttentionService
    from carelog.services.backup import BackupService
    from carelog.services.change_feed import ChangeFeedService
    from carelog.services.database_setup import DatabaseSetupService
    from carelog.services.drafts import DraftService
    from carelog.services.export import ExportService
    from carelog.services.feedback import FeedbackService
    from carelog.services.governance import MeetingService
    from carelog.services.importer import ImportService
    from carelog.services.incidents import IncidentService
    from carelog.services.integrity import IntegrityService
    from carelog.services.pack import PackService
    from carelog.services.reference_lists import ReferenceListService
    from carelog.services.reviews import ReviewService
    from carelog.services.settings import SettingsService
    from carelog.services.shared_learning import SharedLearningService
    from carelog.services.thread import ThreadService
    from carelog.services.thread_records import ThreadRecordService
    from carelog.services.trends import TrendService
    from carelog.services.triage import TriageService


WARM_CONNECTIONS = 3  # the GUI thread and the two background loads of a manager's Home


class Services:
    """Every service of one open database. Each is built, and its module imported, the first time it is used,
    so start-up imports only what the first screen needs (the Review, Trends or pack code waits until asked)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # what the sign-in and the first tabs (Home, the quick report, the Log) use
    FIRST_SERVICES = ("accounts", "settings", "incidents", "drafts", "feedback", "triage", "attention", "records")

    def warm_up(self) -> None:
        """Ready the first screens, off the GUI thread while the sign-in dialog is up: the ORM's mappers
        configured, the services of the sign-in and first tabs built (their modules imported) and the queries of
        the sign-in and of the quick-report tab compiled. Reads no record and changes nothing."""
        from sqlalchemy.orm import configure_mappers

        configure_mappers()
        for name in self.FIRST_SERVICES:
            getattr(self, name)
        self.accounts.warm_up()
        for service in (self.incidents, self.drafts, self.feedback):  # the care staff's first tab (quick report)
            service.warm_up()
        self._open_connections(WARM_CONNECTIONS)

    def _open_connections(self, count: int) -> None:
        """Open (and set up) `count` pooled database connections at once, so the first tab and its background
        loads (a manager's Home runs two) do not each wait for a new one. No transaction is begun."""
        engine = self.ctx.sessions.kw["bind"]
        connections = []
        try:
            for _ in range(count):
                connections.append(engine.connect())
        finally:
            for connection in connections:
                connection.close()  # back to the pool, still open

    @cached_property
    def incidents(self) -> IncidentService:
        from carelog.services.incidents import IncidentService

        return IncidentService(self.ctx)

    @cached_property
    def drafts(self) -> DraftService:
        from carelog.services.drafts import DraftService

        return DraftService(self.ctx)

    @cached_property
    def accounts(self) -> AccountService:
        from carelog.services.accounts import AccountService

        return AccountService(self.ctx, self.backup.ensure_key)

    @cached_property
    def settings(self) -> SettingsService:
        from carelog.services.settings import SettingsService

        return SettingsService(self.ctx)

    @cached_property
    def backup(self) -> BackupService:
        from carelog.services.backup import BackupService

        return BackupService(self.ctx)

    @cached_property
    def database_setup(self) -> DatabaseSetupService:
        from carelog.services.database_setup import DatabaseSetupService

        return DatabaseSetupService(self.ctx)

    @cached_property
    def change_feed(self) -> ChangeFeedService:
        from carelog.services.change_feed import ChangeFeedService

        return ChangeFeedService(self.ctx)

    @cached_property
    def integrity(self) -> IntegrityService:
        from carelog.services.integrity import IntegrityService

        return IntegrityService(self.ctx)

    @cached_property
    def importer(self) -> ImportService:
        from carelog.services.importer import ImportService

        return ImportService(self.ctx, self.incidents)

    @cached_property
    def exporter(self) -> ExportService:
        from carelog.services.export import ExportService

        return ExportService(self.ctx)

    @cached_property
    def lists(self) -> ReferenceListService:
        from carelog.services.reference_lists import ReferenceListService

        return ReferenceListService(self.ctx)

    @cached_property
    def pack(self) -> PackService:
        from carelog.services.pack import PackService

        return PackService(self.ctx)

    @cached_property
    def actions(self) -> ActionService:
        from carelog.services.actions import ActionService

        return ActionService(self.ctx)

    @cached_property
    def trends(self) -> TrendService:
        from carelog.services.trends import TrendService

        return TrendService(self.ctx)

    @cached_property
    def reviews(self) -> ReviewService:
        from carelog.services.reviews import ReviewService

        return ReviewService(self.ctx)

    @cached_property
    def feedback(self) -> FeedbackService:
        from carelog.services.feedback import FeedbackService

        return FeedbackService(self.ctx)

    @cached_property
    def triage(self) -> TriageService:
        from carelog.services.triage import TriageService

        return TriageService(self.ctx, self.reviews)

    @cached_property
    def attention(self) -> AttentionService:
        from carelog.services.attention import AttentionService

        return AttentionService(self.ctx, self.trends, self.records)

    @cached_property
    def records(self) -> ThreadRecordService:
        from carelog.services.thread_records import ThreadRecordService

        return ThreadRecordService(self.ctx)

    @cached_property
    def shared_learning(self) -> SharedLearningService:
        from carelog.services.shared_learning import SharedLearningService

        return SharedLearningService(self.ctx)

    @cached_property
    def thread(self) -> ThreadService:
        from carelog.services.thread import ThreadService

        return ThreadService(self.ctx)

    @cached_property
    def meetings(self) -> MeetingService:
        from carelog.services.governance import MeetingService

        return MeetingService(self.ctx)


def build_services(ctx: ServiceContext) -> Services:
    return Services(ctx)


def open_services(db: str | Path, identity: Identity | None = None, clock: Clock = system_clock) -> Services:
    """Open (and migrate) the database and build the services on `clock`; fills the default category lists once."""
    _engine, sessions = open_database(db, clock)
    with unit_of_work(sessions) as session:
        organisation.ensure_default_categories(session, clock())
    return build_services(ServiceContext(sessions, identity or Identity(), clock))


def services_without_migration(db: str | Path, identity: Identity | None = None) -> Services:
    """Services on a database as it is (no schema upgrade, nothing filled in): for `carelog check`."""
    from sqlalchemy.orm import sessionmaker

    from carelog.db.engine import create_db_engine

    sessions = sessionmaker(create_db_engine(db), expire_on_commit=False)
    return build_services(ServiceContext(sessions, identity or Identity()))
