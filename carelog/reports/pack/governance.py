"""The monthly report's own sections (issue 16): change against last month and the 12-month average per service,
what is outstanding (deadlines, triage backlog, open reviews, actions awaiting their check or found not effective),
the month's new signals, and the governance meeting page (or a blank form to fill in at the meeting)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from carelog.core.meeting_dto import MeetingDetail
from carelog.core.monthly_data import MonthlyExtras, MonthlyLine
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import GREY, esc, stylesheet
from carelog.reports.pack.tables import data_table, fmt_dt

LINE_HEADER = ("What", "Reference", "Detail", "Due", "Service")
TRIAGE_LISTED = 15  # the backlog's count matters; the most urgent are listed
LINE_WIDTHS = (30 * mm, 28 * mm, 72 * mm, 22 * mm, 22 * mm)
BLANK_DECISION_ROWS = 6
BLANK_LINES = 5


def _lines_table(lines: Sequence[MonthlyLine], show_service: bool, due_label: str = "Due") -> Flowable:
    rows = [
        (
            line.what,
            line.reference,
            line.text,
            (fmt_dt(line.due.date()) if line.due else "-") + ("\noverdue" if line.overdue else ""),
            line.service or "-",
        )
        for line in lines
    ]
    header = (*LINE_HEADER[:3], due_label, LINE_HEADER[4])
    if show_service:
        return data_table(header, rows, LINE_WIDTHS, long=len(rows) > 40)
    widths = (*LINE_WIDTHS[:2], LINE_WIDTHS[2] + LINE_WIDTHS[4], LINE_WIDTHS[3])
    return data_table(header[:4], [r[:4] for r in rows], widths, long=len(rows) > 40)


def _part(
    title: str,
    lines: Sequence[MonthlyLine],
    none: str,
    show_service: bool,
    total: int = 0,
    listed: int | None = None,
    due_label: str = "Due",
) -> list[Flowable]:
    styles = stylesheet()
    title_flowable = heading(title, 1)
    title_flowable.keepWithNext = True  # never a heading alone at the foot of a page
    out: list[Flowable] = [title_flowable]
    if not lines:
        out.append(Paragraph(esc(none), styles["Note"]))
        return out
    overdue = sum(1 for line in lines if line.overdue)
    count = max(total, len(lines))
    if listed is not None:  # a long list: the ones due soonest
        lines = sorted(lines, key=lambda line: (line.due is None, line.due or datetime.min))
    shown = list(lines[:listed]) if listed is not None else list(lines)
    summary = f"{count} in all" + (f", {overdue} overdue" if overdue else "") + "."
    if count > len(shown):
        summary += f" The {len(shown)} due soonest are listed."
    out.extend([Paragraph(esc(summary), styles["Body"]), _lines_table(shown, show_service, due_label), Spacer(1, 6)])
    return out


def change_section(extras: MonthlyExtras) -> list[Flowable]:
    """Change against last month and the 12-month average, per service and measure; then the month's signals."""
    styles = stylesheet()
    label = extras.month_label
    out: list[Flowable] = [
        heading(f"{label} against last month and the year"),
        Paragraph(
            esc(
                f"Incidents (compliments are not counted) in {label}, the month before, and the monthly average of "
                "the complete months before it (up to 12, fewer for a service whose records start later). Each key "
                "measure is listed where it had a record in those months."
            ),
            styles["Body"],
        ),
    ]
    if not extras.changes:
        out.append(Paragraph("No incidents were recorded in these 13 months.", styles["Note"]))
    else:
        rows = [
            (
                c.service,
                c.measure,
                str(c.this_month),
                str(c.last_month),
                c.change_text(),
                f"{c.average:.1f}" if c.average is not None else "-",
                c.against_average(),
            )
            for c in extras.changes
        ]
        header = ("Service", "Measure", label, "Last month", "Change", "12-month average", "Against the average")
        widths = (30 * mm, 30 * mm, 20 * mm, 20 * mm, 20 * mm, 22 * mm, 32 * mm)
        out.append(data_table(header, rows, widths, align_right=(2, 3, 4, 5), long=len(rows) > 40))
    out.append(Spacer(1, 8))
    show_service = len({s.service for s in extras.signals}) > 1
    out += _part(
        f"New signals in {label}",
        extras.signals,
        f"No new pattern or SPC signal ended in {label}.",
        show_service,
        due_label="Ends",
    )
    return out


