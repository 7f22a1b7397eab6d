"""Stress: several CareLog processes writing one database at once, then `kill -9` at random moments.

Run:  .venv/bin/python benchmarks/stress_writes.py [--writers 4] [--reports 150] [--imports 2] [--kills 50]
                                                  [--pg postgresql+psycopg://user@host/postgres]
(PostgreSQL is also used when CARELOG_TEST_PG_URL is set: a new database is made there and dropped afterwards.)

1. Concurrent writes: `--writers` processes each report `--reports` incidents and, after every third report, edit
   one of a few shared incidents with the version they read (so edits collide), while `--imports` processes each
   import CSV files. Every write a process was told succeeded is logged to an acknowledgement file after the commit
   returned. Then: lost writes (acknowledged but not in the database, or an acknowledged edit overwritten without a
   conflict), tracebacks, duplicate references, conflicts reported, busy messages, and `carelog check`.
   Baseline in the same run: one writer alone doing the same reports (throughput beside the concurrent figure).
2. Kill test (SQLite): rounds of 2 writers + 1 importer, each killed with SIGKILL at a random moment while it
   writes, until `--kills` kills; then acknowledged records missing from the database, PRAGMA integrity_check and
   `carelog check`.
3. Restore kill test (SQLite): rounds where a writer adds reports (acknowledged), then a process restores an
   encrypted backup over the database (BackupService.restore_from, key from CARELOG_BACKUP_KEY) and is killed with
   SIGKILL at a random moment: about half the kills anywhere in the restore, half while it replaces the file
   (after its "Replacing the database" step). After each kill the database must open, pass PRAGMA integrity_check and
   `carelog check`, and hold exactly the content from before the restore (every acknowledged report) or exactly
   the backup's, never a mix; the killed process's stale lock files must not block the next open or restore, and
   any copy it kept of the replaced database must be complete. Baseline in the same run: one restore not killed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
import weakref
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

SHARED_INCIDENTS = 6  # incidents every writer edits (their edits collide)
IMPORT_ROWS = 40
NOW = datetime(2027, 12, 31, 23, 0)  # the writers' clock: every date they write is in its past
BACKUP_KEY = bytes(range(32))  # the restore kill test's backup key (fictional)
HEADER = "occurred_at,service,location,kind,category,harm,description\n"


# ------------------------------------------------------------------------------------------ setup
def prepare(db: str) -> None:
    """A database with one home, three residents, the staff row the writers act as and the shared incidents."""
    services = _services(db)
    _prepare(services)
    _let_go(services.ctx.sessions.kw["bind"])  # a restore in another process may now replace the file


def _prepare(services: Any) -> None:
    from carelog.core.dto import SYSTEM_ACTOR, IncidentInput
    from carelog.core.enums import Kind, PhysicalHarm, ServiceType
    from carelog.db.models import UserRow
    from carelog.db.repositories import audit, organisation

    with services.ctx.unit() as session:  # set up as CareLog would: every record with its audit entry
        session.add(UserRow(id=1, username="manager", display_name="Test Manager", role="manager", created_at=NOW))
        session.flush()
        audit.append(session, SYSTEM_ACTOR, "user", 1, "create", "username", None, "manager", at=NOW)
        sid = organisation.add_service(session, "Oak House", ServiceType.CARE_HOME, 40)
        audit.append(session, SYSTEM_ACTOR, "service", sid, "create", "name", None, "Oak House", at=NOW)
        lid = organisation.add_location(session, sid, "Main lounge")
        audit.append(session, SYSTEM_ACTOR, "location", lid, "create", "name", None, "Main lounge", at=NOW)
        for n in range(3):
            pid = organisation.add_person(session, f"OH-{n + 1:03d}", f"Resident {n + 1}", sid)
            audit.append(session, SYSTEM_ACTOR, "person", pid, "create", "name", None, f"OH-{n + 1:03d}", at=NOW)
    ref = services.incidents.reference_data()
    fall = next(c for c in ref.categories if c.name == "Fall")
    for n in range(SHARED_INCIDENTS):
        services.incidents.report(
            IncidentInput(
                kind=Kind.INCIDENT,
                category_id=fall.id,
                occurred_at=datetime(2026, 1, 5, 9, n),
                service_id=ref.services[0].id,
                account=f"Shared incident {n} that every writer edits.",
                physical_harm=PhysicalHarm.NONE,
            )
        )


def _services(db: str):  # type: ignore[no-untyped-def]
    from carelog.core.dto import Actor
    from carelog.core.enums import Role
    from carelog.services.context import Identity
    from carelog.services.registry import open_services

    services = open_services(db, Identity(Actor(1, "Test Manager", Role.MANAGER)))
    services.ctx.clock = lambda: NOW
    return services


# ------------------------------------------------------------------------------------------ workers
class Ack:
    """Appends one JSON line per acknowledged write; the line reaches the OS before the next write starts."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def __call__(self, **record: Any) -> None:
        os.write(self._fd, (json.dumps(record) + "\n").encode())


