"""Actions where they belong: under the review they came from, or under "Actions from incidents" (an action with
no review in the pack, or one linked to a review that covers none of its records)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from carelog.core.pack_data import PackAction
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import stylesheet
from carelog.reports.pack.tables import data_table, fmt_dt

HEADER = ("Action", "Lead", "Due", "Status", "Effectiveness")
WIDTHS = (66 * mm, 26 * mm, 20 * mm, 22 * mm, 40 * mm)
INCIDENT_HEADER = ("Action", "From records", "Lead", "Due", "Status", "Effectiveness")
INCIDENT_WIDTHS = (44 * mm, 32 * mm, 22 * mm, 18 * mm, 18 * mm, 40 * mm)


def _due(a: PackAction) -> str:
    return (fmt_dt(a.due) + ("\noverdue" if a.overdue else "")) if a.due else "-"


def review_actions_block(actions: Sequence[PackAction]) -> list[Flowable]:
    """The actions of one review, printed under it."""
    styles = stylesheet()
    out: list[Flowable] = [Paragraph("<b>Actions from this review</b>", styles["Body"])]
    if not actions:
        out.append(Paragraph("No improvement actions are linked to this review.", styles["Note"]))
        return out
    rows = [(a.title, a.owner or "-", _due(a), a.status, a.effectiveness or "Not yet checked") for a in actions]
    out.append(data_table(HEADER, rows, WIDTHS))
    return out


def incident_actions_section(actions: Sequence[PackAction], warnings: Sequence[str] = ()) -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [heading("Actions from incidents")]
    out.append(
        Paragraph(
            "Improvement actions that do not come from a learning review in this pack, with the records they "
            "respond to.",
            styles["Body"],
        )
    )
    for warning in warnings:
        out.append(Paragraph("\u26a0 " + warning, styles["Small"]))
    if not actions:
        out.append(Paragraph("None: every action in this pack belongs to one of its reviews.", styles["Note"]))
        return out
    rows = [
        (a.title, ", ".join(a.incident_references) or "-", a.owner or "-", _due(a), a.status,
         a.effectiveness or "Not yet checked")
        for a in sorted(actions, key=lambda x: (x.due is None, x.due, x.id))
    ]  # fmt: skip
    out.append(data_table(INCIDENT_HEADER, rows, INCIDENT_WIDTHS, long=len(rows) > 40))
    return out
