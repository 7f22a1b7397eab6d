"""Assemble the inspection pack from the section functions (the monthly governance report: monthly.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak

from carelog.core.enums import PhysicalHarm
from carelog.core.pack_data import PackData
from carelog.reports.pack.document import PackDocument, contents, cover_then_body

ProgressFn = Callable[[int, str], None]

PACK_TITLE = "Inspection pack"
SERIOUS = (PhysicalHarm.MODERATE, PhysicalHarm.SEVERE, PhysicalHarm.FATAL)


def _noop(_percent: int, _message: str) -> None:
    return None


def _document(data: PackData, out_path: str | Path, title: str) -> PackDocument:
    footer = f"Produced {data.produced_at:%d/%m/%Y} by {data.produced_by}"
    if data.pseudonymised:
        footer += " · people shown by identifier code"
    return PackDocument(
        str(out_path),
        title=f"{title} · {data.service_name}",
        header_right=data.period_label,
        footer_left=footer,
        author=data.produced_by,
    )


def _with_breaks(sections: list[list[Flowable]]) -> list[Flowable]:
    story: list[Flowable] = []
    for index, section in enumerate(sections):
        if index:
            story.append(PageBreak())
        story.extend(section)
    return story


def pack_story(data: PackData, progress: ProgressFn = _noop) -> list[Flowable]:
    """All sections of the inspection pack, in the order an inspector reads them."""
    from carelog.reports.pack.action_plan import action_plan_section
    from carelog.reports.pack.case_studies import case_studies_section
    from carelog.reports.pack.charts import charts_section
    from carelog.reports.pack.cover import cover_section
    from carelog.reports.pack.feedback import feedback_section
    from carelog.reports.pack.incident_log import incident_log_section
    from carelog.reports.pack.notifications import notifications_section
    from carelog.reports.pack.reviews import reviews_section
    from carelog.reports.pack.signoff import signoff_section
    from carelog.reports.pack.summary import summary_section

    show_service = len({i.service for i in data.incidents}) > 1
    progress(2, "Writing the cover and summary")
    sections: list[list[Flowable]] = [
        contents(),
        summary_section(data.incidents, data.notifications),
    ]
    if data.charts is not None:
        progress(4, "Drawing the trend charts")
        sections.append(charts_section(data.charts))
    progress(6, "Writing the incident log")
    sections.append(incident_log_section(data.incidents, show_service=show_service))
    if data.reviews is not None:
        sections.append(reviews_section(data.reviews))
        sections.append(case_studies_section([r.case_study for r in data.reviews if r.case_study is not None]))
    if data.actions is not None:
        sections.append(action_plan_section(data.actions))
    sections.append(notifications_section(data.notifications))
    sections.append(feedback_section(data.incidents))
    sections.append(signoff_section(data))
    cover = cover_section(data, PACK_TITLE, "Learning from incidents: evidence for inspection and commissioners")
    return [*cover, *cover_then_body(), *_with_breaks(sections)]


def build_pack(data: PackData, out_path: str | Path, progress: ProgressFn | None = None) -> int:
    """Write the inspection pack PDF; returns the number of pages. `progress` may raise to cancel."""
    report = progress or _noop
    story = pack_story(data, report)
    pages = _document(data, out_path, PACK_TITLE).build_story(story, report, span=(10, 100))
    report(100, "Done")
    return pages
