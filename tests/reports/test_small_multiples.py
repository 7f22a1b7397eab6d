"""Small multiples per service stay readable for a provider with many services: rows keep their size (the figure
grows and scrolls on screen), at most twelve services on screen and six in print, those needing a look first, and
the chart says how many it shows. No label overlaps another at any number of services."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from carelog.core.spc import AssuranceIcon, VariationIcon
from carelog.core.trend_data import SpcSeries, SpcView, add_months, build_spc
from carelog.reports import charts
from carelog.reports.chart_canvas import ChartCanvasAgg

MONTHS = tuple(add_months(date(2025, 1, 1), k) for k in range(18))
STEADY = (10, 12, 9, 11, 10, 13, 9, 12, 10, 11, 12, 10, 9, 11, 10, 12, 11, 10)
RISING = STEADY[:12] + (19, 21, 20, 22, 23, 21)  # a step up: special cause concern at the latest month


def _view(name: str, counts: tuple[int, ...], target: float | None = None) -> SpcView:
    view = build_spc(SpcSeries(1, "Fall", MONTHS, counts, target=target))
    return replace(view, title=name)


def _services(n: int) -> list[SpcView]:
    """n services, steady at different levels; service 7 has a step up and service 11 misses its target."""
    out = []
    for k in range(1, n + 1):
        counts = RISING if k == 7 else tuple(c * (1 + k % 4) for c in STEADY)
        out.append(_view(f"Service {k:02d}", counts, target=4 if k == 11 else None))
    return out


def _overlaps(figure: Figure) -> list[tuple[str, str]]:
    """Pairs of drawn labels whose boxes overlap."""
    canvas = ChartCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [
        (t.get_text(), t.get_window_extent(renderer))
        for t in figure.findobj(Text)
        if t.get_visible() and t.get_text().strip()
    ]
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b) and min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0) > 1
        and min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0) > 1
    ]  # fmt: skip


def _titles(figure: Figure) -> list[str]:
    return [ax.get_title(loc="left").split("\n")[0] for ax in figure.axes]


def test_a_few_services_keep_the_one_screen_chart() -> None:
    views = _services(3)
    figure = charts.small_multiples_figure(views, "Fall at each service")
    assert (figure.get_figwidth(), figure.get_figheight()) == (8.0, 4.6)
    assert _titles(figure) == ["Service 01", "Service 02", "Service 03"]
    assert not charts.scrolls_on_screen(figure)
    assert not any("services:" in t.get_text() for t in figure.texts)
    assert _overlaps(figure) == []


@pytest.mark.parametrize("n", [8, 12, 30, 50])
def test_many_services_get_rows_of_the_same_size_and_no_label_overlaps(n: int) -> None:
    views = _services(n)
    figure = charts.small_multiples_figure(views, "Fall at each service")
    shown = min(n, charts.MAX_PANELS)
    rows = -(-shown // 2)
    assert len(figure.axes) == shown
    heights = {round(ax.get_position().height * figure.get_figheight(), 3) for ax in figure.axes}
    assert heights == {charts.PANEL_INCHES}  # every panel as tall as with two rows, whatever the number
    assert figure.get_figheight() > charts.TALL_INCHES and charts.scrolls_on_screen(figure)
    assert rows == -(-len(figure.axes) // 2)
    note = [t.get_text().replace("\n", " ") for t in figure.texts if "services:" in t.get_text()]
    said = f"{shown} of {n} services: special cause concerns and missed targets first, then the busiest."
    assert note == ([] if n <= charts.MAX_PANELS else [f"{said} Choose a service in the filters to see any other."])
    assert _overlaps(figure) == []


def test_those_needing_a_look_come_first_then_the_busiest_in_their_own_order() -> None:
    views = _services(30)
    assert views[6].variation_icon == VariationIcon.CONCERN_HIGH
    assert views[10].assurance_icon == AssuranceIcon.FAIL
    shown = charts.small_multiples_shown(views, 12)
    names = [v.title for v in shown]
    assert "Service 07" in names and "Service 11" in names  # a step up; a missed target
    # the other ten: the busiest (counts x4 for services 3, 7, 11, ... then x3 for 2, 6, 10, ...), in service order
    busiest = [f"Service {k:02d}" for k in range(1, 31) if k % 4 == 3 and k not in (7, 11)]
    busiest += [f"Service {k:02d}" for k in range(1, 31) if k % 4 == 2][: 10 - len(busiest)]
    assert names == sorted(["Service 07", "Service 11", *busiest])
    assert charts.small_multiples_shown(views[:5], 12) == views[:5]


def test_the_pack_prints_six_at_most_at_a_readable_size() -> None:
    from reportlab.lib.units import mm

    from carelog.core.pack_data import PackChart
    from carelog.reports.pack.charts import CONTENT_WIDTH, chart_flowable

    figure = charts.small_multiples_figure(_services(20), "Fall at each service", charts.MAX_PANELS_PRINTED, hint="")
    assert len(figure.axes) == charts.MAX_PANELS_PRINTED and _overlaps(figure) == []
    note = [t.get_text().replace("\n", " ") for t in figure.texts if "services:" in t.get_text()]
    assert note == ["6 of 20 services: special cause concerns and missed targets first, then the busiest."]
    drawing = chart_flowable(PackChart("Fall at each service", figure))  # enlarges small text for print
    assert 110 * mm < drawing.height <= 200 * mm  # taller than an ordinary chart, not shrunk into its box
    assert drawing.width > 0.9 * CONTENT_WIDTH  # printed at (nearly) the page's width, so at full size
    assert _overlaps(figure) == []  # nor at the sizes printed
    assert [t.get_text() for t in figure.axes[0].texts[:3]] == ["Jan 25", "Apr 25", "Jul 25"]
