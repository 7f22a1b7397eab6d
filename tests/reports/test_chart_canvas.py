"""The charts' measuring canvas draws exactly the pixels matplotlib's own Agg canvas draws, keeps each label's
measurement for the process, and measures afresh whatever differs: text, size, weight, dpi or hinting."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import numpy as np
import pytest
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from carelog.core.spc import xmr
from carelog.core.trend_data import CategorySeries, HeatMap, LabelledCount, MonthlyCounts, SafetyCross
from carelog.reports import chart_canvas, charts
from carelog.reports.chart_canvas import ChartCanvasAgg, MeasuringRenderer

MONTHS = tuple(date(2025, m, 1) for m in range(1, 13))


def _figures() -> dict[str, Callable[[], Figure]]:
    series = (CategorySeries(1, "Fall", tuple(range(3, 15))), CategorySeries(2, "Medication", (2,) * 12))
    chart = xmr([4, 6, 5, 7, 3, 8, 12, 13, 11, 14, 12, 13], [f"{m:%b %Y}" for m in MONTHS])
    grid = HeatMap(tuple(tuple((d * 24 + h) % 7 for h in range(24)) for d in range(7)))
    places = [LabelledCount(i, f"Room {i}", 20 - i) for i in range(18)]
    return {
        "monthly": lambda: charts.monthly_by_category_figure(MonthlyCounts(MONTHS, series)),
        "xmr": lambda: charts.xmr_figure(chart, "Falls", target=9, marks=[(6.5, "New sensor mats")]),
        "heat": lambda: charts.heat_map_figure(grid),
        "location": lambda: charts.location_figure(places),
        "harm": lambda: charts.harm_figure([LabelledCount("none", "None", 40), LabelledCount("low", "Low", 12)]),
        "cross": lambda: charts.safety_cross_figure(SafetyCross(2025, 3, "Fall", tuple(d % 3 for d in range(31))), 20),
    }


def _pixels(canvas) -> np.ndarray:  # type: ignore[no-untyped-def]
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("name", list(_figures()))
def test_the_same_pixels_as_matplotlibs_own_canvas(name: str) -> None:
    make = _figures()[name]
    chart_canvas.forget_measurements()
    first = _pixels(ChartCanvasAgg(make()))  # every label measured now
    again = _pixels(ChartCanvasAgg(make()))  # every label taken from the table
    plain = _pixels(FigureCanvasAgg(make()))
    assert first.shape == plain.shape and np.array_equal(first, plain)
    assert np.array_equal(again, plain)
    big = make()
    big.set_size_inches(11, 6)
    big.set_dpi(120)
    other = make()
    other.set_size_inches(11, 6)
    other.set_dpi(120)
    assert np.array_equal(_pixels(ChartCanvasAgg(big)), _pixels(FigureCanvasAgg(other)))


def test_a_label_is_measured_once_and_anything_different_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    chart_canvas.forget_measurements()
    asked: list[tuple[str, float]] = []
    real = chart_canvas.RendererAgg.get_text_width_height_descent

    def counting(self, s, prop, ismath):  # type: ignore[no-untyped-def]
        asked.append((s, prop.get_size_in_points()))
        return real(self, s, prop, ismath)

    monkeypatch.setattr(chart_canvas.RendererAgg, "get_text_width_height_descent", counting)
    small, bold = FontProperties(size=8), FontProperties(size=8, weight="bold")
    one, two = MeasuringRenderer(400, 300, 100), MeasuringRenderer(400, 300, 100)
    sizes = [one.get_text_width_height_descent("Mar 25", small, False)]
    sizes.append(two.get_text_width_height_descent("Mar 25", FontProperties(size=8), False))  # another chart
    assert asked == [("Mar 25", 8.0)] and sizes[0] == sizes[1]
    one.get_text_width_height_descent("Mar 25", bold, False)
    one.get_text_width_height_descent("Mar 26", small, False)
    one.get_text_width_height_descent("Mar 25", FontProperties(size=10), False)
    MeasuringRenderer(400, 300, 150).get_text_width_height_descent("Mar 25", small, False)
    with rc_context({"text.hinting": "none"}):
        one.get_text_width_height_descent("Mar 25", small, False)
    assert len(asked) == 6
    wide = MeasuringRenderer(400, 300, 150).get_text_width_height_descent("Mar 25", small, False)
    assert wide[0] > sizes[0][0]  # the same label at a higher dpi is wider, and was not taken from the table
    for _ in range(2):  # mathtext: matplotlib's own measuring each time, never the table
        one.get_text_width_height_descent("$x^2$", small, True)
    assert asked[6:] == [("$x^2$", 8.0)] * 2


def test_a_chart_drawn_again_lays_out_no_glyphs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second chart with the same labels (a redraw for a new filter, another canvas) takes every label's
    measurement and rasterised image from the tables: matplotlib's font is not touched."""
    chart_canvas.forget_measurements()
    fonts: list[str] = []
    real = chart_canvas.RendererAgg._prepare_font

    def counting(self, prop):  # type: ignore[no-untyped-def]
        fonts.append(str(prop))
        return real(self, prop)

    monkeypatch.setattr(chart_canvas.RendererAgg, "_prepare_font", counting)
    make = _figures()["monthly"]
    ChartCanvasAgg(make()).draw()
    assert len(fonts) > 20  # every label measured and rasterised the first time
    fonts.clear()
    ChartCanvasAgg(make()).draw()
    assert fonts == []
    figure = make()
    ChartCanvasAgg(figure)
    figure.savefig(io.BytesIO(), format="png", dpi=150)  # PNG export at another dpi: measured afresh
    assert len(fonts) > 20
