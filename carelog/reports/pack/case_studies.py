"""Case studies: examples of what changed (context, learning process, actions, outcome), as inspectors ask."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from carelog.core.pack_data import PackCaseStudy
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import esc, stylesheet

PARTS = (
    ("Context", "context"),
    ("How we learned", "learning_process"),
    ("What we did", "actions"),
    ("Outcome", "outcome"),
)


def case_studies_section(case_studies: Sequence[PackCaseStudy]) -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [heading("Case studies")]
    if not case_studies:
        out.append(Paragraph("No case studies were written for reviews in this period.", styles["Note"]))
        return out
    out.append(Paragraph("Examples of what changed as a result of learning from incidents.", styles["Body"]))
    for study in case_studies:
        out.extend([CondPageBreak(50 * mm), heading(study.title, level=1)])
        for label, attr in PARTS:
            text = str(getattr(study, attr) or "")
            out.append(Paragraph(f"<b>{label}</b>", styles["H3"]))
            out.append(Paragraph(esc(text) or "<i>Not recorded.</i>", styles["Body"]))
        out.append(Spacer(1, 8))
    return out
