"""The golden thread: from any incident, complaint, review, action or audit, every record linked to it (directly or
through others), in the order an inspector reads them: what happened -> what we learned -> what we changed ->
how we know it worked."""

from __future__ import annotations

from datetime import date
from typing import Any

from carelog.core.action_dto import ActionStatus, Conclusion
from carelog.core.permissions import Permission
from carelog.core.thread_records import (
    ABUSE_TYPES,
    OUTCOMES,
    SATISFACTION,
    RecordKind,
    ThreadItem,
    ThreadStage,
    ThreadView,
    choice_label,
    response_working_days,
)
from carelog.db.repositories import thread as repo
from carelog.services.context import ServiceContext

MAX_RECORDS = 200  # a thread larger than this is cut (the view says so)
_STAGE = {
    "incident": ThreadStage.HAPPENED,
    RecordKind.COMPLAINT.value: ThreadStage.HAPPENED,
    RecordKind.COMPLIMENT.value: ThreadStage.HAPPENED,
    RecordKind.SAFEGUARDING.value: ThreadStage.HAPPENED,
    RecordKind.CANDOUR.value: ThreadStage.HAPPENED,
    "review": ThreadStage.LEARNED,
    RecordKind.DEBRIEF.value: ThreadStage.LEARNED,
    "action": ThreadStage.CHANGED,
    RecordKind.AUDIT.value: ThreadStage.WORKED,
}


class ThreadService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def thread(self, kind: str, record_id: int) -> ThreadView:
        """Every record linked to (kind, id); kind is "incident", "review", "action" or a RecordKind value."""
        self._ctx.require(Permission.VIEW_ALL_INCIDENTS, "thread", record_id)
        start = (kind, record_id)
        with self._ctx.unit() as session:
            seen = {start}
            queue = [start]
            while queue and len(seen) < MAX_RECORDS:
                node = queue.pop(0)
                for nxt in sorted(repo.neighbours(session, node)):
                    if nxt not in seen and len(seen) < MAX_RECORDS:
                        seen.add(nxt)
                        queue.append(nxt)
            items: list[ThreadItem] = []
            for node in seen:
                items += _items(session, node)
            brief = repo.incident_brief(session, record_id) if kind == "incident" else None
        title = f"Incident {brief[0]}" if brief else _ref(kind, record_id)
        order = list(ThreadStage)
        items.sort(key=lambda i: (order.index(i.stage), i.when or date.min, i.ref))
        return ThreadView(start=title, items=tuple(items))


def _ref(kind: str, record_id: int) -> str:
    if kind in ("incident", "review", "action"):
        return f"{kind.title()} {record_id}"
    rk = RecordKind(kind)
    return f"{rk.label} {rk.prefix}-{record_id}"


