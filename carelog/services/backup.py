"""Backups: an encrypted, sealed file (services.backup_crypto) around a portable zip that restores onto SQLite or
PostgreSQL.

Inside, the zip holds manifest.json (schema revision, app version, row counts, a SHA-256 per table file and an
overall checksum) and tables/<name>.jsonl. The file around it is AES-256-GCM with the database's backup key
(services.backup_keys), so it holds no readable names, and any change to it is refused. SQLite sources are first
snapshotted with the sqlite3 online backup API, so a backup taken while CareLog is in use is consistent.

Restore never touches the target until the backup has been fully checked: it is decrypted (which proves it is
unchanged), loaded into a scratch SQLite database at the backup's schema revision, upgraded to the current schema,
checked (row counts, integrity), and only then copied over the target (SQLite: the online backup API, while no
other CareLog process has the file open, see db.open_lock; PostgreSQL: one transaction that locks every table).
A SQLite target with data is first copied beside itself. Reference counters never go backwards: after a restore,
new references continue after the highest ever issued in either database.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from carelog import __version__
from carelog.core.clock import Clock, system_clock
from carelog.core.dto import SYSTEM_ACTOR, Actor
from carelog.core.permissions import Permission, allowed
from carelog.core.recovery_key import parse_recovery_key
from carelog.core.settings import BACKUP_INTERVAL_DAYS, BACKUP_KEEP_COUNT
from carelog.db import maintenance, open_lock
from carelog.db.engine import alembic_config, create_db_engine, head_revision, to_url, upgrade_schema, wal_checkpoint
from carelog.db.repositories import audit
from carelog.db.repositories import reference_counters as counters_repo
from carelog.db.repositories import settings as settings_repo
from carelog.paths import process_temp_dir
from carelog.services.backup_crypto import (
    BackupError,
    WrongBackupKey,
    decrypt_file,
    encrypt_file,
    peek_header,
)
from carelog.services.backup_keys import (
    CREDENTIAL_STORE,
    DATABASE_ID_SETTING,
    SHOWN_SETTING,
    KeyStore,
    NewBackupKey,
    new_database_id,
    new_key,
)
from carelog.services.context import ServiceContext

logger = logging.getLogger(__name__)

FORMAT = "carelog-backup"
FORMAT_VERSION = 1  # of the manifest inside the encrypted file
AUTO_PREFIX = "auto-"
SUFFIX = ".carelog-backup"
Progress = Callable[[int, str], None]
__all__ = ["BackupError", "BackupKeyNeeded", "BackupService", "WrongBackupKey", "restore_backup", "write_backup"]


class BackupKeyNeeded(BackupError):
    """The backup's key is not on this computer: the recovery key must be given."""


@dataclass(frozen=True)
class BackupManifest:
    schema_revision: str
    app_version: str
    created_at: datetime
    source_backend: str
    row_counts: dict[str, int]
    table_checksums: dict[str, str]
    checksum: str
    new_key: NewBackupKey | None = None  # the database had no backup key: one was made for this backup; show it

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())


@dataclass(frozen=True)
class RestoreResult:
    manifest: BackupManifest
    row_counts: dict[str, int]
    upgraded_from: str | None
    previous_copy: Path | None
    audit_breaks: int
    notes: list[str] = field(default_factory=list)
    counters_kept: int = 0  # reference counters set higher than the backup had, so no reference is reused


def _overall(checksums: dict[str, str]) -> str:
    return hashlib.sha256("\n".join(f"{k}:{v}" for k, v in sorted(checksums.items())).encode()).hexdigest()


def _noop(_pct: int, _msg: str) -> None:
    return None


