"""Across services: records and rates at each service, the signals the pattern detection found (SPC special causes,
clusters, repeats, times of day), people with repeated records and a safety cross for each person who fell twice."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from carelog.core.pack_evidence import AcrossServices
from carelog.reports.pack.charts import chart_flowable
from carelog.reports.pack.document import heading
from carelog.reports.pack.safety_cross import SafetyCrossFlowable, legend
from carelog.reports.pack.styles import stylesheet
from carelog.reports.pack.tables import data_table, fmt_num, short

SERVICE_HEADER = ("Service", "Records", "Incidents", "Falls", "Per 1,000 bed days", "Signals", "SPC signals")
SERVICE_WIDTHS = (36 * mm, 17 * mm, 18 * mm, 14 * mm, 25 * mm, 16 * mm, 48 * mm)
SIGNAL_HEADER = ("Signal", "Service", "What", "When", "Records")
SIGNAL_WIDTHS = (36 * mm, 30 * mm, 50 * mm, 42 * mm, 16 * mm)
PERSON_HEADER = ("Person", "Service", "Records", "Falls", "Categories")
PERSON_WIDTHS = (40 * mm, 32 * mm, 16 * mm, 14 * mm, 72 * mm)
MAX_SIGNALS = 40
MAX_PEOPLE = 40
CROSSES_PER_ROW = 3
CROSS_BOX = 7.8 * mm


def across_services_section(across: AcrossServices) -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [heading("Across services")]
    rows = [
        (
            s.service,
            str(s.records),
            str(s.incidents),
            str(s.falls),
            fmt_num(s.rate, 1) if s.rate is not None else "not recorded",
            str(s.signals),
            "\n".join(short(x, 80) for x in s.signal_lines) or "None",
        )
        for s in across.services
    ]
    out.append(
        Paragraph(
            "Records at each service in the period. Rates are per 1,000 occupied bed days in the months where "
            "occupancy is recorded, so services of different sizes can be compared. Incidents are every record "
            "except compliments.",
            styles["Body"],
        )
    )
    if rows:
        out.append(data_table(SERVICE_HEADER, rows, SERVICE_WIDTHS, drop_empty=False))
    for chart in across.by_service_charts:
        out.extend(
            [Spacer(1, 6), CondPageBreak(80 * mm), KeepTogether([heading(chart.title, 1), chart_flowable(chart)])]
        )
    out.extend([Spacer(1, 6), CondPageBreak(40 * mm), heading("Detected patterns", level=1)])
    if across.signals:
        shown = across.signals[:MAX_SIGNALS]
        signal_rows = [(s.kind, s.service or "-", s.headline, s.period, str(s.count)) for s in shown]
        out.append(data_table(SIGNAL_HEADER, signal_rows, SIGNAL_WIDTHS, long=len(signal_rows) > 30))
        if len(across.signals) > MAX_SIGNALS:
            out.append(
                Paragraph(f"{len(across.signals) - MAX_SIGNALS} weaker signals are on the Trends tab.", styles["Note"])
            )
    else:
        out.append(Paragraph("The pattern detection found no signals in this period.", styles["Note"]))
    out.extend([Spacer(1, 6), CondPageBreak(40 * mm), heading("People with repeated records", level=1)])
    if across.repeat_people:
        shown_people = across.repeat_people[:MAX_PEOPLE]
        person_rows = [(r.person, r.service, str(r.records), str(r.falls), r.categories) for r in shown_people]
        out.append(data_table(PERSON_HEADER, person_rows, PERSON_WIDTHS, long=len(person_rows) > 30))
        if len(across.repeat_people) > MAX_PEOPLE:
            extra = len(across.repeat_people) - MAX_PEOPLE
            out.append(Paragraph(f"{extra} more people have two records each or more.", styles["Note"]))
    else:
        out.append(Paragraph("Nobody has two or more records in this period.", styles["Note"]))
    out.extend(
        [Spacer(1, 6), CondPageBreak(70 * mm), heading("Safety cross for each person with two or more falls", 1)]
    )
    if not across.crosses:
        out.append(Paragraph("Nobody fell twice or more in this period.", styles["Note"]))
        return out
    out.append(
        Paragraph(
            "For each person, the month with the most falls. " + legend("falls"),
            styles["Body"],
        )
    )
    cells: list[Flowable | str] = [
        SafetyCrossFlowable(
            p.crosses[0],
            CROSS_BOX,
            f"{short(p.person, 30)}\n{p.falls} falls; {p.crosses[0].first_day:%b %Y} shown",
        )
        for p in across.crosses
    ]
    grid: list[list[Flowable | str]] = [cells[i : i + CROSSES_PER_ROW] for i in range(0, len(cells), CROSSES_PER_ROW)]
    grid[-1] += [""] * (CROSSES_PER_ROW - len(grid[-1]))
    table = Table(grid, colWidths=[174 * mm / CROSSES_PER_ROW] * CROSSES_PER_ROW, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    out.append(table)
    return out
