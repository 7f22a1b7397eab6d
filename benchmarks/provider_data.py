"""Provider-scale data for bench_provider.py: a PostgreSQL server of its own, and 50 services with 1,000,000
incidents written with COPY (not the service layer per row).

The services, locations and people are written through the repositories with their audit entries; the bulk
incidents (with their people and notifications) are not chained into the audit trail: at this size the benchmark
measures reads, and `carelog check` on such a database reports the bulk incidents as unaudited.
All names, codes and accounts are invented.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

COMPLETE = "carelog benchmark data, complete"
DATA_VERSION = 2  # part of the database names: a change to what is generated writes new databases
YEARS = 10  # 1,000,000 incidents over 50 services and 10 years: ~2,000 a year per service, a busy 60-bed home
LOCATIONS = ("Rose Lounge", "Dining room", "Garden Lounge", "Bedroom corridor", "Bathroom", "Garden")
ACCOUNTS = (
    "Found on the floor beside the bed at the night check; said she tried to reach the commode.",
    "Slipped in the bathroom while walking with the walking frame; helped up with the hoist.",
    "Morning medicines given late after handover; GP advice taken, no harm seen.",
    "Raised voice and pushed a chair in the lounge after a visitor left; calmed with a walk in the garden.",
    "Small skin tear on the left forearm noticed during personal care; dressed and recorded.",
    "Declined lunch and fluids; encouraged, offered alternatives, fluid chart started.",
    "Sensor mat alarm did not sound; checked and battery replaced by maintenance.",
    "Left the building without staff and was found at the bus stop; returned safely.",
)
INCIDENT_COLUMNS = (
    "id reference kind category_id subcategory_id occurred_at reported_at reporter_id reporter_name service_id "
    "location_id account immediate_action witnesses injury body_sites post_fall_observations physical_harm "
    "psychological_harm risk_consequence risk_likelihood risk_score status shift risk_assessment_reviewed "
    "care_plan_reviewed created_at updated_at version"
).split()


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")])
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise SystemExit("PostgreSQL server programs (initdb, pg_ctl) not found: install postgresql.")


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:  # the server refuses to run as root
        return ["su", "postgres", "-c", " ".join(cmd)]
    return cmd


def free_port(preferred: int) -> int:
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", preferred)) != 0:
            return preferred
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A PostgreSQL server in `data_dir` (made with initdb the first time, kept between runs)."""

    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir = data_dir
        self.port = port
        self.bin = pg_bin()

    def start(self) -> str:
        if not (self.data_dir / "PG_VERSION").exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(self.data_dir, "postgres")
            subprocess.run(
                _as_postgres([str(self.bin / "initdb"), "-D", str(self.data_dir), "-A", "trust", "-U", "postgres"]),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        self.port = free_port(self.port)
        opts = f"'-p {self.port} -k {self.data_dir} -c listen_addresses=127.0.0.1 -c shared_buffers=512MB'"
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-w",
                    "-l",
                    f"{self.data_dir}/log",
                    "-o",
                    opts,
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def database_url(admin_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def database_exists(admin_url: str, name: str) -> bool:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            found = conn.execute(
                text("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = :n"), {"n": name}
            ).scalar()
            return found == COMPLETE  # a database whose filling was interrupted is written again
    finally:
        engine.dispose()


def mark_complete(admin_url: str, name: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"COMMENT ON DATABASE \"{name}\" IS '{COMPLETE}'")
    finally:
        engine.dispose()


def recreate_database(admin_url: str, name: str) -> str:
    from sqlalchemy import create_engine

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return database_url(admin_url, name)


def _incident_rows(
    rng: random.Random,
    count: int,
    first_id: int,
    homes: list[tuple[int, list[int]]],
    categories: list[tuple[int, list[int]]],
    end: datetime,
    counters: dict[int, int],
) -> Iterator[tuple[object, ...]]:
    """`count` incident rows spread evenly over the homes and the last YEARS years before `end`."""
    start = end - timedelta(days=365 * YEARS)
    span = int((end - start).total_seconds() // 60)
    kinds = ["incident"] * 14 + ["near_miss"] * 3 + ["low_level_concern", "complaint", "compliment"]
    # a care provider's harm mix (most incidents cause no or low harm; LFPSE-style data has ~5% moderate or worse)
    harms = ["none"] * 70 + ["low"] * 25 + ["moderate"] * 4 + ["severe"]
    for n in range(count):
        sid, locations = homes[n % len(homes)]
        occurred = start + timedelta(minutes=rng.randrange(span))
        counters[occurred.year] = counters.get(occurred.year, 0) + 1
        cat, subs = categories[rng.randrange(len(categories))]
        harm = harms[rng.randrange(len(harms))]
        shift = "early" if 7 <= occurred.hour < 14 else "late" if 14 <= occurred.hour < 21 else "night"
        old = occurred < end - timedelta(days=120)
        status = "closed" if old else ("reported", "under_review", "actions_in_progress", "closed")[n % 4]
        reported = occurred + timedelta(minutes=30)
        yield (
            first_id + n,
            f"INC-{occurred.year}-{counters[occurred.year]:06d}",
            kinds[rng.randrange(len(kinds))],
            cat,
            subs[rng.randrange(len(subs))] if subs else None,
            occurred,
            reported,
            None,
            "Demo Carer",
            sid,
            locations[rng.randrange(len(locations))],
            ACCOUNTS[rng.randrange(len(ACCOUNTS))],
            "Checked, made comfortable, observations started.",
            "",
            harm != "none",
            "",
            "",
            harm,
            "none",
            None,
            None,
            None,
            status,
            shift,
            False,
            False,
            reported,
            reported,
            1,
        )


def fill(url: str, incidents: int, services: int, as_of: datetime, seed: int = 18) -> None:
    """Migrate `url`, add the services (audited) and COPY `incidents` incidents in."""
    from sqlalchemy import create_engine, text

    from carelog.core.dto import Actor
    from carelog.core.enums import Role, ServiceType
    from carelog.db.models import CategoryRow, SubcategoryRow
    from carelog.db.repositories import audit, organisation
    from carelog.services.context import Identity
    from carelog.services.registry import open_services

    admin = Actor(None, "Benchmark", Role.ADMIN)
    svc = open_services(url, Identity(admin))
    rng = random.Random(seed)
    homes: list[tuple[int, list[int]]] = []
    people: dict[int, list[int]] = {}
    with svc.ctx.unit() as session:
        new: list[audit.NewAuditRecord] = []
        for s in range(services):
            sid = organisation.add_service(session, f"Demo Home {s + 1:02d}", ServiceType.CARE_HOME, 60)
            locs = [organisation.add_location(session, sid, name) for name in LOCATIONS]
            folk = [
                organisation.add_person(session, f"H{s + 1:02d}-{p:03d}", f"Resident {p:03d}", sid) for p in range(40)
            ]
            homes.append((sid, locs))
            people[sid] = folk
            new += [audit.NewAuditRecord("service", sid, "create")]
            new += [audit.NewAuditRecord("location", i, "create") for i in locs]
            new += [audit.NewAuditRecord("person", i, "create") for i in folk]
        audit.append_many(session, admin, new, at=as_of)
        subs: dict[int, list[int]] = {}
        for cid, sub in session.execute(text("SELECT category_id, id FROM subcategories")):
            subs.setdefault(cid, []).append(sub)
        categories = [(cid, subs.get(cid, [])) for cid in session.scalars(text("SELECT id FROM categories"))]
        del CategoryRow, SubcategoryRow
    engine = create_engine(url)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname IN ('incidents', 'incident_people', "
            "'notifications') AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)"
        )
        indexes = cur.fetchall()
        for name, _definition in indexes:  # rebuilt after the load: many times quicker than kept up per row
            cur.execute(f'DROP INDEX "{name}"')
        started = time.perf_counter()
        counters: dict[int, int] = {}
        batch = 100_000
        for first in range(0, incidents, batch):
            size = min(batch, incidents - first)
            rows = list(_incident_rows(rng, size, first + 1, homes, categories, as_of, counters))
            with cur.copy(f"COPY incidents ({', '.join(INCIDENT_COLUMNS)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
            with cur.copy("COPY incident_people (incident_id, person_id) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    folk = people[row[9]]  # type: ignore[index]
                    copy.write_row((row[0], folk[int(row[0]) % len(folk)]))  # type: ignore[call-overload]
            with cur.copy("COPY notifications (incident_id, kind, made_at, reference, note) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    if row[17] in ("moderate", "severe"):  # CQC told; Duty of Candour met, but for one in ten
                        copy.write_row((row[0], "cqc", row[5] + timedelta(hours=4), f"CQC-{row[0]}", ""))  # type: ignore[operator]
                        if int(row[0]) % 10:  # type: ignore[call-overload]
                            copy.write_row((row[0], "duty_of_candour", row[5] + timedelta(days=1), "", ""))  # type: ignore[operator]
            raw.commit()
            print(f"  {first + size:>10,} incidents copied ({time.perf_counter() - started:.0f} s)", flush=True)
        for year, last in counters.items():
            cur.execute(
                "INSERT INTO reference_counters (prefix, year, last_number) VALUES ('INC', %s, %s) "
                "ON CONFLICT (prefix, year) DO UPDATE SET last_number = EXCLUDED.last_number",
                (year, last),
            )
        cur.execute("SELECT setval(pg_get_serial_sequence('incidents', 'id'), (SELECT max(id) FROM incidents))")
        raw.commit()
        started = time.perf_counter()
        for _name, definition in indexes:
            cur.execute(definition)
        raw.commit()
        print(f"  {len(indexes)} indexes rebuilt in {time.perf_counter() - started:.0f} s", flush=True)
        driver = raw.driver_connection
        driver.autocommit = True  # type: ignore[union-attr]
        driver.execute("VACUUM ANALYZE")  # type: ignore[union-attr]
    finally:
        raw.close()
        engine.dispose()
