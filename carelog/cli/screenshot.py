"""`carelog screenshot --db URL --tab NAME --out FILE.png`: render one tab of the main window headless."""

from __future__ import annotations

import argparse
from pathlib import Path

from carelog.cli import add_db_argument


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("screenshot", help="save a PNG of one tab of the main window (works without a screen)")
    add_db_argument(p)
    p.add_argument("--tab", required=True, help="tab name, e.g. log, review, actions, trends, reports")
    p.add_argument("--out", type=Path, required=True, help="PNG file to write")
    p.add_argument("--size", default="1400x900", help="window size WIDTHxHEIGHT (default 1400x900)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from carelog.ui.screenshot import save_tab_screenshot

    try:
        width, height = (int(x) for x in args.size.lower().split("x"))
    except ValueError:
        print("carelog screenshot: --size must look like 1400x900.")
        return 2
    return save_tab_screenshot(args.db, args.tab, args.out, (width, height))
