"""Ticks drawn as one line of marks and a Text per label look exactly like matplotlib's Tick objects."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from carelog.reports.chart_ticks import AutoTicks, auto_ticks, axis_label, fixed_ticks

MONTHS = [f"M{i}" for i in range(12)]


def _axes(height: float = 4.0) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(6.0, height), dpi=100)
    ax = fig.add_subplot()
    ax.set_xlim(-0.5, 11.5)
    ax.set_ylim(0, 5800)
    ax.tick_params(labelsize=8)
    return fig, ax


def _pixels(fig: Figure) -> np.ndarray:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def test_same_pixels_as_matplotlib_ticks_and_axis_label() -> None:
    ours, ax = _axes()
    axis_label(ax, "y", "Incidents", auto_ticks(ax, "y"))
    fixed_ticks(ax, "x", range(12), MONTHS, rotation=45, ha="right")
    theirs, ax2 = _axes()
    ax2.set_xticks(range(12), MONTHS, rotation=45, ha="right")
    ax2.set_ylabel("Incidents", fontsize=8)
    assert np.array_equal(_pixels(ours), _pixels(theirs))
    assert ax.get_ylabel() == "Incidents"  # the axis keeps the label's text
    assert len(ax.xaxis.get_major_ticks()) <= 1 and len(ax.yaxis.get_major_ticks()) <= 1  # no Tick per label


def test_auto_ticks_follow_the_size_drawn_at() -> None:
    fig, ax = _axes()
    ticks = auto_ticks(ax, "y")
    assert isinstance(ticks, AutoTicks)
    tall = [t.get_text() for t in ticks.labels]
    fig.set_size_inches(6.0, 1.6)  # a small window: matplotlib's locator leaves out some ticks
    _pixels(fig)
    short = [t.get_text() for t in ticks.labels]
    assert tall[0] == short[0] == "0" and len(short) < len(tall)
    mpl, ax2 = _axes(1.6)
    _pixels(mpl)
    low, high = ax2.get_ylim()
    theirs = zip(ax2.get_yticklabels(), ax2.get_yticks(), strict=True)
    assert short == [t.get_text() for t, y in theirs if low <= y <= high]


def test_larger_printed_labels_push_the_axis_label_out() -> None:
    fig, ax = _axes()
    ticks = auto_ticks(ax, "y")
    label = axis_label(ax, "y", "Incidents", ticks)
    _pixels(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    before = label.get_window_extent(renderer).x1
    for text in ticks.labels:
        text.set_fontsize(14)  # as the pack enlarges small text for print
    _pixels(fig)
    assert label.get_window_extent(renderer).x1 < before
    assert label.get_window_extent(renderer).x1 <= min(t.get_window_extent(renderer).x0 for t in ticks.labels)
