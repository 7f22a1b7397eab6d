"""Provider scale on PostgreSQL: 50 services and 1,000,000 incidents, measured through the real services.

Targets (issue 18): Log list <= 0.5 s, filter and search <= 0.3 s, Trends for one service <= 1 s and for all
services <= 2 s, Home <= 0.5 s, one service's 12-month pack within 1.5 x the same pack from a database holding
only that home. Each figure is printed beside the bare SQL of the same query, measured in the same run.
The Log tab lists the first 10,000 incidents of a filter in its order (core.dto.LIST_LIMIT) and says when there are
more; its figures include the summaries of the first screenful of rows.

The benchmark starts its own PostgreSQL (initdb in --data-dir the first time, on --port or a free port) and keeps
the filled databases there, so the next run measures at once (--fresh writes them again). The bulk incidents are
written with COPY and are NOT chained into the audit trail (see provider_data.py).

    python benchmarks/bench_provider.py [--incidents 1000000] [--services 50] [--data-dir DIR] [--port 55507]
    python benchmarks/bench_provider.py --incidents 100000       # a quick look
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # run as a script: the sibling helpers
from bench_common import median_seconds  # noqa: E402
from provider_data import (  # noqa: E402
    DATA_VERSION,
    Server,
    database_exists,
    database_url,
    fill,
    mark_complete,
    recreate_database,
)

AS_OF = datetime(2026, 3, 31, 18, 0)
TARGETS = {"log": 0.5, "filter": 0.3, "search": 0.3, "trends_one": 1.0, "trends_all": 2.0, "home": 0.5}
PACK_RATIO = 1.5
LOG_PAGE_ROWS = 40  # the rows the Log tab's model asks summaries for on the first paint


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def _services(url: str):  # type: ignore[no-untyped-def]
    from carelog.core.dto import Actor
    from carelog.core.enums import Role
    from carelog.services.context import Identity
    from carelog.services.registry import open_services

    services = open_services(url, Identity(Actor(None, "Benchmark", Role.ADMIN)), clock=lambda: AS_OF)
    return services


def _ensure(admin_url: str, name: str, incidents: int, homes: int, fresh: bool) -> str:
    if fresh or not database_exists(admin_url, name):
        url = recreate_database(admin_url, name)
        started = time.perf_counter()
        print(f"writing {incidents:,} incidents over {homes} services into {name} ...", flush=True)
        fill(url, incidents, homes, AS_OF)
        mark_complete(admin_url, name)
        print(f"  written in {time.perf_counter() - started:.0f} s", flush=True)
        return url
    return database_url(admin_url, name)


MEASURES = (
    "log", "filter", "search", "search_one", "trends_one", "trends_all", "home", "home_after", "home_one", "signals",
)  # fmt: skip


def measure(
    url: str, runs: int, only: frozenset[str] = frozenset(MEASURES)
) -> list[tuple[str, float, float, float | None]]:
    """(measure, CareLog seconds, bare SQL seconds, target) for each figure named in `only` (MEASURES)."""
    from sqlalchemy import text

    from carelog.core.dto import LIST_LIMIT, IncidentFilter
    from carelog.core.trend_data import TrendFilter

    services = _services(url)
    limit = f" LIMIT {LIST_LIMIT + 1}"
    with services.ctx.read() as session:
        fall = session.scalar(text("SELECT id FROM categories WHERE code = 'fall'"))
        sid = session.scalar(text("SELECT min(id) FROM services"))
    trend_from = date(AS_OF.year - 2, AS_OF.month, 1)

    def bare(sql: str, **params: object):  # type: ignore[no-untyped-def]
        def run() -> None:
            with services.ctx.read() as session:
                session.execute(text(sql), params).all()

        return run

    def log_list(f: IncidentFilter):  # type: ignore[no-untyped-def]
        def run() -> None:  # what LogPage._show asks: the first LIST_LIMIT ids (one more: "there are more")
            ids = services.incidents.list_ids(replace(f, limit=LIST_LIMIT + 1))
            services.incidents.summaries(ids[:LOG_PAGE_ROWS])

        return run

    # the search as CareLog reads it on PostgreSQL: the last year's matches first (repositories.incidents.list_ids;
    # the older years only when the year holds fewer than the cap, not the case here)
    search_sql = (
        "SELECT id FROM incidents WHERE to_tsvector('simple', coalesce(reference, '') || ' ' || "
        "coalesce(account, '') || ' ' || coalesce(immediate_action, '') || ' ' || coalesce(witnesses, '')) "
        "@@ to_tsquery('simple', 'walking:* & frame:*') {since} ORDER BY occurred_at DESC, id DESC" + limit
    )
    home_sql = (
        "SELECT count(*) FROM incidents LEFT JOIN triages ON triages.incident_id = incidents.id "
        "WHERE triages.id IS NULL AND incidents.status IN ('reported', 'under_review', "
        "'actions_in_progress') AND incidents.kind != 'compliment'; "
    )

    def after_a_write(attention) -> None:  # type: ignore[no-untyped-def]
        attention._reads.clear()  # what the first look after any write reads again (the recent records)
        attention.report(AS_OF, signals=False)

    month = "date_trunc('month', occurred_at)"
    trend_sql = (
        f"SELECT {month}, count(*) FROM incidents WHERE occurred_at >= :since AND occurred_at < :until"
        " {where} GROUP BY 1"
    )
    until = datetime.combine(AS_OF.date() + timedelta(days=1), datetime.min.time())
    since = datetime.combine(trend_from, datetime.min.time())
    cases = [
        (
            "Log list (all incidents, newest first)",
            log_list(IncidentFilter()),
            bare("SELECT id FROM incidents ORDER BY occurred_at DESC, id DESC" + limit),
            TARGETS["log"],
        ),
        (
            "filter (one service, falls)",
            log_list(IncidentFilter(service_id=sid, category_id=fall)),
            bare(
                "SELECT id FROM incidents WHERE service_id = :s AND category_id = :c "
                "ORDER BY occurred_at DESC, id DESC" + limit,
                s=sid,
                c=fall,
            ),
            TARGETS["filter"],
        ),
        (
            "search ('walking frame', all services)",
            log_list(IncidentFilter(text="walking frame")),
            bare(
                search_sql.format(
                    since="AND occurred_at >= (SELECT max(occurred_at) - interval '365 days' FROM incidents)"
                )
            ),
            TARGETS["search"],
        ),
        (
            "search as one query (before, no target)",
            bare(search_sql.format(since="")),
            bare(search_sql.format(since="")),
            None,
        ),
        (
            "Trends, one service (24 months)",
            lambda: services.trends.charts(TrendFilter(trend_from, AS_OF.date(), service_id=sid)),
            bare(trend_sql.format(where="AND service_id = :s"), since=since, until=until, s=sid),
            TARGETS["trends_one"],
        ),
        (
            "Trends, all services (24 months)",
            lambda: services.trends.charts(TrendFilter(trend_from, AS_OF.date())),
            bare(trend_sql.format(where=""), since=since, until=until),
            TARGETS["trends_all"],
        ),
        (
            "Home (attention list, all services)",
            lambda: services.attention.report(AS_OF, signals=False),  # the Home tab's first read (signals: own task)
            bare(home_sql),
            TARGETS["home"],
        ),
        (
            "Home right after a new report (no target)",
            lambda: after_a_write(services.attention),
            bare(home_sql),
            None,
        ),
        (
            "Home, one service's manager (no target)",
            lambda: services.attention.report(AS_OF, "Demo Home 01", signals=False),
            bare(
                "SELECT count(*) FROM incidents LEFT JOIN triages ON triages.incident_id = incidents.id "
                "WHERE triages.id IS NULL AND incidents.service_id = :s AND incidents.status IN ('reported', "
                "'under_review', 'actions_in_progress') AND incidents.kind != 'compliment'",
                s=sid,
            ),
            None,
        ),
        (
            "Home pattern signals (second task, no target)",
            lambda: services.trends.patterns(AS_OF.date()),
            bare(trend_sql.format(where=""), since=since, until=until),
            None,
        ),
    ]
    results = []
    for key, (name, fn, base, target) in zip(MEASURES, cases, strict=True):
        if key not in only:
            continue
        fn()  # warm the server's caches and the services' own
        base()
        results.append((name, median_seconds(fn, runs), median_seconds(base, runs), target))
        print(f"  measured: {name}", flush=True)
    return results


def pack_seconds(url: str, service_name: str, keep: Path) -> tuple[float, float, int]:
    """(gather seconds, build seconds, records) of the 12-month pack of one service (one run of each)."""
    from sqlalchemy import text

    from carelog.services.pack import PackRequest

    services = _services(url)
    with services.ctx.read() as session:
        sid = session.scalar(text("SELECT id FROM services WHERE name = :n"), {"n": service_name})
    request = PackRequest(date(AS_OF.year - 1, AS_OF.month, 1), AS_OF.date() - timedelta(days=1), sid, True)
    started = time.perf_counter()
    data = services.pack.gather(request)
    gathered = time.perf_counter() - started
    started = time.perf_counter()
    services.pack.build(request, keep / f"pack-{sid}.pdf")
    return gathered, time.perf_counter() - started, len(data.incidents)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--services", type=int, default=50)
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "carelog-bench-provider")
    parser.add_argument("--port", type=int, default=55507)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="write the databases again")
    parser.add_argument("--no-pack", action="store_true", help="leave out the (slow) PDF pack comparison")
    parser.add_argument("--url", help="use this PostgreSQL admin URL instead of starting a server")
    parser.add_argument(
        "--only",
        type=lambda s: frozenset(s.split(",")),
        default=frozenset(MEASURES),
        help=f"measure only these, comma-separated, from: {','.join(MEASURES)},pack (no pack unless named)",
    )
    args = parser.parse_args()
    if unknown := args.only - {*MEASURES, "pack"}:
        parser.error(f"--only: unknown measure {', '.join(sorted(unknown))}; choose from {', '.join(MEASURES)},pack")
    with_pack = not args.no_pack and (args.only == frozenset(MEASURES) or "pack" in args.only)

    server = None if args.url else Server(args.data_dir, args.port)
    admin_url = args.url or server.start()  # type: ignore[union-attr]
    try:
        print(f"PostgreSQL: {admin_url}; {_load()}")
        big = _ensure(
            admin_url, f"carelog_provider_{args.incidents}_v{DATA_VERSION}", args.incidents, args.services, args.fresh
        )
        per_home = max(1, args.incidents // args.services)
        single = _ensure(admin_url, f"carelog_single_{per_home}_v{DATA_VERSION}", per_home, 1, args.fresh)
        results = measure(big, args.runs, args.only - {"pack"})
        print(f"\n{args.services} services, {args.incidents:,} incidents; {_load()}")
        print(f"{'measure':<42}{'CareLog':>9}{'bare SQL':>10}{'ratio':>7}  target")
        ok = True
        for name, value, base, target in results:
            verdict = "" if target is None else f"<= {target:.1f} s " + ("ok" if value <= target else "OVER")
            ok = ok and (target is None or value <= target)
            print(f"{name:<42}{value:>8.3f}s{base:>9.3f}s{value / max(base, 1e-6):>7.1f}  {verdict}")
        if with_pack:
            keep = Path(tempfile.mkdtemp(prefix="bench-provider-pack-"))
            runs = [
                (pack_seconds(big, "Demo Home 01", keep), pack_seconds(single, "Demo Home 01", keep)) for _ in range(2)
            ]
            # alternated and the quicker of two kept: one build takes 10-30 s, long enough for the load to change
            g_big, b_big, n_big = min((r[0] for r in runs), key=lambda t: t[1])
            g_one, b_one, n_one = min((r[1] for r in runs), key=lambda t: t[1])
            ratio = b_big / b_one
            ok = ok and ratio <= PACK_RATIO
            print(
                f"{'12-month pack, one of the services':<42}{b_big:>8.3f}s{b_one:>9.3f}s{ratio:>7.2f}  "
                f"<= {PACK_RATIO} x single-home database ({'ok' if ratio <= PACK_RATIO else 'OVER'})"
            )
            print(
                f"{'  of which reading the records':<42}{g_big:>8.3f}s{g_one:>9.3f}s{g_big / g_one:>7.2f}  "
                f"({n_big:,} and {n_one:,} records; baseline column: the single-home database)"
            )
        print(f"{_load()}\n" + ("PASS" if ok else "OVER TARGET"))
        return 0 if ok else 1
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