def _retrying(fn, ack: Ack):  # type: ignore[no-untyped-def]
    """Call fn; a busy database is told to the user, who tries again (counted)."""
    from carelog.core.errors import BusyError

    while True:
        try:
            return fn()
        except BusyError:
            ack(kind="busy")
            time.sleep(0.05)


def writer(db: str, ack_path: Path, reports: int, seed: int) -> None:
    from carelog.core.dto import IncidentInput
    from carelog.core.enums import Kind, PhysicalHarm
    from carelog.core.errors import ConflictError

    ack = Ack(ack_path)
    rng = random.Random(seed)
    services = _services(db)
    ref = services.incidents.reference_data()
    fall = next(c for c in ref.categories if c.name == "Fall")
    service = ref.services[0]
    people = [p.id for p in ref.people]
    print("ready", flush=True)
    for n in range(reports):
        data = IncidentInput(
            kind=Kind.INCIDENT,
            category_id=fall.id,
            occurred_at=datetime(2026 + (n % 2), 1 + n % 11, 1 + n % 27, n % 24, n % 60),  # two years' counters
            service_id=service.id,
            location_id=None,
            account=f"Writer {seed} report {n}: found on the floor, helped up.",
            person_ids=(rng.choice(people),),
            physical_harm=PhysicalHarm.NONE,
        )
        detail = _retrying(lambda d=data: services.incidents.report(d), ack)
        ack(kind="report", reference=detail.reference, id=detail.id)
        if n % 3 == 2:
            target = rng.randint(1, SHARED_INCIDENTS)
            current = _retrying(lambda t=target: services.incidents.get(t, with_audit=False), ack)
            time.sleep(rng.random() * 0.01)  # someone else may save meanwhile
            value = f"Writer {seed} edit {n}"
            try:
                after = _retrying(
                    lambda c=current, v=value: services.incidents.update(
                        c.id, dataclasses.replace(c.data, witnesses=v), c.version
                    ),
                    ack,
                )
            except ConflictError:
                ack(kind="conflict", id=current.id)
            else:
                # update() returns the record as read after the commit (someone may have saved since): the
                # version this save produced is the one it replaced plus one
                ack(kind="edit", id=after.id, version=current.version + 1, witnesses=value)


def importer(db: str, ack_path: Path, files: int, seed: int) -> None:
    ack = Ack(ack_path)
    services = _services(db)
    print("ready", flush=True)
    for f in range(files):
        rows = "".join(
            f"2026-0{1 + (r % 9)}-1{r % 10} 0{r % 10}:{r % 60:02d},Oak House,Main lounge,incident,Fall,none,"
            f"Importer {seed} file {f} row {r}: slipped on a wet floor\n"
            for r in range(IMPORT_ROWS)
        )
        result = _retrying(lambda t=HEADER + rows: services.importer.import_text(t), ack)
        for reference in result.references:
            ack(kind="report", reference=reference)


