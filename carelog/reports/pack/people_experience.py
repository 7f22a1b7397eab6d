"""People's experience: complaints with their outcome and response time, compliments, and "you said, we did"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from carelog.core.pack_evidence import PeopleExperience, median
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import esc, stylesheet
from carelog.reports.pack.tables import data_table, fmt_dt, fmt_num, short

COMPLAINT_HEADER = ("Complaint", "Received", "Theme", "Outcome", "Response", "Satisfaction", "Learning")
COMPLAINT_WIDTHS = (18 * mm, 19 * mm, 26 * mm, 22 * mm, 25 * mm, 22 * mm, 42 * mm)
COMPLIMENT_HEADER = ("Compliment", "Received", "From", "Staff named", "Summary", "Shared with staff")
COMPLIMENT_WIDTHS = (22 * mm, 19 * mm, 22 * mm, 28 * mm, 60 * mm, 23 * mm)
YSWD_HEADER = ("Complaint", "You said", "We did")
YSWD_WIDTHS = (20 * mm, 50 * mm, 104 * mm)


def _response(days: int | None, within: bool | None) -> str:
    if days is None:
        return "Not yet sent"
    return f"{days} working days" + ("" if within is None else (", on time" if within else ", late"))


def people_experience_section(people: PeopleExperience, notes: Sequence[str] = ()) -> list[Flowable]:
    styles = stylesheet()
    out: list[Flowable] = [heading("People's experience")]
    complaints, responded = people.complaints, people.responded
    on_time = sum(1 for c in responded if c.response_within_target)
    outcomes = Counter(c.outcome or "Not decided yet" for c in complaints)
    middle = median([c.response_days for c in responded if c.response_days is not None])
    summary = (
        f"{len(complaints)} complaints were received in the period; {len(responded)} have had their response, "
        f"{on_time} of them within {people.response_target_days} working days (or the agreed extension)"
        + (f"; the median response took {fmt_num(middle, 0)} working days" if middle is not None else "")
        + ". Outcomes: "
        + (", ".join(f"{n} {o.lower()}" for o, n in sorted(outcomes.items())) or "none")
        + f". {len(people.compliments)} compliments were received."
    )
    out.append(Paragraph(esc(summary), styles["Body"]))
    out.extend(Paragraph(esc(note), styles["Note"]) for note in notes)
    out.append(heading("Complaints: outcome and response time", level=1))
    if complaints:
        rows: list[tuple[str, ...]] = [
            (
                c.label,
                fmt_dt(c.received_on),
                c.theme or "-",
                c.outcome or c.stage,
                _response(c.response_days, c.response_within_target),
                c.satisfaction or "-",
                short(c.learning, 220) or "-",
            )
            for c in complaints
        ]
        out.append(data_table(COMPLAINT_HEADER, rows, COMPLAINT_WIDTHS, long=len(rows) > 30))
    else:
        out.append(Paragraph("No complaints were recorded on the complaints register in this period.", styles["Note"]))
    out.extend([Spacer(1, 6), CondPageBreak(40 * mm), heading("You said, we did", level=1)])
    said = people.you_said_we_did
    if said:
        rows = [
            (
                c.label,
                f"{c.theme}: {c.outcome}".strip(": ") if c.theme else c.outcome or "-",
                "\n".join([short(c.you_said_we_did, 300), *(f"Action: {a}" for a in c.actions)]).strip(),
            )
            for c in said
        ]
        out.append(data_table(YSWD_HEADER, rows, YSWD_WIDTHS))
    else:
        out.append(Paragraph("No complaint in the period has a recorded change or linked action yet.", styles["Note"]))
    out.extend([Spacer(1, 6), CondPageBreak(40 * mm), heading("Compliments", level=1)])
    if people.compliments:
        rows = [
            (
                c.label,
                fmt_dt(c.received_on),
                c.source or "-",
                c.staff_named or "-",
                short(c.summary, 200) or "-",
                fmt_dt(c.shared_on) or "Not yet",
            )
            for c in people.compliments
        ]
        out.append(data_table(COMPLIMENT_HEADER, rows, COMPLIMENT_WIDTHS, long=len(rows) > 30))
    else:
        out.append(Paragraph("No compliments were recorded on the register in this period.", styles["Note"]))
    return out
