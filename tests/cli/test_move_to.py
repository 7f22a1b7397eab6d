"""`carelog move-to`: a planted demo database (incidents, reviews, actions, accounts, complaints...) moved onto an
empty PostgreSQL database keeps every row and id, the audit chain (`carelog check` passes there), the reference
counters and the sequences; a target that holds records is refused and left as it was."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from carelog.cli import run
from carelog.core import passwords
from carelog.core.dto import IncidentFilter
from carelog.db import maintenance
from carelog.demo import fill_demo
from carelog.services.integrity import check_engine
from carelog.services.registry import Services, open_services
from tests.conftest import PG_ADMIN_URL, _pg_database

pytestmark = pytest.mark.skipif(not PG_ADMIN_URL, reason="needs PostgreSQL (CARELOG_TEST_PG_URL)")


@pytest.fixture
def pg_target() -> Iterator[str]:
    yield from _pg_database()


@pytest.fixture
def planted(sqlite_services: Services, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    passwords.use_fast_parameters_for_tests()
    fill_demo(sqlite_services, incidents=60, as_of=datetime(2026, 6, 30, 12, 0))
    monkeypatch.setenv("CARELOG_SECRET", "1234")
    return Path(sqlite_url.removeprefix("sqlite:///"))


def _rows(url: str) -> dict[str, list[dict[str, object]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: list(maintenance.read_rows(conn, t)) for t in maintenance.data_tables(conn)}
    finally:
        engine.dispose()


def test_every_record_moves_with_its_ids_and_audit_chain(
    planted: Path, pg_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["move-to", pg_target, "--db", str(planted), "--user", "admin"]) == 0
    out = capsys.readouterr().out
    assert "Audit trail on the server: " in out and "0 break(s)" in out
    assert f"carelog --db {pg_target}" in out  # (the test server needs no password; none would be shown)
    source, after = _rows(f"sqlite:///{planted}"), _rows(pg_target)  # the source as it is after the sign-in
    assert set(after) == set(source)
    moved = sum(len(rows) for rows in source.values())
    assert moved > 1000 and source["incidents"] and source["reviews"] and source["actions"]
    assert source["complaints"] and source["reference_counters"] and source["users"]
    for name, rows in source.items():
        if name not in ("audit_log", "audit_head"):
            assert after[name] == rows, name
    # each side then notes the move in its own trail: everything up to it is identical, ids and hashes included
    *copied, moved_in = after["audit_log"]
    *kept, moved_out = source["audit_log"]
    assert copied == kept and len(copied) > 100
    assert (moved_in["action"], moved_in["field"]) == ("move", "moved from")
    assert (moved_out["action"], moved_out["field"]) == ("move", "moved to")
    engine = create_engine(pg_target)
    try:
        report = check_engine(engine)
    finally:
        engine.dispose()
    assert report.ok, "\n".join(report.lines())
    assert run(["check", "--db", pg_target, "--user", "admin"]) == 0
    assert "No problems found." in capsys.readouterr().out


def test_the_server_carries_on_after_the_highest_id_and_reference(planted: Path, pg_target: str) -> None:
    assert run(["move-to", pg_target, "--db", str(planted), "--user", "admin"]) == 0
    local = open_services(planted)
    local.accounts.sign_in("manager", "2345")
    newest = max(local.incidents.list(IncidentFilter()), key=lambda i: i.id)
    server = open_services(pg_target)
    server.accounts.sign_in("manager", "2345")
    saved = server.incidents.report(local.incidents.get(newest.id).data)
    assert saved.id == newest.id + 1  # the sequence was set past the copied ids
    earlier = {i.reference for i in local.incidents.list(IncidentFilter())}
    assert saved.reference not in earlier  # the reference counters came along: no reference is issued twice
    local.incidents.report(local.incidents.get(newest.id).data)


def test_a_target_with_records_is_refused_and_left_as_it_was(
    planted: Path, pg_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["move-to", pg_target, "--db", str(planted), "--user", "admin"]) == 0
    capsys.readouterr()
    before = _rows(pg_target)
    assert run(["move-to", pg_target, "--db", str(planted), "--user", "admin"]) == 2
    err = capsys.readouterr().err
    assert "already holds records" in err and "did not copy anything" in err
    assert _rows(pg_target) == before


def test_only_postgresql_targets_and_existing_sqlite_sources(
    planted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["move-to", f"sqlite:///{tmp_path / 'other.db'}", "--db", str(planted)]) == 2
    assert "must be a PostgreSQL address" in capsys.readouterr().err
    assert run(["move-to", PG_ADMIN_URL, "--db", str(tmp_path / "none.db")]) == 2
    assert "there is no database file" in capsys.readouterr().err