def restorer(db: str, backup: Path, seed: int) -> None:
    """Restore `backup` over the database as an administrator would; print each progress step as it starts."""
    from carelog.core.dto import Actor
    from carelog.core.enums import Role
    from carelog.services.context import Identity
    from carelog.services.registry import open_services

    clock = lambda: NOW.replace(minute=seed % 60, second=seed // 60 % 60)  # noqa: E731 - own before-restore copy name
    services = open_services(db, Identity(Actor(1, "Test Admin", Role.ADMIN)), clock)
    print("ready", flush=True)
    services.backup.restore_from(backup, progress=lambda pct, _msg: print(f"progress {pct}", flush=True))
    print("done", flush=True)


def worker_main(args: argparse.Namespace) -> int:
    try:
        if args.worker == "writer":
            writer(args.db, Path(args.ack), args.reports, args.seed)
        elif args.worker == "restorer":
            restorer(args.db, Path(args.backup), args.seed)
        else:
            importer(args.db, Path(args.ack), args.files, args.seed)
    except Exception:
        Ack(Path(args.ack))(kind="traceback", text=traceback.format_exc())
        return 1
    return 0


def _spawn(
    kind: str, db: str, ack: Path, seed: int, reports: int, files: int, backup: Path | None = None, key: str = ""
) -> subprocess.Popen[str]:
    cmd = [sys.executable, __file__, "--worker", kind, "--db", db, "--ack", str(ack), "--seed", str(seed)]
    cmd += ["--reports", str(reports), "--files", str(files)]
    if backup is not None:
        cmd += ["--backup", str(backup)]
    env = {**os.environ, "CARELOG_BACKUP_KEY": key} if key else None  # where a restoring process finds the key
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)


# ------------------------------------------------------------------------------------------ checking
def _acks(folder: Path) -> list[dict[str, Any]]:
    records = []
    for path in folder.glob("ack-*.jsonl"):
        for line in path.read_text().splitlines():
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError:  # a line cut by kill -9 was never acknowledged to anyone
                    continue
    return records


def verify(db: str, acks: list[dict[str, Any]]) -> dict[str, Any]:
    from sqlalchemy import func, select

    from carelog.db.models import IncidentRow
    from carelog.services.integrity import check_engine

    services = _services(db)
    with services.ctx.read() as session:
        references = list(session.scalars(select(IncidentRow.reference)))
        rows = {r.id: r for r in session.scalars(select(IncidentRow).where(IncidentRow.id <= SHARED_INCIDENTS))}
        duplicates = session.scalar(
            select(func.count()).select_from(
                select(IncidentRow.reference).group_by(IncidentRow.reference).having(func.count() > 1).subquery()
            )
        )
    in_db = set(references)
    acked = [a for a in acks if a["kind"] == "report"]
    lost_reports = [a["reference"] for a in acked if a["reference"] not in in_db]
    dup_acks = [ref for ref, n in Counter(a["reference"] for a in acked).items() if n > 1]
    killed = any(a["kind"] == "kill" for a in acks)  # an edit may commit and be killed before its ack
    lost_edits = 0
    for iid, row in rows.items():
        edits = sorted((a for a in acks if a["kind"] == "edit" and a["id"] == iid), key=lambda a: a["version"])
        versions = [a["version"] for a in edits]
        lost_edits += len(versions) - len(set(versions))  # two saves told "saved" from the same version
        if edits and row.version < edits[-1]["version"]:
            lost_edits += 1
        elif edits and row.version == edits[-1]["version"] and row.witnesses != edits[-1]["witnesses"]:
            lost_edits += 1
        if not killed:
            lost_edits += abs(row.version - 1 - len(edits))  # every saved edit moved the version on by one
    engine = services.ctx.sessions.kw["bind"]
    report = check_engine(engine)
    integrity = "n/a (PostgreSQL)"
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            integrity = conn.exec_driver_sql("PRAGMA integrity_check").scalar_one()
    return {
        "acknowledged reports": len(acked),
        "incidents in database": len(in_db),
        "lost reports": len(lost_reports),
        "lost or overwritten edits": lost_edits,
        "edits saved": sum(a["kind"] == "edit" for a in acks),
        "conflicts reported": sum(a["kind"] == "conflict" for a in acks),
        "busy messages (retried)": sum(a["kind"] == "busy" for a in acks),
        "tracebacks": sum(a["kind"] == "traceback" for a in acks),
        "duplicate references": int(duplicates or 0) + len(dup_acks),
        "carelog check": "clean" if report.ok else "PROBLEMS: " + "; ".join(report.lines()[:6]),
        "PRAGMA integrity_check": integrity,
        "_tracebacks": [a["text"] for a in acks if a["kind"] == "traceback"][:3],
    }


