"""Trend charts as matplotlib Figures (never pyplot), built from the plain DTOs of core.trend_data and core.spc.

The Trends tab shows them on a Qt canvas; the PDF pack renders the same Figures to vector SVG. Each chart has a
hit-test helper that turns a click in data coordinates into what was clicked (bar, cell, point, box), so the UI can
list the incidents behind it. SPC colours follow NHS "Making Data Count" (shared/DOMAIN.md section 5).
"""

from __future__ import annotations

import calendar
import textwrap
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.dates import date2num
from matplotlib.figure import Figure

from carelog.core.gc_pause import gc_paused
from carelog.core.spc import (
    COLOUR_COMMON,
    AssuranceIcon,
    SpcLimits,
    Variation,
    VariationIcon,
    XmrChart,
    assurance_icon,
    variation_icon,
)
from carelog.core.trend_data import (
    WEEKDAYS,
    ActionMark,
    HeatMap,
    LabelledCount,
    MonthlyCounts,
    SafetyCross,
    SpcView,
    safety_cross_cells,
)
from carelog.reports.chart_ticks import auto_ticks, axis_label, fixed_ticks

FIGSIZE = (8.0, 4.0)
DPI = 100
MAX_CATEGORIES = 8
MAX_LOCATIONS = 15
# Qualitative palette for categories (colour-blind friendly, Okabe-Ito order) and grey for "Other".
CATEGORY_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
OTHER_COLOUR = "#bdbdbd"
# Hatching per category layer, so stacked bars stay apart when printed in greyscale (issue 16)
CATEGORY_HATCHES = ("", "//", "..", "\\\\", "xx", "--", "||", "++")
BAR_COLOUR = "#1f6fb2"
HARM_COLOURS = {
    "none": "#8fbf8f",
    "low": "#f2d45c",
    "moderate": "#f0a030",
    "severe": "#d9534f",
    "fatal": "#8b1e1e",
}
CROSS_NO_EVENT = "#3a9d4a"
CROSS_EVENT = "#d62b2b"
CROSS_FUTURE = "#eeeeee"
MEAN_COLOUR = "#404040"
LIMIT_COLOUR = "#7f7f7f"
EMPTY_TEXT = "No incidents match these filters."
# Titles placed at the top of their axes outright: left to matplotlib, each draw first measures every tick label of
# the axes to see whether the title must move up (it never must here: no axis is on top), a fifth of a chart's time
TITLE_Y = 1.0


def _figure(size: tuple[float, float] = FIGSIZE) -> Figure:
    fig = Figure(figsize=size, dpi=DPI)
    fig.patch.set_facecolor("white")
    return fig


def _style(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)


def _empty(ax: Axes, text: str = EMPTY_TEXT) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#606060")
    ax.set_xticks([])
    ax.set_yticks([])


def _month_labels(months: Sequence[object]) -> list[str]:
    return [f"{m:%b %y}" for m in months]


def _tick_step(n: int, room: int = 18) -> int:
    return max(1, -(-n // room))


# ----------------------------------------------------------------------------------------------- monthly (stacked)
def monthly_series_shown(data: MonthlyCounts, max_categories: int = MAX_CATEGORIES) -> list[tuple[int | None, str]]:
    """(category id or None for 'Other', label) of each stacked layer, bottom first."""
    shown: list[tuple[int | None, str]] = [(s.category_id, s.name) for s in data.series[:max_categories]]
    if len(data.series) > max_categories:
        shown.append((None, "Other"))
    return shown


def _monthly_layers(data: MonthlyCounts, max_categories: int) -> list[tuple[str, list[int], str]]:
    layers = [
        (s.name, list(s.counts), CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)])
        for i, s in enumerate(data.series[:max_categories])
    ]
    rest = data.series[max_categories:]
    if rest:
        layers.append(("Other", [sum(s.counts[i] for s in rest) for i in range(len(data.months))], OTHER_COLOUR))
    return layers


