"""Agg drawing for the charts with each label measured and rasterised once for the whole process.

Each time matplotlib draws a Figure it measures every label and rasterises it. It keeps the measurements per
renderer object (matplotlib.text caches them under a weak reference to the renderer) and the rasterised glyphs not
at all, so every new chart measured and rasterised every label afresh: labels were the largest part of drawing the
Trends tab's charts.

For Agg both depend only on the text, the font properties, the dpi, antialiasing and the hinting settings, never on
which renderer asks, so `MeasuringRenderer` keeps one table of each for the process: the measurement (width, height,
descent) and the label's grey image with its offsets, which it places and rotates exactly as RendererAgg.draw_text
does. The pixels are the same (tests/reports/test_chart_canvas.py). `MeasuringCanvas` gives any Agg canvas that
renderer: the Trends tab's Qt canvas (ui.widgets.chart_canvas_qt) and `ChartCanvasAgg`, the same off screen
(benchmarks/bench_trends.py).
"""

from __future__ import annotations

import threading
from math import cos, radians, sin
from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag

MAX_KEPT = 5_000  # labels kept in each table before it starts afresh (a rasterised label is about 1 KB)

_measured: dict[tuple[object, ...], tuple[float, float, float]] = {}
_rasterised: dict[tuple[object, ...], tuple[Any, float, float, float]] = {}
_lock = threading.Lock()


def forget_measurements() -> None:
    """Start both tables afresh (the benchmark's first-draw case)."""
    with _lock:
        _measured.clear()
        _rasterised.clear()


def _keep(table: dict[tuple[object, ...], Any], key: tuple[object, ...], value: Any) -> None:
    with _lock:
        if len(table) >= MAX_KEPT:
            table.clear()
        table[key] = value


def _font_key(s: str, prop: Any, dpi: float) -> tuple[object, ...]:
    # FontProperties compare by their hash (family, style, variant, weight, stretch, size, file, math family); the
    # hinting and kerning settings change the glyphs and their advance, so they are part of the key too
    hinting = (rcParams["text.hinting"], rcParams["text.hinting_factor"], rcParams["text.kerning_factor"])
    return (s, hash(prop), dpi, *hinting)


class MeasuringRenderer(RendererAgg):
    """RendererAgg whose plain-text labels are measured and rasterised once per process."""

    def get_text_width_height_descent(self, s: str, prop: Any, ismath: Any) -> tuple[float, float, float]:
        if ismath:  # mathtext and TeX: measured as matplotlib does (never in CareLog's charts)
            return super().get_text_width_height_descent(s, prop, ismath)  # type: ignore[no-untyped-call, no-any-return]
        key = _font_key(s, prop, self.dpi)
        found = _measured.get(key)
        if found is None:
            found = super().get_text_width_height_descent(s, prop, ismath)  # type: ignore[no-untyped-call]
            _keep(_measured, key, found)
        return found

    def draw_text(
        self, gc: Any, x: float, y: float, s: str, prop: Any, angle: float, ismath: Any = False, mtext: Any = None
    ) -> None:
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)  # type: ignore[no-untyped-call, no-any-return]
        key = (*_font_key(s, prop, self.dpi), bool(gc.get_antialiased()))
        found = _rasterised.get(key)
        if found is None:  # as RendererAgg.draw_text: the label laid out unrotated, its glyphs rasterised
            font = self._prepare_font(prop)  # type: ignore[no-untyped-call]
            font.set_text(s, 0, flags=get_hinting_flag())  # type: ignore[no-untyped-call]
            font.draw_glyphs_to_bitmap(antialiased=gc.get_antialiased())
            xo, yo = font.get_bitmap_offset()
            found = (np.array(font.get_image()), font.get_descent() / 64.0, xo / 64.0, yo / 64.0)
            _keep(_rasterised, key, found)
        image, descent, xo, yo = found
        # placed and rotated (in raster space) as RendererAgg.draw_text places the font's own image
        x = round(x + xo + descent * sin(radians(angle)))
        y = round(y + yo + descent * cos(radians(angle)))
        self._renderer.draw_text_image(image, x, y + 1, angle, gc)
        return None


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
