"""Migration 0012 (governance meetings) upgrades a SQLite database that holds records, downgrades cleanly to 0011
(leaving the other records alone) and upgrades again."""

from __future__ import annotations

from datetime import timedelta

from alembic import command
from sqlalchemy import inspect, text

from carelog.core.meeting_dto import AttendeeInput, DecisionInput, MeetingInput
from carelog.db.engine import alembic_config, current_revision, head_revision, open_database
from carelog.services.registry import Services

TABLES = {"governance_meetings", "meeting_attendees", "meeting_items", "meeting_decisions"}


def _downgrade(engine, revision: str) -> None:  # type: ignore[no-untyped-def]
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def test_0012_upgrades_downgrades_and_upgrades_again(sqlite_services: Services, sqlite_url: str) -> None:
    services = sqlite_services
    day = services.ctx.clock().date() - timedelta(days=1)
    services.meetings.create(
        MeetingInput(day, None, (AttendeeInput("Test Manager"),), (), (DecisionInput("Audit the call bells"),))
    )
    engine, _ = open_database(sqlite_url)
    assert TABLES <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        services_before = conn.execute(text("SELECT count(*) FROM services")).scalar_one()
    _downgrade(engine, "0011")
    assert current_revision(engine) == "0011"
    assert not TABLES & set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM services")).scalar_one() == services_before
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    engine.dispose()
    engine, _ = open_database(sqlite_url)  # the next CareLog upgrades it again
    assert current_revision(engine) == head_revision()
    assert TABLES <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM governance_meetings")).scalar_one() == 0
    engine.dispose()
