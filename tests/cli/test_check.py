"""`carelog check`: a sound database passes; an edited or removed audit record is named."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from carelog.cli import run
from carelog.core.dto import SYSTEM_ACTOR, IncidentFilter
from carelog.core.enums import PhysicalHarm
from carelog.core.thread_records import ComplaintInput, RecordKind, SafeguardingInput
from carelog.core.triage import CheckAnswer, TriageDecision, TriageInput
from carelog.services.registry import Services
from tests.conftest import Home


def _write_some_history(services: Services, home: Home) -> None:
    services.ctx.identity.actor = SYSTEM_ACTOR  # the conftest manager has no users row
    for _ in range(3):
        services.incidents.report(_incident(home, services))


def _incident(home: Home, services: Services):  # type: ignore[no-untyped-def]
    from tests.services.test_accounts import _incident as fall

    return fall(home, services)


def test_sound_database_passes(services: Services, home: Home, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _write_some_history(services, home)
    assert run(["check", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "Audit trail (hash chain): " in out and "record(s) verified, unbroken" in out
    assert "[OK     ] Records match the audit trail: " in out
    assert "No problems found." in out


def test_seal_printed_then_checked(
    services: Services, home: Home, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_some_history(services, home)
    assert run(["seal", "--db", db_url]) == 0
    seal = capsys.readouterr().out.strip()
    assert seal == services.integrity.seal().text and len(seal.splitlines()) == 1
    services.incidents.report(_incident(home, services))
    assert run(["check", "--db", db_url, "--seal", seal]) == 0
    assert f"[OK     ] Audit seal: the trail still extends {seal}" in capsys.readouterr().out
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log WHERE id > 3")
        conn.exec_driver_sql("UPDATE audit_head SET entry_count = 3")
    engine.dispose()
    assert run(["check", "--db", db_url, "--seal", seal]) == 1
    assert "[PROBLEM] Audit seal: " in capsys.readouterr().out


def test_mistyped_seal_is_a_clear_error(
    services: Services, home: Home, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["check", "--db", db_url, "--seal", "seal 12"]) == 2
    assert "is not an audit seal" in capsys.readouterr().err


def test_seal_of_a_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["seal", "--db", str(tmp_path / "none.db")]) == 2
    assert "no database file" in capsys.readouterr().err


def test_edited_audit_row_is_reported_with_its_id(
    services: Services, home: Home, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_some_history(services, home)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        target = conn.exec_driver_sql("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1").scalar_one()
        conn.exec_driver_sql(f"UPDATE audit_log SET new_value = 'OH-9999' WHERE id = {target}")
    engine.dispose()
    assert run(["check", "--db", db_url]) == 1
    out = capsys.readouterr().out
    assert f"audit record {target}: its content was changed after it was written" in out
    assert "PROBLEM" in out


def test_removed_audit_row_is_reported(
    services: Services, home: Home, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_some_history(services, home)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM audit_log ORDER BY id")]
        conn.exec_driver_sql(f"DELETE FROM audit_log WHERE id = {ids[1]}")
    engine.dispose()
    assert run(["check", "--db", db_url]) == 1
    assert f"audit record {ids[2]}: does not follow the record before it" in capsys.readouterr().out


def test_golden_thread_records_and_a_triage_edited_behind_carelog_are_named(
    services: Services, home: Home, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_some_history(services, home)
    today = services.ctx.clock().date()
    complaint = services.records.create(RecordKind.COMPLAINT, ComplaintInput(received_on=today, summary="Cold tea"))
    concern = services.records.create(
        RecordKind.SAFEGUARDING, SafeguardingInput(raised_on=today, abuse_type="physical", concern="A bruise")
    )
    incident_id = services.incidents.list_ids(IncidentFilter())[0]
    triage = TriageInput(PhysicalHarm.LOW, None, None, CheckAnswer.YES, CheckAnswer.NOT_NEEDED, True,
                         (TriageDecision.NO_FURTHER_ACTION,), "Low harm; falls care plan up to date.")  # fmt: skip
    services.triage.triage(incident_id, triage)
    assert run(["check", "--db", db_url]) == 0
    capsys.readouterr()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE complaints SET summary = 'Nothing wrong' WHERE id = {complaint.id}")
        conn.exec_driver_sql(f"DELETE FROM safeguarding_concerns WHERE id = {concern.id}")
        conn.exec_driver_sql(f"UPDATE triages SET reason = 'Changed' WHERE incident_id = {incident_id}")
    engine.dispose()
    assert run(["check", "--db", db_url]) == 1
    out = capsys.readouterr().out
    assert "[PROBLEM] Records match the audit trail: " in out and "3 changed, added or removed outside CareLog" in out
    assert f"complaint C-{complaint.id} was changed outside CareLog after audit entry" in out
    assert f"safeguarding S-{concern.id} was removed outside CareLog after audit entry" in out
    reference = services.incidents.get(incident_id).reference
    assert f"incident {reference} was changed outside CareLog after audit entry" in out


def test_broken_link_is_reported_on_sqlite(
    sqlite_services: Services, sqlite_home: Home, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_some_history(sqlite_services, sqlite_home)
    engine = create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.exec_driver_sql("UPDATE incidents SET location_id = 999 WHERE id = 1")
    engine.dispose()
    assert run(["check", "--db", sqlite_url]) == 1
    assert "table incidents row 1 refers to a missing record in locations" in capsys.readouterr().out


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--db", str(tmp_path / "none.db")]) == 2
    assert "no database file" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
