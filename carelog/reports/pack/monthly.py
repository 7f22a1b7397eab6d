"""The monthly governance report: the pack's section functions for one month, plus the report's own sections
(change against last month and the year, outstanding deadlines and checks, new signals, the meeting page)."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable

from carelog.core.monthly_data import MonthlyExtras
from carelog.core.pack_data import PackData
from carelog.reports.pack.builder import SERIOUS, ProgressFn, _document, _noop, _with_breaks
from carelog.reports.pack.document import contents, cover_then_body

MONTHLY_TITLE = "Monthly governance report"


def monthly_story(data: PackData, extras: MonthlyExtras, progress: ProgressFn = _noop) -> list[Flowable]:
    """The governance report: what changed, what is outstanding, incidents with moderate or worse harm, reviews,
    actions, notifications, the meeting page and sign-off."""
    from carelog.reports.pack.action_plan import action_plan_section
    from carelog.reports.pack.charts import charts_section
    from carelog.reports.pack.cover import cover_section
    from carelog.reports.pack.feedback import feedback_section
    from carelog.reports.pack.governance import change_section, meeting_section, outstanding_section
    from carelog.reports.pack.incident_log import incident_log_section
    from carelog.reports.pack.notifications import notifications_section
    from carelog.reports.pack.reviews import reviews_section
    from carelog.reports.pack.signoff import signoff_section
    from carelog.reports.pack.summary import summary_section

    show_service = len({i.service for i in data.incidents}) > 1
    serious = [i for i in data.incidents if i.physical_harm in SERIOUS]
    progress(3, "Writing the summary")
    sections: list[list[Flowable]] = [
        contents(),
        [*change_section(extras), *outstanding_section(extras)],
        summary_section(data.incidents, data.notifications),
    ]
    if data.charts is not None:
        sections.append(charts_section(data.charts))
    sections.append(
        incident_log_section(
            serious,
            show_service=show_service,
            title="Incidents with moderate or worse harm",
            intro=f"{len(serious)} records with moderate, severe or fatal physical harm in the period.",
        )
    )
    if data.reviews is not None:
        sections.append(reviews_section(data.reviews))
    if data.actions is not None:
        sections.append(action_plan_section(data.actions))
    sections.append(notifications_section(data.notifications))
    sections.append(feedback_section(data.incidents))
    sections.append(meeting_section(extras))
    sections.append(signoff_section(data, what="this governance report"))
    cover = cover_section(data, MONTHLY_TITLE, "Incidents, learning and actions for the governance meeting")
    return [*cover, *cover_then_body(), *_with_breaks(sections)]


def build_monthly_report(
    data: PackData, extras: MonthlyExtras, out_path: str | Path, progress: ProgressFn | None = None
) -> int:
    """Write the monthly governance report PDF; returns the number of pages."""
    report = progress or _noop
    story = monthly_story(data, extras, report)
    pages = _document(data, out_path, MONTHLY_TITLE).build_story(story, report, span=(10, 100))
    report(100, "Done")
    return pages
