"""Gather the pack's evidence sections for one period: people's experience, staff, partners, processes, outcomes and
the comparison across services. Called from PackService.gather (which has checked the export right and audited the
export); every free text goes through the pack's Pseudonymiser, so a pseudonymised pack shows codes only.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from carelog.core.action_dto import ActionStatus
from carelog.core.dto import PersonRef
from carelog.core.enums import Kind, NotificationKind
from carelog.core.pack_data import PackAction, PackChart, PackIncident, PackNotification, PackRequest
from carelog.core.pack_evidence import (
    AcrossServices,
    ComplaintLine,
    ComplimentLine,
    OutcomeChart,
    PackEvidence,
    PartnerFigures,
    PeopleExperience,
    PersonCross,
    ProcessFigures,
    RepeatPerson,
    SafeguardingLine,
    ServiceLine,
    SignalLine,
    StaffFigures,
    TimeMeasure,
    median,
)
from carelog.core.settings import REVIEW_TARGET_DAYS, TRIAGE_TARGET_HOURS
from carelog.core.thread_records import (
    OUTCOMES,
    SATISFACTION,
    RecordKind,
    choice_label,
    response_working_days,
)
from carelog.core.trend_data import SafetyCross, TrendFilter, add_months, month_range, month_start
from carelog.core.triage import CheckAnswer
from carelog.core.working_days import working_days_between
from carelog.db.repositories import pack_evidence as repo
from carelog.db.repositories import thread as thread_repo
from carelog.services.context import ServiceContext

if TYPE_CHECKING:
    from carelog.db.repositories.pack import PeriodRecords
    from carelog.services.pack import Pseudonymiser

logger = logging.getLogger(__name__)
FALL = "Fall"
SPC_CATEGORIES = 3  # SPC charts for the largest categories
MAX_CROSSES = 24  # people with a safety cross (those with the most falls)
STAFF_KINDS = (Kind.INCIDENT, Kind.NEAR_MISS, Kind.LOW_LEVEL_CONCERN, Kind.HAZARD)
ProgressFn = Callable[[int, str], None]


def _noop(_percent: int, _message: str) -> None:
    return None


class PackEvidenceService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._category_ids: dict[str, int] = {}

    def gather(
        self,
        request: PackRequest,
        records: PeriodRecords,
        incidents: Sequence[PackIncident],
        notifications: Sequence[PackNotification],
        actions: Sequence[PackAction] | None,
        names: Pseudonymiser,
        progress: ProgressFn = _noop,
    ) -> PackEvidence:
        """Everything the evidence sections print. The caller has checked the export right."""
        first, last = request.date_from, request.date_to
        months = month_range(month_start(first), month_start(last))
        with self._ctx.read() as session:
            sids = repo.service_ids(session)
            beds = repo.occupancy(session, months[0], months[-1])
            triages = repo.triage_times(session, first, last, request.service_id)
            reviews = repo.review_times(session, first, last, request.service_id)
            shared = repo.learning_shared(session, first, last, request.service_id)
            stored = {kind: thread_repo.records(session, kind) for kind in RecordKind}
            linked = {getattr(s.data, "incident_id", None) for rows in stored.values() for s in rows} - {None}
            incident_service = repo.incident_services(session, [i for i in linked if i is not None])
            action_ids = {a for s in stored[RecordKind.COMPLAINT] for a in s.data.action_ids}
            action_text = repo.action_texts(session, action_ids)
            falls = repo.person_falls(session, first, last, request.service_id, FALL)
            settings = _settings(session)
            self._category_ids = repo.category_ids(session)
        person_service = {p.code: p.service_id for p in records.people}
        scope = _Scope(request, incident_service, person_service, single_service=len(sids) == 1)
        people = self._people(stored, scope, names, action_text, actions or (), settings)
        staff = _staff(incidents, months, beds, sids, request.service_id, stored[RecordKind.DEBRIEF], scope, shared)
        partners = _partners(stored[RecordKind.SAFEGUARDING], scope, notifications, names)
        processes = _processes(triages, reviews, actions, settings)
        progress(8, "Drawing the SPC charts")
        outcomes, audits = self._outcomes(request, incidents)
        across = self._across(request, incidents, records, names, beds, sids, months, falls)
        return PackEvidence(people, staff, partners, processes, outcomes, audits, across, scope.notes())

    # ------------------------------------------------------------------------------------------ people
    def _people(
        self,
        stored: dict[RecordKind, list[thread_repo.StoredRecord]],
        scope: _Scope,
        names: Pseudonymiser,
        action_text: dict[int, tuple[str, str, str]],
        actions: Sequence[PackAction],
        settings: dict[str, int],
    ) -> PeopleExperience:
        state = {a.id: a.status for a in actions}
        complaints = []
        for s in sorted(stored[RecordKind.COMPLAINT], key=lambda r: (r.data.received_on or date.min, r.id)):
            d = s.data
            if not scope.keep(RecordKind.COMPLAINT, d.received_on, d.incident_id, d.person_code):
                continue
            responded = response_working_days(d)
            limit = d.extended_to
            within = None
            if d.response_sent_on is not None:
                within = (
                    d.response_sent_on <= limit
                    if limit is not None
                    else responded is not None and responded <= settings["response_days"]
                )
            linked = tuple(
                names.text(action_text[a][0]) + (f" ({state[a].lower()})" if a in state else "")
                for a in d.action_ids
                if a in action_text
            )
            complaints.append(
                ComplaintLine(
                    label=f"{RecordKind.COMPLAINT.prefix}-{s.id}",
                    received_on=d.received_on,
                    theme=d.theme,
                    stage="Closed" if d.closed_on else ("Responded" if d.response_sent_on else "Open"),
                    outcome=choice_label(OUTCOMES, d.outcome) if d.outcome else "",
                    acknowledged_days=working_days_between(d.received_on, d.acknowledged_on)
                    if d.received_on and d.acknowledged_on
                    else None,
                    response_days=responded,
                    response_within_target=within,
                    satisfaction=choice_label(SATISFACTION, d.satisfaction) if d.satisfaction else "",
                    learning=names.text(d.learning),
                    you_said_we_did=names.text(d.you_said_we_did),
                    actions=linked,
                )
            )
        compliments = tuple(
            ComplimentLine(
                f"{RecordKind.COMPLIMENT.prefix}-{s.id}",
                s.data.received_on,
                names.text(s.data.complainant),
                names.text(s.data.staff_named),
                names.text(s.data.summary),
                s.data.shared_on,
            )
            for s in sorted(stored[RecordKind.COMPLIMENT], key=lambda r: (r.data.received_on or date.min, r.id))
            if scope.keep(RecordKind.COMPLIMENT, s.data.received_on, None, "")
        )
        return PeopleExperience(tuple(complaints), compliments, settings["response_days"], settings["ack_days"])

    # ------------------------------------------------------------------------------------------ outcomes
    def _outcomes(
        self, request: PackRequest, incidents: Sequence[PackIncident]
    ) -> tuple[tuple[OutcomeChart, ...], PackChart | None]:
        """The Trends tab's SPC view (icons, targets, completed actions) for the largest categories; audit scores."""
        if not request.charts:
            return (), None
        try:
            from carelog.reports import charts
            from carelog.services.thread_records import ThreadRecordService
            from carelog.services.trends import TrendService
        except ImportError:  # pragma: no cover - the trends module is not part of this build
            return (), None
        from carelog.core.spc import reading

        trends = TrendService(self._ctx, remember=False)
        f = TrendFilter(request.date_from, request.date_to, request.service_id, exclude_compliments=True)
        top = Counter(i.category for i in incidents if i.kind != Kind.COMPLIMENT).most_common(SPC_CATEGORIES)
        ids = self._category_ids
        out = []
        for name, _n in top:
            cid = ids.get(name)
            if cid is None:
                continue
            view = trends.spc_view(f, cid)
            if not view.chart.points:
                continue
            out.append(
                OutcomeChart(
                    PackChart(f"{name}: statistical process control", charts.spc_figure(view)),
                    view.variation_icon.label if view.variation_icon else "",
                    view.assurance_icon.label if view.assurance_icon else "",
                    tuple(reading(view.chart, view.what)),
                )
            )
        scores = {
            k: [(d, s) for d, s in v if request.date_from - timedelta(days=366) <= d <= request.date_to]
            for k, v in ThreadRecordService(self._ctx).audit_scores().items()
        }
        scores = {k: v for k, v in scores.items() if v}
        audits = PackChart("Follow-up audits", charts.audit_scores_figure(scores)) if scores else None
        return tuple(out), audits

    # ------------------------------------------------------------------------------------------ across services
    def _across(
        self,
        request: PackRequest,
        incidents: Sequence[PackIncident],
        records: PeriodRecords,
        names: Pseudonymiser,
        beds: dict[tuple[int, date], int],
        sids: dict[str, int],
        months: tuple[date, ...],
        falls: list[tuple[int, date]],
    ) -> AcrossServices:
        signals = self._signals(request)
        by_service: dict[str, list[PackIncident]] = defaultdict(list)
        for i in incidents:
            by_service[i.service].append(i)
        lines = []
        for service, items in sorted(by_service.items()):
            sid = sids.get(service)
            reported = [i for i in items if i.kind != Kind.COMPLIMENT]
            occupied = {m for (s, m) in beds if s == sid and m in months}
            mine = [s for s in signals if s.service == service]
            lines.append(
                ServiceLine(
                    service=service,
                    records=len(items),
                    incidents=len(reported),
                    falls=sum(1 for i in reported if i.category == FALL),
                    bed_days=sum(beds[(sid, m)] for m in occupied) if occupied and sid is not None else None,
                    incidents_in_occupied_months=sum(
                        1 for i in reported if month_start(i.occurred_at.date()) in occupied
                    ),
                    signals=len(mine),
                    signal_lines=tuple(f"{s.kind}: {s.headline}" for s in mine if s.kind.startswith("Special")),
                )
            )
        by_person: dict[int, list[PackIncident]] = defaultdict(list)
        for i in incidents:
            if i.kind == Kind.COMPLIMENT:
                continue
            for p in records.people_by_incident.get(i.id, ()):
                by_person[p.id].append(i)
        person = {p.id: p for p in records.people}
        repeat = sorted(
            (
                RepeatPerson(
                    names.person(person[pid]),
                    items[0].service,
                    len(items),
                    sum(1 for i in items if i.category == FALL),
                    ", ".join(f"{c} x{n}" for c, n in Counter(i.category for i in items).most_common()),
                )
                for pid, items in by_person.items()
                if len(items) >= 2 and pid in person
            ),
            key=lambda r: (-r.records, r.person),
        )
        return AcrossServices(
            tuple(lines),
            tuple(signals),
            tuple(repeat),
            _person_crosses(falls, person, names),
            self._small_multiples(request, incidents, len(lines)),
        )

    def _signals(self, request: PackRequest) -> list[SignalLine]:
        try:
            from carelog.services.trends import TrendService
        except ImportError:  # pragma: no cover
            return []
        lookback = max((request.date_to - request.date_from).days + 1, 90)
        today = self._ctx.clock().date()
        # one service's pack: only its signals are worked out (TrendService.patterns reads that service's incidents)
        found = TrendService(self._ctx, remember=False).patterns(
            as_of=min(request.date_to, today), lookback_days=lookback, service_id=request.service_id
        )
        out = []
        for s in found:
            if s.period_end < request.date_from or s.period_start > request.date_to:
                continue
            service = s.service or s.location
            out.append(SignalLine(s.type.label, service, s.headline, s.period, s.count))
        return out

    def _small_multiples(
        self, request: PackRequest, incidents: Sequence[PackIncident], services: int
    ) -> tuple[PackChart, ...]:
        """The Trends tab's per-service SPC charts of the largest category (only when there are several services)."""
        if services < 2 or not request.charts:
            return ()
        from carelog.reports import charts
        from carelog.services.trends import TrendService

        top = Counter(i.category for i in incidents if i.kind != Kind.COMPLIMENT).most_common(1)
        trends = TrendService(self._ctx, remember=False)
        cid = self._category_ids.get(top[0][0]) if top else None
        if cid is None:
            return ()
        views = trends.by_service(TrendFilter(request.date_from, request.date_to, request.service_id), cid)
        if not views:
            return ()
        title = f"{top[0][0]}: SPC at each service"
        figure = charts.small_multiples_figure(views, title, charts.MAX_PANELS_PRINTED, hint="")
        return (PackChart(title, figure),)


