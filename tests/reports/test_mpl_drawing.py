"""The pack's matplotlib-to-ReportLab renderer hatches each bar of a layer drawn as one path, not the gaps between."""

from __future__ import annotations

from matplotlib.backend_bases import GraphicsContextBase
from matplotlib.path import Path
from matplotlib.transforms import IdentityTransform
from reportlab.graphics.shapes import Line

from carelog.reports.pack.mpl_drawing import _Renderer


def _box(x0: float, x1: float) -> Path:
    return Path([(x0, 0), (x0, 20), (x1, 20), (x1, 0), (x0, 0)], closed=True)


def test_a_compound_path_is_hatched_bar_by_bar() -> None:
    renderer = _Renderer(100, 100)
    gc = GraphicsContextBase()
    gc.set_hatch("//")
    gc.set_linewidth(0)
    bars = Path.make_compound_path(_box(0, 10), _box(30, 40))  # a month with none of this category between
    renderer.draw_path(gc, bars, IdentityTransform(), (0.0, 0.45, 0.7))
    lines = [shape for shape in renderer.group.contents if isinstance(shape, Line)]
    assert lines
    for line in lines:
        inside = [0 <= x <= 10 or 30 <= x <= 40 for x in (line.x1, line.x2)]
        assert all(inside), (line.x1, line.x2)
        assert (line.x1 <= 10) == (line.x2 <= 10)  # no line crosses the gap
    assert any(line.x1 >= 30 for line in lines) and any(line.x1 <= 10 for line in lines)
