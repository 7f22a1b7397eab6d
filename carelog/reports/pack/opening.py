"""The opening page: what we learned, what changed, and how we know (key learning, changes with their measured
effect, open risks, and this period against the previous one and the same period last year)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from carelog.core.pack_claims import ClaimCheck, LearningSummary
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import FONT_BOLD, esc, stylesheet
from carelog.reports.pack.tables import data_table, fmt_dt

TITLE = "What we learned, what changed, and how we know"
COMPARE_HEADER = ("Period", "Dates", "Records", "With physical harm", "Near misses", "Near-miss share")
COMPARE_WIDTHS = (38 * mm, 48 * mm, 20 * mm, 26 * mm, 20 * mm, 22 * mm)
CHANGE_WIDTHS = (80 * mm, 94 * mm)
LEARNING_LIMIT = 5
CHANGES_LIMIT = 6
RISKS_LIMIT = 6


def _bullets(lines: Sequence[str], empty: str, limit: int, more: str) -> list[Flowable]:
    styles = stylesheet()
    if not lines:
        return [Paragraph(empty, styles["Note"])]
    out: list[Flowable] = [Paragraph("\u2022 " + esc(line), styles["Body"]) for line in lines[:limit]]
    if len(lines) > limit:
        out.append(Paragraph(f"{len(lines) - limit} more {more}.", styles["Small"]))
    return out


def _comparison(summary: LearningSummary) -> list[Flowable]:
    styles = stylesheet()
    rows = [
        (
            f.label,
            f"{fmt_dt(f.date_from)} to {fmt_dt(f.date_to)}",
            str(f.records),
            str(f.harm_incidents),
            str(f.near_misses),
            f.near_miss_share,
        )
        for f in summary.comparison
    ]
    return [
        Paragraph("This period against the previous one and the same period last year", styles["H3"]),
        data_table(
            COMPARE_HEADER, rows, COMPARE_WIDTHS, align_right=(2, 3, 4, 5),
            extra_style=[("FONTNAME", (0, 1), (-1, 1), FONT_BOLD)],
        ),
        Paragraph(
            "Records: every kind, compliments included. With physical harm: records other than compliments with low, "
            "moderate, severe or fatal physical harm. A higher near-miss share usually means more open reporting.",
            styles["Small"],
        ),
    ]  # fmt: skip


def opening_section(summary: LearningSummary, claims: Sequence[ClaimCheck] = ()) -> list[Flowable]:
    """One page: the period comparison, key learning, changes with their measured effect, open risks."""
    styles = stylesheet()
    out: list[Flowable] = [heading(TITLE), *_comparison(summary)]
    out.append(Paragraph("Key learning", styles["H3"]))
    out.extend(
        _bullets(
            [f"{point} ({title})" for title, point in summary.key_learning],
            "No signed-off review in this period recorded its learning yet.",
            LEARNING_LIMIT,
            "points under Learning reviews",
        )
    )
    out.append(Paragraph("Changes made and their measured effect", styles["H3"]))
    if summary.changes:
        shown = list(summary.changes[:CHANGES_LIMIT])
        out.append(data_table(("Change (completed action)", "Effect measured"), shown, CHANGE_WIDTHS))
        if len(summary.changes) > CHANGES_LIMIT:
            out.append(
                Paragraph(f"{len(summary.changes) - CHANGES_LIMIT} more completed actions in the Action plan.",
                          styles["Small"])
            )  # fmt: skip
    else:
        out.append(Paragraph("No improvement action was completed in this period.", styles["Note"]))
    unsupported = [c for c in claims if c.contradicted]
    if unsupported:
        out.append(
            Paragraph(
                f"<b>{len(unsupported)} case {'study claims' if len(unsupported) == 1 else 'studies claim'} an effect "
                "the data do not support: see Case studies.</b>",
                styles["Body"],
            )
        )
    out.append(Paragraph("Open risks", styles["H3"]))
    out.extend(
        _bullets(
            summary.open_risks,
            "No open action is overdue and no pattern signal is open.",
            RISKS_LIMIT,
            "open risks (overdue actions in the Action plan, signals on the Trends tab)",
        )
    )
    return out
