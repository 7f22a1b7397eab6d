"""Statutory notifications, checked: required vs made vs on time by type (CQC Regulation 16 and each Regulation 18
type, safeguarding, RIDDOR, Duty of Candour and its steps), every one missing or late listed, then those made."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from carelog.core.pack_claims import ComplianceItem, ComplianceRow
from carelog.core.pack_data import PackNotification
from carelog.reports.pack.document import heading
from carelog.reports.pack.notifications import STATUTORY_KINDS
from carelog.reports.pack.styles import FONT_BOLD, stylesheet
from carelog.reports.pack.tables import data_table, fmt_dt

COUNT_HEADER = ("Notification or step", "Required", "Made", "On time", "Late", "Not made", "Still in time")
COUNT_WIDTHS = (70 * mm, 17 * mm, 15 * mm, 17 * mm, 14 * mm, 18 * mm, 23 * mm)
ITEM_HEADER = ("Record", "Occurred", "Notification or step", "Due", "Made", "State", "How late")
ITEM_WIDTHS = (22 * mm, 20 * mm, 46 * mm, 20 * mm, 20 * mm, 28 * mm, 18 * mm)
MADE_HEADER = ("Record", "Occurred", "Notification", "Made", "Reference", "Person")
MADE_WIDTHS = (22 * mm, 24 * mm, 36 * mm, 24 * mm, 34 * mm, 34 * mm)
RULE_NOTE = (
    "Which records need which notification comes from CareLog's deadline rules (death, serious injury, abuse or "
    "its allegation, a missing person reported to police, safeguarding, a staff injury for RIDDOR, moderate harm "
    "or worse for the Duty of Candour). CQC and safeguarding notifications are due by the end of the day of the "
    "incident, RIDDOR within 10 days. The Duty of Candour has no fixed date in law: its steps are measured against "
    "the local target in Settings (working days). A notification made with no time recorded counts as on time."
)


def compliance_section(
    rows: Sequence[ComplianceRow], items: Sequence[ComplianceItem], notifications: Sequence[PackNotification]
) -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [heading("Statutory notifications")]
    required = sum(r.required for r in rows)
    missing = sum(r.not_made for r in rows)
    late = sum(r.late for r in rows)
    out.append(
        Paragraph(
            f"Records in the period needed {required} notifications or Duty of Candour steps: "
            f"{sum(r.on_time for r in rows)} made on time, {late} made late, {missing} not made"
            + (f" and {sum(r.still_in_time for r in rows)} not made yet but still in time." if rows else "."),
            styles["Body"],
        )
    )
    out.append(Paragraph(RULE_NOTE, styles["Small"]))
    table_rows: list[tuple[str, ...]] = [
        (r.type_label, str(r.required), str(r.made), str(r.on_time), str(r.late), str(r.not_made), str(r.still_in_time))
        for r in rows
    ]
    totals = [
        sum(getattr(r, f) for r in rows) for f in ("required", "made", "on_time", "late", "not_made", "still_in_time")
    ]
    table_rows.append(("Total", *(str(n) for n in totals)))
    out.append(
        data_table(
            COUNT_HEADER, table_rows, COUNT_WIDTHS, align_right=(1, 2, 3, 4, 5, 6),
            extra_style=[("FONTNAME", (0, -1), (-1, -1), FONT_BOLD)],
        )
    )  # fmt: skip
    out.extend([Spacer(1, 6), heading("Missing or late", level=1)])
    if not items:
        out.append(Paragraph("Every required notification and step was made on time.", styles["Note"]))
    else:
        out.append(
            Paragraph(
                "Every required notification or step that was not made, was made late, or is not made yet. "
                "'How late' is from the due date to when it was made, or to today if it was not made.",
                styles["Body"],
            )
        )
        item_rows = [
            (
                i.reference,
                fmt_dt(i.occurred_at.date()),
                i.type_label,
                fmt_dt(i.due) or "No fixed date",
                fmt_dt(i.made_at) or "Not made",
                i.state,
                i.late_by or "-",
            )
            for i in items
        ]
        out.append(data_table(ITEM_HEADER, item_rows, ITEM_WIDTHS, long=len(item_rows) > 40))
    statutory = sorted(
        (n for n in notifications if n.kind in STATUTORY_KINDS),
        key=lambda n: (STATUTORY_KINDS.index(n.kind), n.made_at or n.occurred_at, n.incident_reference),
    )
    out.extend([Spacer(1, 6), heading("Notifications made", level=1)])
    counts = ", ".join(f"{k.label} {sum(1 for n in statutory if n.kind == k)}" for k in STATUTORY_KINDS)
    out.append(Paragraph(f"Recorded on the incidents: {counts}.", styles["Body"]))
    if statutory:
        made_rows = [
            (
                n.incident_reference,
                fmt_dt(n.occurred_at),
                n.kind.label,
                fmt_dt(n.made_at) or "Time not recorded",
                n.reference or "-",
                ", ".join(n.people) or "-",
            )
            for n in statutory
        ]
        out.append(data_table(MADE_HEADER, made_rows, MADE_WIDTHS, long=len(made_rows) > 40))
    return out
