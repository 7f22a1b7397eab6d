"""Migration 0011 (the golden thread's tables) upgrades a database that holds records, downgrades cleanly and
upgrades again; backups carry the new tables (they copy every table the database holds)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from carelog.core.dto import SYSTEM_ACTOR
from carelog.core.thread_records import ComplaintInput, RecordKind
from carelog.db.engine import alembic_config, current_revision, head_revision, open_database
from carelog.services.backup import restore_backup, write_backup
from carelog.services.registry import Services, open_services
from tests.conftest import Home
from tests.services.test_accounts import _incident

TABLES = {"complaints", "compliments", "safeguarding_concerns", "candour_records", "debriefs", "follow_up_audits"}


def _downgrade(engine, revision: str) -> None:  # type: ignore[no-untyped-def]
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def test_0011_upgrades_downgrades_and_upgrades_again(services: Services, home: Home, db_url: str) -> None:
    services.ctx.identity.actor = SYSTEM_ACTOR
    services.incidents.report(_incident(home, services))
    engine, _ = open_database(db_url)
    assert TABLES | {"thread_action_links"} <= set(inspect(engine).get_table_names())
    _downgrade(engine, "0006")
    assert not TABLES & set(inspect(engine).get_table_names())
    engine.dispose()
    engine, _ = open_database(db_url)  # upgrades to head again, keeping the incident
    assert current_revision(engine) == head_revision()
    again = open_services(db_url)
    again.ctx.identity.actor = SYSTEM_ACTOR
    again.ctx.clock = lambda: datetime(2026, 12, 1, 9, 0)
    view = again.records.create(RecordKind.COMPLAINT, ComplaintInput(received_on=date(2026, 12, 1), summary="Noise"))
    assert view.stage == "Acknowledge the complaint"
    engine.dispose()


def test_backup_carries_the_thread_records(services: Services, db_url: str, tmp_path: Path) -> None:
    services.ctx.identity.actor = SYSTEM_ACTOR
    services.ctx.clock = lambda: datetime(2026, 12, 1, 9, 0)
    services.records.create(RecordKind.COMPLAINT, ComplaintInput(received_on=date(2026, 12, 1), summary="Cold tea"))
    engine, _ = open_database(db_url)
    key = bytes(range(32))
    manifest = write_backup(engine, tmp_path / "b.carelog-backup", key, "test", datetime(2026, 1, 1))
    assert manifest.row_counts["complaints"] == 1
    target = tmp_path / "restored.db"
    restore_backup(tmp_path / "b.carelog-backup", f"sqlite:///{target}", key)
    restored = open_services(f"sqlite:///{target}")
    restored.ctx.identity.actor = SYSTEM_ACTOR
    assert [r.data.summary for r in restored.records.records(RecordKind.COMPLAINT)] == ["Cold tea"]
    engine.dispose()
