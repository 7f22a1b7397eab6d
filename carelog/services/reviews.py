"""Learning reviews (issue 3): open a review for one incident or a group, record why it happened, sign it off.

API used by other pages and the inspection pack:
    list_reviews(status=None, text="") -> list[ReviewSummary]   newest first
    get(review_id) -> ReviewDetail                                the whole review (see core.review_dto), with audit
    open_review(incident_ids, title, response_type=None) -> ReviewDetail
    save(review_id, ReviewInput, expected_version) -> ReviewDetail   (open reviews only)
    sign_off(review_id, expected_version) -> ReviewDetail          (Permission.SIGN_OFF_REVIEW)
    reopen(review_id, expected_version) -> ReviewDetail            (Permission.SIGN_OFF_REVIEW)
    save_case_study(review_id, CaseStudy, expected_version) -> ReviewDetail
    add_learning_shared(review_id, LearningSharedInput) / remove_learning_shared(review_id, shared_id)
    suggested_groupings(...) -> list[Grouping]

Review status drives incident status, in the same transaction as the review change (audited on each incident):
- opening a review (or reopening one) moves its incidents to "under review";
- signing off moves them to "actions in progress" when improvement actions are linked to the review, or to
  "closed" when no actions are planned. An incident also covered by another review that is still open stays
  "under review" until that review is signed off too.
"""

from __future__ import annotations

import builtins
import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from carelog.core.dto import Actor
from carelog.core.enums import Status
from carelog.core.errors import NotFoundError, ValidationError
from carelog.core.factors import is_known, prompt
from carelog.core.groupings import Grouping, suggest_groupings
from carelog.core.permissions import Permission
from carelog.core.review_dto import (
    CaseStudy,
    LearningSharedInput,
    ParticipantInput,
    ResponseType,
    ReviewDetail,
    ReviewInput,
    ReviewStatus,
    ReviewSummary,
)
from carelog.db.repositories import audit
from carelog.db.repositories import incidents as incident_repo
from carelog.db.repositories import reviews as repo
from carelog.services.context import ServiceContext
from carelog.services.incidents import move_status

logger = logging.getLogger(__name__)
ENTITY = "review"
MAX_TITLE = 200


