"""Vector charts in the pack: matplotlib Figure -> ReportLab Drawing (mpl_drawing.py; text kept as text), scaled.

Text stays real text in the PDF (searchable, sharp when printed), drawn in DejaVu Sans like the rest of the pack.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from carelog.core.pack_data import PackChart
from carelog.core.trend_data import SafetyCross
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import esc, stylesheet

CONTENT_WIDTH = 174 * mm
MIN_CHART_TEXT = 8.0  # points, at the size the chart is printed
MAX_CHART_HEIGHT = 200 * mm


def _print_size_text(figure: Any, scale: float, minimum: float = MIN_CHART_TEXT) -> None:
    """Enlarge any chart text that would print smaller than `minimum` points once the chart is scaled to fit."""
    from matplotlib.text import Text

    need = minimum / scale + 0.05
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = axis.get_ticklabels()
            if labels and labels[0].get_fontsize() < need:
                axis.set_tick_params(labelsize=need)
    for text in figure.findobj(Text):
        if text.get_text() and text.get_fontsize() < need:
            text.set_fontsize(need)


def figure_to_drawing(figure: Any, max_width: float = CONTENT_WIDTH, max_height: float = 110 * mm) -> Drawing:
    """Convert a matplotlib Figure (never pyplot) to a ReportLab Drawing scaled to fit the given box."""
    import matplotlib

    from carelog.reports.pack.mpl_drawing import figure_drawing

    width, height = figure.get_figwidth() * 72, figure.get_figheight() * 72
    _print_size_text(figure, min(max_width / width, max_height / height, 1.5))
    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        drawing = figure_drawing(figure)
    scale = min(max_width / drawing.width, max_height / drawing.height, 1.5)
    drawing.width *= scale
    drawing.height *= scale
    drawing.scale(scale, scale)
    drawing.hAlign = "CENTER"
    return drawing


def chart_flowable(chart: PackChart, max_height: float = 110 * mm) -> Flowable:
    """A chart as drawn in the PDF: safety crosses natively (greyscale-safe), matplotlib Figures as vector drawings."""
    if isinstance(chart.figure, SafetyCross):
        from carelog.reports.pack.safety_cross import SafetyCrossFlowable

        cross = SafetyCrossFlowable(chart.figure)
        cross.hAlign = "CENTER"
        return cross
    figure: Any = chart.figure
    # a Figure taller than the box's proportions (small multiples of several services) is printed as wide as the
    # page, up to most of a page tall, rather than shrunk into `max_height` with its labels enlarged to stay readable
    if figure.get_figheight() / figure.get_figwidth() > max_height / CONTENT_WIDTH:
        max_height = max(max_height, MAX_CHART_HEIGHT)
    return figure_to_drawing(figure, max_height=max_height)


def charts_section(charts: Sequence[PackChart], intro: str = "") -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [heading("Trends")]
    out.append(
        Paragraph(
            esc(
                intro
                or "Monthly counts as shown on the Trends tab. Statistical process control (XmR) charts show the "
                "mean and process limits; points in orange signal special cause variation that needs a look. "
                "Compliments are not incidents and are left out of these charts."
            ),
            styles["Body"],
        )
    )
    if not charts:
        out.append(Paragraph("No records in this period, so there are no trend charts.", styles["Note"]))
        return out
    for chart in charts:
        block: list[Flowable] = [heading(chart.title, level=1), chart_flowable(chart)]
        if chart.caption:
            block.append(Paragraph(esc(chart.caption), styles["Small"]))
        out.extend([CondPageBreak(60 * mm), KeepTogether(block), Spacer(1, 6)])
    return out