# ------------------------------------------------------------------------------------------ writing
def write_backup(
    engine: Engine, out: Path, key: bytes, key_id: str, now: datetime, progress: Progress = _noop
) -> BackupManifest:
    """Write an encrypted backup of the database behind `engine` to `out` (a temp name first, then renamed)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="backup-", dir=process_temp_dir()) as tmp:
        source = engine
        snapshot_engine: Engine | None = None
        src_file = maintenance.sqlite_file(engine)
        if src_file is not None:
            snap = Path(tmp) / "snapshot.db"
            maintenance.snapshot_sqlite(src_file, snap)
            snapshot_engine = source = maintenance.plain_sqlite_engine(snap)
        plain = Path(tmp) / "backup.zip"
        try:
            manifest = _write_zip(source, plain, maintenance.backend(engine), now, progress)
        finally:
            if snapshot_engine is not None:
                snapshot_engine.dispose()
        progress(95, "Encrypting the backup")
        try:
            encrypt_file(plain, partial, key, key_id, manifest.created_at.isoformat(), __version__)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.replace(out)
    progress(100, "Backup written")
    logger.info("Backup written (%d rows)", manifest.total_rows)
    return manifest


def _write_zip(source: Engine, path: Path, backend: str, now: datetime, progress: Progress) -> BackupManifest:
    counts: dict[str, int] = {}
    sums: dict[str, str] = {}
    with source.connect() as conn, zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        revision = maintenance.revision_of(conn)
        if revision is None:
            raise BackupError("This database has no CareLog schema yet, so there is nothing to back up.")
        tables = maintenance.data_tables(conn)
        for i, table in enumerate(tables):
            progress(int(90 * i / max(len(tables), 1)), f"Copying {table.name}")
            digest = hashlib.sha256()
            n = 0
            with zf.open(f"tables/{table.name}.jsonl", "w") as fh:
                for row in maintenance.read_rows(conn, table):
                    line = (json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
                    digest.update(line)
                    fh.write(line)
                    n += 1
            counts[table.name] = n
            sums[table.name] = digest.hexdigest()
        manifest = BackupManifest(
            revision, __version__, now.replace(microsecond=0), backend, counts, sums, _overall(sums)
        )
        zf.writestr("manifest.json", json.dumps(_manifest_json(manifest), indent=2))
    return manifest


def _manifest_json(m: BackupManifest) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": m.schema_revision,
        "app_version": m.app_version,
        "created_at": m.created_at.isoformat(),
        "source_backend": m.source_backend,
        "tables": {k: {"rows": m.row_counts[k], "sha256": m.table_checksums[k]} for k in m.row_counts},
        "checksum": m.checksum,
    }


# ------------------------------------------------------------------------------------------ reading
def read_manifest(zf: zipfile.ZipFile) -> BackupManifest:
    try:
        raw = json.loads(zf.read("manifest.json"))
        if raw.get("format") != FORMAT:
            raise BackupError("This file is not a CareLog backup.")
        if int(raw["format_version"]) > FORMAT_VERSION:
            raise BackupError("This backup was made by a newer version of CareLog. Install the latest CareLog.")
        tables = raw["tables"]
        return BackupManifest(
            schema_revision=str(raw["schema_revision"]),
            app_version=str(raw["app_version"]),
            created_at=datetime.fromisoformat(raw["created_at"]),
            source_backend=str(raw["source_backend"]),
            row_counts={k: int(v["rows"]) for k, v in tables.items()},
            table_checksums={k: str(v["sha256"]) for k, v in tables.items()},
            checksum=str(raw["checksum"]),
        )
    except KeyError as exc:
        raise BackupError(f"This backup file is incomplete or damaged (missing {exc}).") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise BackupError(f"This backup file is damaged: its manifest cannot be read ({exc}).") from None


def verify_zip(path: Path) -> BackupManifest:
    """Open a decrypted backup zip and check every checksum and row count. Raises BackupError saying what is wrong."""
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = read_manifest(zf)
            if _overall(manifest.table_checksums) != manifest.checksum:
                raise BackupError("This backup file is damaged: its manifest does not match its own checksum.")
            for name, expected in manifest.table_checksums.items():
                digest, rows = hashlib.sha256(), 0
                with zf.open(f"tables/{name}.jsonl") as fh:
                    for line in fh:
                        digest.update(line)
                        rows += 1
                if digest.hexdigest() != expected or rows != manifest.row_counts[name]:
                    raise BackupError(f"This backup file is damaged: the {name} table does not match its checksum.")
            return manifest
    except FileNotFoundError:
        raise BackupError(f"There is no file at {path}.") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError) as exc:
        raise BackupError(f"This backup file is damaged or is not a CareLog backup ({exc}).") from None


def _check_revision(manifest: BackupManifest) -> None:
    if manifest.schema_revision not in maintenance.known_revisions():
        raise BackupError(
            f"This backup was made by a newer version of CareLog (schema {manifest.schema_revision}; this version "
            f"knows up to {head_revision()}). Install the latest CareLog to restore it. Nothing was changed."
        )


# ------------------------------------------------------------------------------------------ restoring
def backup_key_for(path: Path, store: KeyStore, recovery_key: str | None = None) -> bytes:
    """The key that opens the backup at `path`: the typed recovery key, else CARELOG_BACKUP_KEY or the key kept on
    this computer for the backup's database. Raises BackupKeyNeeded when none is available."""
    if recovery_key:
        return parse_recovery_key(recovery_key)
    header = peek_header(Path(path))
    key = store.load(header.key_id)
    if key is None:
        raise BackupKeyNeeded(
            "The key of this backup is not on this computer (it was made from another database or computer). "
            "Give the recovery key that was printed when that database was set up."
        )
    return key