# ---------------------------------------------------------------------------------------------- helpers
class _Scope:
    """Which thread records belong to the pack: in the period, and at the chosen service (through the linked
    incident or the person's code). Records linked to neither are counted only in an all-services pack (or when
    there is only one service)."""

    def __init__(
        self,
        request: PackRequest,
        incident_service: dict[int, int],
        person_service: dict[str, int | None],
        single_service: bool = False,
    ) -> None:
        self._request = request
        self._single = single_service
        self._incident_service = incident_service
        self._person_service = person_service
        self.unplaced: Counter[str] = Counter()

    def keep(self, kind: RecordKind, day: date | None, incident_id: int | None, person_code: str) -> bool:
        r = self._request
        if day is None or not r.date_from <= day <= r.date_to:
            return False
        if r.service_id is None or self._single:
            return True
        if incident_id is not None and incident_id in self._incident_service:
            return self._incident_service[incident_id] == r.service_id
        if person_code and person_code in self._person_service:
            return self._person_service[person_code] == r.service_id
        self.unplaced[kind.label.lower()] += 1
        return False

    def notes(self) -> tuple[str, ...]:
        if not self.unplaced:
            return ()
        what = ", ".join(f"{n} {k}" for k, n in sorted(self.unplaced.items()))
        return (
            f"Left out because they are not linked to an incident or a person at this service: {what}. "
            "They appear in the pack for all services.",
        )


