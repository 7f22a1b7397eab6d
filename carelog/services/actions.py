"""Action board use cases: create, edit, move between columns, effectiveness check, and the board/pack list.

Every write needs Permission.MANAGE_ACTIONS and is audited in its own transaction (entity "action").

Read API used by other features (e.g. the inspection pack):
    list_actions(ActionFilter()) -> list[ActionSummary]
        one row per action with title, lead_name, due_date, overdue, status (ActionStatus; .column_title for the
        board's name), strength (ActionStrength; .label), review_id/review_title, service_id/service_name,
        completed_at, check_date, effect (EffectResult: before/after counts, rate per 30 days, % change, or None
        before any check; .describe() gives one plain-English line), conclusion (Conclusion or None) and
        conclusion_note. Ordered by status (board order), then due date.
    weak_reviews() -> list[Choice]: reviews whose actions are all "weaker" (DOMAIN.md section 4).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from carelog.core.action_dto import (
    BOARD_POSITION,
    OPEN_STATUSES,
    ActionDetail,
    ActionFilter,
    ActionInput,
    ActionStatus,
    ActionSummary,
    Choice,
    Conclusion,
)
from carelog.core.action_strength import weak_plans
from carelog.core.dto import Actor
from carelog.core.effectiveness import EffectResult, compare, windows
from carelog.core.errors import ConflictError, ValidationError
from carelog.core.permissions import Permission
from carelog.db.repositories import actions as repo
from carelog.db.repositories import audit
from carelog.db.repositories import incidents as incident_repo
from carelog.services.context import ServiceContext

logger = logging.getLogger(__name__)
ENTITY = "action"


class ActionService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def _today(self) -> date:
        return self._ctx.clock().date()

    # ------------------------------------------------------------------------------------------ reads
    def list_actions(self, f: ActionFilter | None = None) -> list[ActionSummary]:
        """Actions matching the filter (all when None); see the module docstring for the fields."""
        self._ctx.require(Permission.VIEW_ALL_INCIDENTS, ENTITY)
        f = f or ActionFilter()
        today = f.today or self._today()
        with self._ctx.read() as session:
            rows = repo.list_actions(session, f, today)
        return sorted(rows, key=lambda a: BOARD_POSITION[a.status])  # stable: keeps the due-date order within a column

    def get(self, action_id: int) -> ActionDetail:
        self._ctx.require(Permission.VIEW_ALL_INCIDENTS, ENTITY, action_id)
        with self._ctx.read() as session:
            d = repo.detail(session, action_id, self._today())
            return replace(d, audit=audit.history(session, ENTITY, action_id))

    def lead_names(self) -> list[str]:
        with self._ctx.read() as session:
            return repo.lead_names(session)

    def staff(self) -> list[Choice]:
        """Active staff accounts, for choosing a lead (a name can also be typed)."""
        with self._ctx.read() as session:
            return repo.staff_choices(session)

    def reviews(self) -> list[Choice]:
        with self._ctx.read() as session:
            return repo.review_choices(session)

    def factors(self, review_id: int) -> list[Choice]:
        """Contributing factors recorded in a review, for linking an action to the factor it addresses."""
        with self._ctx.read() as session:
            return repo.factor_choices(session, review_id)

    def resolve_references(self, references: Sequence[str]) -> tuple[int, ...]:
        """Incident ids for references typed by the user; ValidationError naming any not found."""
        wanted = [r.strip().upper() for r in references if r.strip()]
        with self._ctx.read() as session:
            found = incident_repo.incident_ids_by_reference(session, wanted)
        missing = [r for r in wanted if r not in found]
        if missing:
            raise ValidationError({"incidents": f"No incident with reference {', '.join(missing)}: check it."})
        return tuple(dict.fromkeys(found[r] for r in wanted))

    def weak_reviews(self) -> list[Choice]:
        """Reviews whose action plan is made only of weaker actions."""
        with self._ctx.read() as session:
            weak = weak_plans(repo.review_strengths(session))
            return [c for c in repo.review_choices(session) if c.id in weak]

    def preview_check(self, action_id: int, check_date: date) -> EffectResult:
        """Compare matching incidents before and after completion up to check_date (nothing saved)."""
        with self._ctx.unit() as session:
            row = repo.locked_row(session, action_id)
            if row.completed_at is None:
                raise ValidationError({"check_date": "This action is not done yet: move it to Done first."})
            if check_date <= row.completed_at.date():
                raise ValidationError({"check_date": "Choose a check date after the date the action was done."})
            w = windows(row.completed_at, check_date)
            before, after = repo.matching_counts(session, action_id, w.before_start, w.split, w.after_end)
        return compare(before, after, w.days)

    # ------------------------------------------------------------------------------------------ writes
    def create(self, data: ActionInput, status: ActionStatus = ActionStatus.TO_DO) -> ActionSummary:
        """Add an action (To do by default). Raises ValidationError listing what to fix."""
        actor = self._ctx.require(Permission.MANAGE_ACTIONS, ENTITY)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            action_id = self.create_in(session, actor, data, now, status)
            summary = repo.summary(session, action_id, now.date())
        logger.info("Action %s created", action_id)
        return summary

    def create_in(
        self,
        session: Session,
        actor: Actor,
        data: ActionInput,
        now: datetime,
        status: ActionStatus = ActionStatus.TO_DO,
    ) -> int:
        """Validate and add an action inside the caller's unit of work, audited there (a governance meeting's
        decision becomes an action in the same transaction). The caller has checked MANAGE_ACTIONS."""
        data = self._validated(session, data)
        action_id = repo.insert_action(session, data, status, now)
        audit.append(session, actor, ENTITY, action_id, "create", "title", None, data.title, at=now)
        return action_id

    def create_many(self, items: Sequence[tuple[ActionInput, ActionStatus, datetime | None]]) -> list[int]:
        """Add many actions in one transaction (demo data, benchmarks): (input, status, completed_at) each."""
        actor = self._ctx.require(Permission.MANAGE_ACTIONS, ENTITY)
        now = self._ctx.clock()
        ids = []
        with self._ctx.unit() as session:
            for data, status, completed_at in items:
                data = self._validated(session, data)
                action_id = repo.insert_action(session, data, status, now)
                if completed_at is not None:
                    repo.locked_row(session, action_id).completed_at = completed_at
                audit.append(session, actor, ENTITY, action_id, "create", "title", None, data.title, at=now)
                ids.append(action_id)
        return ids

    def update(self, action_id: int, data: ActionInput, version: int) -> ActionSummary:
        """Save an edited action; each changed field is audited. ConflictError if it changed meanwhile."""
        actor = self._ctx.require(Permission.MANAGE_ACTIONS, ENTITY, action_id)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            data = self._validated(session, data)
            old = repo.input_of(session, repo.locked_row(session, action_id, version))
            repo.update_action(session, action_id, data, version, now)
            for fld in fields(ActionInput):
                before, after = getattr(old, fld.name), getattr(data, fld.name)
                if before != after:
                    audit.append(
                        session, actor, ENTITY, action_id, "update", fld.name, _text(before), _text(after), at=now
                    )
            return repo.summary(session, action_id, now.date())

    def move(self, action_id: int, to_status: ActionStatus, from_status: ActionStatus | None = None) -> ActionSummary:
        """Move a card to another column, saved and audited at once.

        Moving to Done records the completion time; moving back to To do / In progress clears it (the last
        conclusion is kept). Verified effective needs an effectiveness check concluded "effective"
        (record_check does that move itself). from_status, when given, guards against a stale board.
        """
        actor = self._ctx.require(Permission.MANAGE_ACTIONS, ENTITY, action_id)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            row = repo.locked_row(session, action_id)
            current = ActionStatus(row.status)
            if from_status is not None and current != from_status:
                raise ConflictError(
                    f"This action is already in {current.column_title} (someone else moved it). The board is refreshed."
                )
            if current == to_status:
                return repo.summary(session, action_id, now.date())
            if to_status == ActionStatus.VERIFIED and (
                current != ActionStatus.DONE or row.conclusion != Conclusion.EFFECTIVE.value
            ):
                raise ValidationError(
                    {
                        "status": "Only a done action whose effectiveness check concluded it worked can be verified. "
                        "Use Check effectiveness… on a card in Done (awaiting check)."
                    }
                )
            self._set_status(session, actor, row, current, to_status, now)
            return repo.summary(session, action_id, now.date())

    def record_check(
        self,
        action_id: int,
        check_date: date,
        conclusion: Conclusion,
        note: str = "",
        reopen_to: ActionStatus = ActionStatus.IN_PROGRESS,
    ) -> ActionSummary:
        """Record the effectiveness check: the app counts matching incidents in equal windows before and after
        completion, the manager concludes. Effective -> Verified effective; not effective -> reopened (To do or
        In progress, conclusion kept); too early -> stays in Done."""
        actor = self._ctx.require(Permission.MANAGE_ACTIONS, ENTITY, action_id)
        if conclusion == Conclusion.NOT_EFFECTIVE and not note.strip():
            raise ValidationError(
                {"note": "Say why it did not work and what will change, so the reopened action has a new plan."}
            )
        if reopen_to not in OPEN_STATUSES:
            raise ValidationError({"reopen_to": "Reopen to To do or In progress."})
        effect = self.preview_check(action_id, check_date)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            row = repo.locked_row(session, action_id)
            current = ActionStatus(row.status)
            if current not in (ActionStatus.DONE, ActionStatus.VERIFIED):
                raise ValidationError({"status": "Check effectiveness once the action is in Done (awaiting check)."})
            old_conclusion = Conclusion(row.conclusion).label if row.conclusion else ""
            row.check_date = check_date
            row.window_days, row.before_count, row.after_count = (
                effect.window_days,
                effect.before_count,
                effect.after_count,
            )
            row.conclusion, row.conclusion_note = conclusion.value, note.strip()
            row.updated_at = now
            row.version += 1
            audit.append(session, actor, ENTITY, action_id, "check", "effect", None, effect.describe(), at=now)
            audit.append(
                session, actor, ENTITY, action_id, "check", "conclusion", old_conclusion, conclusion.label, at=now
            )
            if conclusion == Conclusion.EFFECTIVE and current != ActionStatus.VERIFIED:
                self._set_status(session, actor, row, current, ActionStatus.VERIFIED, now)
            elif conclusion == Conclusion.TOO_EARLY and current == ActionStatus.VERIFIED:
                self._set_status(session, actor, row, current, ActionStatus.DONE, now)
            elif conclusion == Conclusion.NOT_EFFECTIVE:
                row.reopened_count += 1
                self._set_status(session, actor, row, current, reopen_to, now)
            return repo.summary(session, action_id, now.date())

    # ------------------------------------------------------------------------------------------ helpers
    @staticmethod
    def _set_status(session, actor, row, current: ActionStatus, to: ActionStatus, now: datetime) -> None:  # type: ignore[no-untyped-def]
        row.status = to.value
        if to == ActionStatus.DONE and current in OPEN_STATUSES:
            row.completed_at = now
        elif to in OPEN_STATUSES:
            row.completed_at = None
        row.updated_at = now
        row.version += 1
        audit.append(session, actor, ENTITY, row.id, "move", "status", current.column_title, to.column_title, at=now)

    def _validated(self, session, data: ActionInput) -> ActionInput:  # type: ignore[no-untyped-def]
        errors: dict[str, str] = {}
        data = replace(data, title=data.title.strip(), lead_name=data.lead_name.strip())
        if not data.title:
            errors["title"] = "Give the action a short title saying what will change."
        elif len(data.title) > 200:
            errors["title"] = "Keep the title under 200 characters; put the detail in the description."
        if data.lead_id is not None and not repo.user_exists(session, data.lead_id):
            errors["lead"] = "That staff account no longer exists: choose another lead or type a name."
        if not data.lead_name:
            errors["lead"] = "Name the person who leads this action."
        if data.due_date is None:
            errors["due_date"] = "Choose a due date."
        if data.strength is None:
            errors["strength"] = "Choose how strong the action is (stronger, intermediate or weaker)."
        if data.service_id is not None and not repo.service_exists(session, data.service_id):
            errors["service"] = "That service no longer exists."
        if data.review_id is not None and not repo.review_exists(session, data.review_id):
            errors["review"] = "That review no longer exists."
        if data.factor_id is not None:
            if data.review_id is None or repo.factor_review(session, data.factor_id) != data.review_id:
                errors["factor"] = "Choose a contributing factor from the linked review."
        missing = set(data.incident_ids) - repo.existing_incident_ids(session, data.incident_ids)
        if missing:
            errors["incidents"] = "Some linked incidents no longer exist: remove them and save again."
        if errors:
            raise ValidationError(errors)
        return data


def _text(value: object) -> object:
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    label = getattr(value, "label", None)
    return label if isinstance(label, str) else value
