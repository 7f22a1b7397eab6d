"""Assemble the inspection pack, or the shorter monthly governance report, from the same section functions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from carelog.core.enums import PhysicalHarm
from carelog.core.pack_data import PackData
from carelog.reports.pack.document import PackDocument, contents, cover_then_body

ProgressFn = Callable[[int, str], None]

PACK_TITLE = "Inspection pack"
MONTHLY_TITLE = "Monthly governance report"
SERIOUS = (PhysicalHarm.MODERATE, PhysicalHarm.SEVERE, PhysicalHarm.FATAL)
SECTION_ROOM = 90 * mm  # a section starts on a new page only when less than this is left (no half-empty pages)


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
    """Sections one after another; each starts on a new page only when little room is left on the current one."""
    story: list[Flowable] = []
    for index, section in enumerate(s for s in sections if s):
        if index:
            story.extend([Spacer(1, 10), CondPageBreak(SECTION_ROOM)])
        story.extend(section)
    return story


def evidence_sections(data: PackData) -> list[list[Flowable]]:
    """The evidence sections (people's experience, staff, partners, processes, outcomes, across services)."""
    if data.evidence is None:
        return []
    from carelog.reports.pack.across_services import across_services_section
    from carelog.reports.pack.outcomes import outcomes_section
    from carelog.reports.pack.partners import partners_section
    from carelog.reports.pack.people_experience import people_experience_section
    from carelog.reports.pack.processes import processes_section
    from carelog.reports.pack.staff import staff_section

    e = data.evidence
    return [
        people_experience_section(e.people, e.notes),
        staff_section(e.staff),
        partners_section(e.partners),
        processes_section(e.processes),
        outcomes_section(e.outcomes, e.audits),
        across_services_section(e.across),
    ]


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
    progress(8, "Writing the evidence sections")
    sections.extend(evidence_sections(data))
    from carelog.reports.pack.glossary import glossary_section

    sections.append(glossary_section([f for section in sections for f in section]))
    sections.append(signoff_section(data))
    subtitle = "Learning from incidents: evidence for inspection and commissioners"
    if data.for_commissioner:
        subtitle = "Prepared for a commissioner: people supported are shown by identifier code only"
    cover = cover_section(data, PACK_TITLE, subtitle)
    return [*cover, *cover_then_body(), *_with_breaks(sections)]


def monthly_story(data: PackData, progress: ProgressFn = _noop) -> list[Flowable]:
    """The shorter governance report: no full log, only incidents with moderate or worse harm; open actions."""
    from carelog.reports.pack.action_plan import action_plan_section
    from carelog.reports.pack.charts import charts_section
    from carelog.reports.pack.cover import cover_section
    from carelog.reports.pack.feedback import feedback_section
    from carelog.reports.pack.incident_log import incident_log_section
    from carelog.reports.pack.notifications import notifications_section
    from carelog.reports.pack.reviews import reviews_section
    from carelog.reports.pack.signoff import signoff_section
    from carelog.reports.pack.summary import summary_section

    show_service = len({i.service for i in data.incidents}) > 1
    serious = [i for i in data.incidents if i.physical_harm in SERIOUS]
    progress(3, "Writing the summary")
    sections: list[list[Flowable]] = [contents(), summary_section(data.incidents, data.notifications)]
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
    sections.append(signoff_section(data, what="this governance report"))
    cover = cover_section(data, MONTHLY_TITLE, "Incidents, learning and actions for the governance meeting")
    return [*cover, *cover_then_body(), *_with_breaks(sections)]


def build_pack(data: PackData, out_path: str | Path, progress: ProgressFn | None = None) -> int:
    """Write the inspection pack PDF; returns the number of pages. `progress` may raise to cancel."""
    report = progress or _noop
    story = pack_story(data, report)
    pages = _document(data, out_path, PACK_TITLE).build_story(story, report, span=(10, 100))
    report(100, "Done")
    return pages


def build_monthly_report(data: PackData, out_path: str | Path, progress: ProgressFn | None = None) -> int:
    """Write the monthly governance report PDF; returns the number of pages."""
    report = progress or _noop
    story = monthly_story(data, report)
    pages = _document(data, out_path, MONTHLY_TITLE).build_story(story, report, span=(10, 100))
    report(100, "Done")
    return pages
