"""Assemble the inspection pack from the section functions (the monthly governance report: monthly.py)."""

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


def pack_story(data: PackData, progress: ProgressFn = _noop) -> list[Flowable]:
    """All sections of the inspection pack, ordered by the CQC evidence categories of the learning-culture statement
    (shared/EVIDENCE.md): the opening summary, then people's experience, staff, partners, processes and outcomes,
    across services, the glossary, the raw incident log only when asked for, and the sign-off (the last page)."""
    from carelog.reports.pack.action_plan import action_plan_section
    from carelog.reports.pack.charts import charts_section
    from carelog.reports.pack.claims import checked_case_studies_section
    from carelog.reports.pack.compliance import compliance_section
    from carelog.reports.pack.cover import cover_section
    from carelog.reports.pack.feedback import feedback_section
    from carelog.reports.pack.glossary import glossary_section
    from carelog.reports.pack.incident_log import incident_log_section
    from carelog.reports.pack.notifications import notifications_section
    from carelog.reports.pack.opening import opening_section
    from carelog.reports.pack.review_actions import incident_actions_section
    from carelog.reports.pack.reviews import reviews_section
    from carelog.reports.pack.sample import sample_section
    from carelog.reports.pack.signoff import signoff_section
    from carelog.reports.pack.summary import summary_section

    checked, e = data.checked, data.evidence
    show_service = len({i.service for i in data.incidents}) > 1
    progress(2, "Writing the cover and summary")
    sections: list[list[Flowable]] = [contents()]
    # Opening: what we learned, what changed, and how we know; then the period's figures
    if checked is not None and checked.summary is not None:
        sections.append(opening_section(checked.summary, checked.claims))
    sections.append(summary_section(data.incidents, data.notifications))
    progress(6, "Writing the evidence sections")
    # People's experience: complaints with outcomes and response times, compliments, "you said, we did"
    if e is not None:
        from carelog.reports.pack.partners import partners_section
        from carelog.reports.pack.people_experience import people_experience_section
        from carelog.reports.pack.staff import staff_section

        sections.append(people_experience_section(e.people, e.notes))
        # records of the kinds complaint and compliment in the incident log (not all are in the registers)
        sections.append(feedback_section(data.incidents, in_log=True))
        # Staff: reporting rate, near-miss share, debriefs, learning shared and confirmed
        sections.append(staff_section(e.staff))
        # Partners: safeguarding referrals and outcomes, notifications made
        sections.append(partners_section(e.partners))
    else:
        sections.append(feedback_section(data.incidents))
    # Partners: statutory notifications checked, every missing or late one listed
    if checked is not None:
        sections.append(compliance_section(checked.compliance, checked.compliance_items, data.notifications))
    else:
        sections.append(notifications_section(data.notifications))
    # Processes: triage and review times, reviews with their own actions, actions from incidents, the action plan,
    # records start to finish
    if e is not None:
        from carelog.reports.pack.processes import processes_section

        sections.append(processes_section(e.processes))
    if data.reviews is not None:
        sections.append(reviews_section(data.reviews, data.actions))
    if data.actions is not None:
        incident_warnings = [w for w in data.warnings if w.startswith("Action ")]
        sections.append(incident_actions_section([a for a in data.actions if a.review_id is None], incident_warnings))
        sections.append(action_plan_section(data.actions))
    if checked is not None:
        sections.append(sample_section(checked.sample_seed, checked.sample))
    # Outcomes: SPC charts as on the Trends tab, follow-up audits, trend charts, case studies checked against data
    if e is not None:
        from carelog.reports.pack.outcomes import outcomes_section

        sections.append(outcomes_section(e.outcomes, e.audits))
    if data.charts is not None:
        progress(8, "Drawing the trend charts")
        sections.append(charts_section(data.charts))
    if data.reviews is not None:
        sections.append(checked_case_studies_section(data.reviews, checked.claims if checked is not None else ()))
    # Across services: per-service table, signals, patterns, repeat people, a safety cross per person
    if e is not None:
        from carelog.reports.pack.across_services import across_services_section

        sections.append(across_services_section(e.across))
    sections.append(glossary_section([f for section in sections for f in section]))
    # Appendix, when asked for: the raw incident log (before the sign-off, which stays the last page)
    if data.with_log:
        progress(9, "Writing the incident log")
        sections.append(
            incident_log_section(data.incidents, show_service=show_service, title="Incident log (appendix)")
        )
    sections.append(signoff_section(data))
    subtitle = "Learning from incidents: evidence for inspection and commissioners"
    if data.for_commissioner:
        subtitle = "Prepared for a commissioner: people supported are shown by identifier code only"
    cover = cover_section(data, PACK_TITLE, subtitle)
    return [*cover, *cover_then_body(), *_with_breaks(sections)]


def build_pack(data: PackData, out_path: str | Path, progress: ProgressFn | None = None) -> int:
    """Write the inspection pack PDF; returns the number of pages. `progress` may raise to cancel."""
    report = progress or _noop
    story = pack_story(data, report)
    pages = _document(data, out_path, PACK_TITLE).build_story(story, report, span=(10, 100))
    report(100, "Done")
    return pages