# ------------------------------------------------------------------------------------------ runs
def run_concurrent(db: str, folder: Path, writers: int, reports: int, imports: int, files: int) -> dict[str, Any]:
    prepare(db)
    procs = [_spawn("writer", db, folder / f"ack-w{i}.jsonl", i, reports, 0) for i in range(writers)]
    procs += [_spawn("importer", db, folder / f"ack-i{i}.jsonl", 100 + i, 0, files) for i in range(imports)]
    for p in procs:
        assert p.stdout is not None
        p.stdout.readline()  # "ready": every process has opened the database
    started = time.perf_counter()
    codes = [p.wait() for p in procs]
    seconds = time.perf_counter() - started
    figures = verify(db, _acks(folder))
    figures["seconds"] = round(seconds, 1)
    figures["reports per second"] = round(writers * reports / seconds, 1)
    figures["rows imported"] = imports * files * IMPORT_ROWS
    figures["processes that failed"] = sum(c != 0 for c in codes)
    return figures


def run_baseline(db: str, folder: Path, reports: int) -> float:
    """One writer alone, same work: reports per second (the figure beside the concurrent one)."""
    prepare(db)
    proc = _spawn("writer", db, folder / "ack-base.jsonl", 0, reports, 0)
    assert proc.stdout is not None
    proc.stdout.readline()
    started = time.perf_counter()
    proc.wait()
    return reports / (time.perf_counter() - started)


def run_kills(db: str, folder: Path, kills: int, seed: int = 1, fresh: bool = True, writers: int = 2) -> dict[str, Any]:
    """Rounds of `writers` writers + 1 importer, each killed at a random moment. fresh=False: go on with a
    database (and acknowledgement folder) a concurrent run has just used."""
    if fresh:
        prepare(db)
    rng = random.Random(seed)
    done = 0
    rounds = 0
    while done < kills:
        rounds += 1
        procs = [
            _spawn("writer", db, folder / f"ack-k{rounds}-w{i}.jsonl", rounds * 10 + i, 10_000, 0)
            for i in range(writers)
        ]
        procs.append(_spawn("importer", db, folder / f"ack-k{rounds}-i.jsonl", rounds * 10 + 5, 0, 1000))
        for p in procs:
            assert p.stdout is not None
            p.stdout.readline()
        rng.shuffle(procs)
        for p in procs:
            if done >= kills:
                p.send_signal(signal.SIGTERM)
            else:
                time.sleep(rng.uniform(0.05, 0.6))  # a random moment in the middle of writes and imports
                p.send_signal(signal.SIGKILL)
                done += 1
            p.wait()
    acks = _acks(folder)
    acks.append({"kind": "kill"})
    figures = verify(db, acks)
    figures["kills"] = done
    figures["rounds"] = rounds
    return figures


RESTORE_FAILURES = (
    "baseline restore failed",
    "mixed or other content",
    "opens refused or failed",
    "integrity_check not ok",
    "carelog check not clean",
    "acknowledged reports lost",
    "incomplete before-restore copies",
    "tracebacks",
)


def _sqlite_path(db: str) -> Path:
    return Path(db.removeprefix("sqlite:///"))


def _state(db: str) -> tuple[set[str], str, bool]:
    """(incident references, PRAGMA integrity_check, carelog check clean) of the database, opened as CareLog
    would; this process lets go of the database afterwards so a restore in another process may replace it."""
    from sqlalchemy import select

    from carelog.db import open_lock
    from carelog.db.models import IncidentRow

    services = _services(db)
    engine = services.ctx.sessions.kw["bind"]
    try:
        with services.ctx.read() as session:
            references = set(session.scalars(select(IncidentRow.reference)))
        with engine.connect() as conn:
            integrity = str(conn.exec_driver_sql("PRAGMA integrity_check").scalar_one())
        clean = services.integrity.check().ok
    finally:
        _let_go(engine)
    folder = open_lock.lock_folder(_sqlite_path(db))
    assert folder not in open_lock._held, "the checking process still marks the database as open"
    return references, integrity, clean


def _let_go(engine: Any) -> None:
    """Close `engine` and drop this process's open mark on its file now, as its finaliser would (db.engine)."""
    engine.dispose()
    for fin in list(weakref.finalize._registry):  # type: ignore[attr-defined]
        info = fin.peek()
        if info is not None and info[0] is engine:
            fin()


