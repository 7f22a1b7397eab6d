"""Agg drawing for the charts with text measurements kept for the whole process.

Each time matplotlib draws a Figure it measures every label, and it keeps those measurements per renderer object
(matplotlib.text caches them under a weak reference to the renderer). A new chart means a new canvas and a new
renderer, so every chart the Trends tab draws measured every label afresh: a tenth of drawing all seven charts.

For Agg a measurement depends only on the text, the font properties, the dpi and the hinting settings, never on
which renderer asks, so `MeasuringRenderer` keeps one table of them for the process. The pixels are the same
(tests/reports/test_chart_canvas.py). `MeasuringCanvas` gives any Agg canvas that renderer: the Trends tab's Qt
canvas (ui.widgets.chart_canvas_qt) and `ChartCanvasAgg`, the same off screen (benchmarks/bench_trends.py).
"""

from __future__ import annotations

import threading
from typing import Any

from matplotlib import rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

MAX_KEPT = 20_000  # measurements kept before the table starts afresh (a label and size each: about 2 MB)

_measured: dict[tuple[object, ...], tuple[float, float, float]] = {}
_lock = threading.Lock()


def forget_measurements() -> None:
    """Start the table afresh (the benchmark's first-draw case)."""
    with _lock:
        _measured.clear()


class MeasuringRenderer(RendererAgg):
    """RendererAgg whose plain-text measurements (width, height, descent) are kept for the process."""

    def get_text_width_height_descent(self, s: str, prop: Any, ismath: Any) -> tuple[float, float, float]:
        if ismath:  # mathtext and TeX: measured as matplotlib does (never in CareLog's charts)
            return super().get_text_width_height_descent(s, prop, ismath)  # type: ignore[no-untyped-call, no-any-return]
        # FontProperties compare by their hash (family, style, variant, weight, stretch, size, file, math family);
        # the hinting and kerning settings change the glyphs' advance, so they are part of the key too
        key = (
            s,
            hash(prop),
            self.dpi,
            rcParams["text.hinting"],
            rcParams["text.hinting_factor"],
            rcParams["text.kerning_factor"],
        )
        found = _measured.get(key)
        if found is None:
            found = super().get_text_width_height_descent(s, prop, ismath)  # type: ignore[no-untyped-call]
            with _lock:
                if len(_measured) >= MAX_KEPT:
                    _measured.clear()
                _measured[key] = found
        return found


class MeasuringCanvas:
    """Mixin for an Agg canvas (put it first): draws with a MeasuringRenderer, reused while the size stays."""

    figure: Any
    renderer: Any
    _lastKey: Any = None

    def get_renderer(self) -> Any:
        w, h = self.figure.bbox.size
        key = w, h, self.figure.dpi
        if self._lastKey != key:  # as FigureCanvasAgg.get_renderer, with the measuring renderer
            self.renderer = MeasuringRenderer(w, h, self.figure.dpi)  # type: ignore[no-untyped-call]
            self._lastKey = key
        return self.renderer


class ChartCanvasAgg(MeasuringCanvas, FigureCanvasAgg):
    """An off-screen Agg canvas for a chart Figure."""
