"""The incident log: one row per record, oldest first; the header row repeats on every page."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from carelog.core.pack_data import PackIncident
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import stylesheet
from carelog.reports.pack.tables import fmt_dt
from carelog.reports.pack.text_table import text_table

LOG_HEADER = ("Reference", "Date / time", "Kind", "Category", "Location", "Harm", "Status")
LOG_WIDTHS = (27 * mm, 31 * mm, 22 * mm, 34 * mm, 26 * mm, 17 * mm, 17 * mm)


def log_rows(incidents: Sequence[PackIncident], show_service: bool) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for i in sorted(incidents, key=lambda x: (x.occurred_at, x.reference)):
        category = f"{i.category}: {i.subcategory.lower()}" if i.subcategory else i.category
        location = i.location or "Not recorded"
        if show_service:
            location = f"{location}, {i.service}"
        rows.append(
            (
                i.reference,
                fmt_dt(i.occurred_at),
                i.kind.label,
                category,
                location,
                i.physical_harm.label,
                i.status.label,
            )
        )
    return rows


def incident_log_section(
    incidents: Sequence[PackIncident],
    *,
    show_service: bool = False,
    title: str = "Incident log",
    intro: str = "",
) -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [heading(title)]
    text = intro or (
        f"All {len(incidents)} records in the period, oldest first, including near misses and low-level concerns. "
        "Harm is the physical harm recorded (LFPSE scale)."
    )
    out.append(Paragraph(text, styles["Body"]))
    if not incidents:
        out.append(Paragraph("No records in this period.", styles["Note"]))
        return out
    out.append(text_table(LOG_HEADER, log_rows(incidents, show_service), LOG_WIDTHS))
    return out
