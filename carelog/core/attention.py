"""What needs the manager today (issue 14): the pure rules behind the Home tab and `carelog attention`.

The attention service reads the rows; these functions turn them into items, each with a kind, a due time, an
overdue flag, the reference or id of what it is about, a plain-English line and what double-clicking it opens.
Statutory rules come from core.deadlines only; SPC from core.spc; pattern signals from core.patterns; the due
steps of complaints, safeguarding, Duty of Candour and debriefs from core.thread_records (DueItem).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from carelog.core.categories import CategoryCode
from carelog.core.deadlines import DeadlineItem, Outcome, outcome, riddor_within_over_seven_day_limit
from carelog.core.enums import PhysicalHarm
from carelog.core.patterns import PatternSignal
from carelog.core.shared_learning import PendingDiscussion, excerpt
from carelog.core.spc import Assurance, Improvement, Variation, assurance, xmr
from carelog.core.thread_records import DueItem, RecordKind
from carelog.core.triage import target_hours

T = TypeVar("T")

UPCOMING_ACTION_DAYS = 7  # "due this week": today and the six days after
LATE_LOOKBACK_DAYS = 90  # late notifications are listed for this long after the incident
NOTIFICATION_LOOKBACK_DAYS = 90  # all states for incidents of the last 90 days; older ones only while not made
SUMMARY_MONTHS = 24  # complete months behind the average and the SPC icons
SECTION_LIMIT = 100  # items listed per kind (the totals say how many there are)

# key measures of the summary table: (settings key of its target, label, stable category codes counted), so
# renaming a category in Lists does not move it out of its measure
KEY_MEASURES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("falls", "Falls", (CategoryCode.FALL.value,)),
    ("medication", "Medication", (CategoryCode.MEDICATION.value,)),
    ("behaviours", "Behaviours", (CategoryCode.BEHAVIOUR.value,)),
    ("pressure_ulcers", "Pressure ulcers", (CategoryCode.PRESSURE_ULCER.value,)),
    ("safeguarding", "Safeguarding", (CategoryCode.SAFEGUARDING.value,)),
    ("complaints", "Complaints", (CategoryCode.COMPLAINT.value,)),
)


class ItemKind(StrEnum):
    NOTIFICATION_OVERDUE = "notification_overdue"
    NOTIFICATION_DUE = "notification_due"
    NOTIFICATION_NEVER_MADE = "notification_never_made"
    NOTIFICATION_LATE = "notification_late"
    TRIAGE = "awaiting_triage"
    REVIEW_OVERDUE = "review_past_target"
    ACTION_OVERDUE = "action_overdue"
    ACTION_DUE = "action_due_this_week"
    ACTION_AWAITING_CHECK = "action_awaiting_check"
    ACTION_NOT_EFFECTIVE = "action_not_effective"
    SIGNAL = "pattern_signal"
    COMPLAINT_STEP = "complaint_step"  # acknowledge, respond
    SAFEGUARDING_STEP = "safeguarding_step"  # refer to the local authority, notify CQC
    CANDOUR_STEP = "candour_step"  # decide, tell in person and apologise, written follow-up
    DEBRIEF_STEP = "debrief_follow_up"  # staff wellbeing follow-up after a debrief
    SHARED_LEARNING = "shared_learning_to_discuss"  # a learning point for every service, not yet discussed here


class Section(StrEnum):
    """The Home tab's sections, in screen order; each item kind belongs to one."""

    NOTIFICATIONS = "Statutory notifications"
    TRIAGE = "Awaiting triage"
    REVIEWS = "Reviews past their target date"
    ACTIONS = "Actions"
    RECORDS = "Complaints, safeguarding and Duty of Candour"
    SIGNALS = "New pattern signals"
    LEARNING = "Learning shared across services: discuss with your team"