def _settings(session: Any) -> dict[str, int]:
    from carelog.core.settings import COMPLAINT_ACKNOWLEDGE_DAYS, COMPLAINT_RESPONSE_DAYS
    from carelog.db.repositories import settings as settings_repo

    def read(spec: Any) -> int:
        stored = settings_repo.load(session, spec.key)
        try:
            return int(spec.parse(stored)) if stored is not None else int(spec.default)
        except (ValueError, TypeError):
            return int(spec.default)

    return {
        "response_days": read(COMPLAINT_RESPONSE_DAYS),
        "ack_days": read(COMPLAINT_ACKNOWLEDGE_DAYS),
        "review_days": read(REVIEW_TARGET_DAYS),
        "triage_hours": read(TRIAGE_TARGET_HOURS),
    }


def _staff(
    incidents: Sequence[PackIncident],
    months: tuple[date, ...],
    beds: dict[tuple[int, date], int],
    sids: dict[str, int],
    service_id: int | None,
    debriefs: Sequence[thread_repo.StoredRecord],
    scope: _Scope,
    shared: Sequence[int],
) -> StaffFigures:
    reports = [i for i in incidents if i.kind in STAFF_KINDS]
    pairs = {(s, m) for (s, m) in beds if m in months and (service_id is None or s == service_id)}
    in_occupied = sum(1 for i in reports if (sids.get(i.service), month_start(i.occurred_at.date())) in pairs)
    held = [d for d in debriefs if scope.keep(RecordKind.DEBRIEF, d.data.held_on, d.data.incident_id, "")]
    return StaffFigures(
        reports=len(reports),
        near_misses=sum(1 for i in reports if i.kind == Kind.NEAR_MISS),
        months=len(months),
        bed_days=sum(beds[p] for p in pairs) if pairs else None,
        reports_in_occupied_months=in_occupied,
        debriefs=len(held),
        debriefs_with_wellbeing_follow_up=sum(1 for d in held if d.data.wellbeing_done_on is not None),
        learning_shared=len(shared),
        staff_confirmations=sum(shared),
    )


