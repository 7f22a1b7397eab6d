"""The monthly governance report's own content (issue 16), read alongside PackService.gather:

    gather(request) -> MonthlyExtras

The month reported on is the one holding request.date_to. Counts per service come from the incidents of that month,
the one before and up to 12 before; the outstanding lists (statutory and record deadlines, the triage backlog,
open reviews, actions awaiting their check or found not effective) are read as they stand now, through the
attention service's rules; the month's new pattern and SPC signals come from TrendService; the meeting page from
MeetingService. With request.pseudonymise, names of people supported in free text become their codes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta

from carelog.core import attention as rules
from carelog.core.attention import AttentionItem, ItemKind
from carelog.core.meeting_dto import MeetingDetail, MeetingItemInput
from carelog.core.monthly_data import ALL_RECORDS, MonthlyExtras, MonthlyLine, ServiceChange, service_changes
from carelog.core.pack_data import PackRequest
from carelog.core.permissions import Permission
from carelog.core.settings import REVIEW_TARGET_DAYS
from carelog.core.trend_data import add_months, month_start
from carelog.db.repositories import attention as attention_repo
from carelog.db.repositories import monthly as repo
from carelog.services.context import ServiceContext
from carelog.services.settings import read_int

ENTITY = "pack"
LIMIT = 200  # items listed per kind (the report says how many more there are)

DEADLINE_KINDS = {
    ItemKind.NOTIFICATION_OVERDUE: "Notification overdue",
    ItemKind.NOTIFICATION_NEVER_MADE: "Notification never made",
    ItemKind.NOTIFICATION_DUE: "Notification due",
    ItemKind.NOTIFICATION_LATE: "Notification made late",
    ItemKind.COMPLAINT_STEP: "Complaint step",
    ItemKind.SAFEGUARDING_STEP: "Safeguarding step",
    ItemKind.CANDOUR_STEP: "Duty of Candour step",
    ItemKind.DEBRIEF_STEP: "Debrief follow-up",
}


class MonthlyService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def gather(self, request: PackRequest) -> MonthlyExtras:
        """Everything the monthly report adds for the month holding request.date_to (managers only)."""
        from carelog.services.registry import Services  # the same wiring as the app: attention needs trends

        self._ctx.require(Permission.EXPORT, ENTITY)
        services = Services(self._ctx)
        now = self._ctx.clock()
        month = month_start(request.date_to)
        with self._ctx.read() as session:
            names = repo.service_names(session)
            codes = repo.category_codes(session)
            counts_rows = attention_repo.monthly_counts(
                session, list(codes), add_months(month, -12), _month_end(month), request.service_id
            )
            target_days = read_int(session, REVIEW_TARGET_DAYS)
            open_reviews = attention_repo.open_reviews_opened_before(session, now, request.service_id, LIMIT)
            people = repo.people(session)
        from carelog.services.pack import Pseudonymiser

        text = Pseudonymiser(people, request.pseudonymise).text
        service_name = names.get(request.service_id) if request.service_id is not None else None
        report = services.attention.report(as_of=now, service=service_name, limit=LIMIT, signals=False)
        changes = _changes(counts_rows, codes, names, month)
        items = report.items
        return MonthlyExtras(
            month=month,
            as_of=now,
            changes=tuple(changes),
            deadlines=tuple(_line(i, DEADLINE_KINDS[i.kind], text) for i in items if i.kind in DEADLINE_KINDS),
            triage=tuple(_line(i, "Awaiting triage", text) for i in items if i.kind == ItemKind.TRIAGE),
            triage_total=report.totals.get(ItemKind.TRIAGE, 0),
            open_reviews=tuple(
                MonthlyLine(
                    "Past target" if r.opened_at + timedelta(days=target_days) < now else "Open",
                    f"Review {r.id}",
                    text(r.title)
                    + f", opened {r.opened_at:%d/%m/%Y}"
                    + (f" (first incident {r.first_reference})" if r.first_reference else ""),
                    r.opened_at + timedelta(days=target_days),  # the target date for finishing it
                    r.opened_at + timedelta(days=target_days) < now,
                )
                for r in open_reviews
            ),
            awaiting_check=tuple(
                _line(i, "Awaiting check", text) for i in items if i.kind == ItemKind.ACTION_AWAITING_CHECK
            ),
            not_effective=tuple(
                _line(i, "Not effective", text) for i in items if i.kind == ItemKind.ACTION_NOT_EFFECTIVE
            ),
            signals=tuple(self._signals(services, request, text)),
            meetings=tuple(
                _pseudonymised(m, text)
                for m in services.meetings.meetings_between(month, _month_end(month), request.service_id)
            ),
        )

    def _signals(self, services, request: PackRequest, text) -> list[MonthlyLine]:  # type: ignore[no-untyped-def]
        """Pattern and SPC signals whose period ends in the month reported on."""
        today = self._ctx.clock().date()
        month = month_start(request.date_to)
        as_of = min(_month_end(month), today)
        out = []
        seen: set[tuple[str, str, str, str]] = set()
        for s in services.trends.patterns(as_of, service_id=request.service_id):  # that service's signals only
            if not month <= s.period_end <= _month_end(month):
                continue
            key = (s.type.value, s.category, s.location, s.person_code)
            if key in seen:
                continue
            seen.add(key)
            out.append(
                MonthlyLine(
                    s.type.label,
                    text(s.headline),
                    text(s.explanation),
                    datetime.combine(s.period_end, datetime.min.time()),
                    False,
                    s.service,
                )
            )
        return out


def _month_end(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def _line(item: AttentionItem, what: str, text) -> MonthlyLine:  # type: ignore[no-untyped-def]
    detail = item.text.removeprefix(item.reference).lstrip(" :") if item.reference else item.text
    return MonthlyLine(what, text(item.reference), text(detail), item.due, item.overdue, item.service)


def _changes(
    rows: list[tuple[date, int, int, int]], codes: dict[int, str], names: dict[int, str], month: date
) -> list[ServiceChange]:
    measure_of: dict[str, str] = {code: label for _key, label, cats in rules.KEY_MEASURES for code in cats}
    counts: dict[tuple[str, str, date], int] = defaultdict(int)
    first: dict[str, date] = {}
    for m, sid, cid, n in rows:
        service = names.get(sid, "")
        counts[(service, ALL_RECORDS, m)] += n
        measure = measure_of.get(codes.get(cid, ""))
        if measure is not None:
            counts[(service, measure, m)] += n
        first[service] = min(first.get(service, m), m)
    services = sorted({s for s, _m, _d in counts})
    measures = [ALL_RECORDS, *(label for _key, label, _cats in rules.KEY_MEASURES)]
    return service_changes(counts, services, measures, month, first)


def _pseudonymised(m: MeetingDetail, text) -> MeetingDetail:  # type: ignore[no-untyped-def]
    return replace(
        m,
        items=tuple(MeetingItemInput(i.kind, text(i.label), i.record_id, text(i.note)) for i in m.items),
        decisions=tuple(replace(d, text=text(d.text), action_title=text(d.action_title)) for d in m.decisions),
        notes=text(m.notes),
    )