def verify_backup(path: Path, key: bytes) -> BackupManifest:
    """Check a backup completely (seal, checksums, row counts) without restoring it."""
    with tempfile.TemporaryDirectory(prefix="verify-", dir=process_temp_dir()) as tmp:
        plain = Path(tmp) / "backup.zip"
        decrypt_file(Path(path), key, plain)
        return verify_zip(plain)


def restore_backup(
    path: Path,
    target_db: str,
    key: bytes,
    progress: Progress = _noop,
    actor: Actor = SYSTEM_ACTOR,
    store: KeyStore | None = None,
    clock: Clock = system_clock,
) -> RestoreResult:
    """Replace the contents of `target_db` with the backup at `path`, after checking the backup completely.
    With `store`, the key is kept on this computer afterwards (a backup opened with a typed recovery key). The
    audit record and the name of the copy kept of the replaced database are stamped with `clock`."""
    now = clock()
    path = Path(path)
    progress(0, "Checking the backup file")
    with tempfile.TemporaryDirectory(prefix="restore-", dir=process_temp_dir()) as tmp:
        plain = Path(tmp) / "backup.zip"
        header = decrypt_file(path, key, plain)
        manifest = verify_zip(plain)
        _check_revision(manifest)
        scratch = Path(tmp) / "restore.db"
        progress(10, "Loading the backup into a scratch database")
        loaded = _load_into_scratch(plain, manifest, scratch, progress)
        progress(70, "Checking the restored data")
        breaks = _check_scratch(scratch, manifest, loaded, actor, now)
        progress(80, "Replacing the database")
        previous, kept = _replace_target(scratch, target_db, now)
    if store is not None and store.load(header.key_id) != key:
        store.save(header.key_id, key)
    progress(100, "Restore finished")
    upgraded = manifest.schema_revision if manifest.schema_revision != head_revision() else None
    notes = [] if breaks == 0 else [f"The audit trail in this backup has {breaks} break(s); run carelog check."]
    logger.info("Backup restored (%d rows)", manifest.total_rows)
    return RestoreResult(manifest, loaded, upgraded, previous, breaks, notes, kept)


def _load_into_scratch(path: Path, manifest: BackupManifest, scratch: Path, progress: Progress) -> dict[str, int]:
    from alembic import command

    engine = maintenance.plain_sqlite_engine(scratch)
    try:
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, manifest.schema_revision)
        loaded: dict[str, int] = {}
        with zipfile.ZipFile(path) as zf, engine.begin() as conn:
            tables = {t.name: t for t in maintenance.data_tables(conn)}
            unknown = set(manifest.row_counts) - set(tables)
            if unknown:
                raise BackupError(
                    f"This backup holds tables this CareLog does not know ({', '.join(sorted(unknown))})."
                )
            for i, table in enumerate(tables.values()):
                progress(10 + int(50 * i / max(len(tables), 1)), f"Loading {table.name}")
                if table.name not in manifest.row_counts:
                    continue
                batch: list[dict[str, Any]] = []
                with zf.open(f"tables/{table.name}.jsonl") as fh:
                    for line in io.TextIOWrapper(fh, encoding="utf-8"):
                        batch.append(json.loads(line))
                        if len(batch) >= 2000:
                            maintenance.write_rows(conn, table, batch)
                            batch = []
                maintenance.write_rows(conn, table, batch)
                loaded[table.name] = maintenance.count_rows(conn, table)
    except BackupError:
        raise
    except Exception as exc:
        raise BackupError(
            f"This backup could not be loaded ({exc.__class__.__name__}: {exc}). Nothing was changed."
        ) from exc
    finally:
        engine.dispose()
    upgrade = create_db_engine(scratch)
    try:
        upgrade_schema(upgrade)
    finally:
        upgrade.dispose()
    return loaded


