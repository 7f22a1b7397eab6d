"""The Qt half of `carelog --smoke`: build the main window, paint every tab, save a screenshot of the Log tab."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from carelog.ui.resources import app_icon

if TYPE_CHECKING:
    from carelog.services.registry import Services

SCREENSHOT_TAB = "log"
WINDOW_SIZE = (1280, 800)


@dataclass
class SmokeResult:
    problems: list[str] = field(default_factory=list)  # empty when all is well
    first_paint: float = 0.0  # time.perf_counter() when the window with its first tab had been painted


def show_and_grab(services: Services, out: Path) -> SmokeResult:
    """Show the window, visit each tab, save `out`."""
    from carelog.ui.qt_app import build_main_window, ensure_qapp

    app = ensure_qapp()
    result = SmokeResult()
    problems = result.problems
    icon_path = Path(app_icon())
    if not icon_path.is_file() or QIcon(str(icon_path)).isNull():
        problems.append(f"the application icon is missing or unreadable: {icon_path}")
    parts = build_main_window(services)
    window = parts.window
    window.resize(*WINDOW_SIZE)
    window.show()
    _settle(app)
    result.first_paint = time.perf_counter()
    parts.runner.wait(10_000)  # pages that load in the background
    _settle(app)
    keys = window.page_keys()
    for key in keys:
        window.show_page(key)
        _settle(app)
    if SCREENSHOT_TAB in keys:
        window.show_page(SCREENSHOT_TAB)
    parts.runner.wait(10_000)
    _settle(app)
    out.parent.mkdir(parents=True, exist_ok=True)
    image = window.grab()
    if image.isNull() or image.width() < 200:
        problems.append("the main window painted nothing")
    if not image.save(str(out), "PNG"):
        problems.append(f"could not write the screenshot to {out}")
    window.close()
    parts.runner.wait(10_000)
    _settle(app)
    return result


def _settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()
