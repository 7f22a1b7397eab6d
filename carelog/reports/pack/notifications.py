"""Statutory notifications made in the period: CQC, RIDDOR, safeguarding and Duty of Candour, with dates."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from carelog.core.enums import NotificationKind
from carelog.core.pack_data import PackNotification
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import stylesheet
from carelog.reports.pack.tables import data_table, fmt_dt

STATUTORY_KINDS = (
    NotificationKind.CQC,
    NotificationKind.RIDDOR,
    NotificationKind.SAFEGUARDING,
    NotificationKind.DUTY_OF_CANDOUR,
)
HEADER = ("Incident", "Occurred", "Notified", "Reference", "Person", "Note")
WIDTHS = (27 * mm, 24 * mm, 24 * mm, 26 * mm, 28 * mm, 45 * mm)
NOTE_LIMIT = 160


def _short(text: str, limit: int = NOTE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def notifications_section(notifications: Sequence[PackNotification]) -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [heading("Statutory notifications")]
    statutory = [n for n in notifications if n.kind in STATUTORY_KINDS]
    counts = [(k.label, sum(1 for n in statutory if n.kind == k)) for k in STATUTORY_KINDS]
    out.append(
        Paragraph(
            "Notifications made to the Care Quality Commission, the Health and Safety Executive (RIDDOR) and the "
            "local authority (safeguarding), and Duty of Candour notifications, for records in the period.",
            styles["Body"],
        )
    )
    out.append(
        data_table(("Notification", "Number"), [(k, str(n)) for k, n in counts], (70 * mm, 20 * mm), align_right=(1,))
    )
    for kind in STATUTORY_KINDS:
        items = sorted(
            (n for n in statutory if n.kind == kind), key=lambda n: (n.made_at or n.occurred_at, n.incident_reference)
        )
        out.append(Spacer(1, 6))
        out.append(heading(kind.label, level=1))
        if not items:
            out.append(Paragraph("None made in this period.", styles["Note"]))
            continue
        rows = [
            (
                n.incident_reference,
                fmt_dt(n.occurred_at),
                fmt_dt(n.made_at) if n.made_at else "Date not recorded",
                n.reference or "-",
                ", ".join(n.people) or "-",
                _short(n.note),
            )
            for n in items
        ]
        out.append(data_table(HEADER, rows, WIDTHS, long=len(rows) > 40))
    return out
