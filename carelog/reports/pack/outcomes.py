"""Outcomes: the SPC charts of the largest categories exactly as the Trends tab draws them (variation and assurance
icons, targets, completed actions), with their reading in words, and the follow-up audit scores."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from carelog.core.pack_data import PackChart
from carelog.core.pack_evidence import OutcomeChart
from carelog.reports.pack.charts import chart_flowable
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import esc, stylesheet

CHART_HEIGHT = 82 * mm  # two SPC charts with their readings fit on a page


def outcomes_section(outcomes: Sequence[OutcomeChart], audits: PackChart | None) -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [
        heading("Outcomes"),
        Paragraph(
            "Statistical process control (SPC) charts of the largest categories, as on the Trends tab. The icons "
            "say whether the latest month shows special cause variation (concern or improvement) and whether the "
            "target, where one is set, is reliably met. Compliments are left out.",
            styles["Body"],
        ),
    ]
    if not outcomes:
        out.append(Paragraph("Not enough complete months in this period to draw SPC charts.", styles["Note"]))
    for o in outcomes:
        icons = "; ".join(x for x in (f"Variation: {o.variation}" if o.variation else "", o.assurance) if x)
        block: list[Flowable] = [heading(o.chart.title, level=1), chart_flowable(o.chart, CHART_HEIGHT)]
        if icons:
            block.append(Paragraph(esc(icons + "."), styles["Body"]))
        if o.reading:
            block.append(Paragraph(esc(" ".join(o.reading)), styles["Small"]))
        out.extend([CondPageBreak(70 * mm), KeepTogether(block), Spacer(1, 6)])
    out.extend([CondPageBreak(60 * mm), heading("Follow-up audits", level=1)])
    if audits is None:
        out.append(
            Paragraph("No follow-up audit scores were recorded in or up to a year before the period.", styles["Note"])
        )
    else:
        out.append(
            Paragraph(
                "Audits that test whether a change stuck: the % of records, checks or people that met the standard.",
                styles["Body"],
            )
        )
        out.append(chart_flowable(audits, CHART_HEIGHT))
    return out
