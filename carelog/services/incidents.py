"""Incident use cases: report, edit, change status, read, list. Every write is audited in its transaction."""

from __future__ import annotations

import builtins
import logging
from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import datetime

from sqlalchemy.orm import Session

from carelog.core import incident_codec as codec
from carelog.core.deadlines import DeadlineItem, DeadlineState, assess
from carelog.core.dto import (
    Actor,
    IncidentDetail,
    IncidentFilter,
    IncidentInput,
    IncidentSummary,
    LoadItem,
    NotificationInput,
    ReferenceData,
)
from carelog.core.enums import Status
from carelog.core.errors import PermissionDenied, ValidationError
from carelog.core.incident_status import ALLOWED_TRANSITIONS
from carelog.core.permissions import Permission, allowed
from carelog.core.risk import risk_score
from carelog.core.shifts import shift_for
from carelog.core.validation import validate_incident
from carelog.db.repositories import audit, organisation
from carelog.db.repositories import incidents as repo
from carelog.db.repositories import users as users_repo
from carelog.services.context import ServiceContext

logger = logging.getLogger(__name__)
ENTITY = "incident"


def describe_value(field_name: str, value: object, ref: ReferenceData) -> str:
    """Plain-English value for the audit trail (names of places and categories, ID codes of people)."""
    if value is None:
        return ""
    if field_name == "service_id":
        return next((s.name for s in ref.services if s.id == value), str(value))
    if field_name == "location_id":
        return next((loc.name for loc in ref.locations if loc.id == value), str(value))
    if field_name == "category_id":
        cat = ref.category(value if isinstance(value, int) else None)
        return cat.name if cat else str(value)
    if field_name == "subcategory_id":
        for cat in ref.categories:
            for sub in cat.subcategories:
                if sub.id == value:
                    return sub.name
        return str(value)
    if field_name == "person_ids" and isinstance(value, tuple):
        codes = {p.id: p.code for p in ref.people}
        return ", ".join(sorted(codes.get(pid, str(pid)) for pid in value))
    if field_name == "notifications" and isinstance(value, tuple):
        return "; ".join(_describe_notification(n) for n in value)
    if field_name == "body_sites" and isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, bool):
        return "yes" if value else "no"
    label = getattr(value, "label", None)
    return str(label) if isinstance(label, str) else str(value)


def _describe_notification(n: NotificationInput) -> str:
    when = n.made_at.isoformat(sep=" ", timespec="minutes") if n.made_at else "time not recorded"
    ref = f" ref {n.reference}" if n.reference else ""
    note = f" ({n.note})" if n.note else ""
    return f"{n.kind.label} {when}{ref}{note}"


class BulkValidationError(ValidationError):
    """Some items of a bulk load are invalid: `problems` maps item index -> {field: message}."""

    def __init__(self, problems: dict[int, dict[str, str]]) -> None:
        self.problems = problems
        first = next(iter(problems.items()))
        super().__init__({f"item {first[0] + 1} {k}": v for k, v in first[1].items()})


