"""Backup and restore speed with encryption, beside the unencrypted zip of the same data in the same run.

The baseline is what backups cost before they were encrypted: the same snapshot written as the same zip
(services.backup._write_zip). The encrypted backup adds AES-256-GCM over that zip; restore adds decrypting and
checking the seal before the (unchanged) load into a scratch database.

    python benchmarks/bench_backup.py [--incidents 20000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=20000)
    args = parser.parse_args()

    from bench_pack import seed

    from carelog.core.dto import SYSTEM_ACTOR
    from carelog.db import maintenance
    from carelog.services import backup_crypto
    from carelog.services.backup import _write_zip, restore_backup, write_backup
    from carelog.services.context import Identity
    from carelog.services.registry import open_services

    folder = Path(tempfile.mkdtemp(prefix="bench-backup-"))
    db = folder / "bench.db"
    services = open_services(f"sqlite:///{db}", Identity(SYSTEM_ACTOR))
    t0 = time.perf_counter()
    seed(services, args.incidents, random.Random(5))
    print(f"seeded {args.incidents} incidents in {time.perf_counter() - t0:.1f} s")
    engine = services.backup.engine
    key, now = bytes(range(32)), datetime(2026, 1, 1)

    def plain_zip() -> None:
        snap = folder / "snap.db"
        snap.unlink(missing_ok=True)
        maintenance.snapshot_sqlite(db, snap)
        plain_engine = maintenance.plain_sqlite_engine(snap)
        _write_zip(plain_engine, folder / "plain.zip", "sqlite", now, lambda _p, _m: None)
        plain_engine.dispose()

    baseline, encrypted = float("inf"), float("inf")
    for _ in range(3):  # alternate, best of three each: the two differ by less than the noise of one run
        t0 = time.perf_counter()
        plain_zip()
        baseline = min(baseline, time.perf_counter() - t0)
        t0 = time.perf_counter()
        write_backup(engine, folder / "b.carelog-backup", key, "bench", now)
        encrypted = min(encrypted, time.perf_counter() - t0)

    t0 = time.perf_counter()
    backup_crypto.decrypt_file(folder / "b.carelog-backup", key, folder / "decrypted.zip")
    decrypt = time.perf_counter() - t0

    t0 = time.perf_counter()
    restore_backup(folder / "b.carelog-backup", str(folder / "restored.db"), key)
    restore = time.perf_counter() - t0

    size_plain = (folder / "plain.zip").stat().st_size / 1e6
    size_enc = (folder / "b.carelog-backup").stat().st_size / 1e6
    print(f"baseline: snapshot + unencrypted zip   {baseline:6.2f} s   {size_plain:6.2f} MB")
    print(
        f"encrypted backup (snapshot+zip+GCM)    {encrypted:6.2f} s   {size_enc:6.2f} MB   "
        f"ratio {encrypted / baseline:4.2f} x"
    )
    print(f"decrypt + check seal alone             {decrypt:6.2f} s")
    print(f"full restore into a new file           {restore:6.2f} s   (decrypt is {100 * decrypt / restore:.0f} %)")


if __name__ == "__main__":
    main()
