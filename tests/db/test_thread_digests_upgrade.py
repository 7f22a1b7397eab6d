"""Upgrading a 0014 database that holds golden-thread records, triages and occupied bed days to 0015: the records
were audited but not digested, so the upgrade binds them once behind one marked entry and `carelog check` passes;
from then on an edit behind CareLog's back is named. A record already changed behind the trail before the upgrade
is not blessed by it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, text

from carelog.core import passwords
from carelog.core.dto import SYSTEM_ACTOR
from carelog.db.engine import HEAD_REVISION, alembic_config, create_db_engine, current_revision, upgrade_schema
from carelog.db.repositories import record_state
from carelog.demo import fill_demo
from carelog.services.integrity import check_engine
from tests.conftest import _make_services

AS_OF = datetime(2026, 6, 30, 12, 0)
UPGRADED_AT = datetime(2026, 7, 1, 8, 0)
NEW_KINDS = ("complaint", "compliment", "safeguarding", "candour", "debrief", "follow_up_audit")


def _specs_of_0014() -> dict[str, record_state.RecordSpec]:
    """record_state.SPECS as CareLog 0014 had them: no golden-thread kinds, no triage or occupancy children."""
    old = {k: s for k, s in record_state.SPECS.items() if k not in NEW_KINDS}
    for entity, key in (("incident", "triage"), ("service", "occupancy")):
        old[entity] = replace(old[entity], children=tuple(c for c in old[entity].children if c.key != key))
    return old


def _downgrade(url: str, revision: str) -> None:
    engine = create_db_engine(url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    engine.dispose()


def _rows(url: str, query: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(text(query))]
    engine.dispose()
    return rows


def _count(url: str, query: str) -> int:
    return int(_rows(url, query)[0][0])  # type: ignore[call-overload]


@pytest.fixture
def db_0014(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A database written by CareLog 0014 (its digests, its schema revision) holding demo records of every kind."""
    passwords.use_fast_parameters_for_tests()
    with monkeypatch.context() as patched:
        patched.setattr(record_state, "SPECS", _specs_of_0014())
        services = _make_services(db_url, SYSTEM_ACTOR, lambda: AS_OF)
        fill_demo(services, incidents=40, as_of=AS_OF)
        bind = services.ctx.sessions.kw["bind"]
        assert isinstance(bind, Engine)
        bind.dispose()
    _downgrade(db_url, "0014")
    assert _count(db_url, "SELECT count(*) FROM audit_log WHERE entity = 'complaint' AND record_digest IS NULL") > 0
    assert (
        _count(db_url, "SELECT count(*) FROM audit_log WHERE entity = 'complaint' AND record_digest IS NOT NULL") == 0
    )
    yield db_url


def _upgrade(url: str) -> None:
    engine = create_db_engine(url)
    upgrade_schema(engine, lambda: UPGRADED_AT)
    assert current_revision(engine) == HEAD_REVISION
    engine.dispose()


def _check_lines(url: str) -> tuple[bool, list[str]]:
    engine = create_db_engine(url)
    report = check_engine(engine)
    engine.dispose()
    return report.ok, report.lines()


