"""Trends tab at 100,000 incidents: SQL aggregation + building and drawing the charts (target <= 0.35 s) and pattern
detection (target <= 0.5 s).

Printed beside baselines measured in the same run: drawing one bare bar-chart Figure of the same size (rendered with
Agg, as the Qt canvas does on paint) and the bare SQL (one GROUP BY month over the same incidents).

"cold" clears the service's cache first (a new filter, or data changed since the last read); "warm" is the same
filter again with no write in between (changing the SPC options, switching tabs, the rate choice on the same data:
TrendService caches the aggregation until the next audited write). "all seven" renders every chart, as the old tab
did; "shown" builds and renders only the chart on show, as the Trends tab now does (the others when their tab opens).
Charts are drawn on reports.chart_canvas's Agg canvas, as the tab's Qt canvas draws them: labels measured once
in the process are not measured again (after the warm-up run all are known, as in a tab that has drawn its charts
once); "labels never measured" also forgets those measurements before each run, as a process drawing its first
charts.
Each figure is the median wall-clock time and, beside it, the median CPU time of this process (on a machine shared
with other work the wall clock can be several times the CPU time).
Data comes from carelog.demo.fill_demo (kept in a file between runs: --db to choose it, --fresh to rebuild).

    python benchmarks/bench_trends.py [--incidents 100000] [--db /tmp/carelog-bench-trends.db] [--fresh]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # run as a script: the sibling helpers
from bench_common import demo_services  # noqa: E402

TARGET_SECONDS = 0.35
TARGET_PATTERNS = 0.5
AS_OF = datetime(2026, 3, 31, 18, 0)


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median (wall-clock, CPU) seconds of `runs` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), statistics.median(cpus)


def build_and_draw(make: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock seconds to build one chart's Figure, and to draw such a Figure with Agg."""
    from carelog.reports.chart_canvas import ChartCanvasAgg

    built: list[object] = []
    build = timed(lambda: built.append(make()), runs)[0]
    drawn = timed(lambda: ChartCanvasAgg(built.pop()).draw(), runs)[0]
    return build, drawn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/carelog-bench-trends.db"))
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from sqlalchemy import func, select

    from carelog.core.spc import changes, describe_change
    from carelog.core.trend_data import TrendFilter, add_months, build_spc
    from carelog.db.models import IncidentRow
    from carelog.db.repositories.trends import apply_filter
    from carelog.reports import chart_canvas
    from carelog.reports import charts as draw
    from carelog.reports.chart_canvas import ChartCanvasAgg

    services = demo_services(args.db, args.incidents, args.fresh, AS_OF)
    trends = services.trends
    # the Trends tab's own first filter: the last 18 months to today, every kind but compliments
    f = TrendFilter(add_months(AS_OF.date().replace(day=1), -17), AS_OF.date(), exclude_compliments=True)
    data = trends.charts(f)
    print(f"records in the filter: {data.total:,} over {len(data.monthly.months)} months")

    def cold(fn: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            trends.cache.clear()
            return fn()

        return run

    def unmeasured(fn: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            chart_canvas.forget_measurements()
            return fn()

        return run

    def aggregate():  # type: ignore[no-untyped-def]
        return trends.charts(f)

    def makers_for(d):  # type: ignore[no-untyped-def]
        view = build_spc(d.spc)  # XmR or T-chart, icons, target, actions: what the Trends tab draws
        for change in changes(view.chart):
            describe_change(view.chart, change, view.what)
        return {
            "monthly": lambda: draw.monthly_by_category_figure(d.monthly),
            "spc": lambda: draw.spc_figure(view, captions=False),
            "heat": lambda: draw.heat_map_figure(d.heat_map),
            "location": lambda: draw.location_figure(d.by_location),
            "harm": lambda: draw.harm_figure(d.harm),
            "cross": lambda: draw.safety_cross_figure(d.safety_cross),
            # the By service tab: its own SQL (monthly counts per service) and the small multiples
            "services": lambda: draw.small_multiples_figure(trends.by_service(f, d.spc.category_id)),
        }

    def figures(d, keys=("monthly", "spc", "heat", "location", "harm", "cross", "services")):  # type: ignore[no-untyped-def]
        makers = makers_for(d)
        for key in keys:
            ChartCanvasAgg(makers[key]()).draw()  # Agg render: what the Trends tab's Qt canvas does on paint

    def everything():  # type: ignore[no-untyped-def]
        figures(aggregate())

    def shown():  # type: ignore[no-untyped-def]
        # the tab opens on Monthly (no day-and-hour pass then); each other chart is drawn when it is shown
        figures(trends.charts(f, heat_map=False), ("monthly",))

    def baseline():  # type: ignore[no-untyped-def]
        fig = Figure(figsize=draw.FIGSIZE, dpi=draw.DPI)
        ax = fig.add_subplot()
        ax.bar(range(len(data.monthly.months)), data.monthly.totals())
        FigureCanvasAgg(fig).draw()

    def bare_sql():  # type: ignore[no-untyped-def]
        month = func.substr(IncidentRow.occurred_at, 1, 7)
        with services.ctx.read() as session:
            session.execute(apply_filter(select(month, func.count(IncidentRow.id)), f).group_by(month)).all()

    def patterns():  # type: ignore[no-untyped-def]
        return trends.patterns(AS_OF.date())

    cold(everything)()  # warm the process (fonts, colormaps, SQLite pages)
    runs = args.runs
    rows = [
        ("baseline: one bare bar chart Figure drawn", timed(baseline, runs), None),
        ("baseline: bare SQL (one GROUP BY month)", timed(bare_sql, runs), None),
        ("SQL aggregation for all charts, cold", timed(cold(aggregate), runs), "sql"),
        ("SQL aggregation for all charts, warm", timed(aggregate, runs), "sql"),
        ("build + draw all seven chart Figures", timed(lambda: figures(data), runs), "chart"),
        ("build + draw the chart shown", timed(lambda: figures(data, ("monthly",)), runs), "chart"),
        ("aggregation + redraw of all charts, cold", timed(cold(everything), runs), TARGET_SECONDS),
        ("aggregation + redraw of all charts, warm", timed(everything, runs), TARGET_SECONDS),
        ("  the same, cold, labels never measured", timed(cold(unmeasured(everything)), runs), None),
        ("aggregation + redraw of the chart shown, cold", timed(cold(shown), runs), TARGET_SECONDS),
        ("aggregation + redraw of the chart shown, warm", timed(shown, runs), TARGET_SECONDS),
        ("pattern detection, cold", timed(cold(patterns), 3), TARGET_PATTERNS),
        ("pattern detection, warm (monthly counts cached)", timed(patterns, 3), TARGET_PATTERNS),
    ]
    t_base, t_sql = rows[0][1][0], rows[1][1][0]
    print(f"{'measure':<50}{'wall s':>8}{'cpu s':>8}")
    for name, (wall, cpu), note in rows:
        extra = ""
        if note == "sql":
            extra = f"  ({wall / t_sql:.1f} x bare SQL)"
        elif note == "chart":
            extra = f"  ({wall / t_base:.1f} x bare chart)"
        elif isinstance(note, float):
            extra = f"  target <= {note}" + ("" if wall <= note else "  OVER")
        print(f"{name:<50}{wall:>8.3f}{cpu:>8.3f}{extra}")
    print(f"{'per chart (medians, wall s)':<50}{'build':>8}{'draw':>8}")
    for key, make in makers_for(data).items():
        build, drawn = build_and_draw(make, runs)
        print(f"  {key:<48}{build:>8.3f}{drawn:>8.3f}")
    wall = {name: measured[0] for name, measured, _note in rows}
    ok = (
        wall["aggregation + redraw of all charts, cold"] <= TARGET_SECONDS
        and wall["pattern detection, cold"] <= TARGET_PATTERNS
    )
    print("PASS (cold, all charts)" if ok else "OVER TARGET (cold, all charts): see the lines above")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