def _sqlite_ok(path: Path) -> bool:
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _restore_round(db: str, backup: Path, seed: int, kill_at: float | None, in_replace: bool) -> dict[str, Any]:
    """One restore; kill -9 it `kill_at` seconds after it is ready (or after it starts replacing the file)."""
    from carelog.core.recovery_key import format_recovery_key

    key = format_recovery_key(BACKUP_KEY)
    proc = _spawn("restorer", db, backup.with_name(f"ack-r{seed}.jsonl"), seed, 0, 0, backup, key)
    assert proc.stdout is not None
    started = time.perf_counter()
    lines: list[str] = []
    line = proc.stdout.readline()
    ready = time.perf_counter()
    replacing = None
    if kill_at is not None and not in_replace:
        time.sleep(kill_at)
    else:
        while line:
            lines.append(line.strip())
            if line.startswith("progress 80"):
                replacing = time.perf_counter()
                break
            line = proc.stdout.readline()
        if kill_at is not None:
            time.sleep(kill_at)
    if kill_at is not None:
        proc.send_signal(signal.SIGKILL)
    rest = proc.stdout.read()
    code = proc.wait()
    lines += rest.split()
    return {
        "finished": "done" in lines or "done" in rest,
        "killed": code == -signal.SIGKILL,
        "code": code,
        "seconds": time.perf_counter() - ready,
        "start-up": ready - started,
        "replace seconds": time.perf_counter() - replacing if replacing is not None else None,
        "pid": proc.pid,
    }


def run_restore_kills(db: str, folder: Path, kills: int, seed: int = 3) -> dict[str, Any]:
    """Writers add reports, then a restore of one backup is killed at a random moment, `kills` times."""
    from carelog.services.backup import write_backup

    rng = random.Random(seed)
    prepare(db)
    backup = folder / "stress.carelog-backup"
    engine = _services(db).ctx.sessions.kw["bind"]
    write_backup(engine, backup, BACKUP_KEY, "stress-kills", NOW)
    _let_go(engine)
    in_backup, _integrity, _clean = _state(db)
    outcomes: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    stale_seen = 0

    def add_reports(n: int) -> None:
        p = _spawn("writer", db, folder / f"ack-r{n}-w.jsonl", 500 + n, 2, 0)
        assert p.stdout is not None
        p.stdout.readline()
        if p.wait() != 0:
            failures["tracebacks"] += 1

    # baseline in the same run: one restore that is not killed (how long a restore takes, and that it works)
    add_reports(0)
    base = _restore_round(db, backup, 0, None, in_replace=True)
    references, _integrity, _clean = _state(db)
    if not base["finished"] or references != in_backup:
        failures["baseline restore failed"] += 1
    span, replace_span = base["seconds"], max(base["replace seconds"] or 0.01, 0.01)
    done = in_replace_kills = n = 0
    while done < kills and n < 3 * kills:  # a restore that finished before its kill is no kill: go on
        n += 1
        add_reports(n)
        before, _integrity, _clean = _state(db)
        round_acks = (folder / f"ack-r{n}-w.jsonl").read_text().splitlines()
        acked = {json.loads(a)["reference"] for a in round_acks if '"report"' in a}
        failures["acknowledged reports lost"] += len(acked - before)  # by the writer, before the restore
        in_replace = in_replace_kills * 2 < done + 1  # about half the kills while the file is replaced
        kill_at = rng.uniform(0, replace_span * 0.6) if in_replace else rng.uniform(0, span)
        result = _restore_round(db, backup, n, kill_at, in_replace)
        lock_dir = _sqlite_path(db).with_name(_sqlite_path(db).name + ".carelog-open")
        stale_seen += result["killed"] and (lock_dir / f"open-{result['pid']}").exists()
        try:
            after, integrity, clean = _state(db)
        except Exception:
            failures["opens refused or failed"] += 1
            outcomes["could not open"] += 1
            continue
        if result["killed"]:
            done += 1
            in_replace_kills += in_replace
            where = "killed while replacing" if in_replace else "killed at random"
        else:
            where = "finished before its kill"
        if after == before:
            outcomes[f"{where}: old content kept"] += 1
            failures["acknowledged reports lost"] += len(acked - after)
        elif after == in_backup:
            outcomes[f"{where}: backup's content"] += 1
        else:
            failures["mixed or other content"] += 1
        failures["integrity_check not ok"] += integrity != "ok"
        failures["carelog check not clean"] += not clean
    copies = list(_sqlite_path(db).parent.glob("*.before-restore-*"))
    failures["incomplete before-restore copies"] += sum(not _sqlite_ok(c) for c in copies if c.suffix == ".db")
    failures["tracebacks"] += sum(a["kind"] == "traceback" for a in _acks(folder))
    figures: dict[str, Any] = {"kills": done, "of them after 'Replacing the database'": in_replace_kills}
    figures.update(sorted(outcomes.items()))
    figures["kills that left a stale open mark"] = stale_seen  # and the restore lock: neither blocked anything
    for key_name in RESTORE_FAILURES:
        figures[key_name] = failures.pop(key_name, 0)
    figures.update(failures)
    figures["before-restore copies kept"] = len(copies)
    figures["baseline: 1 restore not killed"] = (
        f"{span:.2f} s after start-up ({base['start-up']:.2f} s), replacing the file {replace_span * 1000:.0f} ms"
    )
    return figures


