"""Start-up benchmark: process start to the first usable tab, at 1k and 100k incidents, beside a bare window.

Run:  .venv/bin/python benchmarks/bench_startup.py [--sizes 1000,100000]

Each figure is the median of 3 fresh processes, printed beside a bare PySide6 window (QMainWindow + QTabWidget,
shown and painted) started right before each of them on the same machine (the ratio is the median of the pairs,
so a busy machine slows both alike); CPU is the process's CPU time (all threads), which load changes least:
- window shown          CareLog's window with its "Opening…" progress bar on screen
- first tab usable      the database opened off the GUI thread, the person's tabs installed and the tab on screen
                        built and painted (a manager: the Log with its list; care staff: the quick-report screen)
- every tab built       the old way, for comparison: each tab visited once
The human sign-in step (typing, argon2) is left out: the benchmark sets who is signed in directly.
Target (issue 13): first tab usable <= 1.0 s and <= 4x the bare window at 100k incidents.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_log import demo_db  # noqa: E402

BARE_CPU_CHILD = """
import time
t0, c0 = time.perf_counter(), time.process_time()
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QTabWidget()); w.resize(1366, 768); w.show()
app.processEvents()
print(f"{time.perf_counter() - t0:.4f} {time.process_time() - c0:.4f}")
"""

APP_CHILD = """
import sys, time
t0, c0 = time.perf_counter(), time.process_time()
from carelog.app import _open_in_background
from carelog.ui.main_window import MainWindow
from carelog.ui.qt_app import ensure_qapp
from carelog.ui.task_runner import TaskRunner
from carelog.ui.events import AppEvents
app = ensure_qapp()
window = MainWindow("bench")
window.resize(1366, 768)
window.show()
app.processEvents()
shown = time.perf_counter() - t0
runner = TaskRunner()
services = _open_in_background(window, runner, sys.argv[1], False)
from carelog.core.enums import Role
from carelog.services.accounts import actor_for
role = Role(sys.argv[2])
user = next(u for u in services.accounts.list_users() if u.role == role and u.active)
services.ctx.identity.actor = actor_for(user)
window.install(services, AppEvents(), runner)
window.repaint()
app.processEvents()
first, first_cpu = time.perf_counter() - t0, time.process_time() - c0
key = window.current_key()
for k in window.page_keys():
    window.show_page(k)
    app.processEvents()
every = time.perf_counter() - t0
print(f"{shown:.4f} {first:.4f} {every:.4f} {first_cpu:.4f} {key}")
"""


def run_child(code: str, *args: str) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"benchmark child failed:\n{done.stderr}")
    return done.stdout.split()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'incidents':>10}  {'who':<11} {'measure':<22} {'CareLog':>9} {'bare window':>12}  ratio  target")
    for n in sizes:
        db = str(demo_db(n))
        for role in ("manager", "care_staff"):
            pairs = []  # a bare window right before each CareLog start, so both see the same machine load
            for _ in range(args.runs):
                bare = [float(v) for v in run_child(BARE_CPU_CHILD)]
                app = run_child(APP_CHILD, db, role)
                pairs.append((bare, [float(v) for v in app[:4]], app[4]))
            tab = pairs[0][2]
            rows = (
                ("window shown", 0, 0),
                (f"first tab ({tab})", 1, 0),
                (f"first tab ({tab}), CPU", 3, 1),
                ("every tab built", 2, 0),
            )
            for label, i, b in rows:
                value = statistics.median(p[1][i] for p in pairs)
                base = statistics.median(p[0][b] for p in pairs)
                ratio = statistics.median(p[1][i] / p[0][b] for p in pairs)
                target = ""
                if i == 1:
                    target = "<= 1.0 s and <= 4x" + ("  ok" if value <= 1.0 and ratio <= 4 else "  missed")
                print(f"{n:>10,}  {role:<11} {label:<22} {value:>8.3f}s {base:>11.3f}s {ratio:>6.2f}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
