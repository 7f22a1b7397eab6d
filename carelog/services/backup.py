"""Backups: a portable zip (manifest + one JSON-lines file per table) that restores onto SQLite or PostgreSQL.

A backup holds manifest.json (format, schema revision, app version, row counts, a SHA-256 per table file and an
overall checksum) and tables/<name>.jsonl. SQLite sources are first snapshotted with the sqlite3 online backup API,
so a backup taken while CareLog is in use is consistent.

Restore never touches the target until the backup has been fully checked: it is loaded into a scratch SQLite
database at the backup's schema revision, upgraded to the current schema, checked (row counts, integrity), and
only then copied over the target (SQLite: the online backup API; PostgreSQL: one transaction). A SQLite target
with data is first copied beside itself.
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
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from carelog import __version__
from carelog.core.clock import Clock, system_clock
from carelog.core.dto import SYSTEM_ACTOR
from carelog.core.errors import CareLogError
from carelog.core.permissions import Permission
from carelog.core.settings import BACKUP_INTERVAL_DAYS, BACKUP_KEEP_COUNT
from carelog.db import maintenance
from carelog.db.engine import alembic_config, create_db_engine, head_revision, upgrade_schema
from carelog.db.repositories import audit
from carelog.db.repositories import settings as settings_repo
from carelog.services.context import ServiceContext

logger = logging.getLogger(__name__)

FORMAT = "carelog-backup"
FORMAT_VERSION = 1
AUTO_PREFIX = "auto-"
SUFFIX = ".carelog-backup.zip"
Progress = Callable[[int, str], None]


class BackupError(CareLogError):
    """A backup could not be written or restored. The message says why; nothing was changed."""


@dataclass(frozen=True)
class BackupManifest:
    schema_revision: str
    app_version: str
    created_at: datetime
    source_backend: str
    row_counts: dict[str, int]
    table_checksums: dict[str, str]
    checksum: str

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


def _overall(checksums: dict[str, str]) -> str:
    return hashlib.sha256("\n".join(f"{k}:{v}" for k, v in sorted(checksums.items())).encode()).hexdigest()


def _noop(_pct: int, _msg: str) -> None:
    return None


# ------------------------------------------------------------------------------------------ writing
def write_backup(engine: Engine, out: Path, progress: Progress = _noop, clock: Clock = system_clock) -> BackupManifest:
    """Write a backup of the database behind `engine` to `out` (written to a temp name, then renamed); its
    manifest is stamped with `clock`."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="carelog-backup-") as tmp:
        source = engine
        snapshot_engine: Engine | None = None
        src_file = maintenance.sqlite_file(engine)
        if src_file is not None:
            snap = Path(tmp) / "snapshot.db"
            maintenance.snapshot_sqlite(src_file, snap)
            snapshot_engine = source = maintenance.plain_sqlite_engine(snap)
        try:
            manifest = _write_zip(source, partial, maintenance.backend(engine), progress, clock())
        finally:
            if snapshot_engine is not None:
                snapshot_engine.dispose()
    partial.replace(out)
    logger.info("Backup written (%d rows)", manifest.total_rows)
    return manifest


def _write_zip(source: Engine, path: Path, backend: str, progress: Progress, now: datetime) -> BackupManifest:
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
    progress(100, "Backup written")
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


def verify_backup(path: Path) -> BackupManifest:
    """Open a backup and check every checksum and row count. Raises BackupError saying what is wrong."""
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
def restore_backup(
    path: Path, target_db: str, progress: Progress = _noop, clock: Clock = system_clock
) -> RestoreResult:
    """Replace the contents of `target_db` with the backup at `path`, after checking the backup completely.
    The audit record and the name of the copy kept of the replaced database are stamped with `clock`."""
    now = clock()
    path = Path(path)
    progress(0, "Checking the backup file")
    manifest = verify_backup(path)
    _check_revision(manifest)
    with tempfile.TemporaryDirectory(prefix="carelog-restore-") as tmp:
        scratch = Path(tmp) / "restore.db"
        progress(10, "Loading the backup into a scratch database")
        loaded = _load_into_scratch(path, manifest, scratch, progress)
        progress(70, "Checking the restored data")
        breaks = _check_scratch(scratch, manifest, loaded, now)
        progress(80, "Replacing the database")
        previous = _replace_target(scratch, target_db, now)
    progress(100, "Restore finished")
    upgraded = manifest.schema_revision if manifest.schema_revision != head_revision() else None
    notes = [] if breaks == 0 else [f"The audit trail in this backup has {breaks} break(s); run carelog check."]
    logger.info("Backup restored (%d rows)", manifest.total_rows)
    return RestoreResult(manifest, loaded, upgraded, previous, breaks, notes)


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


def _check_scratch(scratch: Path, manifest: BackupManifest, loaded: dict[str, int], now: datetime) -> int:
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
                SYSTEM_ACTOR,
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


def _replace_target(scratch: Path, target_db: str, now: datetime) -> Path | None:
    target = create_db_engine(target_db)
    try:
        target_file = maintenance.sqlite_file(target)
        if target_file is not None:
            previous = None
            if target_file.exists() and target_file.stat().st_size > 0:
                with target.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                stamp = now.strftime("%Y%m%d-%H%M%S")
                previous = target_file.with_name(f"{target_file.stem}.before-restore-{stamp}{target_file.suffix}")
                shutil.copy2(target_file, previous)
            target.dispose()
            maintenance.replace_sqlite_contents(scratch, target_file)
            return previous
        upgrade_schema(target, lambda: now)
        source = create_db_engine(scratch)
        try:
            maintenance.replace_all_rows(source, target)
        finally:
            source.dispose()
        return None
    finally:
        target.dispose()


# ------------------------------------------------------------------------------------------ service
def _db_label(engine: Engine) -> str:
    file = maintenance.sqlite_file(engine)
    raw = file.stem if file is not None else (engine.url.database or "database")
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in raw)[:40]


class BackupService:
    """Backups of the open database: on request (admins) and automatic ones on a schedule (settings)."""

    def __init__(self, ctx: ServiceContext, folder: Callable[[], Path] | None = None) -> None:
        self._ctx = ctx
        self._folder = folder

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

    def backup_to(self, out: Path, progress: Progress = _noop) -> BackupManifest:
        """A backup on request (administrators), audited."""
        actor = self._ctx.require(Permission.EDIT_SETTINGS, "database")
        manifest = write_backup(self.engine, out, progress, self._ctx.clock)
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
        return manifest

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
        write_backup(self.engine, out, progress, lambda: moment)
        keep = self._setting(BACKUP_KEEP_COUNT.key, int(BACKUP_KEEP_COUNT.default))
        for old in self.automatic_backups()[max(keep, 1) :]:
            old.unlink(missing_ok=True)
        return out