@gc_paused()  # a chart is thousands of small objects: see core.gc_pause
def monthly_by_category_figure(data: MonthlyCounts, max_categories: int = MAX_CATEGORIES) -> Figure:
    fig = _figure()
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.07, right=0.70, bottom=0.18, top=0.92)
    ax.set_title("Incidents per month by category", fontsize=10, loc="left", y=TITLE_Y)
    _style(ax)
    if not data.series or not data.months:
        _empty(ax)
        return fig
    from matplotlib.collections import PathCollection
    from matplotlib.patches import Patch
    from matplotlib.path import Path as MplPath

    x = list(range(len(data.months)))
    bottom = [0] * len(x)
    handles = []
    # one path of all its rectangles per layer: far quicker to build than a patch per bar (ax.bar), and Agg hatches
    # a path in one go rather than bar by bar (the hatching was half the chart's drawing time), same picture; each
    # layer hatched with its own pattern, so the categories stay apart in greyscale print
    for k, (name, counts, colour) in enumerate(_monthly_layers(data, max_categories)):
        hatch = CATEGORY_HATCHES[k % len(CATEGORY_HATCHES)]
        boxes = [
            MplPath([(i - 0.4, b), (i - 0.4, b + c), (i + 0.4, b + c), (i + 0.4, b), (i - 0.4, b)], closed=True)
            for i, b, c in zip(x, bottom, counts, strict=True)
            if c
        ]
        layer = MplPath.make_compound_path(*boxes)
        ax.add_collection(PathCollection([layer], facecolors=colour, edgecolors="white", linewidths=0, hatch=hatch))
        handles.append(Patch(facecolor=colour, edgecolor="white", hatch=hatch, label=name))
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    step = _tick_step(len(x))
    fixed_ticks(ax, "x", x[::step], _month_labels(data.months)[::step], rotation=45, ha="right")
    ax.set_xlim(-0.6, len(x) - 0.4)
    ax.set_ylim(0, max(bottom) * 1.05 or 1)
    axis_label(ax, "y", "Incidents", auto_ticks(ax, "y"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7.5, frameon=False)
    return fig


def monthly_hit(
    data: MonthlyCounts, x: float, y: float, max_categories: int = MAX_CATEGORIES
) -> tuple[int, int | None, str] | None:
    """(month index, category id or None for 'Other', layer label) under a click, or None."""
    index = round(x)
    if not 0 <= index < len(data.months) or abs(x - index) > 0.4 or y < 0:
        return None
    level = 0.0
    shown = monthly_series_shown(data, max_categories)
    for (cid, label), (_name, counts, _c) in zip(shown, _monthly_layers(data, max_categories), strict=True):
        level += counts[index]
        if y <= level and counts[index] > 0:
            return index, cid, label
    return None


# ----------------------------------------------------------------------------------------------- XmR (SPC)
# Point shapes by variation, so the chart reads in greyscale too: circle common, diamond concern, square improvement.
VARIATION_MARKERS = {
    Variation.COMMON: "o",
    Variation.CONCERN: "D",
    Variation.IMPROVEMENT: "s",
    Variation.NEUTRAL: "P",
}
TARGET_COLOUR = "#000000"
ACTION_COLOUR = "#2f2f2f"


def _segment_lines(ax: Axes, chart: XmrChart, n: int) -> None:
    """Mean and limits drawn over each segment's own points; the latest segment's values labelled at the right."""
    segments = chart.segments or ()
    for k, seg in enumerate(segments):
        x0, x1 = seg.start - 0.5, seg.end + 0.5
        lower = max(seg.lower_limit, 0.0)
        ax.hlines(seg.mean, x0, x1, colors=MEAN_COLOUR, linestyles="-", linewidth=1, zorder=0)
        ax.hlines([seg.upper_limit, lower], x0, x1, colors=LIMIT_COLOUR, linestyles="--", linewidth=1, zorder=0)
        if seg.frozen:
            ax.axvspan(seg.start - 0.5, seg.start + seg.baseline - 0.5, color="#f2f2f2", zorder=-1, linewidth=0)
            ax.text(
                seg.start - 0.4,
                0.02,
                "frozen baseline",
                transform=ax.get_xaxis_transform(),
                fontsize=6.5,
                color="#505050",
            )
        if k > 0:
            ax.axvline(x0, color="#9a9a9a", linewidth=0.8, linestyle="-", zorder=0)
            ax.text(x0, 0.02, " new limits", transform=ax.get_xaxis_transform(), fontsize=6.5, color="#505050")
    if segments:
        last = segments[-1]
        lower = max(last.lower_limit, 0.0)
        for value, colour, label in (
            (last.mean, MEAN_COLOUR, f"Mean {last.mean:.1f}"),
            (last.upper_limit, LIMIT_COLOUR, f"Upper limit {last.upper_limit:.1f}"),
            (lower, LIMIT_COLOUR, f"Lower limit {lower:.1f}"),
        ):
            ax.text(n - 0.5, value, " " + label, fontsize=7, va="center", ha="left", color=colour, clip_on=False)


def _icons(fig: Figure, variation: VariationIcon | None, assurance: AssuranceIcon | None) -> None:
    """Making Data Count icons at the top right: a circle with H / L (or ~ for common cause) for variation, a square
    with P / F / ? for assurance; each with its meaning in words beside it, so neither relies on colour."""
    items: list[tuple[str, str, str, str]] = []
    if variation is not None:
        items.append(("o", variation.colour, variation.letter or "~", variation.label))
    if assurance is not None:
        items.append(("s", assurance.colour, assurance.letter, assurance.label))
    for k, (shape, colour, letter, label) in enumerate(items):
        x = 0.57 + k * 0.215
        fig.text(x, 0.925, "\u25cf" if shape == "o" else "\u25a0", color=colour, fontsize=19, ha="center", va="center")
        fig.text(x, 0.923, letter, color="white", fontsize=8, fontweight="bold", ha="center", va="center")
        fig.text(x + 0.02, 0.925, _wrap(label, 30), fontsize=6.5, va="center", ha="left", color="#202020")


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)[:2])


