"""Five records start to finish: a reproducible random sample (seed printed), each traced from report to triage,
notifications, review, actions and their effect, as inspectors sample records."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from carelog.core.pack_claims import TracedRecord
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import stylesheet
from carelog.reports.pack.tables import data_table

TITLE = "Records start to finish"
WIDTHS = (28 * mm, 146 * mm)


def sample_section(seed: int, records: Sequence[TracedRecord]) -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [heading(TITLE)]
    if not records:
        out.append(Paragraph("No records in this period to sample.", styles["Note"]))
        return out
    out.append(
        Paragraph(
            f"{len(records)} records drawn at random from the period (compliments left out), each followed from the "
            f"report to the effect of what was done. Random seed {seed}: building the pack again for the same "
            "period and service draws the same records; another seed can be chosen to draw others "
            f"(carelog pack --seed).",
            styles["Body"],
        )
    )
    for record in records:
        out.extend(
            [
                CondPageBreak(45 * mm),
                heading(record.reference, level=1),
                data_table(("Stage", "What the records show"), list(record.steps), WIDTHS),
                Spacer(1, 6),
            ]
        )
    return out
