"""Trends tab at 100,000 incidents: SQL aggregation + building and drawing all seven charts (target <= 0.35 s) and
pattern detection (target <= 0.5 s).

Printed beside baselines measured in the same run: drawing one bare bar-chart Figure of the same size (rendered with
Agg, as the Qt canvas does on paint) and the bare SQL (one GROUP BY month over the same incidents).
Data comes from carelog.demo.fill_demo (kept in a file between runs: --db to choose it, --fresh to rebuild).

    python benchmarks/bench_trends.py [--incidents 100000] [--db /tmp/carelog-bench-trends.db] [--fresh]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # run as a script: the sibling helpers
from bench_common import demo_services, median_seconds  # noqa: E402

TARGET_SECONDS = 0.35
TARGET_PATTERNS = 0.5
AS_OF = datetime(2026, 3, 31, 18, 0)


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
    from carelog.core.trend_data import TrendFilter, build_spc
    from carelog.db.models import IncidentRow
    from carelog.db.repositories.trends import apply_filter
    from carelog.reports import charts as draw

    services = demo_services(args.db, args.incidents, args.fresh, AS_OF)
    f = TrendFilter(date(2024, 10, 1), AS_OF.date())
    data = services.trends.charts(f)
    print(f"records in the filter: {data.total:,} over {len(data.monthly.months)} months")

    def aggregate():  # type: ignore[no-untyped-def]
        return services.trends.charts(f)

    def figures(d, render_all=True):  # type: ignore[no-untyped-def]
        view = build_spc(d.spc)  # XmR or T-chart, icons, target, actions: what the Trends tab draws
        for change in changes(view.chart):
            describe_change(view.chart, change, view.what)
        built = [
            draw.monthly_by_category_figure(d.monthly),
            draw.spc_figure(view, captions=False),
            draw.heat_map_figure(d.heat_map),
            draw.location_figure(d.by_location),
            draw.harm_figure(d.harm),
            draw.safety_cross_figure(d.safety_cross),
            # the By service tab: its own SQL (monthly counts per service) and the small multiples
            draw.small_multiples_figure(services.trends.by_service(f, d.spc.category_id)),
        ]
        for fig in built if render_all else built[:1]:
            FigureCanvasAgg(fig).draw()  # Agg render: what the Qt canvas does on paint

    def everything():  # type: ignore[no-untyped-def]
        figures(aggregate())

    def visible():  # type: ignore[no-untyped-def]
        figures(aggregate(), render_all=False)  # Qt paints only the chart tab on screen; the others when shown

    def baseline():  # type: ignore[no-untyped-def]
        fig = Figure(figsize=draw.FIGSIZE, dpi=draw.DPI)
        ax = fig.add_subplot()
        ax.bar(range(len(data.monthly.months)), data.monthly.totals())
        FigureCanvasAgg(fig).draw()

    def bare_sql():  # type: ignore[no-untyped-def]
        month = func.substr(IncidentRow.occurred_at, 1, 7)
        with services.ctx.unit() as session:
            session.execute(apply_filter(select(month, func.count(IncidentRow.id)), f).group_by(month)).all()

    everything()  # warm caches (fonts, colormaps, SQLite pages)
    t_base = median_seconds(baseline, args.runs)
    t_sql = median_seconds(bare_sql, args.runs)
    t_agg = median_seconds(aggregate, args.runs)
    t_draw = median_seconds(lambda: figures(data), args.runs)
    t_all = median_seconds(everything, args.runs)
    t_visible = median_seconds(visible, args.runs)
    t_patterns = median_seconds(lambda: services.trends.patterns(AS_OF.date()), 3)

    print(f"{'measure':<48}{'seconds':>10}")
    print(f"{'baseline: one bare bar chart Figure drawn':<48}{t_base:>10.3f}")
    print(f"{'baseline: bare SQL (one GROUP BY month)':<48}{t_sql:>10.3f}")
    print(f"{'SQL aggregation for all charts':<48}{t_agg:>10.3f}  ({t_agg / t_sql:.1f} x bare SQL)")
    print(f"{'build + draw seven chart Figures':<48}{t_draw:>10.3f}  ({t_draw / t_base:.1f} x bare chart)")
    print(f"{'aggregation + redraw of all charts':<48}{t_all:>10.3f}  target <= {TARGET_SECONDS}")
    print(f"{'aggregation + build seven, render the one shown':<48}{t_visible:>10.3f}")
    print(f"{'pattern detection (90 days + 24 months SPC)':<48}{t_patterns:>10.3f}  target <= {TARGET_PATTERNS}")
    ok = t_all <= TARGET_SECONDS and t_patterns <= TARGET_PATTERNS
    print("PASS" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
