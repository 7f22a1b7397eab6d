"""`carelog backup` / `carelog restore`: round trip, and refusal of damaged or newer-schema backups."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from carelog.cli import run
from carelog.core.dto import SYSTEM_ACTOR, IncidentFilter
from carelog.services.backup import BackupError, restore_backup
from carelog.services.registry import Services, open_services
from tests.conftest import Home
from tests.services.test_accounts import _incident


def _fill(services: Services, home: Home, n: int = 4) -> list[str]:
    services.ctx.identity.actor = SYSTEM_ACTOR  # the conftest manager has no users row
    return [services.incidents.report(_incident(home, services)).reference for _ in range(n)]


def _references(db: str) -> list[str]:
    return sorted(s.reference for s in open_services(db).incidents.list(IncidentFilter()))


def test_round_trip_into_a_new_sqlite_file(
    services: Services, home: Home, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = _fill(services, home)
    out = tmp_path / "backup.zip"
    assert run(["backup", "--db", db_url, "--out", str(out)]) == 0
    assert "Backup written" in capsys.readouterr().out
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    assert run(["restore", str(out), "--db", target]) == 0
    assert _references(target) == sorted(refs)
    assert run(["check", "--db", target]) == 0  # chain intact, restore itself audited on top
    restored = open_services(target)
    restored.incidents.report(_incident(home, restored))  # ids and references continue after the restore
    assert len(_references(target)) == len(refs) + 1


def test_restore_over_existing_data_replaces_it(services: Services, home: Home, db_url: str, tmp_path: Path) -> None:
    refs = _fill(services, home, 2)
    out = tmp_path / "backup.zip"
    assert run(["backup", "--db", db_url, "--out", str(out)]) == 0
    _fill(services, home, 3)  # written after the backup: gone after the restore
    result = restore_backup(out, db_url)
    assert _references(db_url) == sorted(refs)
    if db_url.startswith("sqlite"):
        assert result.previous_copy is not None and result.previous_copy.exists()
    again = open_services(db_url)
    again.incidents.report(_incident(home, again))  # sequences reset (PostgreSQL)


def _damage(src: Path, dst: Path, table: str) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == f"tables/{table}.jsonl":
                data = data.replace(b"lounge", b"garden")
            zout.writestr(item, data)


def test_damaged_backup_is_refused_and_target_untouched(
    sqlite_services: Services, sqlite_home: Home, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = _fill(sqlite_services, sqlite_home, 2)
    good, bad = tmp_path / "good.zip", tmp_path / "bad.zip"
    assert run(["backup", "--db", sqlite_url, "--out", str(good)]) == 0
    _damage(good, bad, "incidents")
    assert run(["restore", str(bad), "--db", sqlite_url]) == 2
    assert "damaged" in capsys.readouterr().err
    (tmp_path / "junk.zip").write_bytes(b"not a zip at all")
    with pytest.raises(BackupError, match="damaged or is not a CareLog backup"):
        restore_backup(tmp_path / "junk.zip", sqlite_url)
    assert _references(sqlite_url) == sorted(refs)
    assert not list(tmp_path.glob("*before-restore*"))


def test_newer_schema_backup_is_refused(
    sqlite_services: Services, sqlite_home: Home, sqlite_url: str, tmp_path: Path
) -> None:
    _fill(sqlite_services, sqlite_home, 1)
    good, newer = tmp_path / "good.zip", tmp_path / "newer.zip"
    assert run(["backup", "--db", sqlite_url, "--out", str(good)]) == 0
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(newer, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["schema_revision"] = "9999"
                data = json.dumps(manifest).encode()
            zout.writestr(item, data)
    target = tmp_path / "target.db"
    with pytest.raises(BackupError, match="newer version of CareLog"):
        restore_backup(newer, str(target))
    assert not target.exists()


def test_older_schema_backup_is_upgraded(sqlite_services: Services, sqlite_home: Home, tmp_path: Path) -> None:
    """A backup at an earlier revision (users table without the 0004 columns) restores and is upgraded."""
    refs = _fill(sqlite_services, sqlite_home, 2)
    bind = sqlite_services.ctx.sessions.kw["bind"]
    old = tmp_path / "old.db"
    from carelog.db.engine import open_database
    from carelog.db.maintenance import plain_sqlite_engine, replace_all_rows
    from tests.db.test_integrity_upgrade import downgrade_with_old_hashes

    # copy the current data into a new file, then take it back to the 0003 schema and its audit formula
    open_database(old)[0].dispose()
    src = plain_sqlite_engine(Path(bind.url.database))
    replace_all_rows(src, plain_sqlite_engine(old))
    downgrade_with_old_hashes(f"sqlite:///{old}", "0003")
    out = tmp_path / "old.zip"
    assert run(["backup", "--db", str(old), "--out", str(out)]) == 0
    target = str(tmp_path / "new.db")
    result = restore_backup(out, target)
    assert result.upgraded_from == "0003"
    assert _references(target) == sorted(refs)
    from carelog.db.engine import create_db_engine
    from carelog.services.integrity import check_engine

    restored = create_db_engine(target)
    report = check_engine(restored)  # the old trail verifies and its records are bound behind the upgrade entry
    restored.dispose()
    assert report.ok, report.lines()
