"""A chart view shows an ordinary chart in the space it has, and a tall one (small multiples of many services) at
its own height with a vertical scroll bar, so its panels stay readable; the next chart replaces either."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QScrollArea

from carelog.reports import charts
from carelog.ui.widgets.chart_view import ChartView
from tests.reports.test_small_multiples import _services


def test_a_tall_chart_scrolls_and_an_ordinary_one_fits(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = ChartView("services")
    qtbot.addWidget(view)
    view.resize(820, 520)
    view.show()
    tall = charts.small_multiples_figure(_services(20), "Fall at each service")
    view.set_figure(tall)
    qtbot.waitUntil(lambda: view.canvas is not None and view.canvas.isVisible())
    area = view.canvas.parentWidget().parentWidget()  # the canvas sits in the scroll area's viewport
    assert isinstance(area, QScrollArea)
    bar = area.verticalScrollBar()
    assert view.canvas.height() == round(tall.get_figheight() * tall.dpi) > area.viewport().height()
    assert view.canvas.width() == area.viewport().width()  # as wide as the view: no sideways scrolling
    assert bar.maximum() > 0
    view.grab().save(str(tmp_path / "tall-top.png"))
    bar.setValue(bar.maximum())
    view.grab().save(str(tmp_path / "tall-bottom.png"))

    ordinary = charts.small_multiples_figure(_services(3), "Fall at each service")
    view.set_figure(ordinary)
    qtbot.waitUntil(lambda: view.canvas is not None and view.canvas.isVisible())
    assert not isinstance(view.canvas.parentWidget(), QScrollArea) and view.canvas.parentWidget() is view
    assert view.findChildren(QScrollArea) == [] or all(not a.isVisible() for a in view.findChildren(QScrollArea))
    assert view.canvas.height() < 520 and view.figure is ordinary
