"""`carelog backup` / `carelog restore`: encrypted round trip, every refused backup, restore refused while the
database is open elsewhere, references never reused, no readable names in the file, and where the key is kept."""

from __future__ import annotations

import json
import os
import stat
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from carelog.cli import run
from carelog.core import passwords
from carelog.core.dto import SYSTEM_ACTOR, IncidentFilter
from carelog.core.enums import Role
from carelog.core.recovery_key import format_recovery_key
from carelog.core.users import UserInput
from carelog.db.open_lock import DatabaseInUse
from carelog.services import backup_crypto
from carelog.services.backup import BackupError, BackupKeyNeeded, WrongBackupKey, restore_backup
from carelog.services.registry import Services, open_services
from tests.conftest import Home
from tests.services.test_accounts import _incident

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    passwords.use_fast_parameters_for_tests()


@pytest.fixture
def env_key(monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setenv("CARELOG_BACKUP_KEY", format_recovery_key(KEY))
    return KEY


def _fill(services: Services, home: Home, n: int = 4) -> list[str]:
    services.ctx.identity.actor = SYSTEM_ACTOR  # the conftest manager has no users row
    return [services.incidents.report(_incident(home, services)).reference for _ in range(n)]


def _references(db: str) -> list[str]:
    return sorted(s.reference for s in open_services(db).incidents.list(IncidentFilter()))


def _backup(db: str, out: Path) -> Path:
    assert run(["backup", "--db", db, "--out", str(out)]) == 0
    return out


def test_round_trip_into_a_new_sqlite_file(
    services: Services, home: Home, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = _fill(services, home)
    out = _backup(db_url, tmp_path / "b.carelog-backup")
    printed = capsys.readouterr().out
    assert "Backup written" in printed and "Recovery key:" in printed  # the first backup made the key: shown once
    _backup(db_url, tmp_path / "again.carelog-backup")
    assert "Recovery key" not in capsys.readouterr().out
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    assert run(["restore", str(out), "--db", target]) == 0  # the key is found in the credential store
    assert _references(target) == sorted(refs)
    assert run(["check", "--db", target]) == 0  # chain intact, restore itself audited on top
    restored = open_services(target)
    restored.incidents.report(_incident(home, restored))  # ids and references continue after the restore
    assert len(_references(target)) == len(refs) + 1


def test_restore_over_existing_data_replaces_it(
    services: Services, home: Home, db_url: str, tmp_path: Path, env_key: bytes
) -> None:
    refs = _fill(services, home, 2)
    out = _backup(db_url, tmp_path / "b.carelog-backup")
    _fill(services, home, 3)  # written after the backup: gone after the restore
    result = restore_backup(out, db_url, env_key)
    assert _references(db_url) == sorted(refs)
    if db_url.startswith("sqlite"):
        assert result.previous_copy is not None and result.previous_copy.exists()
    again = open_services(db_url)
    again.incidents.report(_incident(home, again))  # sequences reset (PostgreSQL)


def test_references_continue_after_the_highest_ever_issued(
    services: Services, home: Home, db_url: str, tmp_path: Path, env_key: bytes
) -> None:
    _fill(services, home, 3)
    out = _backup(db_url, tmp_path / "b.carelog-backup")
    issued_after = _fill(services, home, 2)  # INC-...-0004 and -0005 were handed out (maybe written on paper)
    result = restore_backup(out, db_url, env_key)
    assert result.counters_kept == 1
    again = open_services(db_url)
    again.ctx.identity.actor = SYSTEM_ACTOR
    new = again.incidents.report(_incident(home, again)).reference
    assert new not in issued_after
    assert int(new.rsplit("-", 1)[1]) == int(issued_after[-1].rsplit("-", 1)[1]) + 1


# ------------------------------------------------------------------------------------------ refused backups
@pytest.fixture
def good(sqlite_services: Services, sqlite_home: Home, sqlite_url: str, tmp_path: Path, env_key: bytes) -> Path:
    _fill(sqlite_services, sqlite_home, 2)
    return _backup(sqlite_url, tmp_path / "good.carelog-backup")


def _refused(path: Path, db: str, key: bytes, match: str, exc: type[Exception] = BackupError) -> None:
    before = _references(db)
    with pytest.raises(exc, match=match):
        restore_backup(path, db, key)
    assert _references(db) == before
    assert not list(Path(db.removeprefix("sqlite:///")).parent.glob("*before-restore*"))


def test_a_changed_byte_is_refused(good: Path, sqlite_url: str, tmp_path: Path) -> None:
    data = bytearray(good.read_bytes())
    for position in (len(data) // 2, len(data) - 1):  # inside the records, and the seal itself
        bad = tmp_path / f"bad-{position}.carelog-backup"
        changed = bytearray(data)
        changed[position] ^= 0x01
        bad.write_bytes(changed)
        _refused(bad, sqlite_url, KEY, "changed or damaged")


def _header_parts(data: bytes) -> tuple[int, dict[str, object]]:
    start = len(backup_crypto.MAGIC)
    (length,) = struct.unpack(">I", data[start : start + 4])
    return start + 4 + length, json.loads(data[start + 4 : start + 4 + length])


def test_a_forged_header_is_refused(good: Path, sqlite_url: str, tmp_path: Path) -> None:
    data = good.read_bytes()
    end, header = _header_parts(data)
    header["created_at"] = "2020-01-01T00:00:00"  # same length, still valid: but it is bound to the seal
    body = json.dumps(header, sort_keys=True).encode()
    forged = tmp_path / "forged.carelog-backup"
    forged.write_bytes(backup_crypto.MAGIC + struct.pack(">I", len(body)) + body + data[end:])
    _refused(forged, sqlite_url, KEY, "changed or damaged")


def test_a_wrong_key_is_refused_and_named(good: Path, sqlite_url: str) -> None:
    _refused(good, sqlite_url, OTHER_KEY, "different backup key", WrongBackupKey)


def test_a_truncated_or_extended_backup_is_refused(
    sqlite_services: Services, sqlite_home: Home, sqlite_url: str, tmp_path: Path, env_key: bytes, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(backup_crypto, "CHUNK", 256)  # many chunks, so whole chunks can be cut off
    _fill(sqlite_services, sqlite_home, 2)
    good = _backup(sqlite_url, tmp_path / "good.carelog-backup")
    data = good.read_bytes()
    end, _header = _header_parts(data)
    sealed = 256 + backup_crypto.TAG
    assert (len(data) - end) > 3 * sealed
    cases = {
        "cut-mid-chunk": data[:-7],
        "last-chunk-dropped": data[: end + ((len(data) - end - 1) // sealed) * sealed],
        "only-header": data[:end],
        "chunk-added": data + data[end : end + sealed],
        "chunks-swapped": data[:end]
        + data[end + sealed : end + 2 * sealed]
        + data[end : end + sealed]
        + data[end + 2 * sealed :],
    }
    for name, blob in cases.items():
        bad = tmp_path / f"{name}.carelog-backup"
        bad.write_bytes(blob)
        _refused(bad, sqlite_url, KEY, "changed or damaged")


def test_junk_and_old_unencrypted_zips_are_refused(good: Path, sqlite_url: str, tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a backup at all")
    _refused(junk, sqlite_url, KEY, "not a CareLog backup")
    old = tmp_path / "old.zip"
    with zipfile.ZipFile(old, "w") as zf:
        zf.writestr("manifest.json", "{}")
    _refused(old, sqlite_url, KEY, "unencrypted backup from an earlier CareLog")


def test_damaged_backup_via_the_command_line_exits_2(
    good: Path, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.carelog-backup"
    bad.write_bytes(good.read_bytes()[:-1])
    capsys.readouterr()
    assert run(["restore", str(bad), "--db", sqlite_url]) == 2
    assert "changed or damaged" in capsys.readouterr().err


def _reseal(src: Path, dst: Path, key: bytes, edit) -> None:  # type: ignore[no-untyped-def]
    """What only a key holder can do: open a backup, change the zip inside, seal it again."""
    plain, zipped = dst.with_suffix(".plain"), dst.with_suffix(".zip")
    backup_crypto.decrypt_file(src, key, plain)
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(zipped, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, edit(item.filename, zin.read(item.filename)))
    header = backup_crypto.peek_header(src)
    backup_crypto.encrypt_file(zipped, dst, key, header.key_id, header.created_at, header.app_version)


def test_newer_schema_backup_is_refused(good: Path, tmp_path: Path) -> None:
    def newer(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["schema_revision"] = "9999"
        return json.dumps(manifest).encode()

    newer_file = tmp_path / "newer.carelog-backup"
    _reseal(good, newer_file, KEY, newer)
    target = tmp_path / "target.db"
    with pytest.raises(BackupError, match="newer version of CareLog"):
        restore_backup(newer_file, str(target), KEY)
    assert not target.exists()


def test_inner_checksums_still_checked(good: Path, sqlite_url: str, tmp_path: Path) -> None:
    edited = tmp_path / "edited.carelog-backup"
    _reseal(good, edited, KEY, lambda n, d: d.replace(b"lounge", b"garden") if n == "tables/incidents.jsonl" else d)
    _refused(edited, sqlite_url, KEY, "does not match its checksum")


def test_older_schema_backup_is_upgraded(
    sqlite_services: Services, sqlite_home: Home, tmp_path: Path, env_key: bytes
) -> None:
    """A backup at an earlier revision (users table without the 0004 columns) restores and is upgraded."""
    refs = _fill(sqlite_services, sqlite_home, 2)
    bind = sqlite_services.ctx.sessions.kw["bind"]
    old = tmp_path / "old.db"
    from carelog.db.engine import open_database
    from carelog.db.maintenance import plain_sqlite_engine, replace_all_rows, snapshot_sqlite
    from tests.db.test_integrity_upgrade import downgrade_with_old_hashes

    # copy the current data into a new file, then take it back to the 0003 schema and its audit formula
    open_database(old)[0].dispose()
    src = plain_sqlite_engine(Path(bind.url.database))
    replace_all_rows(src, plain_sqlite_engine(old))
    downgrade_with_old_hashes(f"sqlite:///{old}", "0003")
    out = tmp_path / "old.carelog-backup"
    from datetime import datetime

    from carelog.services.backup import write_backup

    snapshot_sqlite(old, tmp_path / "old-copy.db")
    write_backup(plain_sqlite_engine(tmp_path / "old-copy.db"), out, KEY, "test", datetime(2026, 1, 1))
    target = str(tmp_path / "new.db")
    result = restore_backup(out, target, KEY)
    assert result.upgraded_from == "0003"
    assert _references(target) == sorted(refs)
    restored_services = open_services(target)
    restored = restored_services.incidents.reference_data().categories
    assert [c.code for c in restored][:2] == ["fall", "medication"]  # codes filled again by 0005
    from carelog.db.engine import create_db_engine
    from carelog.services.integrity import check_engine

    engine = create_db_engine(target)
    report = check_engine(engine)  # the old trail verifies and its records are bound behind the upgrade entry
    engine.dispose()
    assert report.ok, report.lines()


# ------------------------------------------------------------------------------------------ no names inside
def test_backup_bytes_hold_no_names_usernames_or_pin_hashes(
    sqlite_services: Services, sqlite_home: Home, sqlite_url: str, tmp_path: Path
) -> None:
    services = sqlite_services
    services.accounts.create_first_admin(UserInput("alex.morgan", "Alex Morgan", Role.ADMIN, "2580"))
    services.accounts.create_user(UserInput("priya.shah", "Priya Shah", Role.MANAGER, "1357"))
    _fill(services, sqlite_home, 3)
    services.ctx.identity.actor = services.accounts.sign_in("alex.morgan", "2580")
    out = tmp_path / "b.carelog-backup"
    services.backup.backup_to(out)
    from sqlalchemy import select

    from carelog.db.models import PersonRow, UserRow

    with services.ctx.unit() as session:
        secrets = [h for h in session.scalars(select(UserRow.secret_hash)) if h]
        names = list(session.scalars(select(UserRow.display_name))) + list(session.scalars(select(UserRow.username)))
        names += list(session.scalars(select(PersonRow.display_name)))
    assert len(secrets) == 2 and "Edith Marsh" in names
    blob = out.read_bytes()
    for text in [*names, *secrets, "Found on the lounge floor", "Oak House", "argon2"]:
        for encoded in (text.encode("utf-8"), text.encode("utf-16-le"), text.lower().encode()):
            assert encoded not in blob, text
    assert b"tables/" not in blob and b"PK\x03\x04" not in blob  # not even the zip structure shows
    assert oct(stat.S_IMODE(out.stat().st_mode)) == "0o600"


# ------------------------------------------------------------------------------------------ the key
def test_first_administrator_creates_the_key_once_in_the_credential_store(
    sqlite_services: Services, keyring_store: dict[tuple[str, str], str]
) -> None:
    setup = sqlite_services.accounts.set_up_first_admin(UserInput("alex", "Alex Morgan", Role.ADMIN, "2580"))
    assert setup.new_backup_key is not None and setup.new_backup_key.key_file is None
    (service, entry), stored = next(iter(keyring_store.items()))
    assert service == "CareLog" and entry.startswith("backup-key-")
    assert stored == setup.new_backup_key.recovery_key
    assert "shown only once" in setup.new_backup_key.message
    assert sqlite_services.backup.ensure_key() is None  # never shown again


def test_without_a_credential_store_the_key_goes_to_a_private_file_and_says_so(
    sqlite_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # what Linux without a keyring daemon has
    created = sqlite_services.backup.ensure_key()
    assert created is not None and created.key_file is not None
    assert created.key_file.read_text().strip() == created.recovery_key
    assert oct(stat.S_IMODE(created.key_file.stat().st_mode)) == "0o600"
    assert str(created.key_file) in created.message and "No credential store" in created.message
    assert sqlite_services.backup.ensure_key() is None  # found again in the file


def test_on_another_computer_the_recovery_key_is_asked_for(
    sqlite_services: Services,
    sqlite_home: Home,
    sqlite_url: str,
    tmp_path: Path,
    keyring_store: dict[tuple[str, str], str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    refs = _fill(sqlite_services, sqlite_home, 2)
    out = tmp_path / "b.carelog-backup"
    recovery = sqlite_services.backup.backup_to(out).new_key
    assert recovery is not None
    keyring_store.clear()  # a new computer: the key is not there
    target = tmp_path / "elsewhere.db"
    with pytest.raises(BackupKeyNeeded):
        from carelog.services.backup import backup_key_for
        from carelog.services.backup_keys import KeyStore

        backup_key_for(out, KeyStore())
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    typed = recovery.recovery_key.lower().replace("-", " ")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": typed)
    assert run(["restore", str(out), "--db", str(target)]) == 0
    assert _references(str(target)) == sorted(refs)
    assert len(keyring_store) == 1  # kept for the restored database's next backup
    assert run(["backup", "--db", str(target), "--out", str(tmp_path / "next.carelog-backup")]) == 0
    assert "Recovery key" not in capsys.readouterr().out


def test_restore_without_the_key_and_no_terminal_says_what_to_do(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CARELOG_BACKUP_KEY")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert run(["restore", str(good), "--db", str(tmp_path / "x.db")]) == 2
    assert "CARELOG_BACKUP_KEY" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


# ------------------------------------------------------------------------------------------ in use elsewhere
HOLDER = textwrap.dedent(
    """
    import sys, time
    from carelog.services.registry import open_services
    services = open_services(sys.argv[1])
    print("open", flush=True)
    sys.stdin.read()
    """
)


def test_restore_is_refused_while_another_process_has_the_database_open(
    good: Path, sqlite_url: str, tmp_path: Path
) -> None:
    before = _references(sqlite_url)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, sqlite_url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseInUse, match="open in 1 other window"):
            restore_backup(good, sqlite_url, KEY)
        assert _references(sqlite_url) == before
    finally:
        holder.kill()  # as if the app were killed: its mark is recognised as stale
        holder.wait()
    restore_backup(good, sqlite_url, KEY)


def test_opening_waits_for_no_restore_and_is_refused_during_one(sqlite_url: str, tmp_path: Path) -> None:
    from carelog.db import open_lock

    db_file = Path(sqlite_url.removeprefix("sqlite:///"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    with open_lock.exclusive(db_file):
        opener = subprocess.run(
            [sys.executable, "-c", HOLDER, sqlite_url], input="", capture_output=True, env=env, text=True, timeout=120
        )
    assert opener.returncode != 0 and "being restored into this database" in opener.stderr


def test_postgresql_restore_is_refused_while_someone_is_writing(
    services: Services, home: Home, db_url: str, tmp_path: Path, env_key: bytes
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite files use the open-lock above")
    refs = _fill(services, home, 2)
    out = _backup(db_url, tmp_path / "b.carelog-backup")
    writer = create_engine(db_url)
    try:
        with writer.connect() as conn:
            trans = conn.begin()
            # a write in progress, not committed yet
            conn.exec_driver_sql(f"UPDATE services SET beds = beds WHERE id = {home.service_id}")
            with pytest.raises(DatabaseInUse, match="working in this database"):
                restore_backup(out, db_url, env_key)
            trans.rollback()
    finally:
        writer.dispose()
    restore_backup(out, db_url, env_key)
    assert _references(db_url) == sorted(refs)
