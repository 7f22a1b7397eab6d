"""The inspection pack's checks (issue 16), gathered for PackService.gather:

- notification compliance: every requirement of core.deadlines (requirements/assess/outcome) for the period's
  records, made from the notifications and from the golden thread's safeguarding and Duty of Candour records, plus
  the Duty of Candour steps (decision, telling in person with an apology, written follow-up) against the local target;
- case-study claims against the data (the rule is in core/pack_claims.py), returned as warnings for the manager;
- action links validated: an action prints under its review only if that review is in the pack and shares a record
  (or a record's category and place) with the action; any other is listed under "actions from incidents";
- the opening page (key learning, changes with their measured effect, open risks, period comparison);
- a reproducible sample of records traced from report to effect (`random.Random(seed)`, seed printed).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from carelog.core.deadlines import RULES, DeadlineCandidate, Outcome, assess, outcome
from carelog.core.enums import Kind, NotificationKind, Status
from carelog.core.errors import CareLogError
from carelog.core.pack_claims import (
    CLAIM_WINDOW_DAYS,
    SAMPLE_SIZE,
    Assessed,
    ClaimCheck,
    LearningSummary,
    PackChecked,
    PeriodFigures,
    TracedRecord,
    claimed_direction,
    compliance,
    default_seed,
)
from carelog.core.pack_data import PackAction, PackIncident, PackRequest, PackReview
from carelog.core.thread_records import CandourInput, DueRules, RecordKind, SafeguardingInput, steps
from carelog.db.repositories import incidents as incident_repo
from carelog.db.repositories import pack_checks as repo
from carelog.db.repositories import thread as thread_repo
from carelog.services.context import ServiceContext

SHORT_TYPES = {
    "RIDDOR check": "RIDDOR (HSE): check and report if work-connected",
    "Duty of Candour": "Duty of Candour: notification",
}
CANDOUR_STEPS = {
    "Decide whether it is a notifiable safety incident": "Duty of Candour step: decision recorded",
    "Tell the person in person and apologise": "Duty of Candour step: told in person, with apology",
    "Send the written follow-up": "Duty of Candour step: written follow-up",
}
ACCOUNT_LIMIT = 240
RISKS_EACH = 3  # overdue actions and signals that lead the open risks


def type_label(rule_text: str) -> str:
    head = rule_text.split(":")[0]
    return SHORT_TYPES.get(head, rule_text)


TYPE_ORDER = tuple(dict.fromkeys(type_label(r.text) for r in RULES)) + tuple(CANDOUR_STEPS.values())


@dataclass(frozen=True)
class Checked:
    checked: PackChecked
    warnings: tuple[str, ...]
    actions: tuple[PackAction, ...] | None  # with review links validated


def _at(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time.min)


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _short(text: str, limit: int = ACCOUNT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class PackChecks:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def gather(
        self,
        request: PackRequest,
        incidents: tuple[PackIncident, ...],
        reviews: tuple[PackReview, ...] | None,
        actions: tuple[PackAction, ...] | None,
        service_name: str,
    ) -> Checked:
        now = self._ctx.clock()
        warnings: list[str] = []
        by_id = {i.id: i for i in incidents}
        with self._ctx.read() as session:
            assessed = self._assessed(session, request, by_id, now)
            actions, link_warnings = self._validate_links(session, reviews or (), actions)
            claims = self._claims(session, reviews or (), actions or (), now.date())
            comparison = self._comparison(session, request)
            seed = request.sample_seed if request.sample_seed is not None else default_seed(
                request.date_from, request.date_to, request.service_id
            )  # fmt: skip
            sample = self._sample(session, incidents, reviews or (), actions or (), assessed, seed)
        warnings += [c.warning() for c in claims if c.contradicted]
        warnings += link_warnings
        rows, items = compliance([a for _iid, a in assessed], TYPE_ORDER, now)
        summary = LearningSummary(
            key_learning=self._key_learning(reviews or ()),
            changes=tuple(
                (a.title, a.effectiveness or "Not yet checked")
                for a in sorted(
                    (a for a in actions or () if a.completed is not None),
                    key=lambda a: (not a.effectiveness, a.completed or date.min),
                )
            ),
            open_risks=self._open_risks(request, actions or ()),
            comparison=comparison,
        )
        checked = PackChecked(
            compliance=rows,
            compliance_items=items,
            claims=claims,
            summary=summary,
            sample_seed=seed,
            sample=sample,
            incident_actions=tuple(a.id for a in actions or () if a.review_id is None),
        )
        return Checked(checked, tuple(warnings), actions)

    # ------------------------------------------------------------------------------------------ notifications
    def _assessed(
        self, session: Any, request: PackRequest, by_id: dict[int, PackIncident], now: datetime
    ) -> list[tuple[int, Assessed]]:
        """Every requirement of the period's records, classified; Duty of Candour steps included."""
        since = datetime.combine(request.date_from, time.min)
        candidates = [
            c
            for c in incident_repo.deadline_candidates(session, since, service_id=request.service_id)
            if c.incident_id in by_id
        ]
        safeguarding: dict[int, SafeguardingInput] = {}
        for s in thread_repo.records(session, RecordKind.SAFEGUARDING):
            if s.data.incident_id in by_id:
                safeguarding.setdefault(s.data.incident_id, s.data)  # newest first
        candour: dict[int, CandourInput] = {}
        for c in thread_repo.records(session, RecordKind.CANDOUR):
            if c.data.incident_id in by_id:
                candour.setdefault(c.data.incident_id, c.data)
        rules = _candour_rules(session)
        out: list[tuple[int, Assessed]] = []
        for cand in sorted(candidates, key=lambda c: (c.occurred_at, c.reference)):
            incident = by_id[cand.incident_id]
            closed = incident.status == Status.CLOSED
            cand = _with_thread_records(cand, safeguarding.get(cand.incident_id), candour.get(cand.incident_id))
            for item in assess(cand, now):
                label = type_label(item.requirement.rule)
                out.append(
                    (
                        cand.incident_id,
                        Assessed(
                            cand.reference, cand.occurred_at, label, item.requirement.due_by, item.made_at,
                            outcome(item, closed),
                        ),
                    )
                )  # fmt: skip
                if item.requirement.notification == NotificationKind.DUTY_OF_CANDOUR:
                    out += [
                        (cand.incident_id, a)
                        for a in _candour_steps(cand, candour.get(cand.incident_id), rules, closed, now.date())
                    ]
        return out

    # ------------------------------------------------------------------------------------------ claims
    def _claims(
        self, session: Any, reviews: tuple[PackReview, ...], actions: tuple[PackAction, ...], today: date
    ) -> tuple[ClaimCheck, ...]:
        studied = [r for r in reviews if r.case_study is not None and r.case_study.outcome.strip()]
        if not studied:
            return ()
        incidents = repo.review_incident_ids(session, [r.id for r in studied])
        out = []
        for r in studied:
            assert r.case_study is not None
            narrative = r.case_study.outcome
            pivot, label = (r.signed_off_at.date(), "sign-off") if r.signed_off_at else (None, "")
            if pivot is None:  # not signed off: the completion of its last action, if any is complete
                done = [a.completed for a in actions if a.review_id == r.id and a.completed is not None]
                pivot, label = (max(done), "the last action was completed") if done else (None, "")
            if pivot is None:
                out.append(ClaimCheck(r.id, r.title, narrative, claimed_direction(narrative), None))
                continue
            days = max(min(CLAIM_WINDOW_DAYS, (today - pivot).days), 0)
            split = datetime.combine(pivot, time.min)
            before, after, matched = repo.like_records_counts(
                session,
                sorted(incidents.get(r.id, ())),
                split - timedelta(days=days),
                split,
                split + timedelta(days=days),
            )
            out.append(
                ClaimCheck(
                    r.id, r.title, narrative, claimed_direction(narrative), pivot, days, before, after, matched, label
                )
            )
        return tuple(out)

    # ------------------------------------------------------------------------------------------ action links
    def _validate_links(
        self, session: Any, reviews: tuple[PackReview, ...], actions: tuple[PackAction, ...] | None
    ) -> tuple[tuple[PackAction, ...] | None, list[str]]:
        if actions is None:
            return None, []
        shown = {r.id: r for r in reviews}
        linked = repo.action_incidents(session, [a.id for a in actions])
        review_records = repo.review_incident_ids(session, list(shown))
        places = repo.incident_places(
            session,
            sorted({i for v in review_records.values() for i in v} | {i for v in linked.values() for i, _r in v}),
        )
        warnings = []
        out = []
        for a in actions:
            mine = linked.get(a.id, ())
            refs = tuple(ref for _i, ref in mine)
            review_id = a.review_id if a.review_id in shown else None
            if review_id is not None and mine:
                theirs = review_records.get(review_id, set())
                ids = {i for i, _r in mine}
                related = bool(ids & theirs) or bool({places.get(i) for i in ids} & {places.get(i) for i in theirs})
                if not related:
                    warnings.append(
                        f"Action '{a.title}' is linked to the review '{shown[review_id].title}', which covers none of "
                        "its records or their category and place: it is listed under actions from incidents. "
                        "Correct the review on the Actions tab if it belongs elsewhere."
                    )
                    review_id = None
            source = shown[review_id].title if review_id is not None else ", ".join(refs)
            out.append(replace(a, review_id=review_id, incident_references=refs, source=source))
        return tuple(out), warnings

    # ------------------------------------------------------------------------------------------ opening page
    def _comparison(self, session: Any, request: PackRequest) -> tuple[PeriodFigures, ...]:
        length = request.date_to - request.date_from
        prev_to = request.date_from - timedelta(days=1)
        periods: tuple[tuple[str, date, date], ...] = (
            ("This period", request.date_from, request.date_to),
            ("Previous period", prev_to - length, prev_to),
            ("Same period last year", _year_before(request.date_from), _year_before(request.date_to)),
        )
        if periods[1][1:] == periods[2][1:]:  # a 12-month period: the previous one is the same period last year
            periods = (periods[0], ("Previous period (same period last year)", *periods[1][1:]))
        return tuple(
            PeriodFigures(label, start, end, *repo.period_totals(session, start, end, request.service_id))
            for label, start, end in periods
        )

    @staticmethod
    def _key_learning(reviews: tuple[PackReview, ...]) -> tuple[tuple[str, str], ...]:
        out = []
        for r in reviews:
            if r.signed_off_at is None:
                continue
            points = [line[1:].strip() for line in r.learning_shared.splitlines() if line.startswith("•")]
            out += [(r.title, p) for p in points]
        return tuple(out)

    def _open_risks(self, request: PackRequest, actions: tuple[PackAction, ...]) -> tuple[str, ...]:
        risks = [
            f"Action overdue: {a.title} (due {a.due:%d/%m/%Y}, lead {a.owner or 'not named'})"
            for a in sorted((a for a in actions if a.overdue), key=lambda a: (a.due or date.min, a.id))
            if a.due is not None
        ]
        signals = []
        if request.charts:  # pattern detection is the slow part; the quick test packs leave it out with the charts
            signals = [f"Signal: {s.headline} ({s.period})" for s in self._signals(request)]
        # the first few of each kind lead, so a long overdue list does not hide every signal on the opening page
        first = risks[:RISKS_EACH] + signals[:RISKS_EACH]
        return tuple(first + risks[RISKS_EACH:] + signals[RISKS_EACH:])

    def _signals(self, request: PackRequest) -> list[Any]:
        try:
            from carelog.services.trends import TrendService

            as_of = min(request.date_to, self._ctx.clock().date())
            # one service's pack: only its signals are worked out (patterns reads that service's incidents)
            return TrendService(self._ctx, remember=False).patterns(as_of, service_id=request.service_id)
        except (ImportError, CareLogError):  # no trends module, or no right to see trends
            return []

    # ------------------------------------------------------------------------------------------ sample
    def _sample(
        self,
        session: Any,
        incidents: tuple[PackIncident, ...],
        reviews: tuple[PackReview, ...],
        actions: tuple[PackAction, ...],
        assessed: list[tuple[int, Assessed]],
        seed: int,
    ) -> tuple[TracedRecord, ...]:
        pool = sorted((i for i in incidents if i.kind != Kind.COMPLIMENT), key=lambda i: (i.occurred_at, i.reference))
        chosen = sorted(random.Random(seed).sample(pool, min(SAMPLE_SIZE, len(pool))), key=lambda i: i.occurred_at)
        ids = [i.id for i in chosen]
        triage = repo.triages(session, ids)
        reported = repo.reported_at(session, ids)
        review_of = repo.incident_reviews(session, ids)
        action_of = repo.incident_actions(session, ids)
        shown_reviews = {r.id: r for r in reviews}
        shown_actions = {a.id: a for a in actions}
        out = []
        for i in chosen:
            where = ", ".join(p for p in (i.location, i.service) if p)
            category = f"{i.category}: {i.subcategory.lower()}" if i.subcategory else i.category
            when = reported.get(i.id)
            report = (
                f"{i.kind.label} on {i.occurred_at:%d/%m/%Y %H:%M}, {category}, {where}; physical harm "
                f"{i.physical_harm.label.lower()}."
                + (f" Reported {when:%d/%m/%Y %H:%M}." if when else "")
                + (f" \u201c{_short(i.account)}\u201d" if i.account else "")
            )
            t = triage.get(i.id)
            if t is None:
                triage_text = "Not triaged."
            else:
                decisions = ", ".join(d.label for d in t.decisions) or "no decision recorded"
                target = "within" if t.within_target else "outside"
                triage_text = (
                    f"Triaged {t.triaged_at:%d/%m/%Y %H:%M} by {t.triaged_by or 'not recorded'}, {target} the "
                    f"{t.target_hours}-hour target: {decisions}. Care plan reviewed: {t.care_plan.label}; risk "
                    f"assessment reviewed: {t.risk_assessment.label}."
                )
            notes = [a for iid, a in assessed if iid == i.id]
            notes_text = "; ".join(f"{a.type_label}: {_outcome_word(a.outcome)}" for a in notes) or "None required."
            rids = review_of.get(i.id, [])
            review_text = (
                "; ".join(
                    f"{shown_reviews[r].title} ({shown_reviews[r].response_type}, {shown_reviews[r].status.lower()})"
                    if r in shown_reviews
                    else f"Review {r}"
                    for r in rids
                )
                or "No learning review."
            )
            mine = [shown_actions[a] for a in action_of.get(i.id, []) if a in shown_actions]
            actions_text = (
                "; ".join(f"{a.title} ({a.status.lower()}, due {a.due:%d/%m/%Y})" if a.due else a.title for a in mine)
                or "No improvement actions linked."
            )
            effect_text = "; ".join(f"{a.title}: {a.effectiveness}" for a in mine if a.effectiveness) or (
                "No effectiveness check recorded yet." if mine else "No actions, so nothing to check."
            )
            out.append(
                TracedRecord(
                    i.reference,
                    (
                        ("Report", report),
                        ("Triage", triage_text),
                        ("Notifications", notes_text),
                        ("Review", review_text),
                        ("Actions", actions_text),
                        ("Effect", effect_text),
                        ("Status now", i.status.label),
                    ),
                )
            )
        return tuple(out)


