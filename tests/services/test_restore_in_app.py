"""The app's restore (BackupService.inspect / restore_from) keeps the database as it was, on either backend."""

from __future__ import annotations

from pathlib import Path

from carelog.core.dto import SYSTEM_ACTOR, IncidentFilter
from carelog.services.backup import verify_backup
from carelog.services.registry import Services
from tests.conftest import Home
from tests.services.test_accounts import _incident


def test_restore_keeps_what_it_replaces_and_inspect_writes_nothing(
    services: Services, home: Home, tmp_path: Path
) -> None:
    services.ctx.identity.actor = SYSTEM_ACTOR
    for _ in range(3):
        services.incidents.report(_incident(home, services))
    backup = tmp_path / "b.carelog-backup"
    services.backup.backup_to(backup)
    services.incidents.report(_incident(home, services))
    manifest = services.backup.inspect(backup)
    assert manifest.row_counts["incidents"] == 3
    assert len(services.incidents.list_ids(IncidentFilter())) == 4  # inspecting changed nothing
    assert services.backup.key_on_this_computer(backup)

    result = services.backup.restore_from(backup)
    assert len(services.incidents.list_ids(IncidentFilter())) == 3
    kept = result.previous_copy
    assert kept is not None and kept.exists()
    if kept.suffix == ".carelog-backup":  # a server: the database as it was, as an encrypted backup
        held = verify_backup(kept, services.backup.keys.load(_key_id(kept)) or b"")
        assert held.row_counts["incidents"] == 4
    report = services.integrity.check()
    assert report.ok, report.lines()


def _key_id(path: Path) -> str:
    from carelog.services.backup_crypto import peek_header

    return peek_header(path).key_id


def test_a_pc_without_a_shared_servers_key_refuses_to_back_up_and_keeps_the_key(
    services: Services, home: Home, tmp_path: Path, keyring_store: dict[tuple[str, str], str]
) -> None:
    import pytest

    from carelog.db import maintenance
    from carelog.db.repositories import settings as settings_repo
    from carelog.services.backup import BackupKeyNeeded
    from carelog.services.backup_keys import DATABASE_ID_SETTING

    if maintenance.sqlite_file(services.backup.engine) is not None:
        pytest.skip("a shared server only: a SQLite file with a lost key gets a new one, as before")
    services.ctx.identity.actor = SYSTEM_ACTOR
    services.backup.backup_to(tmp_path / "first.carelog-backup")  # the PC that set the key up
    with services.ctx.unit() as session:
        key_id = settings_repo.load(session, DATABASE_ID_SETTING)
    keyring_store.clear()  # another PC: its credential store does not have the key
    with pytest.raises(BackupKeyNeeded, match="This PC does not have the backup key"):
        services.backup.backup_to(tmp_path / "second.carelog-backup")
    with services.ctx.unit() as session:
        assert settings_repo.load(session, DATABASE_ID_SETTING) == key_id  # not replaced for every other PC
    assert not (tmp_path / "second.carelog-backup").exists()
