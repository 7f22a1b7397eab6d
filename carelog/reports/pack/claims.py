"""Case studies with their claims checked: each outcome printed beside the computed before/after of records like
its review's, and a "data does not support this" note where the two disagree (rule: core/pack_claims.py)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from carelog.core.pack_claims import CLAIM_WINDOW_DAYS, FALL_WORDS, RISE_WORDS, ClaimCheck
from carelog.core.pack_data import PackReview
from carelog.reports.pack.case_studies import PARTS
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import esc, stylesheet

CONTENT_WIDTH = 174 * mm
WARN_BORDER = colors.HexColor("#9a3412")
WARN_FILL = colors.HexColor("#fff4e5")
RULE = (
    "Each outcome is checked against the records: those like the review's own (same category and place) in up "
    f"to {CLAIM_WINDOW_DAYS} days before and the same number of days after the review was signed off (or, if it is "
    "not, its last action was completed), as a count "
    "and a rate per month (30 days). An outcome that says the numbers fell ("
    + ", ".join(FALL_WORDS[:4])
    + "...) or rose ("
    + ", ".join(RISE_WORDS[:4])
    + "...) is supported only if the rate moved that way."
)


def _boxed(paragraphs: list[Flowable], warn: bool) -> Table:
    box = Table([[p] for p in paragraphs], colWidths=[CONTENT_WIDTH], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2 if warn else 0.5, WARN_BORDER if warn else colors.grey),
                ("BACKGROUND", (0, 0), (-1, -1), WARN_FILL if warn else colors.white),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def data_block(claim: ClaimCheck) -> list[Flowable]:
    styles = stylesheet()
    text = f"<b>What the data show:</b> {esc(claim.data_text())}."
    if claim.matched_on:
        text += f" Records like the review's: {esc(claim.matched_on)}."
    lines: list[Flowable] = [Paragraph(text, styles["Body"])]
    if claim.contradicted:
        lines.insert(
            0,
            Paragraph(
                "<b>\u26a0 The data do not support this outcome.</b> The outcome describes "
                + ("a fall" if claim.claimed.value == "fall" else "a rise")
                + " but the records "
                + {"rise": "rose", "same": "did not change", "fall": "fell"}[claim.found.value]
                + ".",
                styles["Body"],
            ),
        )
    elif claim.checked and claim.claimed.value:
        lines.append(Paragraph("The data support the direction the outcome describes.", styles["Small"]))
    elif claim.checked:
        lines.append(Paragraph("The outcome makes no claim of a rise or fall to check.", styles["Small"]))
    return [_boxed(lines, claim.contradicted)]


def checked_case_studies_section(reviews: Sequence[PackReview], claims: Sequence[ClaimCheck]) -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [heading("Case studies")]
    studied = [r for r in reviews if r.case_study is not None]
    if not studied:
        out.append(Paragraph("No case studies were written for reviews in this period.", styles["Note"]))
        return out
    by_review = {c.review_id: c for c in claims}
    out.append(Paragraph("Examples of what changed as a result of learning from incidents. " + RULE, styles["Body"]))
    for review in studied:
        study = review.case_study
        assert study is not None
        out.extend([CondPageBreak(60 * mm), heading(study.title, level=1)])
        for label, attr in PARTS:
            text = str(getattr(study, attr) or "")
            out.append(Paragraph(f"<b>{label}</b>", styles["H3"]))
            out.append(Paragraph(esc(text) or "<i>Not recorded.</i>", styles["Body"]))
        claim = by_review.get(review.id)
        if claim is not None:
            out.extend(data_block(claim))
        out.append(Spacer(1, 8))
    return out