def _check_scratch(scratch: Path, manifest: BackupManifest, loaded: dict[str, int], actor: Actor, now: datetime) -> int:
    wrong = [name for name, n in manifest.row_counts.items() if loaded.get(name) != n]
    if wrong:
        raise BackupError(f"The restored data does not match the backup ({', '.join(wrong)}). Nothing was changed.")
    engine = create_db_engine(scratch)
    try:
        problems = maintenance.sqlite_integrity_problems(engine) + maintenance.sqlite_foreign_key_problems(engine)
        if problems:
            raise BackupError(f"The restored data is inconsistent ({problems[0]}). Nothing was changed.")
        sessions = sessionmaker(engine)
        with sessions() as session:
            _checked, breaks = audit.verify_chain(session)
        with sessions.begin() as session:
            audit.append(
                session,
                Actor(None, actor.name, actor.role),  # the account may not exist in the restored data
                "database",
                None,
                "restore",
                "backup",
                None,
                f"backup of {manifest.created_at:%Y-%m-%d %H:%M} (schema {manifest.schema_revision})",
                at=now,
            )
        return len(breaks)
    finally:
        engine.dispose()


def _replace_target(scratch: Path, target_db: str, now: datetime) -> tuple[Path | None, int]:
    """Copy the checked scratch database over the target. Returns the copy of the target as it was (SQLite) and
    how many reference counters were kept higher than the backup's."""
    url = make_url(to_url(target_db))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        target_file = Path(url.database)
        with open_lock.exclusive(target_file):  # before anything touches the file
            target = create_db_engine(target_db)
            try:
                return _replace_sqlite(scratch, target, target_file, now)
            finally:
                target.dispose()
    target = create_db_engine(target_db)
    try:
        upgrade_schema(target, lambda: now)
        source = create_db_engine(scratch)
        try:
            kept = maintenance.replace_all_rows(source, target, keep_highest=_merge_counters)
        finally:
            source.dispose()
        return None, kept
    finally:
        target.dispose()


def _replace_sqlite(scratch: Path, target: Engine, target_file: Path, now: datetime) -> tuple[Path | None, int]:
    previous = None
    before: counters_repo.Counters = {}
    for cut_off in target_file.parent.glob(f"{target_file.stem}.before-restore-*.partial"):  # of a killed restore
        cut_off.unlink(missing_ok=True)
    if target_file.exists() and target_file.stat().st_size > 0:
        wal_checkpoint(target)  # outside any transaction (CareLog's connections BEGIN on first use)
        with target.connect() as conn:
            if target.dialect.has_table(conn, "reference_counters"):
                with Session(bind=conn) as session:
                    before = counters_repo.all_counters(session)
        stamp = now.strftime("%Y%m%d-%H%M%S")
        previous = target_file.with_name(f"{target_file.stem}.before-restore-{stamp}{target_file.suffix}")
        partial = previous.with_name(previous.name + ".partial")  # a copy cut off (kill -9) never looks complete
        shutil.copy2(target_file, partial)
        partial.replace(previous)
    target.dispose()
    source = maintenance.plain_sqlite_engine(scratch)
    try:
        with source.begin() as conn, Session(bind=conn) as session:
            kept = _merge_counters(session, before)
    finally:
        source.dispose()
    maintenance.replace_sqlite_contents(scratch, target_file)
    return previous, kept


def _merge_counters(session: Session, before: counters_repo.Counters) -> int:
    """Raise the restored counters to the target's (and to the highest reference restored); count the raised."""
    restored = counters_repo.all_counters(session)
    wanted = counters_repo.highest_issued(session)
    for key, number in before.items():
        wanted[key] = max(wanted.get(key, 0), number)
    raised = sum(1 for key, number in wanted.items() if number > restored.get(key, 0))
    counters_repo.raise_to(session, wanted)
    return raised


# ------------------------------------------------------------------------------------------ service
def _db_label(engine: Engine) -> str:
    file = maintenance.sqlite_file(engine)
    raw = file.stem if file is not None else (engine.url.database or "database")
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in raw)[:40]


