"""Tamper evidence against someone who can edit the database: each case made with plain SQL behind CareLog's back
is found by the integrity check and named; a full recomputation is caught by a seal taken earlier."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Connection, Engine, create_engine, select, text

from carelog.core.audit_chain import ChainFields, audit_hash_v2, parse_seal, record_digest
from carelog.core.dto import SYSTEM_ACTOR, IncidentDetail
from carelog.services.integrity import IntegrityReport
from carelog.services.registry import Services
from tests.conftest import Home
from tests.services.test_accounts import _incident

pytestmark = pytest.mark.tampers  # these tests break the trail on purpose


def _history(services: Services, home: Home) -> list[IncidentDetail]:
    """Three reports, the second edited twice through CareLog."""
    services.ctx.identity.actor = SYSTEM_ACTOR  # the conftest manager has no users row
    made = [services.incidents.report(_incident(home, services)) for _ in range(3)]
    d = made[1]
    d = services.incidents.update(d.id, dataclasses.replace(d.data, witnesses="Night carer"), d.version)
    d = services.incidents.update(d.id, dataclasses.replace(d.data, immediate_action="Hoisted, checked"), d.version)
    made[1] = d
    return made


def _sql(db_url: str, *statements: str) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def _problems(report: IntegrityReport, name: str) -> tuple[str, ...]:
    result = next(r for r in report.results if r.name == name)
    return result.details


def _records(report: IntegrityReport) -> tuple[str, ...]:
    return _problems(report, "Records match the audit trail")


def _chain(report: IntegrityReport) -> tuple[str, ...]:
    return _problems(report, "Audit trail (hash chain)")


def _latest_entry(services: Services, entity: str, entity_id: int) -> int:
    return services.incidents.get(entity_id).audit[-1].id if entity == "incident" else -1


def test_writes_through_carelog_leave_a_clean_report(services: Services, home: Home) -> None:
    _history(services, home)
    report = services.integrity.check()
    assert report.ok, report.lines()
    assert "3 incident" not in " ".join(report.lines())  # nothing is named
    summary = next(r.summary for r in report.results if r.name == "Records match the audit trail")
    assert summary.endswith("match their newest audit entry")


def test_incident_edited_with_plain_sql_is_named_with_the_entry_it_diverged_from(
    services: Services, home: Home, db_url: str
) -> None:
    made = _history(services, home)
    target = made[1]
    last_entry = _latest_entry(services, "incident", target.id)
    _sql(db_url, f"UPDATE incidents SET account = 'Nothing happened' WHERE id = {target.id}")
    report = services.integrity.check()
    assert not report.ok
    assert _records(report) == (
        f"incident {target.reference} was changed outside CareLog after audit entry {last_entry}",
    )
    assert _chain(report) == ()  # the trail itself is intact: it is the record that moved


def test_a_notification_removed_with_plain_sql_counts_as_a_change(services: Services, home: Home, db_url: str) -> None:
    from datetime import timedelta

    from carelog.core.dto import NotificationInput
    from carelog.core.enums import NotificationKind

    services.ctx.identity.actor = SYSTEM_ACTOR
    data = _incident(home, services)
    told = NotificationInput(NotificationKind.FAMILY, data.occurred_at + timedelta(minutes=30))  # type: ignore[operator]
    d = services.incidents.report(dataclasses.replace(data, notifications=(told,)))
    last_entry = _latest_entry(services, "incident", d.id)
    _sql(db_url, f"DELETE FROM notifications WHERE incident_id = {d.id}")
    assert _records(services.integrity.check()) == (
        f"incident {d.reference} was changed outside CareLog after audit entry {last_entry}",
    )


def test_incident_inserted_with_plain_sql_is_named(services: Services, home: Home, db_url: str) -> None:
    made = _history(services, home)
    columns = (
        "kind, category_id, subcategory_id, occurred_at, reported_at, reporter_id, reporter_name, service_id, "
        "location_id, account, immediate_action, witnesses, injury, body_sites, post_fall_observations, "
        "physical_harm, psychological_harm, risk_consequence, risk_likelihood, risk_score, status, shift, "
        "risk_assessment_reviewed, care_plan_reviewed, created_at, updated_at, version"
    )
    _sql(
        db_url,
        f"INSERT INTO incidents (reference, {columns}) SELECT 'INC-2026-0999', {columns} FROM incidents "
        f"WHERE id = {made[0].id}",
    )
    assert _records(services.integrity.check()) == (
        "incident INC-2026-0999 has no audit entry: it was added outside CareLog",
    )


def test_incident_deleted_with_plain_sql_is_named(services: Services, home: Home, db_url: str) -> None:
    made = _history(services, home)
    gone = made[2]
    last_entry = _latest_entry(services, "incident", gone.id)
    _sql(
        db_url,
        f"DELETE FROM incident_people WHERE incident_id = {gone.id}",
        f"DELETE FROM notifications WHERE incident_id = {gone.id}",
        f"DELETE FROM incidents WHERE id = {gone.id}",
    )
    assert _records(services.integrity.check()) == (
        f"incident {gone.reference} (id {gone.id}) was removed outside CareLog after audit entry {last_entry}",
    )


def test_a_person_renamed_with_plain_sql_is_named_by_code(services: Services, home: Home, db_url: str) -> None:
    _history(services, home)
    _sql(db_url, f"UPDATE people SET display_name = 'Someone Else' WHERE id = {home.person_ids[0]}")
    (problem,) = _records(services.integrity.check())
    assert problem.startswith("person OH-014 was changed outside CareLog after audit entry ")


def test_an_account_given_a_new_pin_hash_with_plain_sql_is_named(services: Services, home: Home, db_url: str) -> None:
    from tests.conftest import seed_staff

    seed_staff(services)
    _sql(db_url, "UPDATE users SET secret_hash = 'attacker-chosen', role = 'admin' WHERE id = 7")
    (problem,) = _records(services.integrity.check())
    assert problem.startswith("user 7 was changed outside CareLog after audit entry ")


def test_wiped_audit_log_is_detected(services: Services, home: Home, db_url: str) -> None:
    _history(services, home)
    _sql(db_url, "DELETE FROM audit_log")
    report = services.integrity.check()
    assert not report.ok
    assert any("the audit trail is empty but" in d for d in _chain(report))
    assert "incident INC-" in " ".join(_records(report))


def test_wiped_audit_log_and_head_is_detected_through_the_records(services: Services, home: Home, db_url: str) -> None:
    made = _history(services, home)
    _sql(db_url, "DELETE FROM audit_log", "DELETE FROM audit_head")
    records = _records(services.integrity.check())
    assert f"incident {made[0].reference} has no audit entry: it was added outside CareLog" in records
    assert any(r.startswith("category ") for r in records)


def test_tail_cut_with_the_head_fixed_up_is_detected(services: Services, home: Home, db_url: str) -> None:
    made = _history(services, home)
    edited = made[1]
    engine = create_engine(db_url)
    with engine.begin() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM audit_log ORDER BY id"))]
        keep = ids[-3]  # cut the two newest entries (both edits of the middle incident); the head agrees with the rest
        new_last = conn.execute(text(f"SELECT hash FROM audit_log WHERE id = {keep}")).scalar_one()
        conn.execute(text(f"DELETE FROM audit_log WHERE id > {keep}"))
        conn.execute(
            text("UPDATE audit_head SET last_hash = :h, last_id = :i, entry_count = :n"),
            {"h": new_last, "i": keep, "n": len(ids) - 2},
        )
    engine.dispose()
    report = services.integrity.check()
    assert _chain(report) == ()  # a consistent shorter chain: only the records give it away
    assert any(r.startswith(f"incident {edited.reference} was changed outside CareLog") for r in _records(report))


def test_tail_cut_without_fixing_the_head_is_detected(services: Services, home: Home, db_url: str) -> None:
    _history(services, home)
    _sql(db_url, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    chain = _chain(services.integrity.check())
    assert any("the newest records were removed" in d for d in chain)


def test_changed_actor_id_breaks_the_chain(services: Services, home: Home, db_url: str) -> None:
    made = _history(services, home)
    entry = _latest_entry(services, "incident", made[0].id)
    _sql(db_url, f"UPDATE audit_log SET actor_id = 9 WHERE id = {entry}")
    assert _chain(services.integrity.check()) == (
        f"audit record {entry}: its content was changed after it was written",
    )


def test_changed_actor_name_breaks_the_chain(services: Services, home: Home, db_url: str) -> None:
    made = _history(services, home)
    entry = _latest_entry(services, "incident", made[0].id)
    _sql(db_url, f"UPDATE audit_log SET actor_name = 'Someone else' WHERE id = {entry}")
    assert _chain(services.integrity.check()) == (
        f"audit record {entry}: its content was changed after it was written",
    )


def test_an_entry_downgraded_to_the_old_formula_is_detected(services: Services, home: Home, db_url: str) -> None:
    _history(services, home)
    _sql(db_url, "UPDATE audit_log SET formula = 1 WHERE id = (SELECT max(id) FROM audit_log)")
    assert any("changed after it was written" in d for d in _chain(services.integrity.check()))


def _recompute_everything(conn: Connection, incident_id: int) -> None:
    """What an attacker with the database and this source code can do: re-digest an edited record into its newest
    entry and re-hash the whole chain and head, so that the check alone finds nothing."""
    from sqlalchemy.orm import Session

    from carelog.db.repositories import record_state

    with Session(bind=conn) as session:
        digest = record_state.digest_of(session, "incident", incident_id)
    latest = conn.execute(
        text("SELECT max(id) FROM audit_log WHERE entity = 'incident' AND entity_id = :i"), {"i": incident_id}
    ).scalar_one()
    conn.execute(text("UPDATE audit_log SET record_digest = :d WHERE id = :i"), {"d": digest, "i": latest})
    prev = "0" * 64
    from carelog.db.models import AuditRow

    cols = (AuditRow.id, AuditRow.at, AuditRow.actor_id, AuditRow.actor_name, AuditRow.entity, AuditRow.entity_id)
    cols += (AuditRow.action, AuditRow.field, AuditRow.old_value, AuditRow.new_value, AuditRow.record_digest)
    rows = conn.execute(select(*cols).order_by(AuditRow.id)).all()
    for r in rows:
        h = audit_hash_v2(prev, ChainFields(*r))
        conn.execute(
            text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :i"), {"p": prev, "h": h, "i": r[0]}
        )
        prev = h
    conn.execute(text("UPDATE audit_head SET last_hash = :h"), {"h": prev})


def test_a_chain_recomputed_after_an_edit_is_caught_by_an_earlier_seal(
    services: Services, home: Home, db_url: str
) -> None:
    made = _history(services, home)
    seal = services.integrity.seal()
    services.incidents.report(_incident(home, services))  # the trail goes on after the seal was written down
    engine: Engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE incidents SET physical_harm = 'none', account = 'Fine' WHERE id = {made[1].id}"))
        _recompute_everything(conn, made[1].id)
    engine.dispose()
    assert services.integrity.check().ok  # without a seal a full recomputation cannot be told apart
    report = services.integrity.check(parse_seal(seal.text))
    assert not report.ok
    (problem,) = _problems(report, "Audit seal")
    assert f"(number {seal.count}) no longer has the sealed hash {seal.head_prefix}" in problem


def test_seal_round_trip(services: Services, home: Home) -> None:
    _history(services, home)
    seal = services.integrity.seal()
    count, prefix = seal.text.split()[1:]
    assert seal.text.startswith("CL-SEAL ") and int(count) == seal.count and len(prefix) == 16
    assert parse_seal(seal.text) == seal
    assert parse_seal(f"  {count} {prefix.upper()} ") == seal  # typed back by hand
    services.incidents.report(_incident(home, services))
    report = services.integrity.check(parse_seal(seal.text))
    assert report.ok, report.lines()
    assert f"the trail still extends {seal.text}" in "\n".join(report.lines())


def test_a_seal_beyond_the_trail_means_records_were_removed(services: Services, home: Home, db_url: str) -> None:
    _history(services, home)
    seal = services.integrity.seal()
    _sql(db_url, "DELETE FROM audit_log WHERE id > 5", "UPDATE audit_head SET entry_count = 5")
    (problem,) = _problems(services.integrity.check(seal), "Audit seal")
    assert problem == f"the seal covers {seal.count} audit records but only 5 remain: records were removed"


def test_a_mistyped_seal_is_refused_with_an_example() -> None:
    with pytest.raises(ValueError, match="Type it as printed, for example: CL-SEAL"):
        parse_seal("CL-SEAL twelve 9f2c")


def test_record_digest_ignores_key_order_and_absent_columns() -> None:
    assert record_digest("incident", {"a": 1, "b": None}) == record_digest("incident", {"a": 1})
    assert record_digest("incident", {"a": 1, "c": [1, 2]}) == record_digest("incident", {"c": [1, 2], "a": 1})
    assert record_digest("incident", {"a": 1}) != record_digest("review", {"a": 1})
    assert record_digest("incident", {"a": True}) != record_digest("incident", {"a": 1})
