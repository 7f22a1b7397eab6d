"""Feedback to the person who reported: what happened to each of their reports, in plain words.

The reason staff stop reporting is hearing nothing back. Once a manager has recorded something (triaged the
report, moved its status on, reviewed it, written what was learned, finished an action), "My reports" says so.
What a triage decided is told in general words only: the manager's written reason is not repeated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from carelog.core.enums import Status
from carelog.core.triage import TriageDecision

NOT_SEEN_YET = "Not looked at by a manager yet."
MAX_ACTIONS_NAMED = 2


@dataclass(frozen=True, slots=True)
class DoneAction:
    title: str
    done_at: datetime


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """What the records say about one report (gathered by db.repositories.feedback)."""

    incident_id: int
    reference: str
    occurred_at: datetime
    category: str
    status: Status
    status_changed_at: datetime | None = None  # first time a manager moved its status on
    triaged_at: datetime | None = None
    triage_decisions: tuple[TriageDecision, ...] = ()
    review_started_at: datetime | None = None
    review_signed_off_at: datetime | None = None
    learning_point: str = ""  # the first learning point of its (signed-off) review
    actions_done: tuple[DoneAction, ...] = ()
    closed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class MyReport:
    """One row of "My reports"."""

    incident_id: int
    reference: str
    occurred_at: datetime
    category: str
    status: Status
    news: str
    news_since: datetime | None  # when the latest thing in `news` happened (None: nothing yet)
    is_new: bool = False  # happened since the reporter last looked at My reports


# What each triage decision means for the reporter, in the order they are told.
_TRIAGE_WORDS = {
    TriageDecision.LEARNING_RESPONSE: "It will be reviewed so the team can learn from it.",
    TriageDecision.SAFEGUARDING_REFERRAL: "It is being followed up under the safeguarding procedure.",
    TriageDecision.COMPLAINT_PROCESS: "It is being handled as a complaint.",
    TriageDecision.DUTY_OF_CANDOUR: (
        "The person or their family will be told what happened, as the Duty of Candour requires."
    ),
    TriageDecision.NO_FURTHER_ACTION: "No further action was needed.",
}
_DECISION_ORDER = tuple(_TRIAGE_WORDS)


def report_news(facts: ReportFacts) -> tuple[str, datetime | None]:
    """The sentence(s) for one report and when the newest of them happened."""
    parts: list[str] = []
    moments: list[datetime] = []
    if facts.review_signed_off_at is not None:
        parts.append(f"Reviewed by a manager (signed off {_day(facts.review_signed_off_at)}).")
        moments.append(facts.review_signed_off_at)
        if facts.learning_point.strip():
            parts.append(f"What was learned: {_sentence(facts.learning_point)}")
    elif facts.review_started_at is not None:
        parts.append(f"A manager is reviewing it (since {_day(facts.review_started_at)}).")
        moments.append(facts.review_started_at)
    else:
        seen = [m for m in (facts.triaged_at, facts.status_changed_at) if m is not None]
        if seen:
            parts.append(f"Seen by a manager ({_day(min(seen))}).")
            parts.extend(_TRIAGE_WORDS[d] for d in _DECISION_ORDER if d in facts.triage_decisions)
            moments.append(max(seen))  # a triage after the status move is news too
    if facts.actions_done:
        done = sorted(facts.actions_done, key=lambda a: a.done_at)
        named = "; ".join(a.title.strip() for a in done[:MAX_ACTIONS_NAMED])
        more = len(done) - MAX_ACTIONS_NAMED
        parts.append(f"What changed: {named}" + (f" (and {more} more)." if more > 0 else "."))
        moments.append(done[-1].done_at)
    if facts.status == Status.CLOSED and facts.closed_at is not None:
        parts.append(f"Closed {_day(facts.closed_at)}.")
        moments.append(facts.closed_at)
    if not parts:
        return NOT_SEEN_YET, None
    return " ".join(parts), max(moments)


def with_news(facts: ReportFacts, seen_at: datetime | None) -> MyReport:
    news, since = report_news(facts)
    is_new = since is not None and (seen_at is None or since > seen_at)
    return MyReport(
        facts.incident_id, facts.reference, facts.occurred_at, facts.category, facts.status, news, since, is_new
    )


def news_headline(count: int) -> str:
    if count <= 0:
        return ""
    if count == 1:
        return "1 of your reports has news: see what a manager did in My reports."
    return f"{count} of your reports have news: see what a manager did in My reports."


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


def _sentence(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if one_line.endswith((".", "!", "?")) else one_line + "."