def outstanding_section(extras: MonthlyExtras) -> list[Flowable]:
    """What is due or overdue as the report is made: deadlines, triage, reviews, action checks."""
    styles = stylesheet()
    lines = [*extras.deadlines, *extras.triage, *extras.open_reviews, *extras.awaiting_check, *extras.not_effective]
    show_service = len({line.service for line in lines if line.service}) > 1
    out: list[Flowable] = [
        heading("Outstanding: deadlines, triage, reviews and action checks"),
        Paragraph(
            esc(f"As they stand on {extras.as_of:%d %B %Y at %H:%M}, when this report was made."), styles["Body"]
        ),
    ]
    out += _part(
        "Statutory and record deadlines due and overdue",
        extras.deadlines,
        "No statutory notification, complaint, safeguarding or Duty of Candour step is due or overdue.",
        show_service,
    )
    out += _part(
        "Triage backlog",
        extras.triage,
        "No incident is waiting for a manager's triage.",
        show_service,
        extras.triage_total,
        listed=TRIAGE_LISTED,
    )
    out += _part("Open reviews", extras.open_reviews, "No learning review is open.", False)
    out += _part(
        "Actions awaiting their effectiveness check",
        extras.awaiting_check,
        "No done action is waiting for its effectiveness check.",
        show_service,
    )
    out += _part(
        "Actions found not effective",
        extras.not_effective,
        "No action has been found not effective and reopened.",
        show_service,
    )
    return out


def meeting_section(extras: MonthlyExtras) -> list[Flowable]:
    """The month's governance meeting(s) as recorded in CareLog, or a blank form for the meeting."""
    if not extras.meetings:
        return _blank_meeting(extras)
    out: list[Flowable] = []
    for n, meeting in enumerate(extras.meetings):
        out += _meeting(meeting, first=n == 0)
    return out


def _meeting(m: MeetingDetail, first: bool) -> list[Flowable]:
    styles = stylesheet()
    title = f"Governance meeting, {m.held_on:%d %B %Y}"
    out: list[Flowable] = [heading(title) if first else heading(title, 1)]
    out.append(Paragraph(esc(f"Covering: {m.service_name}."), styles["Body"]))
    out.append(Paragraph("<b>Attendees</b>", styles["Body"]))
    out.append(Paragraph(esc(", ".join(a.name for a in m.attendees) or "None recorded."), styles["Body"]))
    out.append(Paragraph("<b>Items reviewed</b>", styles["Body"]))
    if m.items:
        items = [(i.kind.label, i.label, i.note or "-") for i in m.items]
        out.append(data_table(("Kind", "Item", "Note"), items, (22 * mm, 92 * mm, 60 * mm), long=len(items) > 40))
    else:
        out.append(Paragraph("No items were recorded.", styles["Note"]))
    out.append(Spacer(1, 6))
    out.append(Paragraph("<b>Decisions and the actions they made</b>", styles["Body"]))
    if m.decisions:
        rows = [
            (
                d.text,
                f"{d.action_id}: {d.action_title}" if d.action_id else "Not an action",
                d.action_lead or "-",
                fmt_dt(d.action_due) or "-",
                d.action_status or "-",
            )
            for d in m.decisions
        ]
        header = ("Decision", "Action", "Lead", "Due", "Status")
        out.append(data_table(header, rows, (62 * mm, 48 * mm, 24 * mm, 18 * mm, 22 * mm)))
        made = sum(1 for d in m.decisions if d.action_id)
        became = "none became an action" if not made else f"{made} became {'an action' if made == 1 else 'actions'}"
        out.append(Paragraph(esc(f"{_plural(len(m.decisions), 'decision')}; {became}."), styles["Small"]))
    else:
        out.append(Paragraph("No decisions were recorded.", styles["Note"]))
    if m.notes:
        out += [Paragraph("<b>Notes</b>", styles["Body"]), Paragraph(esc(m.notes), styles["Body"])]
    out.append(Spacer(1, 10))
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _ruled(rows: list[list[object]], widths: Sequence[float], height: float) -> Table:
    table = Table(rows, colWidths=list(widths), rowHeights=[height] * len(rows), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, GREY),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return table


def _blank_meeting(extras: MonthlyExtras) -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [
        heading(f"Governance meeting, {extras.month_label}"),
        Paragraph(
            esc(
                f"No governance meeting for {extras.month_label} is recorded in CareLog yet. Fill in this page at the "
                "meeting, then record it in CareLog (Reports tab, Governance meetings) so that its decisions become "
                "actions on the board."
            ),
            styles["Note"],
        ),
        Spacer(1, 6),
    ]
    label_width, line_width = 30 * mm, 144 * mm
    details = [[Paragraph(f"<b>{name}</b>", styles["Body"]), ""] for name in ("Date",)]
    out.append(_ruled(details, (label_width, line_width), 9 * mm))
    out.append(Spacer(1, 6))
    for title in ("Attendees", "Items reviewed"):
        lines = [[Paragraph(f"<b>{title}</b>", styles["Body"])]] + [[""] for _ in range(BLANK_LINES - 1)]
        out.append(KeepTogether([_ruled(lines, (label_width + line_width,), 8 * mm), Spacer(1, 6)]))
    header = [Paragraph(f"<b>{h}</b>", styles["Body"]) for h in ("Decision", "Action lead", "Due date")]
    rows: list[list[object]] = [header] + [["", "", ""] for _ in range(BLANK_DECISION_ROWS)]
    decisions = Table(
        rows, colWidths=[104 * mm, 40 * mm, 30 * mm], rowHeights=[8 * mm] + [11 * mm] * BLANK_DECISION_ROWS
    )
    decisions.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, GREY), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    out.append(KeepTogether([Paragraph("<b>Decisions and actions</b>", styles["Body"]), decisions]))
    return out
