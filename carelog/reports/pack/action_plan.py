"""The action plan: every action with its lead, dates, status, strength and the result of its effectiveness check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from carelog.core.pack_data import PackAction
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import stylesheet
from carelog.reports.pack.tables import data_table, fmt_dt

HEADER = ("Action", "Lead", "Due", "Status", "Strength", "Done", "Effectiveness")
WIDTHS = (45 * mm, 22 * mm, 17 * mm, 20 * mm, 19 * mm, 17 * mm, 34 * mm)


def action_plan_section(actions: Sequence[PackAction], title: str = "Action plan") -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [heading(title)]
    if not actions:
        out.append(Paragraph("No improvement actions are linked to records or reviews in this period.", styles["Note"]))
        return out
    by_status = Counter(a.status for a in actions)
    summary = ", ".join(f"{n} {status.lower()}" for status, n in sorted(by_status.items()))
    out.append(Paragraph(f"{len(actions)} actions: {summary}.", styles["Body"]))
    rows = []
    for a in sorted(actions, key=lambda x: (x.due is None, x.due, x.id)):
        text = f"{a.title} ({a.source})" if a.source else a.title
        rows.append(
            (
                text,
                a.owner or "-",
                (fmt_dt(a.due) + ("\noverdue" if a.overdue else "")) or "-",
                a.status,
                a.strength or "-",
                fmt_dt(a.completed) or "-",
                a.effectiveness or "Not yet checked",
            )
        )
    out.extend([data_table(HEADER, rows, WIDTHS, long=len(rows) > 40), Spacer(1, 4)])
    return out
