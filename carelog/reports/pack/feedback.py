"""Complaints and compliments received in the period."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from carelog.core.enums import Kind
from carelog.core.pack_data import PackIncident
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import stylesheet
from carelog.reports.pack.tables import data_table

HEADER = ("Reference", "Date", "About", "Status", "Summary")
WIDTHS = (27 * mm, 21 * mm, 30 * mm, 20 * mm, 76 * mm)
SUMMARY_LIMIT = 260


def _summary(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1].rstrip() + "…"


def _rows(items: Sequence[PackIncident]) -> list[tuple[str, ...]]:
    return [
        (
            i.reference,
            f"{i.occurred_at:%d/%m/%Y}",
            i.subcategory or i.category,
            i.status.label,
            _summary(i.account),
        )
        for i in sorted(items, key=lambda x: (x.occurred_at, x.reference))
    ]


def feedback_section(incidents: Sequence[PackIncident], in_log: bool = False) -> list[Flowable]:
    """Records of the kinds complaint and compliment; `in_log` titles them as the incident log's own (the pack's
    People's experience section has the complaint and compliment registers before them)."""
    styles = stylesheet()
    complaints = [i for i in incidents if i.kind == Kind.COMPLAINT]
    compliments = [i for i in incidents if i.kind == Kind.COMPLIMENT]
    out: list[Flowable] = [
        heading("Complaints and compliments recorded in the incident log" if in_log else "Complaints and compliments"),
        Paragraph(
            f"{len(complaints)} complaints and {len(compliments)} compliments were recorded in the period.",
            styles["Body"],
        ),
    ]
    for title, items in (("Complaints", complaints), ("Compliments", compliments)):
        out.append(Spacer(1, 4))
        out.append(heading(title, level=1))
        if items:
            out.append(data_table(HEADER, _rows(items), WIDTHS, long=len(items) > 40))
        else:
            out.append(Paragraph(f"No {title.lower()} recorded in this period.", styles["Note"]))
    return out
