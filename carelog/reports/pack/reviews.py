"""Learning reviews: what was looked at, contributing factors found, and the learning shared."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from carelog.core.pack_data import PackAction, PackReview
from carelog.reports.pack.document import heading
from carelog.reports.pack.review_actions import review_actions_block
from carelog.reports.pack.styles import esc, stylesheet
from carelog.reports.pack.tables import data_table, fmt_dt

FACTOR_HEADER = ("Heading (SEIPS)", "Contributing factor domain (YCFF)", "Note")
FACTOR_WIDTHS = (36 * mm, 50 * mm, 88 * mm)


def _factor_domain_table(reviews: Sequence[PackReview]) -> Flowable | None:
    counter = Counter(f.domain for r in reviews for f in r.factors if f.domain)
    if not counter:
        return None
    rows = [(domain, str(n)) for domain, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]
    return data_table(("Contributing factor domain", "Reviews citing it"), rows, (110 * mm, 30 * mm), align_right=(1,))


def review_block(review: PackReview, actions: Sequence[PackAction] | None = None) -> list[Flowable]:
    """One review; with `actions` (those whose link to it was validated), its actions printed under it."""
    styles = stylesheet()
    facts = [
        f"<b>Response:</b> {esc(review.response_type)}",
        f"<b>Status:</b> {esc(review.status)}",
    ]
    if review.incident_references:
        facts.append(f"<b>Records:</b> {esc(', '.join(review.incident_references))}")
    if review.signed_off_by:
        when = f" on {fmt_dt(review.signed_off_at)}" if review.signed_off_at else ""
        facts.append(f"<b>Signed off:</b> {esc(review.signed_off_by)}{when}")
    out: list[Flowable] = [
        CondPageBreak(40 * mm),
        heading(review.title, level=1),
        Paragraph(" &nbsp;·&nbsp; ".join(facts), styles["Small"]),
    ]
    if review.findings:
        out.append(Paragraph("<b>Findings</b>", styles["Body"]))
        out.append(Paragraph(esc(review.findings), styles["Body"]))
    if review.factors:
        out.append(data_table(FACTOR_HEADER, [(f.heading, f.domain, f.note) for f in review.factors], FACTOR_WIDTHS))
    else:
        out.append(Paragraph("No contributing factors recorded.", styles["Note"]))
    out.append(Spacer(1, 4))
    out.append(Paragraph("<b>Learning shared</b>", styles["Body"]))
    out.append(Paragraph(esc(review.learning_shared) or "<i>Not yet recorded.</i>", styles["Body"]))
    if actions is not None:
        out.extend(review_actions_block(actions))
    out.append(Spacer(1, 6))
    return out


def reviews_section(reviews: Sequence[PackReview], actions: Sequence[PackAction] | None = None) -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [heading("Learning reviews")]
    if not reviews:
        out.append(Paragraph("No learning reviews cover records in this period.", styles["Note"]))
        return out
    out.append(
        Paragraph(
            f"{len(reviews)} learning {'review covers' if len(reviews) == 1 else 'reviews cover'} records in this "
            "period. Contributing factors use the SEIPS "
            "work-system headings with the Yorkshire Contributory Factors Framework domain of each.",
            styles["Body"],
        )
    )
    domains = _factor_domain_table(reviews)
    if domains is not None:
        out.extend([domains, Spacer(1, 6)])
    for review in reviews:
        mine = None if actions is None else [a for a in actions if a.review_id == review.id]
        out.extend(review_block(review, mine))
    return out