def _partners(
    concerns: Sequence[thread_repo.StoredRecord],
    scope: _Scope,
    notifications: Sequence[PackNotification],
    names: Pseudonymiser,
) -> PartnerFigures:
    from carelog.core.thread_records import ABUSE_TYPES

    lines = tuple(
        SafeguardingLine(
            f"{RecordKind.SAFEGUARDING.prefix}-{s.id}",
            s.data.raised_on,
            choice_label(ABUSE_TYPES, s.data.abuse_type) if s.data.abuse_type else "",
            s.data.referred_on,
            {"yes": "Yes", "no": "No"}.get(s.data.s42_enquiry, ""),
            names.text(s.data.outcome),
            s.data.closed_on,
        )
        for s in sorted(concerns, key=lambda r: (r.data.raised_on or date.min, r.id))
        if scope.keep(RecordKind.SAFEGUARDING, s.data.raised_on, s.data.incident_id, s.data.person_code)
    )
    made = Counter(n.kind for n in notifications if n.made_at is not None)
    return PartnerFigures(
        lines,
        made.get(NotificationKind.CQC, 0),
        made.get(NotificationKind.RIDDOR, 0),
        made.get(NotificationKind.SAFEGUARDING, 0),
        made.get(NotificationKind.DUTY_OF_CANDOUR, 0),
    )


