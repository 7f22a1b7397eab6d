"""What needs the manager today (issue 14): one read behind the Home tab and `carelog attention`.

    report(as_of=None, service=None, limit=SECTION_LIMIT, signals=True) -> AttentionReport
    mark_signals_seen() -> None          the signed-in person has looked at the pattern signals
    occupancy(since) / set_occupancy(service_id, month, bed_days)   occupied bed days, for rates

Learning points shared with every service are listed per service until its team has discussed them.
The rules are in core.attention (which uses core.deadlines, core.spc and core.patterns); this module only reads.
The due steps of complaints, safeguarding concerns, Duty of Candour and debriefs come from ThreadRecordService
(listed only for accounts that may manage them); a record takes the service of its linked incident, and one linked
to no incident is listed under every service, so a per-service list never hides it.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Hashable
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from carelog.core import attention as rules
from carelog.core.attention import (
    AttentionItem,
    AttentionReport,
    ItemKind,
    MeasureSummary,
    NotificationCase,
    RecordCase,
)
from carelog.core.deadlines import DeadlineItem, DeadlineState, assess
from carelog.core.enums import Status
from carelog.core.errors import ValidationError
from carelog.core.patterns import PatternSignal
from carelog.core.permissions import Permission, allowed
from carelog.core.settings import (
    MEASURE_TARGETS,
    REVIEW_TARGET_DAYS,
    TRIAGE_TARGET_HOURS,
    TRIAGE_TARGET_HOURS_SERIOUS,
)
from carelog.core.thread_records import DueItem
from carelog.core.trend_data import add_months, month_range, month_start
from carelog.db.models import CategoryRow
from carelog.db.repositories import attention as repo
from carelog.db.repositories import audit
from carelog.db.repositories import incidents as incident_repo
from carelog.db.repositories import shared_learning as shared_learning_repo
from carelog.db.repositories import triage as triage_repo
from carelog.services.attention_older import Head, OlderCases
from carelog.services.context import ServiceContext
from carelog.services.read_cache import ReadCache
from carelog.services.settings import read_int
from carelog.services.thread_records import ThreadRecordService
from carelog.services.trends import TrendService

logger = logging.getLogger(__name__)
ENTITY = "attention"


class AttentionService:
    def __init__(self, ctx: ServiceContext, trends: TrendService, records: ThreadRecordService) -> None:
        self._ctx = ctx
        self._trends = trends
        self._records = records
        self._lock = threading.Lock()  # the Home tab computes in a worker thread
        self._patterns: tuple[tuple[object, ...], list[PatternSignal]] | None = None
        self._unmade: tuple[tuple[object, ...], OlderCases] | None = None
        self._reads = ReadCache(size=6)  # the Home tab's costly reads, while nothing is written (all services, one)
        self._summaries: dict[tuple[object, ...], MeasureSummary] = {}  # measure_summary by its arguments
        self._stamp: tuple[tuple[date, datetime], tuple[int, str], tuple[object, ...]] | None = None

    def report(
        self,
        as_of: datetime | None = None,
        service: str | None = None,
        limit: int = rules.SECTION_LIMIT,
        signals: bool = True,
    ) -> AttentionReport:
        """Everything on the attention list at `as_of` (default now), for one service by name or all."""
        self._ctx.require(Permission.VIEW_ALL_INCIDENTS, ENTITY)
        now = as_of or self._ctx.clock()
        due = self._due_steps(now.date())  # its own read: before this unit, which holds the write lock
        with self._ctx.unit() as session:
            services = repo.service_ids_by_name(session)
            service_id = None
            if service is not None:
                service_id = services.get(service.strip())
                if service_id is None:
                    names = ", ".join(sorted(services)) or "none yet"
                    raise ValidationError({"service": f"No service called '{service}'. Services: {names}."})
            items: list[AttentionItem] = []
            totals: dict[ItemKind, int] = {}
            version = repo.read_version(session)  # the costly reads below are kept while it is the same
            notes, note_totals = self._notification_items(session, now, service_id, limit, version)
            totals.update(note_totals)
            standard, serious = (
                read_int(session, TRIAGE_TARGET_HOURS),
                read_int(session, TRIAGE_TARGET_HOURS_SERIOUS),
            )
            untriaged, totals[ItemKind.TRIAGE] = self._reads.get(
                ("untriaged", service_id, limit),
                version,
                lambda: triage_repo.untriaged_with_count(session, service_id, limit),
            )
            target_days = read_int(session, REVIEW_TARGET_DAYS)
            reviews = repo.open_reviews_opened_before(session, now - timedelta(days=target_days), service_id, limit)
            actions = repo.action_states(session, now.date() + timedelta(days=rules.UPCOMING_ACTION_DAYS), service_id)
            summary = self._summary(session, now.date(), service_id, version)
            records = self._record_cases(session, due, service_id)
            learning = shared_learning_repo.pending(session, service_id)
        items += notes
        items += rules.triage_items(untriaged, now, standard, serious)
        items += rules.review_items(reviews, now, target_days)
        items += rules.action_items(actions, now.date())
        items += rules.record_items(records, now.date(), one_service=service_id is not None)
        items += rules.learning_items(learning)
        if signals:
            items += self.signal_items(now, service)
        capped: list[AttentionItem] = []
        counts: dict[ItemKind, int] = defaultdict(int)
        for item in items:
            counts[item.kind] += 1
            if counts[item.kind] <= limit:
                capped.append(item)
        for kind, n in counts.items():
            totals[kind] = max(totals.get(kind, 0), n)
        shown = tuple(sorted(services)) if service is None else (service.strip(),)
        return AttentionReport(now, tuple(capped), tuple(summary), dict(totals), shown)

    def signal_items(self, as_of: datetime | None = None, service: str | None = None) -> list[AttentionItem]:
        """Pattern signals (TrendService.patterns) new since the signed-in person last looked, one per phenomenon.

        Pattern detection is the slow part at 100,000 incidents, so its result is kept until an incident is
        added or changed (or the day changes)."""
        self._ctx.require(Permission.VIEW_ALL_INCIDENTS, ENTITY)
        now = as_of or self._ctx.clock()
        actor = self._ctx.actor
        with self._ctx.unit() as session:
            stamp = (now.date(), *repo.audit_head(session))
            seen = triage_repo.last_seen_incident_id(session, actor.user_id) if actor.user_id is not None else None
        with self._lock:
            cached = self._patterns if self._patterns and self._patterns[0] == stamp else None
        if cached is None:
            found = self._trends.patterns(now.date())
            with self._lock:
                self._patterns = (stamp, found)
        else:
            found = cached[1]
        if service is not None:
            found = [s for s in found if s.service == service.strip() or service.strip() in s.location]
        return rules.signal_items(found, seen)

    def _notification_items(
        self, session: Session, now: datetime, service_id: int | None, limit: int, version: Hashable
    ) -> tuple[list[AttentionItem], dict[ItemKind, int]]:
        """The notification items to list (at most `limit` per kind) and how many there are of each kind."""
        # from midnight, so the recent and the older list meet at the same moment all day (the older one is kept)
        since = datetime.combine(now.date() - timedelta(days=rules.NOTIFICATION_LOOKBACK_DAYS), time.min)
        candidates, places = self._reads.get(
            ("candidates", since, service_id),
            version,
            lambda: incident_repo.deadline_candidates_and_places(session, since, service_id),
        )
        assessed = [item for candidate in candidates for item in assess(candidate, now)]
        cases = self._cases_for(assessed, places, service_id)
        return self._ranked(cases, self._unmade_before(session, since, now, limit).head(service_id, limit), now, limit)

    @staticmethod
    def _cases_for(
        assessed: list[DeadlineItem], places: dict[int, tuple[str, int, str]], service_id: int | None
    ) -> list[NotificationCase]:
        # status and service matter only for what may be listed: not made, or made after its date
        listed = [i for i in assessed if rules.may_need_attention(i)]
        closed = Status.CLOSED.value  # read once: an enum's .value costs a descriptor call (thousands at scale)
        cases = [
            NotificationCase(item, places[item.incident_id][0] == closed, places[item.incident_id][2])
            for item in listed
            if service_id is None or places[item.incident_id][1] == service_id
        ]
        return cases

    def _unmade_before(self, session: Session, since: datetime, now: datetime, limit: int) -> OlderCases:
        """Required notifications never made (or overdue) for incidents older than the look-back, ranked, each
        with its service id: however old, they stay on the list. Reading every older record is the slow part, so
        the result is kept until one of those older records, a notification or the categories change, or the day
        changes (repositories.attention.older_incidents_stamp): a new report of something that just happened
        keeps it. (Their state cannot change within the day otherwise: every date they had is long past.)"""
        stamp = self._older_stamp(session, since, now)
        with self._lock:
            if self._unmade is not None and self._unmade[0] == stamp and self._unmade[1].keep >= limit:
                return self._unmade[1]
        assessed = [
            item
            for candidate in incident_repo.unmade_candidates(session, since)
            for item in assess(candidate, now)
            if item.state != DeadlineState.MET
        ]
        places = repo.incident_places(session, sorted({i.incident_id for i in assessed}))
        found = []
        for item in assessed:
            status, sid, service = places[item.incident_id]
            found.append((sid, NotificationCase(item, status == Status.CLOSED.value, service)))
        older = OlderCases(found, now, keep=max(limit, rules.SECTION_LIMIT))
        with self._lock:
            self._unmade = (stamp, older)
        return older

    def _older_stamp(self, session: Session, since: datetime, now: datetime) -> tuple[object, ...]:
        """older_incidents_stamp, read again only when the audit trail shows a write it may depend on since it
        was last read (repositories.attention.only_recent_incidents_written): it counts every older record."""
        head = repo.audit_head(session)
        with self._lock:
            known = self._stamp
        if known is not None and known[0] == (now.date(), since):
            if known[1] == head or repo.only_recent_incidents_written(session, known[1], since):
                with self._lock:
                    self._stamp = (known[0], head, known[2])
                return known[2]
        stamp = (now.date(), since, *repo.older_incidents_stamp(session, since))
        with self._lock:
            self._stamp = ((now.date(), since), head, stamp)
        return stamp

    @staticmethod
    def _ranked(
        cases: list[NotificationCase], older: Head, now: datetime, limit: int
    ) -> tuple[list[AttentionItem], dict[ItemKind, int]]:
        # order and count every case first; write the text only of those the list shows (`limit` per kind). Of
        # the older cases only the first `limit` of each kind can be shown: they come ranked, with their counts
        kinds = [(k, c) for c in cases if (k := rules.notification_kind(c, now)) is not None]
        order = rules.NOTIFICATION_ORDER
        older_shown, older_counts = older
        counts: dict[ItemKind, int] = defaultdict(int, older_counts)
        for kind, _case in kinds:
            counts[kind] += 1
        ranked = sorted(kinds + older_shown, key=lambda kc: rules.notification_rank(kc[0], kc[1], now))
        shown = [case for _kind, case in rules.first_of_each_kind(ranked, limit)]
        found = rules.notification_items(shown, now)
        found.sort(key=lambda i: (order[i.kind], i.due or now, i.reference))
        return found, dict(counts)

    def _due_steps(self, today: date) -> list[DueItem]:
        """Open complaint, safeguarding, Duty of Candour and debrief steps with a due date, soonest first."""
        if not allowed(self._ctx.actor, Permission.MANAGE_CONCERNS):
            return []  # an account that may not respond to complaints is not asked to
        return [d for d in self._records.due_items(today) if d.kind in rules.RECORD_ITEMS]

    def _record_cases(self, session: Session, due: list[DueItem], service_id: int | None) -> list[RecordCase]:
        """Each due step with the service of its linked incident; for one service, those of its incidents and
        those linked to no incident."""
        places = repo.incident_places(session, sorted({d.incident_id for d in due if d.incident_id is not None}))
        cases = []
        for d in due:
            place = places.get(d.incident_id) if d.incident_id is not None else None
            if service_id is not None and place is not None and place[1] != service_id:
                continue
            cases.append(RecordCase(d, place[2] if place else ""))
        return cases

    def _summary(
        self, session: Session, today: date, service_id: int | None, version: Hashable
    ) -> list[MeasureSummary]:
        this_month = month_start(today)
        first = add_months(this_month, -rules.SUMMARY_MONTHS)
        codes = {code for _key, _label, cats in rules.KEY_MEASURES for code in cats}
        categories = {
            cid: code for cid, code in session.execute(select(CategoryRow.id, CategoryRow.code)) if code in codes
        }
        services = {sid: name for name, sid in repo.service_ids_by_name(session).items()}
        if service_id is not None:
            services = {service_id: services[service_id]}
        counts: dict[tuple[int, str, date], int] = defaultdict(int)
        started: dict[int, date] = {}
        counted = self._reads.get(
            ("monthly_counts", tuple(sorted(categories)), first, today, service_id),
            version,
            lambda: repo.monthly_counts(session, list(categories), first, today, service_id),
        )
        for month, sid, cid, n in counted:
            counts[(sid, categories[cid], month)] += n
            started[sid] = min(started.get(sid, month), month)
        beds = triage_repo.occupancy(session, add_months(this_month, -1))
        targets = {key: read_int(session, spec) for key, spec in MEASURE_TARGETS.items()}
        out = []
        last_month = add_months(this_month, -1)
        with self._lock:
            known = self._summaries
        kept: dict[tuple[object, ...], MeasureSummary] = {}
        for sid, sname in sorted(services.items(), key=lambda kv: kv[1]):
            months = month_range(started.get(sid, this_month), last_month)  # empty when nothing before this month
            for key, label, cats in rules.KEY_MEASURES:
                series = tuple(sum(counts[(sid, c, m)] for c in cats) for m in months)
                now_count = sum(counts[(sid, c, this_month)] for c in cats)
                args = (sname, label, series, now_count, targets.get(key) or None, beds.get((sid, last_month)))
                # the MDC rules cost 1 ms a series (300 at 50 services): those whose counts did not change are kept
                summary = known.get(args) or rules.measure_summary(*args)
                kept[args] = summary
                out.append(summary)
        with self._lock:
            if service_id is None:
                self._summaries = kept
            else:
                self._summaries = {**self._summaries, **kept}
        return out

    # ------------------------------------------------------------------------------------------ writes
    def mark_signals_seen(self) -> None:
        """Remember that the signed-in person has looked at the pattern signals (they drop off their list)."""
        actor = self._ctx.actor
        if actor.user_id is None:
            return
        with self._ctx.unit() as session:
            triage_repo.mark_signals_seen(session, actor.user_id, self._ctx.clock())

    def occupancy(self, since: date | None = None) -> dict[tuple[int, date], int]:
        with self._ctx.read() as session:
            return triage_repo.occupancy(session, since)

    def set_occupancy(self, service_id: int, month: date, bed_days: int | None) -> None:
        """Record the occupied bed days of one service in one month (None clears it); audited."""
        actor = self._ctx.require(Permission.EDIT_LISTS, "service", service_id)
        if bed_days is not None and not 0 <= bed_days <= 100_000:
            raise ValidationError({"bed_days": "Enter the occupied bed days as a whole number, 0 or more."})
        first = month_start(month)
        with self._ctx.unit() as session:
            before = triage_repo.set_occupancy(session, service_id, first, bed_days)
            if before != bed_days:
                audit.append(
                    session, actor, "service", service_id, "update", f"occupied_bed_days {first:%Y-%m}", before,
                    bed_days, at=self._ctx.clock(),
                )  # fmt: skip
