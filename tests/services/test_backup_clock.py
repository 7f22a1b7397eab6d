"""Backups are stamped by the services' clock: the manifest, the audit record and the copy kept on restore."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from carelog.core.clock import FixedClock
from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.db.models import AuditRow
from carelog.services.backup import backup_key_for, restore_backup
from carelog.services.registry import Services


def test_backup_and_restore_take_their_time_from_the_clock(
    sqlite_services: Services, sqlite_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    sqlite_services.ctx.identity.actor = Actor(None, "Test Admin", Role.ADMIN)
    manifest = sqlite_services.backup.backup_to(tmp_path / "b.carelog-backup")
    assert manifest.created_at == clock()
    with sqlite_services.ctx.unit() as session:
        stamped = session.scalars(select(AuditRow.at).where(AuditRow.action == "backup")).all()
    assert stamped == [clock()]
    clock.advance(timedelta(hours=1))
    key = backup_key_for(tmp_path / "b.carelog-backup", sqlite_services.backup.keys)
    result = restore_backup(tmp_path / "b.carelog-backup", sqlite_url, key, clock=clock)
    assert result.previous_copy is not None
    assert result.previous_copy.name == f"test.before-restore-{clock():%Y%m%d-%H%M%S}.db"
