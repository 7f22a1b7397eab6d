"""Complaints (Regulation 16), compliments, safeguarding concerns, Duty of Candour, staff debriefs and follow-up
audits: one use-case class for every kind of record (core/thread_records.py holds the fields and the rules).

Permissions: care staff (Permission.RAISE_CONCERN) may record a new complaint, compliment or safeguarding concern
with its "raise" fields only; listing, responding, closing and every other kind need Permission.MANAGE_CONCERNS.
Every write is audited in its own transaction under the kind's entity name: "create", "update" per changed field,
and "stage" when the record's state moves (e.g. Acknowledge the complaint -> Send the response -> Closed).

Read API for other features (Home tab, pack):
    due_items(as_of) -> list[DueItem]: every open step with a due date (kind, record_id, text, due, overdue, step,
        linked incident), soonest first.
    records(kind) -> list[RecordView]; themes() -> list[ThemeCount].
"""

from __future__ import annotations

import logging
from dataclasses import fields, replace
from datetime import date
from typing import Any

from carelog.core.action_dto import Choice
from carelog.core.audit_scores import AuditPoint, ScoreChange, before_after, group_series
from carelog.core.errors import PermissionDenied, ValidationError
from carelog.core.permissions import Permission, allowed
from carelog.core.settings import (
    CANDOUR_STEP_DAYS,
    COMPLAINT_ACKNOWLEDGE_DAYS,
    COMPLAINT_RESPONSE_DAYS,
    SAFEGUARDING_REFERRAL_DAYS,
)
from carelog.core.thread_records import (
    FIELD_SPECS,
    INPUT_TYPES,
    START_FIELD,
    DueItem,
    DueRules,
    RecordKind,
    RecordView,
    ThemeCount,
    changed_beyond_raise,
    choice_label,
    due_items,
    stage,
    steps,
)
from carelog.db.models.incidents import IncidentRow
from carelog.db.models.reviews import ReviewRow
from carelog.db.repositories import audit
from carelog.db.repositories import settings as settings_repo
from carelog.db.repositories import thread as repo
from carelog.db.repositories.thread import StoredRecord
from carelog.services.context import ServiceContext

logger = logging.getLogger(__name__)
RAISABLE = frozenset({RecordKind.COMPLAINT, RecordKind.COMPLIMENT, RecordKind.SAFEGUARDING})