@gc_paused()  # a chart is thousands of small objects: see core.gc_pause
def xmr_figure(
    chart: XmrChart,
    title: str = "",
    what: str = "Incidents",
    *,
    target: float | None = None,
    marks: Sequence[tuple[float, str]] = (),
    notes: Sequence[str] = (),
    icons: bool = True,
    captions: bool = True,
    empty_text: str = "",
) -> Figure:
    """An XmR (or T) chart: points shaped and coloured by variation, mean and limits per segment, an optional target
    line, vertical markers (x position, label) for actions, the variation and assurance icons, and notes below."""
    fig = _figure()
    ax = fig.add_subplot()
    lines = _note_lines(chart, notes, marks) if captions else []
    fig.subplots_adjust(left=0.07, right=0.83, bottom=0.22 + 0.042 * len(lines), top=0.82)
    fig.text(0.07, 0.955, title or "XmR chart", fontsize=10, ha="left", va="center")
    _style(ax)
    if not chart.points:
        _empty(ax, empty_text or "Choose a category with incidents to draw its SPC chart.")
        return fig
    n = len(chart.points)
    x = list(range(n))
    ax.plot(x, chart.values, color=COLOUR_COMMON, linewidth=1.2, zorder=1)
    for variation, marker in VARIATION_MARKERS.items():
        shown = [p for p in chart.points if p.variation == variation]
        if shown:
            ax.scatter(
                [p.index for p in shown],
                [p.value for p in shown],
                c=variation.colour,
                marker=marker,
                s=30 if marker == "o" else 34,
                zorder=2,
                edgecolors="#303030" if variation != Variation.COMMON else "none",
                linewidths=0.5,
                label={
                    Variation.COMMON: "Common cause",
                    Variation.CONCERN: "Special cause: concern",
                    Variation.IMPROVEMENT: "Special cause: improvement",
                    Variation.NEUTRAL: "Special cause",
                }[variation],
            )
    if not chart.segments:  # a chart built by hand without segments: one set of limits
        chart = replace(chart, segments=(_whole(chart),))
    _segment_lines(ax, chart, n)
    top = max(max(chart.values), max(s.upper_limit for s in chart.segments))
    if target is not None:
        ax.axhline(target, color=TARGET_COLOUR, linestyle=":", linewidth=1.3, zorder=0)
        ax.text(-0.45, target, f"Target {target:g}", fontsize=7, va="bottom", ha="left", color=TARGET_COLOUR)
        top = max(top, target)
    previous = -99.0
    level = 0
    for k, (pos, _label) in enumerate(marks, start=1):
        level = (level + 1) % 3 if pos - previous < 1.2 else 0  # stagger labels of actions close together
        previous = pos
        ax.axvline(pos, color=ACTION_COLOUR, linestyle=(0, (1, 2)), linewidth=1, zorder=0)
        ax.text(
            pos,
            0.98 - 0.09 * level,
            f"A{k}",
            transform=ax.get_xaxis_transform(),
            fontsize=7,
            ha="center",
            va="top",
            color=ACTION_COLOUR,
            fontweight="bold",
            bbox={"facecolor": "white", "edgecolor": ACTION_COLOUR, "boxstyle": "round,pad=0.15", "linewidth": 0.6},
        )
    step = _tick_step(n)
    fixed_ticks(ax, "x", x[::step], [p.label for p in chart.points][::step], rotation=45, ha="right")
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(bottom=0, top=top * 1.15 + 0.5)
    axis_label(ax, "y", what, auto_ticks(ax, "y"))
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=4, fontsize=6.5, frameon=False, handletextpad=0.2)
    if icons:
        _icons(fig, variation_icon(chart), assurance_icon(chart, target) if chart.kind == "xmr" else None)
    for k, line in enumerate(lines):
        warn = bool(chart.warning) and line in chart.warning
        fig.text(0.07, 0.03 + 0.042 * (len(lines) - 1 - k), line, fontsize=7, color="#7a3000" if warn else "#303030")
    return fig


