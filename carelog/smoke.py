"""`carelog --smoke [--db URL] [--screenshot FILE.png]`: prove an installed or frozen CareLog works, then exit.

Opens a demo database (a new one in a temporary folder unless --db is given), shows the main window with every
tab, saves a screenshot, and writes a short monthly report PDF and renders its first page (the charts, fonts, PDF
and printing libraries a frozen build must carry). Exit code 0 when all of that worked, 1 otherwise.

Works without a screen: with no display on Linux the offscreen Qt platform is used. Nothing is written to the
user's CareLog data folder unless --db points there: the data folder is moved to the temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carelog.services.registry import Services

DEMO_INCIDENTS = 300
_demo_seconds = 0.0


def run_smoke(db: str | None, screenshot: Path | None) -> int:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="carelog-smoke-") as tmp:
        os.environ["CARELOG_DATA_DIR"] = tmp  # backups, drafts, logs of this run stay out of the user's folder
        target = db or str(Path(tmp) / "smoke.db")
        out = screenshot or Path(tempfile.gettempdir()) / "carelog-smoke.png"
        try:
            return _run(target, out, Path(tmp))
        except Exception:
            _say("CareLog smoke test FAILED:", error=True)
            traceback.print_exc()
            return 1


def _run(db: str, out: Path, tmp: Path) -> int:
    started = time.perf_counter()
    from carelog.demo import fill_demo_if_empty
    from carelog.services.registry import open_services

    services = open_services(db)
    filled = fill_demo_if_empty(services, incidents=DEMO_INCIDENTS)
    global _demo_seconds
    _demo_seconds = time.perf_counter() - started
    _say(f"database ready ({'demo data added' if filled else 'existing data kept'}) in {_since(started)}")

    from carelog.ui.smoke_window import show_and_grab

    shown = time.perf_counter()
    result = show_and_grab(services, out)
    problems = result.problems
    for problem in problems:
        _say(f"problem: {problem}", error=True)
    first_paint = time.perf_counter() - result.first_paint
    _say(f"main window painted {_since_launch(first_paint)} (not counting the demo data check)")
    _say(f"every tab painted and the screenshot saved to {out} in {_since(shown)}")

    pdf_started = time.perf_counter()
    pages = _build_and_render_report(services, tmp)
    _say(f"monthly report built ({pages} pages) and page 1 rendered in {_since(pdf_started)}")
    if problems:
        _say("CareLog smoke test FAILED.", error=True)
        return 1
    _say(f"CareLog smoke test passed in {_since(started)}.")
    return 0


def _build_and_render_report(services: Services, tmp: Path) -> int:
    """The pack path: matplotlib SVG charts, svglib, ReportLab fonts; then pypdfium2 as Print uses it."""
    import pypdfium2

    from carelog.core.pack_data import PackRequest

    today = services.ctx.clock().date()
    request = PackRequest(today - timedelta(days=90), today, monthly=True)
    pdf = tmp / "smoke-report.pdf"
    pages = services.pack.build(request, pdf)
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        bitmap = document[0].render(scale=0.5)
        if bitmap.width <= 0 or bitmap.height <= 0:
            raise RuntimeError("page 1 of the report rendered empty")
    finally:
        document.close()
    # The backends charts may use directly (not only through the pack): they must load in a frozen build.
    import io

    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))
    figure.add_subplot().plot([0, 1], [1, 0])
    for fmt in ("svg", "pdf"):
        figure.savefig(io.BytesIO(), format=fmt)
    return pages


def _since(moment: float) -> str:
    return f"{time.perf_counter() - moment:.2f} s"


def _since_launch(ago: float) -> str:
    """Seconds from the process's creation (Linux only: from /proc; includes unpacking and imports) until `ago`
    seconds before now, less the demo data step."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        start_ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return f"{uptime - start_ticks / ticks - ago - _demo_seconds:.2f} s after launch"
    except (OSError, ValueError, IndexError, AttributeError):
        return "(launch time unknown on this system)"


def _say(message: str, error: bool = False) -> None:
    stream = sys.stderr if error else sys.stdout
    if stream is not None:  # a windowed Windows build has no console streams
        print(f"smoke: {message}", file=stream, flush=True)
