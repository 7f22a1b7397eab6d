"""Triage use cases (issue 14): the manager's review of every incident, in one audited transaction.

    get(incident_id) -> Triage | None
    targets() -> (standard hours, hours for moderate harm or worse)
    triage(incident_id, TriageInput, expected_version) -> Triage

A triage confirms or corrects the incident's harm and risk rating (a correction is written to the incident and
audited field by field), records the care plan / risk assessment answers and the notifications check, and the
next steps. A learning response opens a review in the same transaction, so either both are saved or neither.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from carelog.core.enums import PhysicalHarm
from carelog.core.errors import ConflictError, ValidationError
from carelog.core.permissions import Permission
from carelog.core.review_dto import ResponseType
from carelog.core.risk import risk_score
from carelog.core.settings import TRIAGE_TARGET_HOURS, TRIAGE_TARGET_HOURS_SERIOUS
from carelog.core.triage import CheckAnswer, Triage, TriageDecision, TriageInput, target_hours, validate_triage
from carelog.db.repositories import audit
from carelog.db.repositories import triage as repo
from carelog.services.context import ServiceContext
from carelog.services.reviews import ReviewService
from carelog.services.settings import read_int

logger = logging.getLogger(__name__)
ENTITY = "incident"  # triage is part of the incident's record and history


class TriageService:
    def __init__(self, ctx: ServiceContext, reviews: ReviewService) -> None:
        self._ctx = ctx
        self._reviews = reviews

    def get(self, incident_id: int) -> Triage | None:
        self._ctx.require(Permission.VIEW_ALL_INCIDENTS, ENTITY, incident_id)
        with self._ctx.read() as session:
            return repo.get(session, incident_id)

    def targets(self) -> tuple[int, int]:
        with self._ctx.read() as session:
            return read_int(session, TRIAGE_TARGET_HOURS), read_int(session, TRIAGE_TARGET_HOURS_SERIOUS)

    def triage(self, incident_id: int, data: TriageInput, expected_version: int | None = None) -> Triage:
        """Save the triage. Raises ValidationError (what to fix), ConflictError (already triaged, or the record
        changed since it was opened), PermissionDenied (care staff)."""
        actor = self._ctx.require(Permission.TRIAGE, ENTITY, incident_id)
        data = validate_triage(data)
        opens_review = TriageDecision.LEARNING_RESPONSE in data.decisions
        if opens_review:
            self._ctx.require(Permission.REVIEW, "review")
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            row = repo.locked_incident(session, incident_id)
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(
                    f"{row.reference} was changed by someone else while you were triaging it. Close the record, "
                    "reopen it and triage again."
                )
            if row.reported_at > now:
                raise ValidationError({"reported_at": "This report is dated in the future: correct it first."})
            standard, serious = read_int(session, TRIAGE_TARGET_HOURS), read_int(session, TRIAGE_TARGET_HOURS_SERIOUS)
            recorded = PhysicalHarm(row.physical_harm)
            score = (
                risk_score(data.risk_consequence, data.risk_likelihood)
                if data.risk_consequence and data.risk_likelihood
                else None
            )
            hours = target_hours(recorded, standard, serious)
            triage_id = repo.insert(
                session,
                row,
                data,
                harm_recorded=recorded,
                risk_score=score,
                actor_id=actor.user_id,
                actor_name=actor.name,
                target_hours=hours,
                now=now,
            )
            corrections = {
                "physical_harm": (recorded.label, data.physical_harm.label),
                "risk_consequence": (row.risk_consequence, data.risk_consequence),
                "risk_likelihood": (row.risk_likelihood, data.risk_likelihood),
                "risk_assessment_reviewed": (row.risk_assessment_reviewed, data.risk_assessment == CheckAnswer.YES),
                "care_plan_reviewed": (row.care_plan_reviewed, data.care_plan == CheckAnswer.YES),
            }
            changed = {k: v for k, v in corrections.items() if v[0] != v[1]}
            if changed:
                row.physical_harm = data.physical_harm.value
                row.risk_consequence, row.risk_likelihood, row.risk_score = (
                    data.risk_consequence,
                    data.risk_likelihood,
                    score,
                )
                row.risk_assessment_reviewed = data.risk_assessment == CheckAnswer.YES
                row.care_plan_reviewed = data.care_plan == CheckAnswer.YES
            row.updated_at = now
            row.version += 1
            for name, (old, new) in changed.items():
                audit.append(session, actor, ENTITY, incident_id, "update", name, old, new, at=now)
            assert data.care_plan is not None and data.risk_assessment is not None
            within = now <= row.reported_at + timedelta(hours=hours)
            log = [
                ("decision", _labels(data)),
                ("care_plan", data.care_plan.label),
                ("risk_assessment", data.risk_assessment.label),
                ("notifications_checked", "yes"),
                ("target", f"{hours} hours, {'met' if within else 'missed'}"),
            ]
            if data.reason:
                log.append(("reason", data.reason))
            for name, value in log:
                audit.append(session, actor, ENTITY, incident_id, "triage", name, None, value, at=now)
            if opens_review:
                kind = data.response_type or ResponseType.AFTER_ACTION_REVIEW
                review_id = self._reviews.open_in(session, actor, [incident_id], data.review_title, kind, now)
                repo.set_review(session, triage_id, review_id)
            saved = repo.get(session, incident_id)
        logger.info("Incident %s triaged", incident_id)
        assert saved is not None
        return saved

    def record_many(self, items: Sequence[tuple[int, TriageInput, datetime]]) -> int:
        """Record many past triages in one transaction (demo data, imports): (incident id, input, when) each.

        Harm and risk are taken as confirmed (nothing is written back to the incidents); a learning response is
        linked to the newest review already covering the incident. Incidents already triaged are skipped.
        Returns how many were recorded."""
        actor = self._ctx.require(Permission.TRIAGE, ENTITY)
        checked = [(iid, validate_triage(data), at) for iid, data, at in items]
        with self._ctx.unit() as session:
            standard, serious = read_int(session, TRIAGE_TARGET_HOURS), read_int(session, TRIAGE_TARGET_HOURS_SERIOUS)
            done = repo.triaged_incident_ids(session, [iid for iid, _d, _a in checked])
            todo = [(iid, d, at) for iid, d, at in checked if iid not in done]
            reviews = repo.latest_reviews(
                session, [iid for iid, d, _a in todo if TriageDecision.LEARNING_RESPONSE in d.decisions]
            )
            rows = repo.bulk_insert(session, todo, actor, reviews, standard, serious)
            audit.append_many(
                session,
                actor,
                [
                    audit.NewAuditRecord(
                        ENTITY, iid, "triage", "decision", None, "; ".join(x.label for x in d.decisions), at
                    )
                    for iid, d, at in rows
                ],
                at=self._ctx.clock(),
            )
        return len(rows)


def _labels(data: TriageInput) -> str:
    return "; ".join(d.label for d in data.decisions)