def _note_lines(chart: XmrChart, notes: Sequence[str], marks: Sequence[tuple[float, str]]) -> list[str]:
    lines = [w for note in notes for w in textwrap.wrap(note, 150)][:2]
    if marks:
        labels = "  ".join(f"A{k}: {_short(label, 48)}" for k, (_pos, label) in enumerate(marks, start=1))
        lines += textwrap.wrap(labels, 150)[:2]
    if chart.warning:
        lines.append(_short(chart.warning, 150))
    return lines[:4]


def _whole(chart: XmrChart) -> SpcLimits:
    return SpcLimits(
        0,
        len(chart.points) - 1,
        len(chart.points),
        chart.mean,
        chart.mean_moving_range,
        chart.upper_limit,
        chart.lower_limit,
        chart.upper_two_thirds,
        chart.lower_two_thirds,
    )


def action_positions(view: SpcView) -> list[tuple[float, str]]:
    """Where each completed action falls on the chart's x axis, with its label (title and board column)."""
    out: list[tuple[float, str]] = []
    dates = view.x_dates
    if not dates:
        return out
    monthly = view.chart.kind == "xmr"
    for action in view.actions:
        if monthly:
            month = action.completed.replace(day=1)
            if month < dates[0] or month > dates[-1]:
                continue
            index = dates.index(month) if month in dates else bisect_left(dates, month)
            pos = index - 0.5 + (action.completed.day - 0.5) / calendar.monthrange(month.year, month.month)[1]
        else:
            index = bisect_left(dates, action.completed)
            if index >= len(dates):
                continue
            pos = index - 0.5
        out.append((pos, f"{action.title} ({action.completed:%d %b %Y}, {action.status.lower()})"))
    return out


# Small multiples: rows of the same size whatever their number (the figure grows; the Trends tab scrolls it), and at
# most MAX_PANELS services on screen, MAX_PANELS_PRINTED in the pack
MAX_PANELS = 12
MAX_PANELS_PRINTED = 6
PANEL_INCHES = 1.238  # height of one panel's plot
PANEL_GAP_INCHES = 0.928  # between rows: a panel's tick labels and the next row's two-line title
PANELS_TOP_INCHES, PANELS_BOTTOM_INCHES = 0.644, 0.552
PANELS_NOTE_INCHES = 0.32  # more room at the top for the two lines saying how many services are shown
CHOOSE_A_SERVICE = "Choose a service in the filters to see any other."
SMALL_MULTIPLES_MIN_HEIGHT = 4.6
TALL_INCHES = 6.0  # a Figure taller than this scrolls on screen rather than being squeezed into the view