def _items(session: Any, node: tuple[str, int]) -> list[ThreadItem]:
    kind, nid = node
    stage = _STAGE[kind]
    lines: list[str]
    if kind == "incident":
        brief = repo.incident_brief(session, nid)
        if brief is None:
            return []
        ref, occurred, ikind, first = brief
        return [ThreadItem(stage, kind, ref, occurred.date(), f"Incident {ref} ({ikind.replace('_', ' ')})", (first,))]
    if kind == "review":
        r = repo.review_row(session, nid)
        if r is None:
            return []
        info = tuple(x for x in (r.findings.strip()[:300], f"Status: {r.status}") if x)
        return [ThreadItem(stage, kind, f"Review {nid}", r.created_at.date(), r.title, info)]
    if kind == "action":
        a = repo.action_row(session, nid)
        if a is None:
            return []
        status = ActionStatus(a.status).column_title
        lines = [f"Lead: {a.lead_name}; due {a.due_date:%d %b %Y}" if a.due_date else f"Lead: {a.lead_name}"]
        lines.append(f"Status: {status}")
        out = [ThreadItem(stage, kind, f"Action {nid}", a.created_at.date(), a.title, tuple(lines))]
        if a.check_date is not None and a.before_count is not None:
            concl = Conclusion(a.conclusion).label if a.conclusion else "not concluded"
            text = (
                f"Matching incidents: {a.before_count} in the {a.window_days} days before, "
                f"{a.after_count} in the {a.window_days} days after. Conclusion: {concl}."
            )
            out.append(
                ThreadItem(
                    ThreadStage.WORKED,
                    "check",
                    f"Action {nid} check",
                    a.check_date,
                    f"Check of: {a.title}",
                    (text, a.conclusion_note) if a.conclusion_note else (text,),
                )  # fmt: skip
            )
        return out
    rk = RecordKind(kind)
    found = repo.records(session, rk, [nid])
    if not found:
        return []
    s = found[0]
    d = s.data
    ref = f"{rk.prefix}-{nid}"
    if rk == RecordKind.COMPLAINT:
        days = response_working_days(d)
        lines = [
            f"From: {d.complainant or 'not recorded'}; theme: {d.theme or 'none'}",
            f"Outcome: {choice_label(OUTCOMES, d.outcome)}; satisfaction: {choice_label(SATISFACTION, d.satisfaction)}",
        ]
        if days is not None:
            lines.append(f"Responded in {days} working days")
        if d.findings:
            lines.append(f"Findings: {d.findings}")
        items = [ThreadItem(stage, kind, ref, d.received_on, f"Complaint: {d.summary[:120]}", tuple(lines))]
        if d.learning or d.you_said_we_did:
            learned = tuple(
                x for x in (d.learning, f"You said, we did: {d.you_said_we_did}" if d.you_said_we_did else "") if x
            )
            items.append(ThreadItem(ThreadStage.LEARNED, kind, ref, d.response_sent_on or d.received_on,
                                    f"Learning from complaint {ref}", learned))  # fmt: skip
        return items
    if rk == RecordKind.COMPLIMENT:
        return [
            ThreadItem(stage, kind, ref, d.received_on, f"Compliment: {d.summary[:120]}", (f"Staff: {d.staff_named}",))
        ]
    if rk == RecordKind.SAFEGUARDING:
        lines = [f"Type: {choice_label(ABUSE_TYPES, d.abuse_type)}"]
        if d.referred_on:
            lines.append(f"Referred to the local authority {d.referred_on:%d %b %Y} (ref {d.la_reference or 'none'})")
        if d.s42_enquiry:
            lines.append(f"Section 42 enquiry: {d.s42_enquiry}")
        if d.outcome:
            lines.append(f"Outcome: {d.outcome}")
        return [ThreadItem(stage, kind, ref, d.raised_on, f"Safeguarding concern: {d.concern[:120]}", tuple(lines))]
    if rk == RecordKind.CANDOUR:
        decision = {"yes": "notifiable safety incident", "no": "not notifiable", "": "not decided"}[d.notifiable]
        lines = [f"Decision: {decision}" + (f" ({d.decision_reason})" if d.decision_reason else "")]
        if d.notified_on:
            apology = "with an apology" if d.apology_given else "no apology recorded"
            lines.append(f"Told in person {d.notified_on:%d %b %Y} by {d.notified_by}, {apology}")
        if d.written_on:
            lines.append(f"Written follow-up {d.written_on:%d %b %Y}")
        return [ThreadItem(stage, kind, ref, d.decided_on or s.created_at.date(), "Duty of Candour", tuple(lines))]
    if rk == RecordKind.DEBRIEF:
        parts = (
            ("Took part", d.participants),
            ("How staff are", d.how_staff_are),
            ("Support offered", d.support_offered),
            ("They said should change", d.should_change),
        )
        info = tuple(f"{label}: {text}" for label, text in parts if text)
        return [ThreadItem(stage, kind, ref, d.held_on, "Staff debrief", info)]
    score = "no score" if d.score_pct is None else f"{d.score_pct}% compliant"
    info = tuple(x for x in (f"By {d.auditor}" if d.auditor else "", d.findings) if x)
    return [ThreadItem(stage, kind, ref, d.held_on, f"{d.audit_type}: {score}", info)]