def test_an_upgraded_0014_database_passes_check_with_one_upgrade_entry(db_0014: str) -> None:
    url = db_0014
    before = _count(url, "SELECT max(id) FROM audit_log")
    _upgrade(url)
    ok, lines = _check_lines(url)
    assert ok, lines
    upgrades = _rows(url, "SELECT id, entity, entity_id, field, new_value FROM audit_log WHERE action = 'upgrade'")
    assert len(upgrades) == 1
    entry_id, entity, entity_id, field, message = upgrades[0]
    assert (entry_id, entity, entity_id, field) == (before + 1, "audit", None, "record_digest 0015")
    expected = {
        "complaint": _count(url, "SELECT count(*) FROM complaints"),
        "compliment": _count(url, "SELECT count(*) FROM compliments"),
        "safeguarding": _count(url, "SELECT count(*) FROM safeguarding_concerns"),
        "candour": _count(url, "SELECT count(*) FROM candour_records"),
        "debrief": _count(url, "SELECT count(*) FROM debriefs"),
        "follow_up_audit": _count(url, "SELECT count(*) FROM follow_up_audits"),
        "incident": _count(url, "SELECT count(*) FROM triages"),  # only the triaged incidents
        "service": _count(url, "SELECT count(DISTINCT service_id) FROM occupancy"),  # only those with bed days
    }
    assert all(expected.values()), expected  # the demo holds every kind
    baselines = _rows(url, "SELECT entity, count(*) FROM audit_log WHERE action = 'baseline' GROUP BY entity")
    assert dict(baselines) == expected  # nothing else is re-bound (the incidents without a triage keep theirs)
    assert _count(url, f"SELECT count(*) FROM audit_log WHERE id > {before}") == 1 + sum(expected.values())
    assert f"{sum(expected.values())} existing record(s) are recorded as they stood at this upgrade" in str(message)
    assert f"complaint {expected['complaint']}, " in str(message) and "incident.triage" in str(message)
    assert "already differed" not in str(message)

    # written once: opening again, or downgrading to 0014 and upgrading again, adds nothing
    written = _count(url, "SELECT count(*) FROM audit_log")
    _upgrade(url)
    _downgrade(url, "0014")
    _upgrade(url)
    assert _count(url, "SELECT count(*) FROM audit_log") == written
    ok, lines = _check_lines(url)
    assert ok, lines

    # from here on an edit behind CareLog's back is named
    complaint = _count(url, "SELECT min(id) FROM complaints")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE complaints SET findings = 'Nothing found' WHERE id = {complaint}"))
    engine.dispose()
    ok, lines = _check_lines(url)
    assert not ok and any(f"complaint C-{complaint} was changed outside CareLog after audit entry" in x for x in lines)


def test_a_triaged_incident_changed_behind_the_trail_before_the_upgrade_stays_named(db_0014: str) -> None:
    url = db_0014
    incident_id, reference = _rows(
        url, "SELECT i.id, i.reference FROM incidents i JOIN triages t ON t.incident_id = i.id ORDER BY i.id"
    )[0]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE incidents SET account = 'Nothing happened' WHERE id = {incident_id}"))
    engine.dispose()
    _upgrade(url)
    baselines = "SELECT count(*) FROM audit_log WHERE action = 'baseline' AND entity = 'incident'"
    assert _count(url, f"{baselines} AND entity_id = {incident_id}") == 0
    (message,) = _rows(url, "SELECT new_value FROM audit_log WHERE action = 'upgrade'")[0]
    assert "1 record(s) already differed from their audit trail and are left for the check to name" in str(message)
    ok, lines = _check_lines(url)
    assert not ok
    named = [x.strip() for x in lines if x.strip().startswith("- ")]
    assert len(named) == 1 and f"incident {reference} was changed outside CareLog after audit entry" in named[0], named


def test_a_0014_backup_restores_upgraded_and_passes_check(db_0014: str, tmp_path: Path) -> None:
    from carelog.services.backup import restore_backup, write_backup

    key = bytes(range(32))
    source = create_db_engine(db_0014)
    manifest = write_backup(source, tmp_path / "old.carelog-backup", key, "test", AS_OF)
    source.dispose()
    assert manifest.schema_revision == "0014" and manifest.row_counts["complaints"] > 0
    target = tmp_path / "restored.db"
    result = restore_backup(tmp_path / "old.carelog-backup", f"sqlite:///{target}", key)
    assert result.upgraded_from == "0014"
    url = f"sqlite:///{target}"
    ok, lines = _check_lines(url)
    assert ok, lines
    assert _count(url, "SELECT count(*) FROM audit_log WHERE action = 'upgrade'") == 1
