"""The cover page: what the document is, for which service and period, when and by whom it was produced."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from carelog.core.pack_data import PackData
from carelog.reports.pack.styles import RULE, esc, stylesheet


def cover_section(data: PackData, title: str, subtitle: str) -> list[Flowable]:
    styles = stylesheet()
    rows = [
        ("Service", data.service_name),
        ("Period", data.period_label),
        ("Date produced", f"{data.produced_at:%d %B %Y at %H:%M}"),
        ("Produced by", data.produced_by),
        ("Records in period", str(len(data.incidents))),
    ]
    if data.pseudonymised:
        rows.append(("People supported", "Shown by identifier code only (pseudonymised)"))
    table = Table(
        [[Paragraph(esc(k), styles["Label"]), Paragraph(esc(v), styles["Value"])] for k, v in rows],
        colWidths=[45 * mm, 120 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    out: list[Flowable] = [
        Spacer(1, 40 * mm),
        Paragraph(esc(title), styles["CoverTitle"]),
        Paragraph(esc(subtitle), styles["CoverSub"]),
        table,
        Spacer(1, 30 * mm),
        Paragraph(
            "This document is produced from CareLog records. It contains special category (health) data: keep it "
            "securely, share it only with people entitled to see it, and destroy it in line with your retention "
            "schedule.",
            styles["Small"],
        ),
    ]
    for note in data.notes:
        out.append(Paragraph(esc(note), styles["Small"]))
    return out
