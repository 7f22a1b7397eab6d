"""Staff: how often staff report (per 1,000 occupied bed days where occupancy is recorded), the near-miss share,
debriefs held and learning shared and confirmed."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from carelog.core.pack_evidence import StaffFigures
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import stylesheet
from carelog.reports.pack.tables import data_table, fmt_num, fmt_pct

WIDTHS = (124 * mm, 50 * mm)


def staff_section(staff: StaffFigures) -> list[Flowable]:
    styles = stylesheet()
    if staff.rate is not None:
        rate = (
            f"{fmt_num(staff.rate, 1)} per 1,000 occupied bed days",
            f"{staff.reports_in_occupied_months} reports in months with occupancy recorded "
            f"({staff.bed_days:,} occupied bed days)",
        )
    else:
        rate = (f"{fmt_num(staff.per_month, 1)} a month", "occupancy is not recorded, so no rate per bed day")
    rows = [
        ("Reports by staff (incidents, near misses, low-level concerns, hazards)", str(staff.reports)),
        (f"Reporting rate ({rate[1]})", rate[0]),
        ("Near misses", str(staff.near_misses)),
        ("Near-miss share of staff reports", fmt_pct(staff.near_miss_share)),
        ("Staff debriefs held", str(staff.debriefs)),
        ("Debriefs with the wellbeing follow-up done", str(staff.debriefs_with_wellbeing_follow_up)),
        ("Times learning from reviews was shared with staff", str(staff.learning_shared)),
        ("Staff confirmations that they read and understood it", str(staff.staff_confirmations)),
    ]
    return [
        heading("Staff"),
        Paragraph(
            "A steady or rising rate of reporting, with a good share of near misses, usually shows staff feel safe "
            "to speak up. Debriefs show staff are supported after an incident; confirmations show learning reached "
            "them.",
            styles["Body"],
        ),
        data_table(("Measure", "Period"), rows, WIDTHS, align_right=(1,)),
    ]
