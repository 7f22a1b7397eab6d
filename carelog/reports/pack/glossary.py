"""A glossary of the terms the pack uses (only those that appear in it), meanings from shared/DOMAIN.md."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import stylesheet
from carelog.reports.pack.tables import data_table

LONG_TABLE_ROWS = 300
# (term, how it is found in the text, meaning)
TERMS: tuple[tuple[str, str, str], ...] = (
    (
        "After Action Review",
        r"[Aa]fter [Aa]ction [Rr]eview",
        "A structured team conversation after an event: what "
        "was expected, what happened, why it was different and what was learned.",
    ),
    (
        "CQC",
        r"\bCQC\b|Care Quality Commission",
        "Care Quality Commission, the regulator of adult social care in England. Regulation 16 (death of a person) "
        "and Regulation 18 (serious injury, abuse, police incidents and other events) notifications are due without "
        "delay.",
    ),
    (
        "Duty of Candour",
        r"Duty of Candour",
        "Regulation 20 (2014): after a notifiable safety incident, tell the person "
        "in person, give a truthful account, apologise, offer support and follow up in writing.",
    ),
    ("HSE", r"\bHSE\b|Health and Safety Executive", "Health and Safety Executive, which receives RIDDOR reports."),
    (
        "Near miss",
        r"[Nn]ear[- ]miss",
        "Something that could have caused harm but did not, because it was noticed in "
        "time or by chance. A good share of near misses shows staff report openly.",
    ),
    (
        "Occupied bed days",
        r"occupied bed days",
        "The number of beds in use on each day of the month, added up; rates "
        "per 1,000 occupied bed days let services of different sizes be compared.",
    ),
    (
        "PSIRF",
        r"\bPSIRF\b",
        "The NHS Patient Safety Incident Response Framework: the learning response is chosen by "
        "what can be learned, not by the level of harm.",
    ),
    (
        "RIDDOR",
        r"\bRIDDOR\b",
        "Reporting of Injuries, Diseases and Dangerous Occurrences Regulations 2013: "
        "work-connected deaths, specified injuries and dangerous occurrences are reported to the HSE within 10 days; "
        "over-7-day incapacity of a worker within 15 days.",
    ),
    (
        "Safeguarding (section 42)",
        r"[Ss]afeguarding|s42",
        "Care Act 2014: a concern about abuse or neglect is raised "
        "with the local authority, usually the same day; the authority may make a section 42 enquiry.",
    ),
    (
        "Safety cross",
        r"[Ss]afety cross",
        "A cross-shaped calendar of one month with a box per day: no event, or the number of events that day.",
    ),
    (
        "SEIPS",
        r"\bSEIPS\b",
        "Systems Engineering Initiative for Patient Safety: the work system (people, tasks, "
        "tools and technology, organisation, internal and external environment) that shapes how work is done.",
    ),
    (
        "SPC",
        r"\bSPC\b|statistical process control",
        "Statistical process control: plotting a measure over time with "
        "its mean and process limits to tell usual (common cause) variation from special cause variation.",
    ),
    (
        "Special cause variation",
        r"[Ss]pecial cause",
        "A point outside the process limits, a run of 7 on one side of "
        "the mean, 7 rising or falling in a row, or two of three near a limit: something has changed and needs a look.",
    ),
    (
        "Swarm huddle",
        r"[Ss]warm huddle",
        "A short team meeting on site, within hours of an incident, to understand what happened while it is fresh.",
    ),
    (
        "T-chart",
        r"\bT-chart\b",
        "An SPC chart of the days between events, used when events are too rare for monthly counts; higher is better.",
    ),
    (
        "Triage",
        r"\b[Tt]riage",
        "The manager's first check of a record: harm and risk confirmed, care plan and risk "
        "assessment reviewed, notifications checked and the next step chosen.",
    ),
    (
        "XmR chart",
        r"\bXmR\b",
        "An SPC chart of individual values (X) and moving ranges (mR): the limits are the mean "
        "plus or minus 2.66 times the average moving range.",
    ),
    (
        "YCFF",
        r"\bYCFF\b|Yorkshire Contributory Factors",
        "Yorkshire Contributory Factors Framework: 19 domains of "
        "factors that contribute to incidents (for example communication, staffing, equipment, the environment).",
    ),
)


def story_text(flowables: Iterable[object]) -> str:
    """The text of a story's paragraphs and tables (not its charts), for finding the terms it uses."""
    parts: list[str] = []

    def visit(item: object) -> None:
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, Paragraph):
            parts.append(item.getPlainText())
        elif isinstance(item, Table):
            if len(item._cellvalues) > LONG_TABLE_ROWS:
                return  # the log's rows hold references, dates and list values, not the pack's terms
            for row in item._cellvalues:
                for cell in row:
                    visit(cell)
        elif isinstance(item, (list, tuple)):
            for x in item:
                visit(x)
        elif isinstance(item, KeepTogether):
            visit(item._content)

    for f in flowables:
        visit(f)
    return "\n".join(parts)


def terms_used(text: str) -> list[tuple[str, str]]:
    return [(term, meaning) for term, pattern, meaning in TERMS if re.search(pattern, text)]


def glossary_section(story: Sequence[object]) -> list[Flowable]:
    used = terms_used(story_text(story))
    if not used:
        return []
    styles = stylesheet()
    return [
        heading("Glossary"),
        Paragraph("Terms used in this pack.", styles["Body"]),
        data_table(("Term", "Meaning"), used, (40 * mm, 134 * mm), long=len(used) > 30),
    ]