def scrolls_on_screen(figure: Figure) -> bool:
    """True for a Figure drawn taller than a chart view (small multiples of many services): shown at its own height
    with a scroll bar."""
    return bool(figure.get_figheight() > TALL_INCHES)


def small_multiples_shown(views: Sequence[SpcView], max_panels: int = MAX_PANELS) -> list[SpcView]:
    """The services given a panel, in their own order: all of them when they fit, else those needing a look first
    (special cause concern, or a target consistently missed), then those with the most in the period."""
    if len(views) <= max_panels:
        return list(views)

    def rank(k: int) -> tuple[bool, float, int]:
        view = views[k]
        looks = (view.variation_icon is not None and view.variation_icon.variation == Variation.CONCERN) or (
            view.assurance_icon == AssuranceIcon.FAIL
        )
        return (not looks, -sum(view.chart.values), k)

    return [views[k] for k in sorted(sorted(range(len(views)), key=rank)[:max_panels])]


@gc_paused()  # a chart is thousands of small objects: see core.gc_pause
def small_multiples_figure(
    views: Sequence[SpcView], title: str = "", max_panels: int = MAX_PANELS, hint: str = CHOOSE_A_SERVICE
) -> Figure:
    """One small XmR panel per service (same measure), each with its limits, target and icons as letters; with more
    services than `max_panels`, those needing a look and the busiest (small_multiples_shown), said under the title
    with `hint` (the pack prints none)."""
    if not views:
        fig = _figure((8.0, SMALL_MULTIPLES_MIN_HEIGHT))
        _empty(fig.add_subplot(), "Choose a category to compare it across services.")
        return fig
    shown = small_multiples_shown(views, max_panels)
    cols = 2 if len(shown) > 1 else 1
    rows = -(-len(shown) // cols)
    top = PANELS_TOP_INCHES + (PANELS_NOTE_INCHES if len(shown) < len(views) else 0.0)
    edges = top + PANELS_BOTTOM_INCHES
    height = round(max(SMALL_MULTIPLES_MIN_HEIGHT, edges + rows * PANEL_INCHES + (rows - 1) * PANEL_GAP_INCHES), 3)
    fig = _figure((8.0, height))
    plot = (height - edges - (rows - 1) * PANEL_GAP_INCHES) / rows
    fig.subplots_adjust(
        left=0.07,
        right=0.97,
        bottom=PANELS_BOTTOM_INCHES / height,
        top=1 - top / height,
        hspace=PANEL_GAP_INCHES / plot,
        wspace=0.18,
    )
    fig.text(0.07, 1 - 0.207 / height, title or "By service", fontsize=10, ha="left", va="center")
    if len(shown) < len(views):
        said = (
            f"{len(shown)} of {len(views)} services: special cause concerns and missed targets first, then the busiest."
        )
        fig.text(
            0.07,
            1 - 0.45 / height,
            "\n".join(textwrap.wrap(f"{said} {hint}".strip(), 95)),
            fontsize=7,
            ha="left",
            va="center",
            color="#505050",
        )
    for k, view in enumerate(shown):
        ax = fig.add_subplot(rows, cols, k + 1)
        _style(ax)
        chart = view.chart
        n = len(chart.points)
        if not n:
            ax.set_title(_short(view.title, 40), fontsize=7, loc="left", y=TITLE_Y)
            _empty(ax, _wrap(view.notes[0] if view.notes else "No data", 60))
            ax.texts[-1].set_fontsize(6.5)
            continue
        ax.plot(range(n), chart.values, color=COLOUR_COMMON, linewidth=1, zorder=1)
        for variation, marker in VARIATION_MARKERS.items():
            points = [p for p in chart.points if p.variation == variation]
            if points:
                ax.scatter(
                    [p.index for p in points],
                    [p.value for p in points],
                    c=variation.colour,
                    marker=marker,
                    s=14,
                    zorder=2,
                    linewidths=0,
                )
        for seg in chart.segments:
            ax.hlines(seg.mean, seg.start - 0.5, seg.end + 0.5, colors=MEAN_COLOUR, linewidth=0.8)
            ax.hlines(
                [seg.upper_limit, max(seg.lower_limit, 0)],
                seg.start - 0.5,
                seg.end + 0.5,
                colors=LIMIT_COLOUR,
                linestyles="--",
                linewidth=0.8,
            )
        if view.target is not None and view.target_shown:
            ax.axhline(view.target, color=TARGET_COLOUR, linestyle=":", linewidth=1)
        ax.set_title(f"{_short(view.title, 40)}\n{_short_icons(view)}", fontsize=7, loc="left", y=TITLE_Y)
        gaps = sum(1 for note in view.notes if note.startswith("No rate for"))
        if gaps:
            ax.text(0.99, 0.97, f"{gaps} month{'s' if gaps != 1 else ''} without bed days left out", fontsize=6,
                    ha="right", va="top", transform=ax.transAxes, color="#7a3000")  # fmt: skip
        ax.set_xlim(-0.5, n - 0.5)
        ax.set_ylim(bottom=0)
        step = _tick_step(n, 6)
        labels = [_short_month(p.label) for p in chart.points][::step]
        fixed_ticks(ax, "x", list(range(n))[::step], labels, fontsize=6)
        auto_ticks(ax, "y", fontsize=6)
    return fig


def _short_month(label: str) -> str:
    """'Jan 2025' -> 'Jan 25' (a panel's width holds six of them even at the pack's larger print); others as given."""
    month, _, year = label.partition(" ")
    return f"{month} {year[2:]}" if len(month) == 3 and len(year) == 4 and year.isdigit() else label


def _short_icons(view: SpcView) -> str:
    """E.g. '[H] concern, high   [F] misses target': the icons' letters with a few words, for small panels."""
    parts = []
    v = view.variation_icon
    if v is not None:
        way = "" if v == VariationIcon.COMMON else (", high" if v.letter == "H" else ", low")
        word = "common cause" if v == VariationIcon.COMMON else v.variation.value
        parts.append(f"[{v.letter or '~'}] {word}{way}")
    a = view.assurance_icon
    if a is not None:
        words = {AssuranceIcon.PASS: "meets target", AssuranceIcon.FAIL: "misses target"}
        parts.append(f"[{a.letter}] {words.get(a, 'hit or miss target')}")
    return "   ".join(parts)


def spc_figure(view: SpcView, captions: bool = True) -> Figure:
    """The Trends tab's and the pack's SPC chart: the same Figure for both.

    `captions`: the notes and the list of actions written under the chart (the pack); the Trends tab writes them in
    its reading pane instead, where they have room at any window size.
    """
    marks = action_positions(view)
    return xmr_figure(
        view.chart,
        view.title,
        view.y_label,
        target=view.target if view.target_shown else None,
        marks=marks if captions else [(pos, "") for pos, _label in marks],
        notes=view.notes if captions else (),
        captions=captions,
        empty_text=view.empty_text,
    )


def xmr_hit(chart: XmrChart, x: float) -> int | None:
    index = round(x)
    return index if 0 <= index < len(chart.points) and abs(x - index) <= 0.4 else None


# ----------------------------------------------------------------------------------------------- heat map
@gc_paused()  # a chart is thousands of small objects: see core.gc_pause
def heat_map_figure(data: HeatMap) -> Figure:
    fig = _figure()
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.07, right=0.95, bottom=0.14, top=0.90)
    ax.set_title("Incidents by day of week and hour", fontsize=10, loc="left", y=TITLE_Y)
    ax.tick_params(labelsize=8)
    if data.total == 0:
        _empty(ax)
        return fig
    image = ax.imshow([list(r) for r in data.counts], cmap="Oranges", aspect="auto", interpolation="nearest")
    fixed_ticks(ax, "y", range(7), list(WEEKDAYS))
    hours = fixed_ticks(ax, "x", range(0, 24, 2), [f"{h:02d}:00" for h in range(0, 24, 2)])
    axis_label(ax, "x", "Hour of the day", hours)
    colourbar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    axis_label(colourbar.ax, "right", "Incidents", auto_ticks(colourbar.ax, "right", fontsize=7))
    return fig