def _processes(
    triages: Sequence[repo.TriageTime],
    reviews: Sequence[repo.ReviewTime],
    actions: Sequence[PackAction] | None,
    settings: dict[str, int],
) -> ProcessFigures:
    done = [t for t in triages if t.triaged_at is not None]
    hours = [max(0.0, (t.triaged_at - t.reported_at).total_seconds() / 3600) for t in done if t.triaged_at]
    within = sum(
        1
        for t in done
        if t.triaged_at is not None and t.triaged_at <= t.reported_at + timedelta(hours=t.target_hours or 0)
    )
    triage = TimeMeasure(
        "Report to triage",
        len(done),
        median(hours),
        "hours",
        within,
        f"within {settings['triage_hours']} hours (24 for moderate harm or worse)",
        waiting=len(triages) - len(done),
    )
    signed = [r for r in reviews if r.signed_off_at is not None]
    days = [max(0.0, (r.signed_off_at - r.opened_at).total_seconds() / 86400) for r in signed if r.signed_off_at]
    target = settings["review_days"]
    review = TimeMeasure(
        "Review opened to sign-off",
        len(signed),
        median(days),
        "days",
        sum(1 for d in days if d <= target),
        f"within {target} days",
        waiting=len(reviews) - len(signed),
    )

    def answers(values: list[str]) -> tuple[tuple[str, int], ...]:
        counts = Counter(values)
        return tuple((a.label, counts.get(a.value, 0)) for a in CheckAnswer)

    order = [
        s.column_title for s in (ActionStatus.TO_DO, ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.VERIFIED)
    ]
    states = Counter(a.status for a in actions or ())
    by_state = tuple((s, states.get(s, 0)) for s in order) + tuple(
        (s, n) for s, n in sorted(states.items()) if s not in order
    )
    return ProcessFigures(
        triage,
        review,
        answers([t.care_plan for t in done]),
        answers([t.risk_assessment for t in done]),
        by_state,
        sum(1 for a in actions or () if a.overdue),
    )


def _person_crosses(
    falls: list[tuple[int, date]], person: dict[int, PersonRef], names: Pseudonymiser
) -> tuple[PersonCross, ...]:
    """A safety cross for each person with two or more falls in the period: the month with the most falls."""
    by_person: dict[int, list[date]] = defaultdict(list)
    for pid, day in falls:
        by_person[pid].append(day)
    ranked = sorted(
        ((pid, days) for pid, days in by_person.items() if len(days) >= 2 and pid in person),
        key=lambda item: (-len(item[1]), person[item[0]].code),
    )
    out = []
    for pid, days in ranked[:MAX_CROSSES]:
        per_month = Counter(month_start(d) for d in days)
        busiest = max(per_month.items(), key=lambda kv: (kv[1], kv[0]))[0]
        length = (add_months(busiest, 1) - busiest).days
        counts = Counter(d.day for d in days if month_start(d) == busiest)
        label = names.person(person[pid])
        cross = SafetyCross(
            busiest.year, busiest.month, f"Falls: {label}", tuple(counts.get(n, 0) for n in range(1, length + 1))
        )
        out.append(PersonCross(label, len(days), (cross,)))
    return tuple(out)