class ThreadRecordService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    # ------------------------------------------------------------------------------------------ reads
    def rules(self) -> DueRules:
        with self._ctx.read() as session:
            return self._rules(session)

    def records(self, kind: RecordKind) -> list[RecordView]:
        self._ctx.require(Permission.MANAGE_CONCERNS, kind.entity)
        today = self._ctx.clock().date()
        with self._ctx.read() as session:
            rules = self._rules(session)
            return [_view(kind, s, rules, today) for s in repo.records(session, kind)]

    def get(self, kind: RecordKind, record_id: int) -> RecordView:
        self._ctx.require(Permission.MANAGE_CONCERNS, kind.entity, record_id)
        with self._ctx.read() as session:
            return self._get(session, kind, record_id)

    def due_items(self, as_of: date | None = None) -> list[DueItem]:
        """Every open step with a due date across all kinds, soonest first (for the Home tab); overdue as at the
        end of `as_of` (default today)."""
        self._ctx.require(Permission.MANAGE_CONCERNS, RecordKind.COMPLAINT.entity)
        today = as_of or self._ctx.clock().date()
        items: list[DueItem] = []
        with self._ctx.unit() as session:
            rules = self._rules(session)
            for kind in RecordKind:
                for s in repo.records(session, kind, open_only=True):  # closed records have nothing due
                    label = f"{kind.label} {kind.prefix}-{s.id}"
                    created = s.created_at.date()
                    items += due_items(kind, s.id, label, s.data, rules, created, today, s.incident_reference)
        return sorted(items, key=lambda i: (i.due, i.kind.value, i.record_id))

    def themes(self, since: date | None = None) -> list[ThemeCount]:
        """Complaints counted by theme (with how many were upheld or partly upheld), most frequent first."""
        self._ctx.require(Permission.MANAGE_CONCERNS, RecordKind.COMPLAINT.entity)
        with self._ctx.read() as session:
            return [ThemeCount(t, n, u) for t, n, u in repo.theme_counts(session, since)]

    def audit_scores(self) -> dict[str, list[tuple[date, int]]]:
        """Follow-up audit scores over time, per type of audit (oldest first), for a chart."""
        self._ctx.require(Permission.VIEW_TRENDS, RecordKind.AUDIT.entity)
        series: dict[str, list[tuple[date, int]]] = {}
        with self._ctx.unit() as session:
            for s in repo.records(session, RecordKind.AUDIT):
                if s.data.score_pct is not None:
                    series.setdefault(s.data.audit_type, []).append((s.data.held_on, s.data.score_pct))
        return {k: sorted(v) for k, v in sorted(series.items())}

    def audits_for_action(self, action_id: int) -> list[RecordView]:
        """Follow-up audits that test an action (oldest first): evidence for its effectiveness check."""
        self._ctx.require(Permission.VIEW_ALL_INCIDENTS, RecordKind.AUDIT.entity)
        today = self._ctx.clock().date()
        with self._ctx.unit() as session:
            rules = self._rules(session)
            views = [_view(RecordKind.AUDIT, s, rules, today) for s in repo.records(session, RecordKind.AUDIT)]
        return sorted((v for v in views if action_id in v.data.action_ids), key=lambda v: (v.data.held_on, v.id))

    def audit_changes(self, action_id: int, completed: date | None) -> list[ScoreChange]:
        """Each type of audit testing an action: its latest score before the action was done against the latest since
        (first and latest while it is not done), for the effectiveness check."""
        audits = self.audits_for_action(action_id)
        points = [
            (a.data.audit_type, AuditPoint(a.data.held_on, a.data.score_pct, a.id))
            for a in audits
            if a.data.score_pct is not None and a.data.held_on is not None
        ]
        return before_after(group_series(points), completed)

    def action_choices(self) -> list[Choice]:
        """Actions on the board, for linking (id and title)."""
        with self._ctx.read() as session:
            return [Choice(i, t) for i, t in repo.action_choices(session)]

    # ------------------------------------------------------------------------------------------ writes
    def create(self, kind: RecordKind, data: Any) -> RecordView:
        """Record a new complaint, concern or other record. Care staff may fill in only the raise fields."""
        actor = self._ctx.actor
        if kind in RAISABLE and not allowed(actor, Permission.MANAGE_CONCERNS):
            actor = self._ctx.require(Permission.RAISE_CONCERN, kind.entity)
            beyond = changed_beyond_raise(kind, data)
            if beyond:
                with self._ctx.unit() as session:
                    audit.append(
                        session,
                        actor,
                        kind.entity,
                        None,
                        "denied",
                        Permission.MANAGE_CONCERNS.value,
                        at=self._ctx.clock(),
                    )
                raise PermissionDenied(
                    f"{actor.role.label} accounts can record a new {kind.label.lower()} but not respond to or close "
                    "it: leave those parts for a manager."
                )
        else:
            actor = self._ctx.require(Permission.MANAGE_CONCERNS, kind.entity)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            data = self._validated(session, kind, data, now.date())
            record_id = repo.insert(session, kind, data, now)
            start = getattr(data, START_FIELD[kind]) or getattr(data, "incident_id", None)
            audit.append(session, actor, kind.entity, record_id, "create", START_FIELD[kind], None, start, at=now)
            view = self._get(session, kind, record_id)
            audit.append(session, actor, kind.entity, record_id, "stage", "stage", None, view.stage, at=now)
        logger.info("%s %s created", kind.label, record_id)
        return view

    def update(self, kind: RecordKind, record_id: int, data: Any, version: int) -> RecordView:
        """Save an edited record; each changed field and any change of stage is audited."""
        actor = self._ctx.require(Permission.MANAGE_CONCERNS, kind.entity, record_id)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            before = self._get(session, kind, record_id)
            data = self._validated(session, kind, data, now.date())
            old = repo.update(session, kind, record_id, data, version, now)
            for f in fields(data):
                a, b = getattr(old, f.name), getattr(data, f.name)
                if a != b:
                    audit.append(session, actor, kind.entity, record_id, "update", f.name, _text(a), _text(b), at=now)
            view = self._get(session, kind, record_id)
            if view.stage != before.stage:
                audit.append(session, actor, kind.entity, record_id, "stage", "stage", before.stage, view.stage, at=now)
        return view

    # ------------------------------------------------------------------------------------------ helpers
    def _rules(self, session: Any) -> DueRules:
        def read(spec: Any) -> int:
            stored = settings_repo.load(session, spec.key)
            try:
                return int(spec.parse(stored)) if stored is not None else int(spec.default)
            except (ValueError, ValidationError):
                return int(spec.default)

        return DueRules(
            acknowledge_days=read(COMPLAINT_ACKNOWLEDGE_DAYS),
            response_days=read(COMPLAINT_RESPONSE_DAYS),
            referral_days=read(SAFEGUARDING_REFERRAL_DAYS),
            candour_days=read(CANDOUR_STEP_DAYS),
        )

    def _get(self, session: Any, kind: RecordKind, record_id: int) -> RecordView:
        found = repo.records(session, kind, [record_id])
        if not found:
            repo.locked_row(session, kind, record_id)  # raises NotFoundError
        return _view(kind, found[0], self._rules(session), self._ctx.clock().date())

    def _validated(self, session: Any, kind: RecordKind, data: Any, today: date) -> Any:
        if not isinstance(data, INPUT_TYPES[kind]):
            raise TypeError(f"{kind} needs {INPUT_TYPES[kind].__name__}")
        strip = {f.name: getattr(data, f.name).strip() for f in fields(data) if isinstance(getattr(data, f.name), str)}
        data = replace(data, **strip)
        labels = {s.name: s.label for s in FIELD_SPECS[kind]}
        errors: dict[str, str] = {}
        start_name = START_FIELD[kind]
        start = getattr(data, start_name)
        if start is None and kind != RecordKind.CANDOUR:
            errors[start_name] = f"Enter the date ({labels[start_name].lower()})."
        for f in fields(data):
            value = getattr(data, f.name)
            if isinstance(value, date) and value > today and f.name not in ("wellbeing_follow_up_on", "extended_to"):
                errors[f.name] = f"{labels[f.name]}: that date is in the future; enter the date it happened."
            elif isinstance(value, date) and start is not None and value < start:
                errors[f.name] = f"{labels[f.name]} cannot be before {labels[start_name].lower()}."
        incident_id = getattr(data, "incident_id", None)
        if incident_id is not None and not repo.existing(session, IncidentRow, incident_id):
            errors["incident_id"] = "That incident no longer exists: check the reference."
        review_id = getattr(data, "review_id", None)
        if review_id is not None and not repo.existing(session, ReviewRow, review_id):
            errors["review_id"] = "That review no longer exists: choose another."
        wanted = getattr(data, "action_ids", ())
        if set(wanted) - repo.existing_action_ids(session, wanted):
            errors["action_ids"] = "Some linked actions no longer exist: untick them and save again."
        errors.update(_kind_errors(kind, data))
        if errors:
            raise ValidationError(errors)
        return data


