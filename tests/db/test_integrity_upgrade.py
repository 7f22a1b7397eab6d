"""Upgrading a database whose audit trail predates record digests: old entries are kept as written (formula 1,
still verified), one marked entry shows where records became bound, and from then on tampering is found."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, create_engine, text

from carelog.core.audit_chain import GENESIS_HASH, audit_hash
from carelog.core.dto import SYSTEM_ACTOR
from carelog.db.engine import alembic_config, create_db_engine, upgrade_schema
from carelog.services.context import Identity, ServiceContext
from carelog.services.integrity import check_engine
from carelog.services.registry import build_services
from tests.conftest import _make_services, seed_home
from tests.services.test_accounts import _incident


def _legacy_database(db_url: str) -> list[str]:
    """A database as CareLog 0004 left it: incidents and an audit trail hashed with the old formula only."""
    services = _make_services(db_url, SYSTEM_ACTOR)
    home = seed_home(services)
    refs = [services.incidents.report(_incident(home, services)).reference for _ in range(2)]
    engine = services.ctx.sessions.kw["bind"]
    assert isinstance(engine, Engine)
    engine.dispose()
    downgrade_with_old_hashes(db_url, "0004")
    return refs


def downgrade_with_old_hashes(db_url: str, revision: str) -> None:
    """Take a database back to an old schema and re-hash its trail as CareLog did then (formula 1 only)."""
    from alembic import command

    engine = create_db_engine(db_url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
        prev = GENESIS_HASH
        rows = conn.execute(
            text(
                "SELECT id, at, actor_name, entity, entity_id, action, field, old_value, new_value "
                "FROM audit_log ORDER BY id"
            )
        ).all()
        for r in rows:
            at = r[1] if isinstance(r[1], datetime) else datetime.fromisoformat(r[1])
            h = audit_hash(prev, at, r[2], r[3], r[4], r[5], r[6], r[7], r[8])
            conn.execute(
                text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :i"), {"p": prev, "h": h, "i": r[0]}
            )
            prev = h
        conn.execute(text("UPDATE audit_head SET last_hash = :h"), {"h": prev})
    engine.dispose()


def test_upgrade_keeps_old_entries_and_marks_where_records_became_bound(db_url: str) -> None:
    refs = _legacy_database(db_url)
    engine = create_db_engine(db_url)
    with engine.connect() as conn:
        old_count = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
        old_hashes = conn.execute(text("SELECT hash FROM audit_log ORDER BY id")).scalars().all()
    upgrade_schema(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, formula, action, entity, hash FROM audit_log ORDER BY id")).all()
    assert [r[4] for r in rows[:old_count]] == old_hashes  # nothing old was re-hashed
    assert {r[1] for r in rows[:old_count]} == {1}
    marker = rows[old_count]
    assert (marker[1], marker[2], marker[3]) == (2, "upgrade", "audit")
    baselines = rows[old_count + 1 :]
    assert {r[2] for r in baselines} == {"baseline"} and sum(r[3] == "incident" for r in baselines) == len(refs)
    report = check_engine(engine)
    assert report.ok, report.lines()
    engine.dispose()

    # after the upgrade, a record edited behind the trail is named
    plain = create_engine(db_url)
    with plain.begin() as conn:
        conn.execute(text(f"UPDATE incidents SET account = 'Changed' WHERE reference = '{refs[0]}'"))
    plain.dispose()
    engine = create_db_engine(db_url)
    lines = "\n".join(check_engine(engine).lines())
    assert f"incident {refs[0]} was changed outside CareLog after audit entry" in lines
    engine.dispose()


def test_upgrade_binds_records_once_and_carelog_writes_continue_the_chain(db_url: str) -> None:
    _legacy_database(db_url)
    engine = create_db_engine(db_url)
    upgrade_schema(engine)
    upgrade_schema(engine)  # already at head: nothing more is written
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'upgrade'")).scalar_one() == 1
    engine.dispose()
    from carelog.db.engine import open_database

    _engine, sessions = open_database(db_url)
    services = build_services(ServiceContext(sessions, Identity(SYSTEM_ACTOR)))
    from dataclasses import replace

    from carelog.core.dto import IncidentFilter

    first = services.incidents.get(services.incidents.list_ids(IncidentFilter())[0])
    services.incidents.update(first.id, replace(first.data, witnesses="Day carer"), first.version)
    report = services.integrity.check(services.integrity.seal())
    assert report.ok, report.lines()
    _engine.dispose()