SECTION_OF: dict[ItemKind, Section] = {
    ItemKind.NOTIFICATION_OVERDUE: Section.NOTIFICATIONS,
    ItemKind.NOTIFICATION_DUE: Section.NOTIFICATIONS,
    ItemKind.NOTIFICATION_NEVER_MADE: Section.NOTIFICATIONS,
    ItemKind.NOTIFICATION_LATE: Section.NOTIFICATIONS,
    ItemKind.TRIAGE: Section.TRIAGE,
    ItemKind.REVIEW_OVERDUE: Section.REVIEWS,
    ItemKind.ACTION_OVERDUE: Section.ACTIONS,
    ItemKind.ACTION_NOT_EFFECTIVE: Section.ACTIONS,
    ItemKind.ACTION_DUE: Section.ACTIONS,
    ItemKind.ACTION_AWAITING_CHECK: Section.ACTIONS,
    ItemKind.SIGNAL: Section.SIGNALS,
    ItemKind.COMPLAINT_STEP: Section.RECORDS,
    ItemKind.SAFEGUARDING_STEP: Section.RECORDS,
    ItemKind.CANDOUR_STEP: Section.RECORDS,
    ItemKind.DEBRIEF_STEP: Section.RECORDS,
    ItemKind.SHARED_LEARNING: Section.LEARNING,
}


class Opens(StrEnum):
    INCIDENT = "incident"
    REVIEW = "review"
    ACTION = "action"
    SIGNAL = "signal"  # the Trends tab's pattern list
    SHARED_LEARNING = "shared_learning"  # the shared learning dialog, at this point and service
    # records of the Complaints & safeguarding tab: the values are the RecordKind values
    COMPLAINT = RecordKind.COMPLAINT.value
    SAFEGUARDING = RecordKind.SAFEGUARDING.value
    CANDOUR = RecordKind.CANDOUR.value
    DEBRIEF = RecordKind.DEBRIEF.value

    @property
    def record_kind(self) -> RecordKind | None:
        """The kind of complaints-tab record this opens, or None for an incident, review, action or signal."""
        return RECORD_OPENS.get(self)


# each kind of record with due steps: the item kind it lists as and what opening it shows
RECORD_ITEMS: dict[RecordKind, tuple[ItemKind, Opens]] = {
    RecordKind.COMPLAINT: (ItemKind.COMPLAINT_STEP, Opens.COMPLAINT),
    RecordKind.SAFEGUARDING: (ItemKind.SAFEGUARDING_STEP, Opens.SAFEGUARDING),
    RecordKind.CANDOUR: (ItemKind.CANDOUR_STEP, Opens.CANDOUR),
    RecordKind.DEBRIEF: (ItemKind.DEBRIEF_STEP, Opens.DEBRIEF),
}
RECORD_OPENS: dict[Opens, RecordKind] = {opens: kind for kind, (_item, opens) in RECORD_ITEMS.items()}


@dataclass(frozen=True)
class AttentionItem:
    kind: ItemKind
    due: datetime | None
    overdue: bool
    reference: str  # incident reference, review or action title, the signal's headline, or a record's C-12
    text: str
    opens: Opens
    target_id: int | None  # the incident, review, action or (complaint, safeguarding...) record id it opens
    service: str = ""
    title: str = ""  # the short line the Home tab lists (text is the full sentence, shown on hover)

    @property
    def section(self) -> Section:
        return SECTION_OF[self.kind]

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "due": self.due.isoformat(timespec="minutes") if self.due else None,
            "overdue": self.overdue,
            "reference": self.reference,
            "text": self.text,
            "opens": self.opens.value,
            "id": self.target_id,
            "service": self.service,
            "title": self.title,
        }


@dataclass(frozen=True)
class MeasureSummary:
    """One service and key measure: this month so far, last complete month, the average and the MDC icons."""

    service: str
    measure: str
    this_month: int
    last_month: int
    average: float
    variation: Variation | None  # of the last complete month; None with too few months
    side: int  # +1 high, -1 low, 0 on the mean (for the icon's letter)
    target: int | None
    assurance: Assurance | None
    months: int  # complete months behind the average
    bed_days: int | None = None  # occupied bed days recorded for the last complete month
    rate_per_1000: float | None = None  # last complete month per 1,000 occupied bed days

    def as_json(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "measure": self.measure,
            "this_month": self.this_month,
            "last_month": self.last_month,
            "average": round(self.average, 2),
            "variation": self.variation.value if self.variation else None,
            "side": self.side,
            "target": self.target,
            "assurance": self.assurance.value if self.assurance else None,
            "months": self.months,
            "rate_per_1000_bed_days": round(self.rate_per_1000, 2) if self.rate_per_1000 is not None else None,
        }


