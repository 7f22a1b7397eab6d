"""Processes: how quickly records are triaged and reviews signed off (median, share within target), whether care
plans and risk assessments were reviewed, and the actions by state with the overdue count."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from carelog.core.pack_evidence import ProcessFigures, TimeMeasure
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import stylesheet
from carelog.reports.pack.tables import data_table, fmt_num, fmt_pct, side_by_side

CONTENT_WIDTH = 174 * mm
TIME_HEADER = ("Step", "Done", "Median", "Within target", "Target", "Waiting")
TIME_WIDTHS = (42 * mm, 16 * mm, 24 * mm, 26 * mm, 48 * mm, 18 * mm)


def _time_row(m: TimeMeasure) -> tuple[str, ...]:
    return (
        m.name,
        str(m.count),
        f"{fmt_num(m.median, 1)} {m.unit}" if m.median is not None else "-",
        f"{m.within} ({fmt_pct(m.within_pct)})" if m.count else "-",
        m.target,
        str(m.waiting),
    )


def processes_section(p: ProcessFigures) -> list[Flowable]:
    styles = stylesheet()
    half = (CONTENT_WIDTH - 12) / 2
    checks = [(label, str(cp), str(ra)) for (label, cp), (_l, ra) in zip(p.care_plan, p.risk_assessment, strict=True)]
    states = [(s, str(n)) for s, n in p.actions_by_state]
    states.append(("Overdue (open past their due date)", str(p.actions_overdue)))
    return [
        heading("Processes"),
        Paragraph(
            "How quickly the service looks at what staff report and finishes its learning responses. "
            "Triage is the manager's first check of a record; compliments are not triaged.",
            styles["Body"],
        ),
        data_table(TIME_HEADER, [_time_row(p.triage), _time_row(p.review)], TIME_WIDTHS, drop_empty=False),
        Spacer(1, 8),
        side_by_side(
            data_table(
                ("Reviewed at triage", "Care plan", "Risk assessment"),
                checks,
                (half - 52 * mm, 24 * mm, 28 * mm),
                align_right=(1, 2),
            ),
            data_table(("Actions by state", "Number"), states, (half - 22 * mm, 22 * mm), align_right=(1,)),
            CONTENT_WIDTH,
        ),
    ]
