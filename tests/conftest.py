"""Shared fixtures. Storage tests run on a fresh SQLite file per test, and also on PostgreSQL when
CARELOG_TEST_PG_URL (an admin URL such as postgresql+psycopg://postgres@localhost/postgres) is set.

Time: every test's services run on a fixed clock (fixture `clock`), set to CARELOG_TEST_NOW (ISO, e.g.
2028-02-29T23:59) or else to the moment the test session started, shown in the report header. Tests marked
`any_date` run once for each moment in ANY_DATES instead (the date smoke subset: `pytest -m any_date`).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# CareLog keeps naive local time, as the services in England see it: test in their time zone, so the BST and GMT
# moments of ANY_DATES really are in summer and winter time (set TZ to try another zone).
os.environ.setdefault("TZ", "Europe/London")
time.tzset()

import pytest  # noqa: E402

from carelog.core.clock import Clock, FixedClock, system_clock  # noqa: E402
from carelog.core.dto import Actor  # noqa: E402
from carelog.core.enums import Role, ServiceType  # noqa: E402
from carelog.db.engine import open_database  # noqa: E402
from carelog.db.repositories import audit, organisation  # noqa: E402
from carelog.db.uow import unit_of_work  # noqa: E402
from carelog.services.context import Identity, ServiceContext  # noqa: E402
from carelog.services.registry import Services, build_services  # noqa: E402

PG_ADMIN_URL = os.environ.get("CARELOG_TEST_PG_URL", "")
MANAGER = Actor(1, "Test Manager", Role.MANAGER)

TEST_NOW_ENV = "CARELOG_TEST_NOW"
# Moments where date arithmetic breaks: month ends late in the evening, a leap day, summer time and winter time
# (BST at 00:30 is still the day before in UTC).
ANY_DATES = {
    "1st-23h59": datetime(2027, 3, 1, 23, 59),
    "31st-23h59": datetime(2026, 12, 31, 23, 59),
    "leap-day": datetime(2028, 2, 29, 23, 59),
    "bst": datetime(2027, 6, 15, 0, 30),
    "gmt": datetime(2027, 1, 15, 9, 0),
}


def _session_now() -> datetime:
    given = os.environ.get(TEST_NOW_ENV, "").strip()
    if not given:
        return system_clock().replace(second=0)
    if given in ANY_DATES:
        return ANY_DATES[given]
    try:
        return datetime.fromisoformat(given)
    except ValueError:
        names = ", ".join(ANY_DATES)
        raise pytest.UsageError(
            f"{TEST_NOW_ENV}={given!r}: give a time like 2028-02-29T23:59 or one of {names}"
        ) from None


SESSION_NOW = _session_now()


def pytest_report_header() -> str:
    return f"clock: {SESSION_NOW.isoformat()} (repeat with {TEST_NOW_ENV}={SESSION_NOW.isoformat()})"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("any_date") is not None:
        metafunc.parametrize("frozen_now", list(ANY_DATES.values()), ids=list(ANY_DATES), indirect=True)


@pytest.fixture
def frozen_now(request: pytest.FixtureRequest) -> datetime:
    """The moment the test's clock says (a parameter for tests marked any_date)."""
    moment: datetime = getattr(request, "param", SESSION_NOW)
    return moment


@pytest.fixture
def clock(frozen_now: datetime) -> FixedClock:
    """The clock every service of the test runs on; move it with `clock.moment = ...` or `clock.advance(...)`."""
    return FixedClock(frozen_now)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARELOG_DATA_DIR", str(tmp_path_factory.mktemp("carelog-data")))
    # the machine-wide database settings (/etc/carelog/carelog.ini, %PROGRAMDATA%): never the real file in tests
    monkeypatch.setenv("CARELOG_MACHINE_CONFIG", str(tmp_path_factory.mktemp("carelog-machine") / "carelog.ini"))
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


def _make_services(url: str, actor: Actor, clock: Clock = system_clock) -> Services:
    """Services on `url` acting as `actor`; tests pass the fixed clock (the default only for extra windows)."""
    _engine, sessions = open_database(url, clock)
    with unit_of_work(sessions) as session:
        organisation.ensure_default_categories(session, clock())
    return build_services(ServiceContext(sessions, Identity(actor), clock))


@pytest.fixture
def services(db_url: str, clock: FixedClock) -> Services:
    """Services on a fresh database (both backends), signed in as a manager, on the test's clock."""
    return _make_services(db_url, MANAGER, clock)


@pytest.fixture
def sqlite_services(sqlite_url: str, clock: FixedClock) -> Services:
    """Services on a fresh SQLite database, signed in as a manager, on the test's clock (for UI tests)."""
    return _make_services(sqlite_url, MANAGER, clock)


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
            audit.append(
                session, SYSTEM_ACTOR, "user", uid, "create", "username", None, username, at=services.ctx.clock()
            )


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
            at=services.ctx.clock(),
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