def _outcome_word(result: Outcome) -> str:
    return {
        Outcome.ON_TIME: "made on time",
        Outcome.LATE: "made late",
        Outcome.NEVER_MADE: "never made",
        Outcome.OVERDUE: "overdue",
        Outcome.DUE: "not made yet",
    }[result]


def _candour_rules(session: Any) -> DueRules:
    from carelog.core.settings import CANDOUR_STEP_DAYS
    from carelog.services.settings import read_int

    return DueRules(candour_days=read_int(session, CANDOUR_STEP_DAYS))


def _with_thread_records(
    cand: DeadlineCandidate, guard: SafeguardingInput | None, candour: CandourInput | None
) -> DeadlineCandidate:
    """Count what the thread records say was done as made (a notification row, where there is one, wins)."""
    made = dict(cand.made)
    if guard is not None and guard.referred_on is not None:
        made.setdefault(NotificationKind.SAFEGUARDING, _at(guard.referred_on))
    if guard is not None and guard.cqc_notified_on is not None:
        made.setdefault(NotificationKind.CQC, _at(guard.cqc_notified_on))
    if candour is not None and candour.notified_on is not None:
        made.setdefault(NotificationKind.DUTY_OF_CANDOUR, _at(candour.notified_on))
    return replace(cand, made=made) if made != cand.made else cand


def _candour_steps(
    cand: DeadlineCandidate, record: CandourInput | None, rules: DueRules, closed: bool, today: date
) -> list[Assessed]:
    """The Duty of Candour steps against the local target (working days from the incident, then from each step)."""
    if record is None:
        return []  # no Duty of Candour record: the notification requirement above says what is missing
    start = cand.occurred_at.date()
    found = [
        (s.text, s.due, s.done_on) for s in steps(RecordKind.CANDOUR, record, rules, start) if s.text in CANDOUR_STEPS
    ]
    out = []
    for text, due, done in found:
        if done is not None:
            result = Outcome.LATE if due is not None and done > due else Outcome.ON_TIME
        elif closed:
            result = Outcome.NEVER_MADE
        else:
            result = Outcome.OVERDUE if due is not None and today > due else Outcome.DUE
        out.append(Assessed(cand.reference, cand.occurred_at, CANDOUR_STEPS[text], due, done, result))
    return out
