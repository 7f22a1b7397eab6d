"""Demo golden-thread records tell believable stories: a handful of different complaints with outcomes, response
times, learning and actions (no longer the same complaint reported again and again), safeguarding referrals,
Duty of Candour on a fall, and audits that rise after the medicines actions."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from carelog.core.dto import SYSTEM_ACTOR, IncidentFilter
from carelog.core.enums import Kind
from carelog.core.thread_records import RecordKind, response_working_days
from carelog.demo import fill_demo
from carelog.services.registry import Services

AS_OF = datetime(2026, 11, 20, 9, 0)


def test_demo_thread_records(sqlite_services: Services) -> None:
    svc = sqlite_services
    fill_demo(svc, incidents=1500, as_of=AS_OF)
    svc.ctx.identity.actor = SYSTEM_ACTOR
    svc.ctx.clock = lambda: AS_OF
    complaints = svc.records.records(RecordKind.COMPLAINT)
    assert len({c.data.summary for c in complaints}) == len(complaints) >= 5
    closed = [c for c in complaints if c.stage == "Closed"]
    assert len(closed) >= 3
    for c in closed:
        days = response_working_days(c.data)
        assert c.data.outcome and c.data.learning and days is not None and days <= 20
    assert any(c.data.action_ids for c in complaints) and any(c.incident_reference for c in complaints)
    assert any(c.next_due for c in complaints)  # some still open, with a due date
    accounts = Counter(
        svc.incidents.get(i.id, with_audit=False).data.account
        for i in svc.incidents.list(IncidentFilter())
        if i.kind == Kind.COMPLAINT
    )
    assert max(accounts.values(), default=0) <= 3  # not the same complaint again and again
    concerns = svc.records.records(RecordKind.SAFEGUARDING)
    assert any(s.data.la_reference and s.data.s42_enquiry == "yes" for s in concerns)
    candour = svc.records.records(RecordKind.CANDOUR)
    assert any(d.data.notifiable == "yes" and d.data.apology_given for d in candour)
    mar = svc.records.audit_scores()["MAR chart audit"]
    assert mar[-1][1] > mar[0][1]
    assert svc.records.due_items()