def heat_map_hit(x: float, y: float) -> tuple[int, int] | None:
    """(weekday Monday = 0, hour) of the cell under a click."""
    weekday, hour = round(y), round(x)
    return (weekday, hour) if 0 <= weekday < 7 and 0 <= hour < 24 else None


# ----------------------------------------------------------------------------------------------- plain bars
@gc_paused()  # a chart is thousands of small objects: see core.gc_pause
def location_figure(items: Sequence[LabelledCount], max_bars: int = MAX_LOCATIONS) -> Figure:
    fig = _figure()
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.36, right=0.96, bottom=0.12, top=0.90)
    ax.set_title("Incidents by location", fontsize=10, loc="left", y=TITLE_Y)
    _style(ax)
    shown = list(items[:max_bars])
    if not shown:
        _empty(ax)
        return fig
    y = list(range(len(shown)))
    # the bars as one collection (one draw call, not a patch per bar); the limits barh would have set
    bars = [[(0, k - 0.35), (0, k + 0.35), (i.count, k + 0.35), (i.count, k - 0.35)] for k, i in enumerate(shown)]
    ax.add_collection(PolyCollection(bars, facecolors=BAR_COLOUR, edgecolors="none"), autolim=False)
    margin = 0.05 * (len(shown) - 0.3)  # matplotlib's 5% either side of the bars, largest at the top
    ax.set_xlim(0, max(i.count for i in shown) * 1.05 or 1)
    ax.set_ylim(len(shown) - 0.65 + margin, -0.35 - margin)
    fixed_ticks(ax, "y", y, [_short(i.label, 44) for i in shown])
    axis_label(ax, "x", "Incidents", auto_ticks(ax, "x"))
    if len(items) > max_bars:
        ax.text(
            1.0,
            -0.12,
            f"Top {max_bars} of {len(items)} locations",
            transform=ax.transAxes,
            fontsize=7,
            ha="right",
            color="#606060",
        )
    return fig