class BackupService:
    """Backups of the open database: on request (admins) and automatic ones on a schedule (settings)."""

    def __init__(
        self, ctx: ServiceContext, folder: Callable[[], Path] | None = None, keys: KeyStore | None = None
    ) -> None:
        self._ctx = ctx
        self._folder = folder
        self.keys = keys or KeyStore()

    @property
    def engine(self) -> Engine:
        bind = self._ctx.sessions.kw["bind"]
        assert isinstance(bind, Engine)
        return bind

    def folder(self) -> Path:
        if self._folder is not None:
            return self._folder()
        from carelog.paths import backups_dir

        return backups_dir()

    # ---------------------------------------------------------------------------- the backup key
    def ensure_key(self) -> NewBackupKey | None:
        """Make this database's backup key if it has none usable yet (first administrator, or a database from an
        earlier CareLog). Returns the new key's recovery text to show once; None if a key was already there."""
        return self._key(shown=True)[2]

    def pending_recovery_key(self) -> NewBackupKey | None:
        """For an administrator: the recovery key of a key that was made without anyone seeing it (by an automatic
        backup), once; afterwards None. Nobody else ever gets it."""
        if not allowed(self._ctx.actor, Permission.EDIT_SETTINGS) or self.keys.from_environment() is not None:
            return None
        with self._ctx.unit() as session:
            key_id = settings_repo.load(session, DATABASE_ID_SETTING)
            shown = settings_repo.load(session, SHOWN_SETTING)
        key = self.keys.load(key_id) if key_id and shown != key_id else None
        if key is None or key_id is None:
            return None
        self._mark_shown(key_id)
        from carelog.core.recovery_key import format_recovery_key

        return NewBackupKey(format_recovery_key(key), CREDENTIAL_STORE, self.keys.key_file(key_id))

    def _mark_shown(self, key_id: str) -> None:
        with self._ctx.unit() as session:
            settings_repo.store(session, SHOWN_SETTING, key_id)
            audit.append(
                session, self._ctx.actor, "database", None, "update", "recovery key shown", None, key_id,
                at=self._ctx.clock(),
            )  # fmt: skip

    def _key(self, shown: bool) -> tuple[bytes, str, NewBackupKey | None]:
        """This database's key and id; made now if there is none. `shown`: the caller shows the new recovery key."""
        with self._ctx.unit() as session:
            key_id = settings_repo.load(session, DATABASE_ID_SETTING)
        existing = self.keys.load(key_id) if key_id else None
        if key_id and existing is not None:
            return existing, key_id, None
        env = self.keys.from_environment()
        if key_id and env is None and maintenance.sqlite_file(self.engine) is None:
            # a shared server: another PC made the key. A new one here would replace it for every PC in turn
            raise BackupKeyNeeded(
                "This PC does not have the backup key of this shared database (another PC made it), so no backup "
                "was written. Make CareLog backups on the PC that set the key up, set CARELOG_BACKUP_KEY to the "
                "database's recovery key on this PC, or back the server up with pg_dump (docs/SHARED-DATABASE.md)."
            )
        key = env if env is not None else new_key()
        key_id = new_database_id()  # a lost key is never replaced under the same id: old backups stay recognisable
        with self._ctx.unit() as session:
            settings_repo.store(session, DATABASE_ID_SETTING, key_id)
            audit.append(
                session, self._ctx.actor, "database", None, "create", "backup key", None, key_id, at=self._ctx.clock()
            )
        if env is not None:
            return key, key_id, None
        key_file = self.keys.save(key_id, key)
        logger.info("Backup key created for this database")
        if not shown:
            return key, key_id, None  # an administrator gets the recovery key at their next sign-in
        self._mark_shown(key_id)
        from carelog.core.recovery_key import format_recovery_key

        return key, key_id, NewBackupKey(format_recovery_key(key), CREDENTIAL_STORE, key_file)

    def backup_to(self, out: Path, progress: Progress = _noop) -> BackupManifest:
        """A backup on request (administrators), audited."""
        actor = self._ctx.require(Permission.EDIT_SETTINGS, "database")
        key, key_id, created = self._key(shown=True)
        manifest = write_backup(self.engine, out, key, key_id, self._ctx.clock(), progress)
        with self._ctx.unit() as session:
            audit.append(
                session,
                actor,
                "database",
                None,
                "backup",
                "",
                None,
                f"{manifest.total_rows} rows",
                at=self._ctx.clock(),
            )
        return replace(manifest, new_key=created)

    def inspect(self, path: Path, recovery_key: str | None = None) -> BackupManifest:
        """What a backup holds (administrators), checked completely but written nowhere: to show before a restore.
        Raises BackupKeyNeeded when the recovery key must be typed in, WrongBackupKey / BackupError when it is not
        a backup this key opens or the file is damaged."""
        self._ctx.require(Permission.EDIT_SETTINGS, "database")
        return verify_backup(Path(path), backup_key_for(Path(path), self.keys, recovery_key))

    def restore_from(self, path: Path, recovery_key: str | None = None, progress: Progress = _noop) -> RestoreResult:
        """Replace this database with a backup (administrators). The refusal is audited; the restore is audited
        in the restored data. Raises BackupKeyNeeded when the recovery key must be typed in."""
        actor = self._ctx.require(Permission.EDIT_SETTINGS, "database")
        key = backup_key_for(path, self.keys, recovery_key)
        url = self.engine.url.render_as_string(hide_password=False)
        kept: Path | None = None
        if maintenance.sqlite_file(self.engine) is None:  # a server: no file to copy, so back it up first
            verify_backup(Path(path), key)  # a damaged or foreign backup is refused before anything is written
            stamp = self._ctx.clock().strftime("%Y%m%d-%H%M%S")
            kept = self.folder() / f"before-restore-{_db_label(self.engine)}-{stamp}{SUFFIX}"
            own_key, key_id, _created = self._key(shown=False)
            write_backup(self.engine, kept, own_key, key_id, self._ctx.clock(), lambda p, m: progress(p // 10, m))
        result = restore_backup(path, url, key, progress, actor, self.keys, self._ctx.clock)
        return result if kept is None else replace(result, previous_copy=kept)

    def key_on_this_computer(self, path: Path) -> bool:
        """Whether the backup opens without typing its recovery key. Raises BackupError for a file that is not a
        CareLog backup."""
        self._ctx.require(Permission.EDIT_SETTINGS, "database")
        return self.keys.load(peek_header(Path(path)).key_id) is not None

    # ---------------------------------------------------------------------------- automatic backups
    def automatic_backups(self) -> list[Path]:
        """This database's automatic backups, newest first."""
        pattern = f"{AUTO_PREFIX}{_db_label(self.engine)}-*{SUFFIX}"
        return sorted(self.folder().glob(pattern), reverse=True)

    def last_automatic_backup_at(self) -> datetime | None:
        for path in self.automatic_backups():
            stamp = path.name.removesuffix(SUFFIX).rsplit("-", 2)
            try:
                return datetime.strptime(f"{stamp[-2]}-{stamp[-1]}", "%Y%m%d-%H%M%S")
            except (ValueError, IndexError):
                continue
        return None

    def _setting(self, key: str, default: int) -> int:
        with self._ctx.unit() as session:
            stored = settings_repo.load(session, key)
        try:
            return int(stored) if stored is not None else default
        except ValueError:
            return default

    def automatic_backup_due(self, now: datetime | None = None) -> bool:
        days = self._setting(BACKUP_INTERVAL_DAYS.key, int(BACKUP_INTERVAL_DAYS.default))
        if days <= 0:
            return False
        last = self.last_automatic_backup_at()
        moment = now or self._ctx.clock()
        return last is None or moment - last >= timedelta(days=days) - timedelta(minutes=5)

    def run_automatic_if_due(self, now: datetime | None = None, progress: Progress = _noop) -> Path | None:
        """Write an automatic backup if the last one is older than the setting; keep only the newest N."""
        if not self.automatic_backup_due(now):
            return None
        moment = now or self._ctx.clock()
        out = self.folder() / f"{AUTO_PREFIX}{_db_label(self.engine)}-{moment:%Y%m%d-%H%M%S}{SUFFIX}"
        key, key_id, _created = self._key(shown=False)  # nobody may be watching: shown at an admin's sign-in
        write_backup(self.engine, out, key, key_id, moment, progress)
        keep = self._setting(BACKUP_KEEP_COUNT.key, int(BACKUP_KEEP_COUNT.default))
        for old in self.automatic_backups()[max(keep, 1) :]:
            old.unlink(missing_ok=True)
        return out