@dataclass(frozen=True)
class AttentionReport:
    as_of: datetime
    items: tuple[AttentionItem, ...]
    summary: tuple[MeasureSummary, ...]
    totals: dict[ItemKind, int] = field(default_factory=dict)  # how many there are (items may be capped)
    services: tuple[str, ...] = ()

    def in_section(self, section: Section) -> list[AttentionItem]:
        return [i for i in self.items if i.section == section]

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(timespec="minutes"),
            "services": list(self.services),
            "totals": {k.value: n for k, n in self.totals.items()},
            "items": [i.as_json() for i in self.items],
            "summary": [s.as_json() for s in self.summary],
        }


# ----------------------------------------------------------------------------------------------- wording
def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def time_left(due: datetime, now: datetime) -> str:
    """'5 hours left', '2 days left', '3 hours overdue', '4 days overdue'."""
    delta = due - now
    late = delta < timedelta(0)
    delta = abs(delta)
    hours = int(delta.total_seconds() // 3600)
    amount = _plural(hours // 24, "day") if hours >= 48 else _plural(max(hours, 0), "hour")
    if not late and hours == 0:
        return "less than an hour left"
    return f"{amount} overdue" if late else f"{amount} left"


def _when(moment: datetime) -> str:
    return f"{moment:%a %d %b %H:%M}"


# ----------------------------------------------------------------------------------------------- rules
@dataclass(frozen=True)
class NotificationCase:
    """One assessed requirement with what the rules cannot see: whether its record is closed, and where."""

    item: DeadlineItem
    closed: bool
    service: str


def may_need_attention(item: DeadlineItem) -> bool:
    """Not made, or made after its date: only these can be listed (whether the record is closed aside)."""
    return outcome(item, closed=False) != Outcome.ON_TIME


_OUTCOME_KINDS = {
    Outcome.DUE: ItemKind.NOTIFICATION_DUE,
    Outcome.OVERDUE: ItemKind.NOTIFICATION_OVERDUE,
    Outcome.NEVER_MADE: ItemKind.NOTIFICATION_NEVER_MADE,
    Outcome.LATE: ItemKind.NOTIFICATION_LATE,
}
NOTIFICATION_ORDER = {
    ItemKind.NOTIFICATION_OVERDUE: 0,
    ItemKind.NOTIFICATION_NEVER_MADE: 1,
    ItemKind.NOTIFICATION_DUE: 2,
    ItemKind.NOTIFICATION_LATE: 3,
}


def notification_kind(case: NotificationCase, now: datetime) -> ItemKind | None:
    """The item kind notification_items() lists this case as, or None when it is not listed: what a capped list
    needs to count and order cases before their text is written."""
    result = outcome(case.item, case.closed)
    if result == Outcome.ON_TIME:
        return None
    if result == Outcome.LATE and case.item.occurred_at < now - timedelta(days=LATE_LOOKBACK_DAYS):
        return None
    return _OUTCOME_KINDS[result]


def notification_rank(kind: ItemKind, case: NotificationCase, now: datetime) -> tuple[int, datetime, str]:
    """Where a listed case stands in the notification list: by kind, then due date, then reference."""
    return (NOTIFICATION_ORDER[kind], case.item.requirement.due_by or now, case.item.reference)


def first_of_each_kind(ranked: Iterable[tuple[ItemKind, T]], limit: int) -> list[tuple[ItemKind, T]]:
    """The first `limit` of each kind, in the order given."""
    taken: dict[ItemKind, int] = defaultdict(int)
    out = []
    for kind, value in ranked:
        taken[kind] += 1
        if taken[kind] <= limit:
            out.append((kind, value))
    return out


def notification_items(cases: Iterable[NotificationCase], now: datetime) -> list[AttentionItem]:
    """Due, overdue, never made (record closed without it) and late (made after its date, recent incidents)."""
    out: list[AttentionItem] = []
    late_since = now - timedelta(days=LATE_LOOKBACK_DAYS)
    for case in cases:
        item = case.item
        req = item.requirement
        result = outcome(item, case.closed)
        what = f"{req.notification.label} for {item.reference} ({item.category})"
        short = f"{item.reference} {item.category}"
        if result == Outcome.ON_TIME:
            continue
        if result == Outcome.LATE:
            if item.occurred_at < late_since:
                continue
            assert req.due_by is not None and item.made_at is not None
            text = f"{what} was made late: due {_when(req.due_by)}, made {_when(item.made_at)}. {req.rule}."
            if riddor_within_over_seven_day_limit(item):
                text += " In time only if it was an over-7-day incapacity (15 days), not a specified injury."
            late_by = time_left(req.due_by, item.made_at).replace(" overdue", "")
            out.append(
                AttentionItem(
                    ItemKind.NOTIFICATION_LATE, req.due_by, False, item.reference, text, Opens.INCIDENT,
                    item.incident_id, case.service, f"{short}: {req.notification.label} made {late_by} late",
                )
            )  # fmt: skip
            continue
        if result == Outcome.NEVER_MADE:
            text = f"{what} was required but never made: the record was closed without it. {req.rule}."
            kind, overdue = ItemKind.NOTIFICATION_NEVER_MADE, True
            title = f"{short}: {req.notification.label} never made (record closed)"
        elif result == Outcome.OVERDUE:
            assert req.due_by is not None
            text = f"{what} is overdue ({time_left(req.due_by, now)}). {req.rule}."
            kind, overdue = ItemKind.NOTIFICATION_OVERDUE, True
            title = f"{short}: {req.notification.label} {time_left(req.due_by, now)}"
        else:
            due_text = time_left(req.due_by, now) if req.due_by else "as soon as reasonably practicable"
            text = f"{what} is due ({due_text}). {req.rule}."
            kind, overdue = ItemKind.NOTIFICATION_DUE, False
            title = f"{short}: {req.notification.label} due, {due_text}"
        out.append(
            AttentionItem(
                kind, req.due_by, overdue, item.reference, text, Opens.INCIDENT, item.incident_id, case.service, title
            )
        )
    return out


@dataclass(frozen=True)
class UntriagedIncident:
    id: int
    reference: str
    reported_at: datetime
    category: str
    service: str
    harm: PhysicalHarm


def triage_items(
    rows: Iterable[UntriagedIncident], now: datetime, standard_hours: int, serious_hours: int
) -> list[AttentionItem]:
    """Incidents awaiting triage, oldest report first, with the time left against the target."""
    out = []
    for r in sorted(rows, key=lambda r: (r.reported_at, r.id)):
        hours = target_hours(r.harm, standard_hours, serious_hours)
        due = r.reported_at + timedelta(hours=hours)
        harm = f", {r.harm.label.lower()} harm" if r.harm != PhysicalHarm.NONE else ""
        text = (
            f"{r.reference} {r.category}{harm}, reported {_when(r.reported_at)}: triage within {hours} hours, "
            f"{time_left(due, now)}."
        )
        title = f"{r.reference} {r.category}{harm}: {time_left(due, now)}"
        out.append(
            AttentionItem(ItemKind.TRIAGE, due, now > due, r.reference, text, Opens.INCIDENT, r.id, r.service, title)
        )
    return out


@dataclass(frozen=True)
class OpenReview:
    id: int
    title: str
    opened_at: datetime
    first_reference: str


def review_items(rows: Iterable[OpenReview], now: datetime, target_days: int) -> list[AttentionItem]:
    """Open reviews older than the target, the longest overdue first."""
    out = []
    for r in sorted(rows, key=lambda r: (r.opened_at, r.id)):
        due = r.opened_at + timedelta(days=target_days)
        if now <= due:
            continue
        about = f" ({r.first_reference})" if r.first_reference else ""
        text = (
            f"Review '{r.title}'{about} opened {r.opened_at:%d %b %Y} is past its target of {target_days} days "
            f"({time_left(due, now)}): finish it and sign it off."
        )
        title = f"{r.title}{about}: {time_left(due, now)}"
        out.append(AttentionItem(ItemKind.REVIEW_OVERDUE, due, True, r.title, text, Opens.REVIEW, r.id, "", title))
    return out


@dataclass(frozen=True)
class ActionState:
    id: int
    title: str
    lead: str
    due_date: date | None
    status: str  # ActionStatus value
    conclusion: str  # Conclusion value or ""
    completed_at: datetime | None
    service: str


def action_items(rows: Iterable[ActionState], today: date) -> list[AttentionItem]:
    """Not effective (reopened), overdue, due this week, and done but awaiting the effectiveness check."""
    out = []
    week_end = today + timedelta(days=UPCOMING_ACTION_DAYS - 1)
    for r in rows:
        due = datetime.combine(r.due_date, datetime.min.time()) if r.due_date else None
        lead = f" (lead: {r.lead})" if r.lead else ""
        open_ = r.status in ("to_do", "in_progress")
        if open_ and r.conclusion == "not_effective":
            text = f"'{r.title}'{lead} was found not effective and reopened: agree a stronger plan."
            if r.due_date and r.due_date < today:
                text += f" Due {r.due_date:%d %b %Y}, overdue."
            item = AttentionItem(
                ItemKind.ACTION_NOT_EFFECTIVE, due, bool(r.due_date and r.due_date < today), r.title, text,
                Opens.ACTION, r.id, r.service, f"Not effective, reopened: {r.title}{lead}",
            )  # fmt: skip
        elif open_ and r.due_date is not None and r.due_date < today:
            days = (today - r.due_date).days
            text = f"'{r.title}'{lead} was due {r.due_date:%d %b %Y}: {_plural(days, 'day')} overdue."
            title = f"{_plural(days, 'day')} overdue: {r.title}{lead}"
            item = AttentionItem(
                ItemKind.ACTION_OVERDUE, due, True, r.title, text, Opens.ACTION, r.id, r.service, title
            )
        elif open_ and r.due_date is not None and r.due_date <= week_end:
            when = "today" if r.due_date == today else f"{r.due_date:%A %d %b}"
            text = f"'{r.title}'{lead} is due {when}."
            title = f"Due {when}: {r.title}{lead}"
            item = AttentionItem(ItemKind.ACTION_DUE, due, False, r.title, text, Opens.ACTION, r.id, r.service, title)
        elif r.status == "done" and r.conclusion in ("", "too_early"):
            since = f" since {r.completed_at:%d %b %Y}" if r.completed_at else ""
            text = f"'{r.title}'{lead} is done{since}: check whether it worked before closing it."
            title = f"Check whether it worked: {r.title}{lead}"
            item = AttentionItem(
                ItemKind.ACTION_AWAITING_CHECK, None, False, r.title, text, Opens.ACTION, r.id, r.service, title
            )
        else:
            continue
        out.append(item)
    order = {ItemKind.ACTION_NOT_EFFECTIVE: 0, ItemKind.ACTION_OVERDUE: 1, ItemKind.ACTION_DUE: 2}
    out.sort(key=lambda i: (order.get(i.kind, 3), i.due or datetime.max, i.target_id or 0))
    return out


def signal_items(signals: Sequence[PatternSignal], last_seen_incident_id: int | None) -> list[AttentionItem]:
    """Pattern signals new since the person last looked (one of their incidents was recorded after it, so has a
    higher id than the newest then): one line per phenomenon (the first of each kind, place or person and category
    is kept)."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for s in signals:
        key = (s.type.value, s.category, s.location, s.person_code)
        if key in seen:
            continue
        seen.add(key)
        if last_seen_incident_id is not None and max(s.incident_ids, default=0) <= last_seen_incident_id:
            continue
        ending = datetime.combine(s.period_end, datetime.min.time())
        text = f"{s.type.label}: {s.headline} ({s.count} incidents, {s.period}). {s.explanation}"
        title = f"{s.type.label}: {s.headline} ({s.count}, {s.period})"
        out.append(
            AttentionItem(ItemKind.SIGNAL, ending, False, s.headline, text, Opens.SIGNAL, None, s.service, title)
        )
    return out


@dataclass(frozen=True)
class RecordCase:
    """One open step of a complaint, safeguarding concern, Duty of Candour record or debrief, with the service
    of its linked incident ("" when it is linked to none)."""

    item: DueItem
    service: str


def _due_when(due: date, today: date) -> str:
    """'3 days overdue', 'due today', 'due tomorrow', 'due Thu 19 Mar'."""
    if due < today:
        return f"{_plural((today - due).days, 'day')} overdue"
    if due == today:
        return "due today"
    if due == today + timedelta(days=1):
        return "due tomorrow"
    return f"due {due:%a %d %b}"


def record_items(cases: Iterable[RecordCase], today: date, one_service: bool = False) -> list[AttentionItem]:
    """Due and overdue steps of complaints, safeguarding concerns, Duty of Candour and debriefs, in the order
    given (the records service lists them soonest due first, so the longest overdue lead). For one service's
    list, a record linked to no incident says why it is there."""
    out = []
    for case in cases:
        d = case.item
        if d.kind not in RECORD_ITEMS:
            continue
        kind, opens = RECORD_ITEMS[d.kind]
        step = d.step or d.text
        when = _due_when(d.due, today)
        record = f"{d.kind.label} {d.reference}"
        text = f"{record} (incident {d.incident_reference})" if d.incident_reference else record
        text += f": {step}. Due by {d.due:%a %d %b %Y}"
        text += f": {when}." if d.overdue else (" (today)." if d.due == today else ".")
        if one_service and not case.service:
            text += " It is linked to no incident, so every service's list shows it."
        linked = f", {d.incident_reference}" if d.incident_reference else ""
        title = f"{when[0].upper()}{when[1:]}: {step} ({record}{linked})"
        due = datetime.combine(d.due, time(23, 59, 59))  # due by the end of its day
        out.append(AttentionItem(kind, due, d.overdue, d.reference, text, opens, d.record_id, case.service, title))
    return out


def measure_summary(
    service: str,
    measure: str,
    complete_months: Sequence[int],
    this_month: int,
    target: int | None,
    bed_days: int | None = None,
) -> MeasureSummary:
    """Average and MDC icons from the complete months (oldest first); this month so far shown beside them."""
    months = list(complete_months)
    last = months[-1] if months else 0
    average = sum(months) / len(months) if months else 0.0
    variation: Variation | None = None
    side = 0
    found: Assurance | None = None
    if len(months) >= 2:
        chart = xmr(months, improvement=Improvement.LOWER)
        variation = chart.points[-1].variation
        side = chart.points[-1].side
        if target:
            found = assurance(chart, target)
    rate = last * 1000 / bed_days if bed_days else None
    return MeasureSummary(
        service, measure, this_month, last, average, variation, side, target or None, found, len(months),
        bed_days, rate,
    )  # fmt: skip


def learning_items(pending: Iterable[PendingDiscussion]) -> list[AttentionItem]:
    """One item per learning point and service whose team has not discussed it yet, oldest first."""
    items = []
    for p in sorted(pending, key=lambda p: (p.shared_at, p.learning_id, p.service)):
        items.append(
            AttentionItem(
                ItemKind.SHARED_LEARNING,
                None,
                False,
                f"Learning {p.learning_id}",
                f"Shared with every service on {p.shared_at:%d %b %Y}: {p.text.strip()} "
                f"Discuss it with the {p.service} team, then record the date.",
                Opens.SHARED_LEARNING,
                p.learning_id,
                p.service,
                f"{p.service}: {excerpt(p.text, 70)} (shared {p.shared_at:%d %b})",
            )
        )
    return items
