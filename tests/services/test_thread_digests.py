"""The golden thread's records (complaints, compliments, safeguarding concerns, Duty of Candour, debriefs, follow-up
audits and their action links), an incident's triage and a service's occupied bed days are vouched for by the audit
trail: each one changed, removed or added with plain SQL behind CareLog's back is named by the integrity check,
while every change made through CareLog leaves a clean report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from carelog.core import passwords
from carelog.core.dto import SYSTEM_ACTOR
from carelog.core.thread_records import RecordKind
from carelog.db.engine import create_db_engine
from carelog.db.repositories import record_state
from carelog.demo import fill_demo
from carelog.services.backup import restore_backup, write_backup
from carelog.services.integrity import IntegrityReport, check_engine
from carelog.services.registry import Services

AS_OF = datetime(2026, 6, 30, 12, 0)
TABLES = {
    RecordKind.COMPLAINT: "complaints",
    RecordKind.COMPLIMENT: "compliments",
    RecordKind.SAFEGUARDING: "safeguarding_concerns",
    RecordKind.CANDOUR: "candour_records",
    RecordKind.DEBRIEF: "debriefs",
    RecordKind.AUDIT: "follow_up_audits",
}
# a text column of each kind to change behind CareLog's back
CHANGED = {
    RecordKind.COMPLAINT: "findings",
    RecordKind.COMPLIMENT: "staff_named",
    RecordKind.SAFEGUARDING: "concern",
    RecordKind.CANDOUR: "decided_by",
    RecordKind.DEBRIEF: "should_change",
    RecordKind.AUDIT: "auditor",
}


@pytest.fixture
def planted(services: Services) -> Services:
    """The demo data (fictional): every kind of golden-thread record, triages, occupancy, linked actions."""
    passwords.use_fast_parameters_for_tests()
    services.ctx.clock = lambda: AS_OF
    fill_demo(services, incidents=40, as_of=AS_OF)
    return services


def _url(services: Services) -> str:
    return services.ctx.sessions.kw["bind"].url.render_as_string(hide_password=False)  # type: ignore[no-any-return]


def _sql(services: Services, *statements: str) -> None:
    engine = create_engine(_url(services))
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def _one(services: Services, query: str) -> object:
    engine = create_engine(_url(services))
    with engine.connect() as conn:
        value = conn.execute(text(query)).first()
    engine.dispose()
    assert value is not None, query
    return value[0] if len(value) == 1 else tuple(value)


def _newest_entry(services: Services, entity: str, entity_id: int) -> int:
    return int(
        _one(  # type: ignore[arg-type]
            services,
            f"SELECT max(id) FROM audit_log WHERE entity = '{entity}' AND entity_id = {entity_id} "
            "AND record_digest IS NOT NULL",
        )
    )


def _records(report: IntegrityReport) -> tuple[str, ...]:
    assert not report.ok
    result = next(r for r in report.results if r.name == "Records match the audit trail")
    chain = next(r for r in report.results if r.name == "Audit trail (hash chain)")
    assert chain.ok  # the trail itself is intact: it is the record that moved
    return result.details


def _first(services: Services, kind: RecordKind) -> int:
    return int(_one(services, f"SELECT min(id) FROM {TABLES[kind]}"))  # type: ignore[arg-type]


@pytest.mark.tampers
@pytest.mark.parametrize("kind", list(RecordKind), ids=[k.value for k in RecordKind])
def test_a_record_changed_with_plain_sql_is_named(planted: Services, kind: RecordKind) -> None:
    record_id = _first(planted, kind)
    entry = _newest_entry(planted, kind.entity, record_id)
    _sql(planted, f"UPDATE {TABLES[kind]} SET {CHANGED[kind]} = 'Changed behind CareLog' WHERE id = {record_id}")
    assert _records(planted.integrity.check()) == (
        f"{kind.entity} {kind.prefix}-{record_id} was changed outside CareLog after audit entry {entry}",
    )


@pytest.mark.tampers
@pytest.mark.parametrize("kind", list(RecordKind), ids=[k.value for k in RecordKind])
def test_a_record_deleted_with_plain_sql_is_named(planted: Services, kind: RecordKind) -> None:
    record_id = _first(planted, kind)
    entry = _newest_entry(planted, kind.entity, record_id)
    _sql(
        planted,
        f"DELETE FROM thread_action_links WHERE kind = '{kind.value}' AND record_id = {record_id}",
        f"DELETE FROM {TABLES[kind]} WHERE id = {record_id}",
    )
    assert _records(planted.integrity.check()) == (
        f"{kind.entity} {kind.prefix}-{record_id} was removed outside CareLog after audit entry {entry}",
    )


@pytest.mark.tampers
def test_a_complaint_added_with_plain_sql_is_named(planted: Services) -> None:
    copied = ", ".join((*record_state.SPECS["complaint"].columns, "updated_at", "version"))
    _sql(planted, f"INSERT INTO complaints ({copied}) SELECT {copied} FROM complaints WHERE id = 1")
    new_id = int(_one(planted, "SELECT max(id) FROM complaints"))  # type: ignore[arg-type]
    assert _records(planted.integrity.check()) == (
        f"complaint C-{new_id} has no audit entry: it was added outside CareLog",
    )


@pytest.mark.tampers
@pytest.mark.parametrize("kind", [RecordKind.COMPLAINT, RecordKind.AUDIT], ids=["complaint", "follow_up_audit"])
def test_an_action_link_removed_or_added_with_plain_sql_is_named(planted: Services, kind: RecordKind) -> None:
    record_id, action_id = _one(planted, f"SELECT record_id, action_id FROM thread_action_links WHERE kind = '{kind}'")
    entry = _newest_entry(planted, kind.entity, record_id)  # type: ignore[arg-type]
    named = (f"{kind.entity} {kind.prefix}-{record_id} was changed outside CareLog after audit entry {entry}",)
    link = f"kind = '{kind}' AND record_id = {record_id} AND action_id = {action_id}"
    _sql(planted, f"DELETE FROM thread_action_links WHERE {link}")
    assert _records(planted.integrity.check()) == named
    _sql(
        planted,
        f"INSERT INTO thread_action_links (kind, record_id, action_id) VALUES ('{kind}', {record_id}, {action_id})",
    )
    assert planted.integrity.check().ok  # put back exactly as it was
    other = int(_one(planted, f"SELECT max(id) FROM actions WHERE id <> {action_id}"))  # type: ignore[arg-type]
    _sql(
        planted, f"INSERT INTO thread_action_links (kind, record_id, action_id) VALUES ('{kind}', {record_id}, {other})"
    )
    assert _records(planted.integrity.check()) == named


@pytest.mark.tampers
@pytest.mark.parametrize("how", ["changed", "deleted"])
def test_a_triage_changed_or_deleted_with_plain_sql_names_its_incident(planted: Services, how: str) -> None:
    triage_id, incident_id, reference = _one(
        planted, "SELECT t.id, t.incident_id, i.reference FROM triages t JOIN incidents i ON i.id = t.incident_id"
    )
    entry = _newest_entry(planted, "incident", incident_id)  # type: ignore[arg-type]
    change = (
        "UPDATE triages SET harm_recorded = 'none', reason = 'Changed'" if how == "changed" else "DELETE FROM triages"
    )
    _sql(planted, f"{change} WHERE id = {triage_id}")
    assert _records(planted.integrity.check()) == (
        f"incident {reference} was changed outside CareLog after audit entry {entry}",
    )


@pytest.mark.tampers
@pytest.mark.parametrize("how", ["changed", "deleted", "added"])
def test_occupied_bed_days_changed_with_plain_sql_name_their_service(planted: Services, how: str) -> None:
    service_id, month = _one(planted, "SELECT service_id, min(month) FROM occupancy GROUP BY service_id")
    entry = _newest_entry(planted, "service", service_id)  # type: ignore[arg-type]
    where = f"service_id = {service_id} AND month = '{month}'"
    change = {
        "changed": f"UPDATE occupancy SET occupied_bed_days = occupied_bed_days + 30 WHERE {where}",
        "deleted": f"DELETE FROM occupancy WHERE {where}",
        "added": "INSERT INTO occupancy (service_id, month, occupied_bed_days) "
        f"VALUES ({service_id}, '2019-01-01', 900)",
    }[how]
    _sql(planted, change)
    assert _records(planted.integrity.check()) == (
        f"service {service_id} was changed outside CareLog after audit entry {entry}",
    )


def test_changes_through_carelog_keep_every_record_bound(planted: Services) -> None:
    """Editing each kind, relinking actions, recording and clearing occupancy: the check (run by conftest after
    every services test) finds nothing."""
    planted.ctx.identity.actor = SYSTEM_ACTOR
    for kind in RecordKind:
        view = planted.records.get(kind, _first(planted, kind))
        planted.records.update(kind, view.id, replace(view.data, **{CHANGED[kind]: "Edited in CareLog"}), view.version)
    audit_view = planted.records.get(RecordKind.AUDIT, _first(planted, RecordKind.AUDIT))
    planted.records.update(RecordKind.AUDIT, audit_view.id, replace(audit_view.data, action_ids=()), audit_view.version)
    service_id = int(_one(planted, "SELECT min(id) FROM services"))  # type: ignore[arg-type]
    for bed_days in (800, 810, None):
        planted.attention.set_occupancy(service_id, date(2026, 5, 1), bed_days)
    report = planted.integrity.check()
    assert report.ok, report.lines()


def test_every_thread_kind_is_covered_with_every_column_it_holds() -> None:
    """A column added to a golden-thread table later must be added to its spec (and the records re-bound)."""
    bookkeeping = {"id", "updated_at", "version"}
    for kind in RecordKind:
        spec = record_state.SPECS[kind.entity]
        assert spec.prefix == kind.prefix
        assert set(spec.columns) == {c.name for c in spec.table.columns} - bookkeeping, kind
    triage = next(c for c in record_state.SPECS["incident"].children if c.key == "triage")
    assert set(triage.columns) == {c.name for c in triage.table.columns} - {"id", "incident_id", "review_id"}
    assert "attention_seen" not in {s.table.name for s in record_state.SPECS.values()}


def test_a_backup_restores_with_every_record_still_bound(planted: Services, tmp_path: Path) -> None:
    bind = planted.ctx.sessions.kw["bind"]
    assert isinstance(bind, Engine)
    key = bytes(range(32))
    manifest = write_backup(bind, tmp_path / "b.carelog-backup", key, "test", AS_OF)
    assert all(manifest.row_counts[t] for t in (*TABLES.values(), "thread_action_links", "triages", "occupancy"))
    restore_backup(tmp_path / "b.carelog-backup", f"sqlite:///{tmp_path / 'restored.db'}", key)
    target = create_db_engine(tmp_path / "restored.db")
    report = check_engine(target)
    target.dispose()
    assert report.ok, report.lines()
    summary = next(r.summary for r in report.results if r.name == "Records match the audit trail")
    assert summary.startswith(f"{_count_records(planted)} record(s) match")


def _count_records(services: Services) -> int:
    with services.ctx.unit() as session:
        return sum(1 for entity in record_state.SPECS for _ in record_state.all_digests(session, entity))