class IncidentService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def warm_up(self) -> None:
        """Compile the new-report form's queries: the lists (services, categories: no one's record) and the
        suggested service (for an id no account has). Changes nothing."""
        from carelog.services.feedback import NO_ACCOUNT

        with self._ctx.read() as session:
            organisation.reference_data(session)
            organisation.active_service_ids(session)
            users_repo.usual_service_id(session, NO_ACCOUNT)
            repo.last_service_of_reporter(session, NO_ACCOUNT)

    # ------------------------------------------------------------------------------------------ reads
    def reference_data(self) -> ReferenceData:
        with self._ctx.read() as session:
            return organisation.reference_data(session)

    def get(self, incident_id: int, with_audit: bool = True) -> IncidentDetail:
        actor = self._ctx.actor
        with self._ctx.read() as session:  # a read: opening a record never waits for someone else's save
            detail = repo.get_detail(session, incident_id)
            own = allowed(actor, Permission.VIEW_ALL_INCIDENTS) or detail.reporter_id == actor.user_id
            if own and with_audit:
                detail = replace(detail, audit=audit.history(session, ENTITY, incident_id))
        if not own:
            with self._ctx.unit() as session:
                audit.append(session, actor, ENTITY, incident_id, "denied", "view", at=self._ctx.clock())
            raise PermissionDenied("You can open only the reports you made yourself.")
        return detail

    def list(self, f: IncidentFilter) -> builtins.list[IncidentSummary]:
        with self._ctx.read() as session:
            return repo.list_incidents(session, self._scoped(f))

    def list_ids(self, f: IncidentFilter) -> builtins.list[int]:
        """Ids matching the filter in display order (the list view fetches rows for them lazily)."""
        with self._ctx.read() as session:
            return repo.list_ids(session, self._scoped(f))

    def summaries(self, ids: Sequence[int]) -> builtins.list[IncidentSummary]:
        """Rows for ids previously returned by list_ids (still scoped to what the actor may see)."""
        reporter_id = self._scoped(IncidentFilter()).reporter_id
        with self._ctx.read() as session:
            return repo.summaries(session, ids, reporter_id)

    def suggested_service_id(self) -> int | None:
        """Where the signed-in person's next report most likely happened: their usual service (from their staff
        account), else the service of their last report; None when neither is known or still open."""
        user_id = self._ctx.actor.user_id
        if user_id is None:
            return None
        with self._ctx.read() as session:  # (after sign-in, before the first tab is usable: no full lists)
            open_ids = organisation.active_service_ids(session)
            usual = users_repo.usual_service_id(session, user_id)
            if usual in open_ids:
                return usual
            last = repo.last_service_of_reporter(session, user_id)
            return last if last in open_ids else None

    def deadlines(self, since: datetime, include_met: bool = False) -> builtins.list[DeadlineItem]:
        """Statutory notifications due, overdue (and optionally met) for incidents since a date."""
        self._ctx.require(Permission.VIEW_ALL_INCIDENTS, ENTITY)
        now = self._ctx.clock()
        with self._ctx.read() as session:
            candidates = repo.deadline_candidates(session, since)
        items = [item for candidate in candidates for item in assess(candidate, now)]
        order = {DeadlineState.OVERDUE: 0, DeadlineState.DUE: 1, DeadlineState.MET: 2}
        items.sort(key=lambda i: (order[i.state], i.requirement.due_by or i.occurred_at))
        return [i for i in items if include_met or i.state != DeadlineState.MET]

    def count(self, f: IncidentFilter) -> int:
        with self._ctx.read() as session:
            return repo.count_incidents(session, self._scoped(f))

    def _scoped(self, f: IncidentFilter) -> IncidentFilter:
        """Care staff see only their own reports, whatever filter the view asks for."""
        actor = self._ctx.actor
        if allowed(actor, Permission.VIEW_ALL_INCIDENTS):
            return f
        if not allowed(actor, Permission.VIEW_OWN_INCIDENTS):
            self._ctx.require(Permission.VIEW_OWN_INCIDENTS, ENTITY)
        return replace(f, reporter_id=actor.user_id if actor.user_id is not None else -1)

    # ------------------------------------------------------------------------------------------ writes
    def report(self, data: IncidentInput) -> IncidentDetail:
        """Record a new incident (status: reported). Raises ValidationError listing what to fix."""
        actor = self._ctx.require(Permission.REPORT_INCIDENT, ENTITY)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            ref = organisation.reference_data(session)
            validate_incident(data, ref, now)
            incident_id = self._insert(session, data, actor, now)
        logger.info("Incident %s reported", incident_id)
        return self.get(incident_id)

    def _insert(self, session, data: IncidentInput, actor: Actor, now: datetime, reference: str | None = None) -> int:  # type: ignore[no-untyped-def]
        assert data.occurred_at is not None
        if reference:
            repo.claim_reference(session, reference)
        else:
            reference = repo.next_reference(session, data.occurred_at.year)
        score = (
            risk_score(data.risk_consequence, data.risk_likelihood)
            if data.risk_consequence and data.risk_likelihood
            else None
        )
        incident_id = repo.insert_incident(
            session,
            data,
            reference=reference,
            shift=shift_for(data.occurred_at),
            risk_score=score,
            reporter_id=actor.user_id,
            reported_at=data.reported_at or now,
            now=now,
        )
        audit.append(session, actor, ENTITY, incident_id, "create", "reference", None, reference, at=now)
        return incident_id

    def load_many(self, items: Sequence[LoadItem]) -> builtins.list[str]:
        """Write many incidents in one transaction (imports, demo data): all or nothing.

        Every item is validated first; supplied references must be new. Returns the references written.
        """
        actor = self._ctx.require(Permission.EDIT_INCIDENT, ENTITY)
        with self._ctx.unit() as session:
            return self.load_in(session, items, actor)

    def load_in(
        self,
        session: Session,
        items: Sequence[LoadItem],
        actor: Actor,
        ids_out: builtins.list[int] | None = None,
    ) -> builtins.list[str]:
        """load_many inside the caller's transaction (the CSV import adds services and people first); the new
        incidents' ids are added to `ids_out` if given (the import records them in its batch)."""
        now = self._ctx.clock()
        ref_data = organisation.reference_data(session)
        problems: dict[int, dict[str, str]] = {}
        for index, item in enumerate(items):
            try:
                validate_incident(item.data, ref_data, now)
            except ValidationError as exc:
                problems[index] = exc.errors
        supplied = [it.reference for it in items if it.reference]
        taken = repo.existing_references(session, supplied)
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.reference and (item.reference in taken or item.reference in seen):
                problems.setdefault(index, {})["reference"] = f"Reference {item.reference} is already used."
            if item.reference:
                seen.add(item.reference)
        if problems:
            raise BulkValidationError(problems)
        references = self._references_for(session, items)
        bulk = []
        for item, reference in zip(items, references, strict=True):
            d = item.data
            assert d.occurred_at is not None
            bulk.append(
                repo.BulkIncident(
                    data=d,
                    reference=reference,
                    status=item.status,
                    shift=shift_for(d.occurred_at),
                    risk_score=risk_score(d.risk_consequence, d.risk_likelihood)
                    if d.risk_consequence and d.risk_likelihood
                    else None,
                    reporter_id=item.reporter_id,
                    reported_at=d.reported_at or now,
                    created_at=item.created_at or now,
                )
            )
        ids = repo.bulk_insert(session, bulk)
        if ids_out is not None:
            ids_out.extend(ids)
        audit.append_many(
            session,
            actor,
            [
                audit.NewAuditRecord(ENTITY, iid, "create", "reference", None, b.reference, b.created_at)
                for iid, b in zip(ids, bulk, strict=True)
            ],
            at=now,
        )
        logger.info("Loaded %d incidents", len(items))
        return references

    @staticmethod
    def _references_for(session, items: Sequence[LoadItem]) -> builtins.list[str]:  # type: ignore[no-untyped-def]
        for item in items:
            if item.reference:
                repo.claim_reference(session, item.reference)
        needed: dict[int, int] = {}
        for item in items:
            if not item.reference:
                assert item.data.occurred_at is not None
                needed[item.data.occurred_at.year] = needed.get(item.data.occurred_at.year, 0) + 1
        pools = {year: iter(repo.allocate_references(session, year, n)) for year, n in sorted(needed.items())}
        out = []
        for item in items:
            if item.reference:
                out.append(item.reference)
            else:
                assert item.data.occurred_at is not None
                out.append(next(pools[item.data.occurred_at.year]))
        return out

    def update(self, incident_id: int, data: IncidentInput, expected_version: int) -> IncidentDetail:
        """Save an edit. Audits each changed field (old -> new). Raises ConflictError if someone saved first."""
        actor = self._ctx.require(Permission.EDIT_INCIDENT, ENTITY, incident_id)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            ref = organisation.reference_data(session, include_inactive=True)
            validate_incident(data, ref, now)
            before = repo.get_detail(session, incident_id).data
            after = codec.stored(data)
            assert data.occurred_at is not None
            score = (
                risk_score(data.risk_consequence, data.risk_likelihood)
                if data.risk_consequence and data.risk_likelihood
                else None
            )
            repo.update_incident(
                session,
                incident_id,
                data,
                shift=shift_for(data.occurred_at),
                risk_score=score,
                expected_version=expected_version,
                now=now,
            )
            for f in fields(IncidentInput):
                old, new = getattr(before, f.name), getattr(after, f.name)
                if f.name == "reported_at" and new is None:
                    continue
                if f.name == "person_ids":
                    old, new = tuple(sorted(old)), tuple(sorted(new))
                if old != new:
                    audit.append(
                        session,
                        actor,
                        ENTITY,
                        incident_id,
                        "update",
                        f.name,
                        describe_value(f.name, old, ref),
                        describe_value(f.name, new, ref),
                        at=now,
                    )
        return self.get(incident_id)

    def set_status(self, incident_id: int, status: Status) -> Status:
        """Move an incident along reported -> under review -> actions in progress -> closed (audited)."""
        actor = self._ctx.require(Permission.REVIEW, ENTITY, incident_id)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            return move_status(session, actor, incident_id, status, now)


def move_status(
    session: Session, actor: Actor, incident_id: int, target: Status, now: datetime, strict: bool = True
) -> Status:
    """The one way an incident's status changes (by hand or because its review moved): checked against
    ALLOWED_TRANSITIONS and audited. Returns the status before. A move that is not allowed raises, or with
    strict=False is skipped (a review closing does not reopen an incident closed by hand)."""
    current = repo.get_detail(session, incident_id).status
    if target == current:
        return current
    if target not in ALLOWED_TRANSITIONS[current]:
        if not strict:
            return current
        raise ValidationError(
            {"status": f"An incident that is {current.label.lower()} cannot move to {target.label.lower()}."}
        )
    repo.set_status(session, incident_id, target, now)
    audit.append(session, actor, ENTITY, incident_id, "status", "status", current.label, target.label, at=now)
    return current