def _kind_errors(kind: RecordKind, d: Any) -> dict[str, str]:
    e: dict[str, str] = {}
    if kind == RecordKind.COMPLAINT:
        if not d.summary:
            e["summary"] = "Say what the complaint is about (in the person's words where you can)."
        if d.extended_to is not None and not d.extension_reason:
            e["extension_reason"] = "Give the reason for extending the response date (and tell the complainant)."
        if d.closed_on is not None and d.outcome != "withdrawn":
            if not d.outcome:
                e["outcome"] = "Choose the outcome (upheld, partly upheld, not upheld or withdrawn) before closing."
            if d.response_sent_on is None:
                e["response_sent_on"] = "Enter the date the response was sent before closing the complaint."
    elif kind == RecordKind.COMPLIMENT:
        if not d.summary:
            e["summary"] = "Say what the compliment said."
    elif kind == RecordKind.SAFEGUARDING:
        if not d.abuse_type:
            e["abuse_type"] = "Choose the type of abuse or neglect that best fits (you can change it later)."
        if not d.concern:
            e["concern"] = "Say what was seen or heard, in plain facts."
        if d.closed_on is not None and not d.outcome:
            e["outcome"] = "Record the outcome before closing the concern."
    elif kind == RecordKind.CANDOUR:
        if d.incident_id is None:
            e["incident_id"] = "Enter the reference of the incident this Duty of Candour record is about."
        if d.notifiable and (not d.decision_reason or not d.decided_by or d.decided_on is None):
            e["decision_reason"] = "Give the reason, who decided and the date of the decision."
        if d.notifiable != "yes" and (d.notified_on or d.written_on or d.outcome_shared_on):
            e["notifiable"] = "The notification steps apply only when it is a notifiable safety incident."
        if d.notified_on is not None and not d.notified_by:
            e["notified_by"] = "Say who told the person in person."
        if d.written_on is not None and d.notified_on is None:
            e["written_on"] = "Enter the date the person was told in person first."
    elif kind == RecordKind.DEBRIEF:
        if d.incident_id is None and d.review_id is None:
            e["incident_id"] = "Link the debrief to an incident or a review."
        if not d.participants:
            e["participants"] = "Say who took part (roles are enough)."
        if d.wellbeing_done_on is not None and d.wellbeing_follow_up_on is None:
            e["wellbeing_follow_up_on"] = "Enter when the wellbeing follow-up was due."
    elif kind == RecordKind.AUDIT:
        if not d.audit_type:
            e["audit_type"] = "Say what was audited (for example MAR chart audit)."
        if d.score_pct is not None and not 0 <= d.score_pct <= 100:
            e["score_pct"] = "Enter the compliance as a percentage from 0 to 100."
    return e


def _view(kind: RecordKind, s: StoredRecord, rules: DueRules, today: date) -> RecordView:
    created = s.created_at.date()
    open_due = [st for st in steps(kind, s.data, rules, created) if st.done_on is None and st.due is not None]
    closed = getattr(s.data, "closed_on", None) is not None
    nxt = None if closed or not open_due else open_due[0]
    return RecordView(
        kind=kind,
        id=s.id,
        data=s.data,
        version=s.version,
        created_at=s.created_at,
        stage=stage(kind, s.data, rules, created),
        next_due=nxt.due if nxt else None,
        overdue=bool(nxt and nxt.overdue(today)),
        incident_reference=s.incident_reference,
        review_title=s.review_title,
    )


def _text(value: object) -> object:
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return value


__all__ = ["ThreadRecordService", "choice_label"]
