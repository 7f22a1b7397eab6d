"""Shared fixtures. Storage tests run on a fresh SQLite file per test, and also on PostgreSQL when
CARELOG_TEST_PG_URL (an admin URL such as postgresql+psycopg://postgres@localhost/postgres) is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from carelog.core.dto import Actor  # noqa: E402
from carelog.core.enums import Role, ServiceType  # noqa: E402
from carelog.db.engine import open_database  # noqa: E402
from carelog.db.repositories import audit, organisation  # noqa: E402
from carelog.db.uow import unit_of_work  # noqa: E402
from carelog.services.context import Identity, ServiceContext  # noqa: E402
from carelog.services.registry import Services, build_services  # noqa: E402

PG_ADMIN_URL = os.environ.get("CARELOG_TEST_PG_URL", "")
MANAGER = Actor(1, "Test Manager", Role.MANAGER)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARELOG_DATA_DIR", str(tmp_path_factory.mktemp("carelog-data")))
    for name in ("CARELOG_BACKUP_KEY", "CARELOG_USER", "CARELOG_SECRET"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def keyring_store() -> Iterator[dict[tuple[str, str], str]]:
    """Every test gets an empty in-memory credential store; returns its entries."""
    import keyring
    from keyring.backend import KeyringBackend

    entries: dict[tuple[str, str], str] = {}

    class _Backend(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            entries.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(_Backend())
    try:
        yield entries
    finally:
        keyring.set_keyring(previous)


def _pg_database() -> Iterator[str]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"carelog_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        from sqlalchemy import pool

        # dispose everything that may hold the database open before dropping it
        pool_engine = create_engine(url, poolclass=pool.NullPool)
        pool_engine.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


DB_BACKENDS = ["sqlite"] + (["postgresql"] if PG_ADMIN_URL else [])


@pytest.fixture(params=DB_BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A fresh, empty database URL: SQLite always, PostgreSQL too when CARELOG_TEST_PG_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
    else:
        yield from _pg_database()


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A fresh SQLite file only (UI tests and tests of SQLite-specific behaviour)."""
    return f"sqlite:///{tmp_path / 'test.db'}"


TEST_USERS = (
    (1, "manager", "Test Manager", Role.MANAGER),
    (7, "carer.jo", "Carer Jo", Role.CARE_STAFF),
    (9, "admin", "Test Admin", Role.ADMIN),
)


def _make_services(url: str, actor: Actor) -> Services:
    _engine, sessions = open_database(url)
    with unit_of_work(sessions) as session:
        organisation.ensure_default_categories(session)
    return build_services(ServiceContext(sessions, Identity(actor)))


@pytest.fixture
def services(db_url: str) -> Services:
    """Services on a fresh database (both backends), signed in as a manager."""
    return _make_services(db_url, MANAGER)


@pytest.fixture
def sqlite_services(sqlite_url: str) -> Services:
    """Services on a fresh SQLite database, signed in as a manager (for UI tests)."""
    return _make_services(sqlite_url, MANAGER)


@dataclass(frozen=True)
class Home:
    service_id: int
    lounge_id: int
    bedroom_id: int
    person_ids: tuple[int, ...]
    other_service_id: int


def seed_staff(services: Services) -> None:
    """Three staff rows matching the test actors (ids 1, 7, 9; no secrets), so reporter ids are real users."""
    from datetime import datetime

    from carelog.core.dto import SYSTEM_ACTOR
    from carelog.db.models import UserRow
    from carelog.db.repositories import audit

    with services.ctx.unit() as session:
        for uid, username, name, role in TEST_USERS:
            session.add(
                UserRow(id=uid, username=username, display_name=name, role=role.value, created_at=datetime(2026, 1, 1))
            )
            session.flush()
            audit.append(session, SYSTEM_ACTOR, "user", uid, "create", "username", None, username)


def seed_home(services: Services) -> Home:
    """Two services with locations and people."""
    with services.ctx.unit() as session:
        sid = organisation.add_service(session, "Oak House", ServiceType.CARE_HOME, 40)
        other = organisation.add_service(session, "Birch Court", ServiceType.NURSING_HOME, 60)
        lounge = organisation.add_location(session, sid, "Main lounge")
        bedroom = organisation.add_location(session, sid, "Bedroom corridor")
        organisation.add_location(session, other, "Dining room")
        p1 = organisation.add_person(session, "OH-014", "Edith Marsh", sid)
        p2 = organisation.add_person(session, "OH-022", "Walter Bright", sid)
        audit.append_many(
            session,
            MANAGER,
            [
                audit.NewAuditRecord(kind, item_id, "create")
                for kind, ids in (
                    ("service", (sid, other)),
                    ("location", (lounge, bedroom, bedroom + 1)),
                    ("person", (p1, p2)),
                )
                for item_id in ids
            ],
        )
    return Home(sid, lounge, bedroom, (p1, p2), other)


@pytest.fixture
def staff(services: Services) -> None:
    seed_staff(services)


@pytest.fixture
def sqlite_staff(sqlite_services: Services) -> None:
    seed_staff(sqlite_services)


@pytest.fixture
def home(services: Services) -> Home:
    return seed_home(services)


@pytest.fixture
def sqlite_home(sqlite_services: Services) -> Home:
    return seed_home(sqlite_services)


@pytest.fixture
def runner():  # type: ignore[no-untyped-def]
    """A task runner that runs work inline (signals delivered on the next event-loop turn)."""
    from carelog.ui.task_runner import InlineTaskRunner

    return InlineTaskRunner()
