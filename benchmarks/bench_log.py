"""Log tab benchmark: start-up, list load, filter and search, peak memory at 1k / 10k / 100k incidents.

Run:  .venv/bin/python benchmarks/bench_log.py [--sizes 1000,10000,100000]

Every figure is printed beside a baseline measured in the same run on the same machine:
- start to window shown   vs a bare PySide6 window (separate processes, median of 3). CareLog shows its main
                          window first and then opens the database, as run_gui does;
- start to pages ready    the same process, once the database is open and every tab is built
- Log tab list shown      vs the bare SQL that lists the ids (the floor the app cannot beat)
- filter / search         vs the same query in bare SQL
- peak memory (RSS)       vs the bare PySide6 window process
Targets (issue 2): start <= 1.5 x bare; with 100k incidents list <= 0.5 s, filter/search <= 0.15 s, peak <= 300 MB.
Start-up is measured to the main window shown, without the human sign-in step.
Demo databases are cached in the system temp folder (carelog-bench) so a second run is quick.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "carelog-bench"

BARE_CHILD = """
import time, resource, sys
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QTabWidget()); w.resize(1280, 800); w.show()
app.processEvents()
print(f"{time.perf_counter() - t0:.4f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
"""

APP_CHILD = """
import time, resource, sys
t0 = time.perf_counter()
from carelog.app import ensure_qapp
from carelog.ui.main_window import MainWindow
app = ensure_qapp()
window = MainWindow("bench")
window.show()
app.processEvents()
shown = time.perf_counter() - t0
from carelog.services.registry import open_services
from carelog.ui.events import AppEvents
from carelog.ui.task_runner import TaskRunner
window.install(open_services(sys.argv[1]), AppEvents(), TaskRunner())
app.processEvents()
ready = time.perf_counter() - t0
print(f"{shown:.4f} {ready:.4f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
"""


def schema_key() -> str:
    """Changes whenever a migration file changes, so a cached demo database never has an old schema."""
    import hashlib

    from carelog.db.engine import MIGRATIONS_DIR

    digest = hashlib.sha1()
    for f in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        digest.update(f.read_bytes())
    return digest.hexdigest()[:10]


def demo_db(n: int) -> Path:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"demo-{n}-{schema_key()}.db"
    if not path.exists():
        print(f"  making a demo database with {n:,} incidents (cached at {path}) ...", flush=True)
        subprocess.run(
            [sys.executable, "-m", "carelog", "demo", "--db", str(path), "--incidents", str(n)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


def child(code: str, *args: str) -> list[float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"benchmark child failed:\n{done.stderr}")
    return [float(x) for x in done.stdout.split()]


def median_child(code: str, *args: str, runs: int = 3) -> list[float]:
    """Median of each timing over `runs` processes; the last figure (peak memory) is the maximum."""
    results = [child(code, *args) for _ in range(runs)]
    times = [statistics.median(r[i] for r in results) for i in range(len(results[0]) - 1)]
    return [*times, max(r[-1] for r in results)]


def timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def in_process(db: Path) -> dict[str, tuple[float, float]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from carelog.app import ensure_qapp
    from carelog.core.dto import IncidentFilter
    from carelog.services.registry import open_services
    from carelog.ui.events import AppEvents
    from carelog.ui.pages.log_page import LogPage
    from carelog.ui.task_runner import TaskRunner

    app = ensure_qapp()
    services = open_services(db)
    raw = sqlite3.connect(db)
    fall_id = raw.execute("SELECT id FROM categories WHERE name = 'Fall'").fetchone()[0]
    page = LogPage(services, AppEvents(), TaskRunner())
    page.resize(1400, 900)
    page.show()
    app.processEvents()

    def show_list() -> None:
        page.refresh()
        page.table.viewport().repaint()

    def filter_list() -> None:
        page._show(IncidentFilter(category_id=fall_id))  # noqa: SLF001 - the page's own query path
        page.table.viewport().repaint()

    def search_list() -> None:
        page._show(IncidentFilter(text="walking frame"))  # noqa: SLF001
        page.table.viewport().repaint()

    results = {
        "Log tab list shown": (
            timed(show_list),
            timed(lambda: raw.execute("SELECT id FROM incidents ORDER BY occurred_at DESC, id DESC").fetchall()),
        ),
        "filter (category)": (
            timed(filter_list),
            timed(
                lambda: raw.execute(
                    "SELECT id FROM incidents WHERE category_id = ? ORDER BY occurred_at DESC", (fall_id,)
                ).fetchall()
            ),
        ),
        "search (free text)": (
            timed(search_list),
            timed(
                lambda: raw.execute(
                    "SELECT id FROM incidents WHERE id IN (SELECT rowid FROM incidents_fts WHERE incidents_fts "
                    'MATCH \'"walking"* "frame"*\') ORDER BY occurred_at DESC'
                ).fetchall()
            ),
        ),
    }
    page.close()
    raw.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    bare_start, bare_mem = median_child(BARE_CHILD, runs=5)
    print(f"{'incidents':>10}  {'measure':<24} {'CareLog':>10} {'baseline':>10}  ratio  baseline is")
    for n in sizes:
        db = demo_db(n)
        start, ready, mem = median_child(APP_CHILD, str(db))
        for label, value in (("start to window shown", start), ("start to pages ready", ready)):
            print(
                f"{n:>10,}  {label:<24} {value:>9.3f}s {bare_start:>9.3f}s {value / bare_start:>6.2f}"
                "  bare PySide6 window"
            )
        for name, (value, base) in in_process_subprocess(db).items():
            print(f"{n:>10,}  {name:<24} {value:>9.3f}s {base:>9.3f}s {value / max(base, 1e-6):>6.1f}  bare SQL")
        print(
            f"{n:>10,}  {'peak memory (RSS)':<24} {mem:>8.0f}MB {bare_mem:>8.0f}MB {mem / bare_mem:>6.2f}"
            "  bare PySide6 window"
        )
    return 0


def in_process_subprocess(db: Path) -> dict[str, tuple[float, float]]:
    """Run the in-process measures in a fresh interpreter so sizes do not share caches."""
    code = (
        "import sys, json; sys.path.insert(0, sys.argv[2]); import bench_log; "
        "print(json.dumps(bench_log.in_process(__import__('pathlib').Path(sys.argv[1]))))"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = (
        subprocess.run(
            [sys.executable, "-c", code, str(db), str(Path(__file__).parent)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    import json

    return {k: (v[0], v[1]) for k, v in json.loads(out).items()}


if __name__ == "__main__":
    sys.exit(main())
