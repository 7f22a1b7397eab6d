"""Render a tab of the main window to PNG without a screen (offscreen platform when no display is set)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carelog.services.registry import Services


def save_tab_screenshot(services: Services, tab: str, out: Path, size: tuple[int, int] = (1400, 900)) -> int:
    """Render a tab as the signed-in person sees it (the tabs of their role, plus the one asked for)."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from carelog.ui.qt_app import build_main_window, ensure_qapp

    app = ensure_qapp()
    parts = build_main_window(services)
    window = parts.window
    from carelog.ui.pages.registry import all_keys, visible_pages

    keys = all_keys()
    key = tab.strip().lower()
    if key not in keys:
        print(f"carelog screenshot: no tab '{tab}'; choose one of: {', '.join(keys)}.", file=sys.stderr)
        return 2
    shown = visible_pages(services.ctx.actor, quick_report_mode=True)
    window.show_pages([k for k in keys if k in shown or k == key])
    window.resize(*size)
    window.show_page(key)
    window.show()
    for _ in range(5):
        app.processEvents()
        parts.runner.wait()  # charts and other background work finish before the picture is taken
    app.processEvents()
    if not window.grab().save(str(out)):
        print(f"carelog screenshot: could not write {out}; check the folder exists.", file=sys.stderr)
        return 1
    print(f"Saved the {key} tab to {out}.")
    window.close()
    return 0