def _restore_failed(figures: dict[str, Any]) -> bool:
    return any(figures[k] for k in RESTORE_FAILURES)


def _pg_database(admin_url: str) -> tuple[str, Any]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"carelog_stress_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def _print(title: str, figures: dict[str, Any]) -> None:
    print(f"\n{title}")
    for key, value in figures.items():
        if not key.startswith("_"):
            print(f"  {key:<44} {value}")
    for text in figures.get("_tracebacks", []):
        print("  traceback:\n" + text)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--reports", type=int, default=150)
    parser.add_argument("--imports", type=int, default=2)
    parser.add_argument("--files", type=int, default=3, help="CSV files each importer imports")
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--pg", default=os.environ.get("CARELOG_TEST_PG_URL", ""))
    parser.add_argument("--restore-kills", type=int, default=50, help="kill -9 during restores (0: none)")
    parser.add_argument("--worker", choices=["writer", "importer", "restorer"])
    parser.add_argument("--backup")
    parser.add_argument("--db")
    parser.add_argument("--ack")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.worker:
        return worker_main(args)

    bad = False
    with tempfile.TemporaryDirectory(prefix="carelog-stress-") as tmp:
        root = Path(tmp)
        os.environ["CARELOG_DATA_DIR"] = str(root / "data")
        for name in ("base", "sqlite", "kills", "pg"):
            (root / name).mkdir()
        baseline = run_baseline(f"sqlite:///{root / 'base' / 'base.db'}", root / "base", args.reports)
        figures = run_concurrent(
            f"sqlite:///{root / 'sqlite' / 'stress.db'}",
            root / "sqlite",
            args.writers,
            args.reports,
            args.imports,
            args.files,
        )
        figures["baseline: 1 writer alone"] = f"{baseline:.1f} reports per second (same work, no one else writing)"
        _print(f"SQLite: {args.writers} writers x {args.reports} reports + edits, {args.imports} importers", figures)
        bad |= _failed(figures)
        if args.pg:
            url, drop = _pg_database(args.pg)
            try:
                figures = run_concurrent(url, root / "pg", args.writers, args.reports, args.imports, args.files)
            finally:
                drop()
            _print(
                f"PostgreSQL: {args.writers} writers x {args.reports} reports + edits, {args.imports} importers",
                figures,
            )
            bad |= _failed(figures)
        if args.kills:
            figures = run_kills(f"sqlite:///{root / 'kills' / 'kills.db'}", root / "kills", args.kills)
            _print("SQLite kill test: kill -9 at random moments during writes and imports", figures)
            bad |= _failed(figures)
        if args.restore_kills:
            (root / "restores").mkdir()
            figures = run_restore_kills(
                f"sqlite:///{root / 'restores' / 'restores.db'}", root / "restores", args.restore_kills
            )
            _print("SQLite restore kill test: kill -9 at random moments during restores of a backup", figures)
            bad |= _restore_failed(figures)
    print("\nRESULT:", "FAILED" if bad else "all writes kept, no tracebacks, database clean")
    return 1 if bad else 0


def _failed(figures: dict[str, Any]) -> bool:
    zero = ("lost reports", "lost or overwritten edits", "tracebacks", "duplicate references")
    return (
        any(figures.get(k) for k in zero)
        or figures["carelog check"] != "clean"
        or figures["PRAGMA integrity_check"] not in ("ok", "n/a (PostgreSQL)")
    )


if __name__ == "__main__":
    sys.exit(main())