def location_hit(items: Sequence[LabelledCount], x: float, y: float, max_bars: int = MAX_LOCATIONS) -> int | None:
    index = round(y)
    if not 0 <= index < min(len(items), max_bars) or abs(y - index) > 0.4 or x < 0:
        return None
    return index


@gc_paused()  # a chart is thousands of small objects: see core.gc_pause
def harm_figure(items: Sequence[LabelledCount]) -> Figure:
    fig = _figure()
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.08, right=0.96, bottom=0.12, top=0.90)
    ax.set_title("Physical harm", fontsize=10, loc="left", y=TITLE_Y)
    _style(ax)
    if not any(i.count for i in items):
        _empty(ax)
        return fig
    x = list(range(len(items)))
    bars = ax.bar(x, [i.count for i in items], color=[HARM_COLOURS.get(str(i.key), BAR_COLOUR) for i in items])
    ax.bar_label(bars, fontsize=8, padding=2)
    ax.margins(y=0.12)
    fixed_ticks(ax, "x", x, [i.label for i in items])
    axis_label(ax, "y", "Incidents", auto_ticks(ax, "y"))
    return fig


def harm_hit(items: Sequence[LabelledCount], x: float, y: float) -> int | None:
    index = round(x)
    if not 0 <= index < len(items) or abs(x - index) > 0.4 or y < 0:
        return None
    return index


