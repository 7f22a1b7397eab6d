"""Several writers on one database never lose a write: the write lock is taken at BEGIN, the version check is in
the UPDATE, the new-year counter row is created race-free, and a database that stays busy is a clear message."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import event, select

from carelog.core.dto import IncidentFilter
from carelog.core.errors import BusyError, ConflictError
from carelog.db import engine as engine_module
from carelog.db.engine import open_database
from carelog.db.models import IncidentRow, ReferenceCounterRow
from carelog.db.repositories import incidents as repo
from carelog.db.uow import unit_of_work
from carelog.services.registry import Services
from tests.conftest import MANAGER, Home, _make_services, seed_home, seed_staff
from tests.services.test_incident_service import _fall

NEW_YEAR = datetime(2027, 1, 1, 0, 30)


def _statements(engine) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, stmt, *_a: seen.append(stmt))
    return seen


def test_a_unit_that_may_write_takes_the_lock_at_begin_and_a_read_does_not(sqlite_url: str) -> None:
    engine, sessions = open_database(sqlite_url)
    seen = _statements(engine)
    with unit_of_work(sessions) as session:
        session.scalar(select(IncidentRow.id))
    with unit_of_work(sessions, write=False) as session:
        session.scalar(select(IncidentRow.id))
    begins = [s for s in seen if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]


def test_sqlite_waits_at_least_ten_seconds_for_another_writer(sqlite_url: str) -> None:
    engine, _ = open_database(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 10_000


@pytest.mark.usefixtures("staff")
def test_an_edit_based_on_a_stale_version_is_refused_by_the_update_itself(services: Services, home: Home) -> None:
    d = services.incidents.report(_fall(services, home))
    # The other window reads version 1 and keeps the row in its (not expired) session...
    stale = services.ctx.sessions()
    assert stale.get(IncidentRow, d.id).version == 1  # type: ignore[union-attr]
    stale.commit()
    # ...this one saves first...
    services.incidents.update(d.id, dataclasses.replace(d.data, witnesses="A. Carer"), d.version)
    # ...and the stale window's UPDATE ... WHERE version = 1 matches nothing.
    with pytest.raises(ConflictError, match="not saved"):
        repo.update_incident(
            stale,
            d.id,
            dataclasses.replace(d.data, witnesses="Overwritten"),
            shift=d.shift,
            risk_score=d.risk_score,
            expected_version=1,
            now=datetime(2026, 3, 15),
        )
    stale.rollback()
    stale.close()
    after = services.incidents.get(d.id)
    assert after.data.witnesses == "A. Carer" and after.version == 2


@pytest.mark.usefixtures("staff")
def test_two_edits_from_the_same_version_at_once_one_wins_one_is_told(services: Services, home: Home) -> None:
    d = services.incidents.report(_fall(services, home))
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def edit(n: int) -> None:
        barrier.wait()
        try:
            services.incidents.update(d.id, dataclasses.replace(d.data, witnesses=f"Writer {n}"), d.version)
            outcomes.append(f"saved {n}")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    saved = [o for o in outcomes if o.startswith("saved")]
    assert len(saved) == 1 and outcomes.count("conflict") == 3
    after = services.incidents.get(d.id)
    assert after.version == 2 and after.data.witnesses == f"Writer {saved[0].split()[1]}"


def test_first_incidents_of_a_new_year_from_several_writers_get_distinct_references(db_url: str) -> None:
    writers = [_make_services(db_url, MANAGER) for _ in range(3)]
    seed_staff(writers[0])
    home = seed_home(writers[0])
    for w in writers:
        w.ctx.clock = lambda: datetime(2027, 1, 1, 9, 0)
    barrier = threading.Barrier(len(writers))
    refs: list[str] = []
    errors: list[BaseException] = []

    def write(w: Services) -> None:
        data = _fall(w, home, occurred_at=NEW_YEAR)
        barrier.wait()
        try:
            for _ in range(4):
                refs.append(w.incidents.report(data).reference)
        except BaseException as exc:  # noqa: BLE001 - the test reports any failure below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in writers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(refs) == [f"INC-2027-{n:04d}" for n in range(1, 13)]
    with writers[0].ctx.unit() as session:
        assert session.get(ReferenceCounterRow, ("INC", 2027)).last_number == 12  # type: ignore[union-attr]


def test_the_counter_row_is_created_without_a_race_when_it_does_not_exist(db_url: str) -> None:
    """Two transactions both see no 2027 row: the insert does nothing for the second, both get a number."""
    _engine, sessions = open_database(db_url)
    with unit_of_work(sessions) as s1:
        first = repo.allocate_references(s1, 2027, 2)
        repo.claim_reference(s1, "INC-2027-0001")  # a lower supplied reference never moves the counter back
    with unit_of_work(sessions) as s2:
        second = repo.allocate_references(s2, 2027, 1)
    assert (first, second) == (["INC-2027-0001", "INC-2027-0002"], ["INC-2027-0003"])


def test_a_database_locked_past_the_timeout_is_a_clear_message_and_nothing_is_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_SECONDS", 0.3)
    db = tmp_path / "busy.db"
    services = _make_services(str(db), MANAGER)
    seed_staff(services)
    home = seed_home(services)
    other = sqlite3.connect(db, isolation_level=None)  # another CareLog process in the middle of a long save
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(BusyError, match="Another CareLog window is saving; try again"):
            services.incidents.report(_fall(services, home))
        assert services.incidents.list(IncidentFilter()) == []  # reading does not wait for the other save
        assert services.drafts.load() is None
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert services.incidents.count(IncidentFilter()) == 0
    assert services.incidents.report(_fall(services, home)).reference == "INC-2026-0001"


def test_a_read_unit_cannot_write_on_sqlite(sqlite_url: str) -> None:
    """A unit marked as a read has no write lock, so SQLite refuses a write in it (query_only)."""
    from sqlalchemy.exc import OperationalError

    from carelog.db.models import ServiceRow

    _engine, sessions = open_database(sqlite_url)
    with pytest.raises(OperationalError, match="readonly"), unit_of_work(sessions, write=False) as session:
        session.add(ServiceRow(name="Oak House"))
        session.flush()
    with unit_of_work(sessions) as session:  # the next unit on the same connection writes normally
        session.add(ServiceRow(name="Oak House"))
