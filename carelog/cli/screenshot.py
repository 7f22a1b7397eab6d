"""`carelog screenshot --db URL --tab NAME --out FILE.png`: render one tab of the main window headless."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from carelog.cli import add_db_argument
from carelog.cli.sign_in import signed_in

if TYPE_CHECKING:
    from carelog.services.registry import Services


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("screenshot", help="save a PNG of one tab of the main window (works without a screen)")
    add_db_argument(p)
    p.add_argument("--tab", required=True, help="tab name, e.g. log, review, actions, trends, reports")
    p.add_argument("--out", type=Path, required=True, help="PNG file to write")
    p.add_argument("--size", default="1400x900", help="window size WIDTHxHEIGHT (default 1400x900)")
    p.set_defaults(func=run)


def _size(text: str) -> tuple[int, int] | None:
    try:
        width, height = (int(x) for x in text.lower().split("x"))
    except ValueError:
        return None
    return width, height


@signed_in(None, check=lambda args: None if _size(args.size) else "--size must look like 1400x900.")
def run(args: argparse.Namespace, services: Services | None) -> int:
    from carelog.ui.screenshot import save_tab_screenshot

    size = _size(args.size)
    assert services is not None and size is not None
    return save_tab_screenshot(services, args.tab, args.out, size)