# ----------------------------------------------------------------------------------------------- safety cross
@gc_paused()  # a chart is thousands of small objects: see core.gc_pause
def safety_cross_figure(data: SafetyCross, last_day: int | None = None) -> Figure:
    """Green box = no incident that day, red = incidents (count written in); days after `last_day` stay grey."""
    fig = _figure((5.5, 5.5))
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.03, right=0.97, bottom=0.03, top=0.90)
    ax.set_title(f"Safety cross: {data.category}, {data.first_day:%B %Y}", fontsize=10, loc="left", y=TITLE_Y)
    boxes, colours = [], []
    for day, column, row in safety_cross_cells(len(data.counts)):
        n = data.counts[day - 1]
        future = last_day is not None and day > last_day
        boxes.append([(column, row), (column, row + 0.94), (column + 0.94, row + 0.94), (column + 0.94, row)])
        colours.append(CROSS_FUTURE if future else (CROSS_EVENT if n else CROSS_NO_EVENT))
        ax.text(column + 0.08, row + 0.22, str(day), fontsize=7, color="#333333" if future else "white", va="center")
        if n and not future:
            ax.text(
                column + 0.47,
                row + 0.56,
                str(n),
                fontsize=13,
                color="white",
                ha="center",
                va="center",
                fontweight="bold",
            )
    # the boxes as one collection: one draw call for the month, not a patch per day
    ax.add_collection(PolyCollection(boxes, facecolors=colours, edgecolors="white", zorder=1), autolim=False)
    ax.set_xlim(-0.1, 7.05)
    ax.set_ylim(7.05, -0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


def safety_cross_hit(data: SafetyCross, x: float, y: float) -> int | None:
    """Day of month of the box under a click."""
    for day, column, row in safety_cross_cells(len(data.counts)):
        if column <= x <= column + 0.94 and row <= y <= row + 0.94:
            return day
    return None


# ----------------------------------------------------------------------------------------------- export
def export_figure(figure: Figure, path: str | Path) -> Path:
    """Write a chart to PNG or SVG (by the file's suffix); SVG keeps text as text."""
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError("Save the chart as a .png or .svg file.")
    from matplotlib import rc_context

    with rc_context({"svg.fonttype": "none"}):
        figure.savefig(target, format=fmt, dpi=150 if fmt == "png" else DPI, facecolor="white")
    return target


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@gc_paused()  # a chart is thousands of small objects: see core.gc_pause
def audit_scores_figure(
    series: Mapping[str, Sequence[tuple[date, int]]],
    actions: Sequence[ActionMark] = (),
    title: str = "Follow-up audit scores",
) -> Figure:
    """Follow-up audit scores (% compliance) over time, one line (and marker shape) per type of audit; the completed
    actions the audits test as dotted vertical lines labelled A1, A2... (listed under the chart)."""
    fig = _figure((8.0, 3.6))
    ax = fig.add_subplot(1, 1, 1)
    _style(ax)
    if not any(series.values()):
        _empty(ax, "No audit scores recorded in this period.")
        return fig
    markers = ("o", "s", "D", "^", "v", "P", "X", "*")
    for i, (name, points) in enumerate(series.items()):
        colour = CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)]
        xs = [float(date2num(d)) for d, _s in points]  # type: ignore[no-untyped-call]
        ys = [s for _d, s in points]
        ax.plot(xs, ys, marker=markers[i % len(markers)], color=colour, label=name, linewidth=1.6)
        ax.annotate(f"{ys[-1]}%", (xs[-1], ys[-1]), textcoords="offset points", xytext=(6, -3), fontsize=8)
    for k, action in enumerate(actions, start=1):
        x = float(date2num(action.completed))  # type: ignore[no-untyped-call]
        ax.axvline(x, color=ACTION_COLOUR, linestyle=(0, (1, 2)), linewidth=1, zorder=0)
        box = {"facecolor": "white", "edgecolor": ACTION_COLOUR, "boxstyle": "round,pad=0.15", "linewidth": 0.6}
        ax.text(x, 0.98 - 0.09 * ((k - 1) % 3), f"A{k}", transform=ax.get_xaxis_transform(), fontsize=7, ha="center",
                va="top", color=ACTION_COLOUR, fontweight="bold", bbox=box)  # fmt: skip
    from matplotlib.dates import AutoDateLocator, DateFormatter

    ax.xaxis_date()
    ax.xaxis.set_major_locator(AutoDateLocator(maxticks=10))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
    ax.set_ylim(0, 105)
    ax.set_ylabel("% compliant", fontsize=8)
    ax.set_title(title, fontsize=10, loc="left", y=TITLE_Y)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    lines = []
    if actions:
        text = "  ".join(f"A{k}: {_short(a.title, 80)} ({a.completed:%d %b %Y})" for k, a in enumerate(actions, 1))
        lines = textwrap.wrap(text, 140)[:2]
    fig.subplots_adjust(left=0.08, right=0.97, top=0.88, bottom=0.2 + 0.05 * len(lines))
    for k, line in enumerate(lines):
        fig.text(0.08, 0.03 + 0.05 * (len(lines) - 1 - k), line, fontsize=7, color="#303030")
    return fig
