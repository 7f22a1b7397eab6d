"""Chart Figures build from plain DTOs (never pyplot), export to PNG/SVG, and map clicks back to what was clicked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from carelog.core.spc import xmr
from carelog.core.trend_data import CategorySeries, HeatMap, LabelledCount, MonthlyCounts, SafetyCross
from carelog.reports import charts

MONTHS = (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))
MONTHLY = MonthlyCounts(MONTHS, (CategorySeries(1, "Fall", (3, 0, 2)), CategorySeries(2, "Medication", (1, 4, 0))))


def _figures() -> dict[str, Figure]:
    grid = [[0] * 24 for _ in range(7)]
    grid[0][7] = 5
    return {
        "monthly": charts.monthly_by_category_figure(MONTHLY),
        "xmr": charts.xmr_figure(xmr([5] * 11 + [20]), "Falls"),
        "heat": charts.heat_map_figure(HeatMap(tuple(tuple(r) for r in grid))),
        "location": charts.location_figure([LabelledCount(1, "Rose Lounge", 7), LabelledCount(None, "None", 2)]),
        "harm": charts.harm_figure([LabelledCount("none", "None", 4), LabelledCount("low", "Low", 1)]),
        "cross": charts.safety_cross_figure(SafetyCross(2026, 2, "Fall", (0, 2) + (0,) * 26), last_day=20),
    }


def test_every_chart_is_a_figure_and_draws(tmp_path: Path) -> None:
    for name, fig in _figures().items():
        assert isinstance(fig, Figure)
        fig.canvas.draw()  # renders without a GUI
        png = charts.export_figure(fig, tmp_path / f"{name}.png")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_svg_keeps_text_as_text(tmp_path: Path) -> None:
    svg = charts.export_figure(_figures()["monthly"], tmp_path / "monthly.svg").read_text()
    assert "<svg" in svg and "Incidents per month by category" in svg and "Medication" in svg


def test_export_refuses_other_formats(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="png or .svg"):
        charts.export_figure(_figures()["harm"], tmp_path / "chart.pdf")


def test_empty_data_says_so() -> None:
    fig = charts.monthly_by_category_figure(MonthlyCounts((), ()))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert charts.EMPTY_TEXT in texts


def test_xmr_points_use_making_data_count_colours_and_shapes() -> None:
    fig = charts.xmr_figure(xmr([5] * 11 + [20]))
    layers = {c.get_label(): c for c in fig.axes[0].collections if c.get_label().startswith(("Special", "Common"))}
    concern, improvement = layers["Special cause: concern"], layers["Special cause: improvement"]
    assert tuple(round(c * 255) for c in concern.get_facecolors()[0][:3]) == (0xE4, 0x6C, 0x0A)  # concern orange
    assert tuple(round(c * 255) for c in improvement.get_facecolors()[0][:3]) == (0x00, 0xB0, 0xF0)  # blue
    assert [tuple(o) for o in concern.get_offsets()] == [(11, 20)]  # the last point
    assert len(improvement.get_offsets()) == 11  # the long run below the mean
    # greyscale-safe: the icon says H in words and letter, not only in colour
    texts = [t.get_text() for t in fig.texts]
    assert "H" in texts and any("Special cause concern: higher" in t for t in texts)


def test_spc_figure_draws_target_actions_and_segments() -> None:
    from datetime import date

    from carelog.core.trend_data import ActionMark, SpcSeries, add_months, build_spc

    months = tuple(add_months(date(2025, 1, 1), i) for i in range(14))
    series = SpcSeries(
        1,
        "Fall",
        months,
        (8, 10, 9, 11, 10, 9, 10, 9, 4, 5, 4, 6, 5, 4),
        1,
        3.0,
        (),
        (ActionMark(5, "Sensor mats", date(2025, 9, 1), "Done"),),
    )
    view = build_spc(series, changes=[date(2025, 9, 1)])
    assert charts.action_positions(view) == [(7.5 + 0.5 / 30, "Sensor mats (01 Sep 2025, done)")]
    fig = charts.spc_figure(view)
    texts = [t.get_text() for t in fig.axes[0].texts] + [t.get_text() for t in fig.texts]
    assert "A1" in texts and "Target 3" in texts and " new limits" in texts
    assert "Upper limit 7.9" in " ".join(texts)  # the latest segment: 4.667 + 3.192
    assert any("Hits or misses" in t for t in texts)  # target 3 is between 1.5 and 7.9
    assert any(t.startswith("A1: Sensor mats") for t in texts)


def test_hit_tests() -> None:
    assert charts.monthly_hit(MONTHLY, 0.1, 2.0) == (0, 1, "Fall")
    assert charts.monthly_hit(MONTHLY, 0.0, 3.5) == (0, 2, "Medication")
    assert charts.monthly_hit(MONTHLY, 1.0, 0.5) == (1, 2, "Medication")  # no falls in February
    assert charts.monthly_hit(MONTHLY, 0.0, 9.0) is None and charts.monthly_hit(MONTHLY, 0.5, 1.0) is None
    assert charts.xmr_hit(xmr([1, 2, 3]), 1.9) == 2 and charts.xmr_hit(xmr([1, 2, 3]), 5) is None
    assert charts.heat_map_hit(7.2, -0.3) == (0, 7) and charts.heat_map_hit(25, 0) is None
    items = [LabelledCount(1, "A", 3), LabelledCount(2, "B", 1)]
    assert charts.location_hit(items, 0.5, 1.1) == 1 and charts.location_hit(items, 0.5, 2) is None
    assert charts.harm_hit(items, 0.2, 0.5) == 0
    cross = SafetyCross(2026, 2, "Fall", (0,) * 28)
    cells = charts.safety_cross_cells(28)
    assert cells[0] == (1, 2, 0) and cells[6] == (7, 0, 2) and len(cells) == 28
    assert charts.safety_cross_hit(cross, 2.5, 0.5) == 1 and charts.safety_cross_hit(cross, 0.5, 0.5) is None
    assert len(charts.safety_cross_cells(31)) == 31


def test_no_pyplot() -> None:
    import sys

    _figures()
    assert "matplotlib.pyplot" not in sys.modules
