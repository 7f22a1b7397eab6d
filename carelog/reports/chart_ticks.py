"""Axis ticks drawn as one line of tick marks and one Text per label, instead of matplotlib's Tick objects.

A matplotlib Tick is three Line2D and two Text artists, copied from the axis' first tick, and each is drawn on its own:
two to three milliseconds a tick, most of a Trends chart's time (about 170 ticks over the seven charts). The charts
know their ticks when they are built (the months, the weekdays, the locations, or what matplotlib's own locator and
formatter give for the limits), so they are drawn here as one Line2D of tick markers and a Text for each label, with
matplotlib's sizes, pads and alignments: the same pixels. The axis label, which matplotlib places beside the tick
labels it measured, is an annotation placed beside these labels when drawn (so it follows a size the pack prints).

The charts have no pan or zoom, so fixed ticks lose nothing; ticks from `auto_ticks` are found again on each draw by
matplotlib's own locator and formatter, for the size drawn at (a resized window, the pack's print).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from matplotlib import rcParams
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.markers import TICKDOWN, TICKLEFT, TICKRIGHT
from matplotlib.text import Annotation, Text
from matplotlib.ticker import ScalarFormatter
from matplotlib.transforms import Bbox

Which = Literal["x", "y", "right"]  # bottom x axis, left y axis, or a y axis on the right (a colour bar's)


def _axis(ax: Axes, which: Which) -> Any:
    return ax.xaxis if which == "x" else ax.yaxis


def _tick_artists(
    ax: Axes, which: Which, positions: Sequence[float], labels: Sequence[str], fontsize: float, text: dict[str, Any]
) -> tuple[Line2D, list[Text]]:
    """One Line2D of tick marks (matplotlib's markers, sizes and colour) and a Text per label, a Tick's pad away."""
    rc = "x" if which == "x" else "y"
    size, width = rcParams[f"{rc}tick.major.size"], rcParams[f"{rc}tick.major.width"]
    pad = size + rcParams[f"{rc}tick.major.pad"]  # a Tick's label sits its mark's length plus its pad away
    positions = list(positions)
    at = 1.0 if which == "right" else 0.0  # where the spine is, in axes coordinates
    marker: Any = {"x": TICKDOWN, "y": TICKLEFT, "right": TICKRIGHT}[which]  # pointing out of the axes
    if which == "x":
        marks = Line2D(positions, [at] * len(positions), transform=ax.get_xaxis_transform(), marker=marker)
        place, va, ha = ax.get_xaxis_text1_transform(pad)
    else:
        marks = Line2D([at] * len(positions), positions, transform=ax.get_yaxis_transform(), marker=marker)
        side = ax.get_yaxis_text2_transform if which == "right" else ax.get_yaxis_text1_transform
        place, va, ha = side(pad)
    marks.set(linestyle="None", markersize=size, markeredgewidth=width, color=rcParams[f"{rc}tick.color"])
    marks.set(clip_on=False, zorder=1.5)  # where the axis (and its ticks) would be drawn
    props = {"va": va, "ha": ha, "fontsize": fontsize, "color": rcParams[f"{rc}tick.labelcolor"], **text}
    if props["color"] == "inherit":
        props["color"] = rcParams[f"{rc}tick.color"]
    out = []
    for pos, label in zip(positions, labels, strict=True):
        xy = (pos, at) if which == "x" else (at, pos)
        out.append(Text(*xy, label, transform=place, clip_on=False, zorder=1.5, **props))
    return marks, out


def fixed_ticks(
    ax: Axes,
    which: Which,
    positions: Sequence[float],
    labels: Sequence[str],
    *,
    fontsize: float = 8,
    **text: Any,
) -> list[Text]:
    """Tick marks at `positions` (data coordinates) on the bottom (x) or left (y) spine, each with its label; the
    axis' own ticks removed. `text`: more Text properties of the labels (rotation, ha...). Returns the labels."""
    _axis(ax, which).set_ticks([])
    marks, out = _tick_artists(ax, which, positions, labels, fontsize, text)
    ax.add_artist(marks)
    for label in out:
        ax.add_artist(label)
    return out


class AutoTicks(Artist):
    """The ticks matplotlib's locator and formatter give an axis for its limits and the size it is drawn at (found
    again on each draw, so a resized window or the pack's larger print gets matplotlib's choice), drawn as one line of
    marks and a Text per label. The labels' font size is that of the labels made when built (the pack enlarges them
    for print). Labels that would need an offset ("1e6") are written out in full instead."""

    def __init__(self, ax: Axes, which: Which, fontsize: float) -> None:
        super().__init__()
        self._ax, self._which, self._fontsize = ax, which, fontsize
        self._axis = axis = _axis(ax, which)
        # matplotlib's locator and formatter (they keep reading this axis' limits and size), then no Tick objects
        self._locator, self._formatter = axis.get_major_locator(), axis.get_major_formatter()
        axis.set_ticks([])
        self._key: tuple[Any, ...] = ()
        self._labelsize = 0.0
        self._marks: Line2D | None = None
        self.labels: list[Text] = []
        self.set(zorder=1.5, clip_on=False)  # outside the axes: counted in the Figure's tight box (the pack's)
        self._locate()
        ax.add_artist(self)

    def _locate(self) -> None:
        axis, formatter = self._axis, self._formatter
        fontsize = float(self.labels[0].get_fontsize()) if self.labels else self._fontsize
        if fontsize != self._labelsize:
            axis.set_tick_params(labelsize=fontsize)  # the locator leaves room for labels of that size
            self._labelsize = fontsize
        lo, hi = sorted(axis.get_view_interval())
        slack = (hi - lo) * 1e-10
        locs = [float(v) for v in self._locator() if lo - slack <= v <= hi + slack]
        labels = formatter.format_ticks(locs)
        if formatter.get_offset() and isinstance(formatter, ScalarFormatter):
            formatter.set_useOffset(False)
            formatter.set_scientific(False)
            labels = formatter.format_ticks(locs)
        key = (tuple(locs), tuple(labels), fontsize)
        if key == self._key:
            return
        self._key = key
        self._marks, self.labels = _tick_artists(self._ax, self._which, locs, labels, fontsize, {})
        figure = self._ax.get_figure(root=False)
        for artist in self.get_children():
            artist.set_figure(figure)  # type: ignore[arg-type]

    def get_children(self) -> list[Artist]:
        return [self._marks, *self.labels] if self._marks is not None else []

    def get_window_extent(self, renderer: Any = None) -> Bbox:
        self._locate()
        boxes = [a.get_window_extent(renderer) for a in self.get_children()]
        return Bbox.union(boxes) if boxes else Bbox.null()

    def draw(self, renderer: Any) -> None:
        if not self.get_visible():
            return
        self._locate()
        for artist in self.get_children():
            artist.draw(renderer)
        self.stale = False


def auto_ticks(ax: Axes, which: Which, *, fontsize: float = 8) -> AutoTicks:
    """matplotlib's own ticks for the axis (positions and labels found when drawn), drawn as `AutoTicks` instead of
    Tick objects; the axis' own ticks removed. Call it once the limits are final."""
    return AutoTicks(ax, which, fontsize)


def axis_label(
    ax: Axes, which: Which, text: str, beside: Sequence[Text] | AutoTicks, *, fontsize: float = 8
) -> Annotation:
    """The axis label where matplotlib would put it: `labelpad` points beyond the tick labels `beside` (measured when
    drawn) and the spine, centred on the axis; below for x, rotated on the left (or right) for y. The axis' own label
    holds the same text but is hidden (matplotlib would place it beside Tick labels, and these axes have none)."""
    pad = rcParams["axes.labelpad"]
    spine = ax.spines[{"x": "bottom", "y": "left", "right": "right"}[which]]
    own = _axis(ax, which).label  # keeps the text (get_xlabel, get_ylabel), not drawn
    own.set(text=text, visible=False)

    def outer(renderer: Any) -> Bbox:
        labels = beside.labels if isinstance(beside, AutoTicks) else beside  # AutoTicks: those of this draw
        return Bbox.union([spine.get_window_extent(renderer), *(t.get_window_extent(renderer) for t in labels)])

    if which == "x":
        return ax.annotate(text, (0.5, 0.0), xycoords=("axes fraction", outer), xytext=(0, -pad),
                           textcoords="offset points", ha="center", va="top", fontsize=fontsize)  # fmt: skip
    if which == "right":
        return ax.annotate(text, (1.0, 0.5), xycoords=(outer, "axes fraction"), xytext=(pad, 0),
                           textcoords="offset points", ha="center", va="top", rotation=90,
                           rotation_mode="anchor", fontsize=fontsize)  # fmt: skip
    return ax.annotate(text, (0.0, 0.5), xycoords=(outer, "axes fraction"), xytext=(-pad, 0),
                       textcoords="offset points", ha="center", va="bottom", rotation=90,
                       rotation_mode="anchor", fontsize=fontsize)  # fmt: skip
