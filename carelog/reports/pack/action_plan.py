"""The action plan: every action with its SMART text, service, lead, dates, status, strength, the evidence it was
done and the result of its effectiveness check; the opening line counts them by state and how many are overdue."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from carelog.core.pack_data import PackAction
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import esc, stylesheet
from carelog.reports.pack.tables import data_table, fmt_dt, short

HEADER = ("Action (SMART)", "Service", "Lead", "Due", "Status", "Strength", "Evidence and effectiveness")
WIDTHS = (52 * mm, 20 * mm, 20 * mm, 18 * mm, 18 * mm, 18 * mm, 28 * mm)


def _action_text(a: PackAction) -> str:
    text = a.title + (f" ({a.source})" if a.source else "")
    return text + (f"\n{short(a.description, 400)}" if a.description else "\nNo SMART description recorded.")


def _evidence(a: PackAction) -> str:
    parts = [f"Evidence: {short(a.evidence, 200)}" if a.evidence else "", a.effectiveness or "Not yet checked"]
    return "\n".join(p for p in parts if p)


def action_plan_section(actions: Sequence[PackAction], title: str = "Action plan") -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [heading(title)]
    if not actions:
        out.append(Paragraph("No improvement actions are linked to records or reviews in this period.", styles["Note"]))
        return out
    by_status = Counter(a.status for a in actions)
    summary = ", ".join(f"{n} {status.lower()}" for status, n in sorted(by_status.items()))
    overdue = sum(1 for a in actions if a.overdue)
    out.append(
        Paragraph(
            esc(f"{len(actions)} actions: {summary}. {overdue} overdue (open past their due date)."),
            styles["Body"],
        )
    )
    several = len({a.service for a in actions}) > 1
    rows = []
    for a in sorted(actions, key=lambda x: (x.due is None, x.due, x.id)):
        rows.append(
            (
                _action_text(a),
                a.service if several else "",
                a.owner or "-",
                (fmt_dt(a.due) + ("\noverdue" if a.overdue else "")) or "-",
                a.status + (f"\n{fmt_dt(a.completed)}" if a.completed else ""),
                a.strength or "-",
                _evidence(a),
            )
        )
    out.extend([data_table(HEADER, rows, WIDTHS, long=len(rows) > 40), Spacer(1, 4)])
    return out