def _clean_lines(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(s.strip() for s in items if s.strip())


def _describe_participants(parts: Sequence[ParticipantInput]) -> str:
    return "; ".join(f"{p.name} ({p.role or p.kind.label})" for p in parts)


class ReviewService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    # ------------------------------------------------------------------------------------------ reads
    def list_reviews(self, status: ReviewStatus | None = None, text: str = "") -> builtins.list[ReviewSummary]:
        self._ctx.require(Permission.REVIEW, ENTITY)
        with self._ctx.read() as session:
            return repo.list_summaries(session, status, text)

    def get(self, review_id: int, with_audit: bool = True) -> ReviewDetail:
        self._ctx.require(Permission.REVIEW, ENTITY, review_id)
        with self._ctx.read() as session:
            detail = repo.get_detail(session, review_id)
            if with_audit:
                detail = replace(detail, audit=audit.history(session, ENTITY, review_id))
            return detail

    def suggested_groupings(
        self,
        days: int = 120,
        window_days: int = 28,
        min_size: int = 3,
        as_of: datetime | None = None,
        limit: int = 20,
    ) -> builtins.list[Grouping]:
        """Incidents of the last `days` days, not yet in any review, that may belong together."""
        self._ctx.require(Permission.REVIEW, ENTITY)
        until = as_of or self._ctx.clock()
        with self._ctx.read() as session:
            candidates = repo.grouping_candidates(session, until - timedelta(days=days), until)
        return suggest_groupings(candidates, window_days=window_days, min_size=min_size, limit=limit)

    # ------------------------------------------------------------------------------------------ writes
    def open_review(
        self, incident_ids: Sequence[int], title: str, response_type: ResponseType | None = None
    ) -> ReviewDetail:
        """Open a review of one incident or several (a thematic review); its incidents go under review."""
        actor = self._ctx.require(Permission.REVIEW, ENTITY)
        ids = sorted(set(incident_ids))
        errors: dict[str, str] = {}
        if not ids:
            errors["incidents"] = "Choose at least one incident to review."
        if not title.strip():
            errors["title"] = "Give the review a title, for example 'Falls in the main lounge, autumn'."
        elif len(title.strip()) > MAX_TITLE:
            errors["title"] = f"Keep the title under {MAX_TITLE} characters."
        if errors:
            raise ValidationError(errors)
        kind = response_type or (ResponseType.THEMATIC_REVIEW if len(ids) > 1 else ResponseType.AFTER_ACTION_REVIEW)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            review_id = self.open_in(session, actor, ids, title.strip(), kind, now)
        return self.get(review_id)

    def open_in(
        self, session: Session, actor: Actor, ids: Sequence[int], title: str, kind: ResponseType, now: datetime
    ) -> int:
        """open_review inside the caller's transaction (triage opens its learning response with its own write);
        the caller has checked Permission.REVIEW and the title."""
        for iid in ids:
            incident_repo.get_detail(session, iid)  # raises NotFoundError for a missing incident
        review_id = repo.insert_review(session, title, kind, ids, actor.name, now)
        audit.append(session, actor, ENTITY, review_id, "create", "title", None, title, at=now)
        audit.append(session, actor, ENTITY, review_id, "create", "response_type", None, kind.label, at=now)
        refs = [incident_repo.get_detail(session, iid).reference for iid in ids]
        audit.append(session, actor, ENTITY, review_id, "create", "incidents", None, ", ".join(refs), at=now)
        self._move_incidents(session, actor, ids, Status.UNDER_REVIEW, now)
        logger.info("Review %s opened for %d incident(s)", review_id, len(ids))
        return review_id

    def save(self, review_id: int, data: ReviewInput, expected_version: int) -> ReviewDetail:
        """Save the workspace of an open review. Audits each changed part (old -> new)."""
        actor = self._ctx.require(Permission.REVIEW, ENTITY, review_id)
        data = self._validated(data)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            before = repo.get_detail(session, review_id)
            if before.is_signed_off:
                raise ValidationError({"status": "This review is signed off. Reopen it before changing it."})
            repo.save_content(session, review_id, data, expected_version, now)
            self._audit_changes(session, actor, review_id, before.to_input(), data, now)
        return self.get(review_id)

    def sign_off(self, review_id: int, expected_version: int) -> ReviewDetail:
        """Sign off a review (managers only). Its incidents move on: see the module docstring."""
        actor = self._ctx.require(Permission.SIGN_OFF_REVIEW, ENTITY, review_id)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            detail = repo.get_detail(session, review_id)
            if detail.is_signed_off:
                raise ValidationError({"status": "This review is already signed off."})
            errors: dict[str, str] = {}
            if not detail.findings.strip():
                errors["findings"] = "Write the findings before signing off."
            if not detail.learning_points:
                errors["learning_points"] = "Add at least one learning point before signing off."
            if not detail.factors and not detail.what_went_well.strip():
                errors["factors"] = "Tick the contributing factors (or say what went well) before signing off."
            if errors:
                raise ValidationError(errors)
            repo.set_signed_off(session, review_id, expected_version, actor, now)
            audit.append(session, actor, ENTITY, review_id, "status", "status", "Open", "Signed off", at=now)
            planned = repo.planned_action_count(session, review_id)
            target = Status.ACTIONS_IN_PROGRESS if planned else Status.CLOSED
            ids = [i.id for i in detail.incidents]
            still_open = repo.in_other_open_reviews(session, ids, review_id)
            self._move_incidents(session, actor, [i for i in ids if i not in still_open], target, now)
        logger.info("Review %s signed off", review_id)
        return self.get(review_id)

    def reopen(self, review_id: int, expected_version: int) -> ReviewDetail:
        """Reopen a signed-off review (managers only); its incidents go back under review."""
        actor = self._ctx.require(Permission.SIGN_OFF_REVIEW, ENTITY, review_id)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            detail = repo.get_detail(session, review_id)
            if not detail.is_signed_off:
                raise ValidationError({"status": "This review is already open."})
            repo.reopen(session, review_id, expected_version, now)
            audit.append(session, actor, ENTITY, review_id, "status", "status", "Signed off", "Open", at=now)
            self._move_incidents(session, actor, [i.id for i in detail.incidents], Status.UNDER_REVIEW, now)
        return self.get(review_id)

    def save_case_study(self, review_id: int, case: CaseStudy, expected_version: int) -> ReviewDetail:
        """The four-part case study (context, learning process, improvement actions, outcome)."""
        actor = self._ctx.require(Permission.REVIEW, ENTITY, review_id)
        case = CaseStudy(
            case.context.strip(), case.learning_process.strip(), case.improvement_actions.strip(), case.outcome.strip()
        )
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            before = repo.get_detail(session, review_id).case_study
            repo.save_case_study(session, review_id, case, expected_version, now)
            for name in ("context", "learning_process", "improvement_actions", "outcome"):
                old, new = getattr(before, name), getattr(case, name)
                if old != new:
                    audit.append(session, actor, ENTITY, review_id, "update", f"case_study.{name}", old, new, at=now)
        return self.get(review_id)

    def add_learning_shared(self, review_id: int, record: LearningSharedInput) -> ReviewDetail:
        """Record how a learning point reached staff (allowed after sign-off too: sharing often comes later)."""
        actor = self._ctx.require(Permission.REVIEW, ENTITY, review_id)
        now = self._ctx.clock()
        errors: dict[str, str] = {}
        if not record.learning_point.strip():
            errors["learning_point"] = "Choose the learning point that was shared."
        if record.shared_on is None:
            errors["shared_on"] = "Enter the date it was shared."
        elif record.shared_on > now.date():
            errors["shared_on"] = "The date shared cannot be in the future."
        if errors:
            raise ValidationError(errors)
        record = replace(
            record,
            learning_point=record.learning_point.strip(),
            shared_by=record.shared_by.strip(),
            confirmed_by=_clean_lines(record.confirmed_by),
            note=record.note.strip(),
        )
        with self._ctx.unit() as session:
            shared_id = repo.add_learning_shared(session, review_id, record, actor.name, now)
            when = record.shared_on.isoformat() if record.shared_on else ""
            text = f"{record.method.label} on {when}: {record.learning_point}"
            if record.confirmed_by:
                text += f" (read by {', '.join(record.confirmed_by)})"
            field = f"learning_shared.{shared_id}"
            audit.append(session, actor, ENTITY, review_id, "create", field, None, text, at=now)
        return self.get(review_id)

    def remove_learning_shared(self, review_id: int, shared_id: int) -> ReviewDetail:
        actor = self._ctx.require(Permission.REVIEW, ENTITY, review_id)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            gone = repo.remove_learning_shared(session, review_id, shared_id, now)
            old = f"{gone.method.label}: {gone.learning_point}"
            audit.append(session, actor, ENTITY, review_id, "delete", f"learning_shared.{shared_id}", old, None, at=now)
        return self.get(review_id)

    # ------------------------------------------------------------------------------------------ helpers
    @staticmethod
    def _validated(data: ReviewInput) -> ReviewInput:
        errors: dict[str, str] = {}
        title = data.title.strip()
        if not title:
            errors["title"] = "Give the review a title."
        elif len(title) > MAX_TITLE:
            errors["title"] = f"Keep the title under {MAX_TITLE} characters."
        unknown = [f.prompt_code for f in data.factors if not is_known(f.prompt_code)]
        if unknown:
            errors["factors"] = f"Unknown contributing factor: {', '.join(unknown)}."
        codes = [f.prompt_code for f in data.factors]
        if len(codes) != len(set(codes)):
            errors["factors"] = "A contributing factor is ticked twice."
        parts = tuple(replace(p, name=p.name.strip(), role=p.role.strip()) for p in data.participants)
        if any(not p.name for p in parts):
            errors["participants"] = "Each person who took part needs a name (or a role such as 'Daughter')."
        if errors:
            raise ValidationError(errors)
        return replace(
            data,
            title=title,
            factors=tuple(replace(f, note=f.note.strip()) for f in data.factors),
            problem_statement=data.problem_statement.strip(),
            whys=_clean_lines(data.whys),
            what_went_well=data.what_went_well.strip(),
            findings=data.findings.strip(),
            learning_points=_clean_lines(data.learning_points),
            participants=parts,
        )

    @staticmethod
    def _audit_changes(
        session: Session, actor: Actor, review_id: int, old: ReviewInput, new: ReviewInput, now: datetime
    ) -> None:
        def log(field: str, before: object, after: object, action: str = "update") -> None:
            audit.append(session, actor, ENTITY, review_id, action, field, before, after, at=now)

        for name in ("title", "problem_statement", "what_went_well", "findings"):
            if getattr(old, name) != getattr(new, name):
                log(name, getattr(old, name), getattr(new, name))
        if old.response_type != new.response_type:
            log("response_type", old.response_type.label, new.response_type.label)
        before = {f.prompt_code: f.note for f in old.factors}
        after = {f.prompt_code: f.note for f in new.factors}
        for code in before.keys() - after.keys():
            log(f"factor.{code}", prompt(code).text if is_known(code) else code, None, "delete")
        for code in after.keys() - before.keys():
            log(f"factor.{code}", None, prompt(code).text + (f" ({after[code]})" if after[code] else ""), "create")
        for code in after.keys() & before.keys():
            if before[code] != after[code]:
                log(f"factor.{code}.note", before[code], after[code])
        if old.whys != new.whys:
            log("whys", " / ".join(old.whys), " / ".join(new.whys))
        if old.learning_points != new.learning_points:
            log("learning_points", " / ".join(old.learning_points), " / ".join(new.learning_points))
        if old.participants != new.participants:
            log("participants", _describe_participants(old.participants), _describe_participants(new.participants))

    @staticmethod
    def _move_incidents(session: Session, actor: Actor, ids: Sequence[int], target: Status, now: datetime) -> None:
        """Move each linked incident's status the one audited way (incidents.move_status); skip moves not allowed."""
        for iid in ids:
            try:
                move_status(session, actor, iid, target, now, strict=False)
            except NotFoundError:
                continue
