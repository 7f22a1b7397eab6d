"""Partners: safeguarding referrals to the local authority and their outcomes, and how many CQC, RIDDOR and Duty of
Candour notifications were made (the compliance section lists what was required, made and on time)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from carelog.core.pack_evidence import PartnerFigures
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import stylesheet
from carelog.reports.pack.tables import data_table, fmt_dt, short

COUNT_WIDTHS = (124 * mm, 50 * mm)
HEADER = ("Concern", "Raised", "Type of abuse", "Referred", "Enquiry (s42)", "Outcome", "Closed")
WIDTHS = (19 * mm, 19 * mm, 28 * mm, 19 * mm, 20 * mm, 50 * mm, 19 * mm)


def partners_section(partners: PartnerFigures) -> list[Flowable]:
    styles = stylesheet()
    concerns = partners.safeguarding
    rows = [
        ("Safeguarding concerns raised", str(len(concerns))),
        ("Referred to the local authority", str(partners.referred)),
        ("Safeguarding notifications recorded on incidents", str(partners.safeguarding_notified)),
        ("CQC notifications made", str(partners.cqc_made)),
        ("RIDDOR reports made to the HSE", str(partners.riddor_made)),
        ("Duty of Candour notifications made", str(partners.candour_made)),
    ]
    out: list[Flowable] = [
        heading("Partners"),
        Paragraph(
            "Working with the local authority, the Care Quality Commission and the Health and Safety Executive. "
            "Counts only: the notification section shows each one.",
            styles["Body"],
        ),
        data_table(("Measure", "Period"), rows, COUNT_WIDTHS, align_right=(1,)),
        Spacer(1, 6),
        heading("Safeguarding referrals and outcomes", level=1),
    ]
    if concerns:
        table_rows = [
            (
                c.label,
                fmt_dt(c.raised_on),
                c.abuse_type or "-",
                fmt_dt(c.referred_on) or "Not referred",
                c.enquiry or "-",
                short(c.outcome, 200) or "Awaited",
                fmt_dt(c.closed_on) or "Open",
            )
            for c in concerns
        ]
        out.append(data_table(HEADER, table_rows, WIDTHS, long=len(table_rows) > 30))
    else:
        out.append(Paragraph("No safeguarding concerns were recorded on the register in this period.", styles["Note"]))
    return out
