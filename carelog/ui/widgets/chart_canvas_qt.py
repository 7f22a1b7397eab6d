"""The Trends tab's Qt canvas: matplotlib's QtAgg canvas drawing with reports.chart_canvas's measuring renderer.

Imported only when the first chart is shown (matplotlib's Qt backend is not needed before then)."""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

from carelog.reports.chart_canvas import MeasuringCanvas


class ChartCanvas(MeasuringCanvas, FigureCanvasQTAgg):
    """FigureCanvasQTAgg whose labels are measured once per process, not once per chart."""
