"""The sign-off page: the registered manager and the provider's nominated individual confirm the pack."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from carelog.core.pack_data import PackData
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import GREY, esc, stylesheet

ROLES = ("Registered manager", "Nominated individual / provider representative")


def signoff_section(data: PackData, what: str = "this inspection pack") -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [
        heading("Sign-off"),
        Paragraph(
            esc(
                f"I confirm that {what} for {data.service_name}, covering {data.period_label}, is a true extract of "
                "the records held in CareLog, and that the learning and actions described have been discussed with "
                "the staff team."
            ),
            styles["Body"],
        ),
        Spacer(1, 10),
    ]
    for role in ROLES:
        rows = [[Paragraph(f"<b>{esc(role)}</b>", styles["Body"]), ""]]
        for label in ("Name", "Signature", "Date"):
            rows.append([Paragraph(label, styles["Body"]), ""])
        table = Table(
            rows, colWidths=[45 * mm, 120 * mm], rowHeights=[8 * mm, 12 * mm, 16 * mm, 12 * mm], hAlign="LEFT"
        )
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (1, 1), (1, -1), 0.5, GREY),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("SPAN", (0, 0), (1, 0)),
                ]
            )
        )
        out.extend([table, Spacer(1, 14)])
    out.append(
        Paragraph(esc(f"Produced by {data.produced_by} on {data.produced_at:%d %B %Y at %H:%M}."), styles["Small"])
    )
    if data.audit_seal:
        out.append(Spacer(1, 4))
        out.append(Paragraph(f"<b>Audit seal: {esc(data.audit_seal)}</b>", styles["Body"]))
        out.append(
            Paragraph(
                esc(
                    "The audit seal records how many entries CareLog's audit trail held when this document was made, "
                    "and the start of the newest entry's fingerprint. Anyone can later run "
                    f'carelog check --db <database> --seal "{data.audit_seal}" to confirm that nothing recorded up '
                    "to then has been changed, removed or rewritten."
                ),
                styles["Small"],
            )
        )
    return out
