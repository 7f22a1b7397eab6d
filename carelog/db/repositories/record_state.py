"""The audited state of each record, digested so the audit trail can vouch for the records themselves.

Each audited aggregate (incident, review, action, user account, list items) is described once here: which
columns of its table and which child rows make up its state. Bookkeeping that changes without an audited event
(version counters, updated_at, sign-in counters, links that the database clears by itself) is left out.
Columns are listed explicitly: a column added by a later migration is covered only once it is listed here (and
the records are then re-bound with a marked audit entry), so adding a column never makes every record look
tampered with.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.orm import Session

from carelog.core.audit_chain import record_digest
from carelog.db.models import (
    CategoryRow,
    IncidentPersonRow,
    IncidentRow,
    LocationRow,
    NotificationRow,
    PersonRow,
    ServiceRow,
    SubcategoryRow,
    UserRow,
)
from carelog.db.models.actions import ActionIncidentRow, ActionRow
from carelog.db.models.governance import MeetingAttendeeRow, MeetingDecisionRow, MeetingItemRow, MeetingRow
from carelog.db.models.imports import ImportBatchRecordRow, ImportBatchRow
from carelog.db.models.reviews import (
    ReviewFactorRow,
    ReviewIncidentRow,
    ReviewLearningPointRow,
    ReviewLearningSharedRow,
    ReviewParticipantRow,
    ReviewRow,
    ReviewWhyRow,
)
from carelog.db.models.shared_learning import SharedLearningDiscussionRow, SharedLearningRow

_IN_CHUNK = 500  # ids per IN (...) list: well under SQLite's oldest limit of 999 parameters


@dataclass(frozen=True)
class ChildSpec:
    key: str
    table: Table
    parent: str
    columns: tuple[str, ...]
    order_by: tuple[str, ...]


@dataclass(frozen=True)
class RecordSpec:
    entity: str
    table: Table
    columns: tuple[str, ...]
    label: str | None = None  # a column that names the record without personal data (reference, ID code)
    children: tuple[ChildSpec, ...] = ()


def _t(model: type) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SPECS: dict[str, RecordSpec] = {
    spec.entity: spec
    for spec in (
        RecordSpec(
            "incident",
            _t(IncidentRow),
            _names(
                "reference kind category_id subcategory_id occurred_at reported_at reporter_id reporter_name "
                "service_id location_id account immediate_action witnesses injury body_sites post_fall_observations "
                "physical_harm psychological_harm risk_consequence risk_likelihood risk_score status shift "
                "risk_assessment_reviewed care_plan_reviewed created_at"
            ),
            label="reference",
            children=(
                ChildSpec("people", _t(IncidentPersonRow), "incident_id", ("person_id",), ("person_id",)),
                ChildSpec(
                    "notifications", _t(NotificationRow), "incident_id", _names("kind made_at reference note"), ("id",)
                ),
            ),
        ),
        RecordSpec(
            "review",
            _t(ReviewRow),
            _names(
                "title response_type status created_at findings created_by problem_statement what_went_well "
                "signed_off_by_id signed_off_by signed_off_at case_context case_learning_process "
                "case_improvement_actions case_outcome"
            ),
            children=(
                ChildSpec("incidents", _t(ReviewIncidentRow), "review_id", ("incident_id",), ("incident_id",)),
                ChildSpec(
                    "factors",
                    _t(ReviewFactorRow),
                    "review_id",
                    _names("prompt_code seips_heading ycff_domain note"),
                    ("prompt_code",),
                ),
                ChildSpec("whys", _t(ReviewWhyRow), "review_id", ("position", "answer"), ("position",)),
                ChildSpec(
                    "learning_points", _t(ReviewLearningPointRow), "review_id", ("position", "text"), ("position",)
                ),
                ChildSpec("participants", _t(ReviewParticipantRow), "review_id", ("name", "kind", "role"), ("id",)),
                ChildSpec(
                    "learning_shared",
                    _t(ReviewLearningSharedRow),
                    "review_id",
                    _names("learning_point method shared_on shared_by confirmed_by note recorded_at recorded_by"),
                    ("id",),
                ),
            ),
        ),
        RecordSpec(
            "action",
            _t(ActionRow),
            # lead_id, review_id and factor_id are left out: the database clears them itself (ON DELETE SET NULL)
            _names(
                "title description lead_name due_date status strength service_id evidence_note evidence_path "
                "completed_at check_date window_days before_count after_count conclusion conclusion_note "
                "reopened_count created_at"
            ),
            children=(ChildSpec("incidents", _t(ActionIncidentRow), "action_id", ("incident_id",), ("incident_id",)),),
        ),
        RecordSpec(
            "meeting",
            _t(MeetingRow),
            _names("held_on service_id notes created_at"),
            children=(
                # the attendee's account link is left out: the database clears it itself (ON DELETE SET NULL)
                ChildSpec("attendees", _t(MeetingAttendeeRow), "meeting_id", ("position", "name"), ("position",)),
                ChildSpec(
                    "items",
                    _t(MeetingItemRow),
                    "meeting_id",
                    _names("position kind record_id label note"),
                    ("position",),
                ),
                ChildSpec(
                    "decisions", _t(MeetingDecisionRow), "meeting_id", _names("position text action_id"), ("id",)
                ),
            ),
        ),
        # sign-in counters and times change at every sign-in and are left out; the PIN/password hash is covered
        RecordSpec("user", _t(UserRow), _names("username display_name role secret_hash secret_kind active created_at")),
        RecordSpec("service", _t(ServiceRow), _names("name service_type beds active")),
        RecordSpec("location", _t(LocationRow), _names("service_id name active")),
        RecordSpec("person", _t(PersonRow), _names("code display_name service_id active"), label="code"),
        RecordSpec("category", _t(CategoryRow), _names("name position active")),
        RecordSpec("subcategory", _t(SubcategoryRow), _names("category_id name active")),
        # review_id is left out: the database clears it itself (ON DELETE SET NULL)
        RecordSpec(
            "shared_learning",
            _t(SharedLearningRow),
            _names("text shared_at shared_by_id shared_by"),
            children=(
                ChildSpec(
                    "discussions",
                    _t(SharedLearningDiscussionRow),
                    "learning_id",
                    _names("service_id discussed_on note recorded_at recorded_by"),
                    ("service_id",),
                ),
            ),
        ),
        RecordSpec(
            "import_batch",
            _t(ImportBatchRow),
            _names("source row_count created_at created_by_id undone_at"),
            children=(
                ChildSpec(
                    "records", _t(ImportBatchRecordRow), "batch_id", ("entity", "entity_id"), ("entity", "entity_id")
                ),
            ),
        ),
    )
}


@dataclass(frozen=True, slots=True)
class RecordDigest:
    entity: str
    id: int
    label: str  # e.g. "incident INC-2026-0042", "review 12"
    digest: str


def _label(spec: RecordSpec, record_id: int, value: object) -> str:
    return f"{spec.entity} {value}" if spec.label and value else f"{spec.entity} {record_id}"


def _load(
    session: Session, spec: RecordSpec, main_where: ColumnElement[bool], child_where: Mapping[str, ColumnElement[bool]]
) -> list[RecordDigest]:
    t = spec.table
    cols = [t.c.id, *(t.c[name] for name in spec.columns)]
    rows = session.execute(select(*cols).where(main_where).order_by(t.c.id)).all()
    if not rows:
        return []
    states: dict[int, dict[str, object]] = {r[0]: dict(zip(spec.columns, r[1:], strict=True)) for r in rows}
    for child in spec.children:
        ct = child.table
        for state in states.values():
            state[child.key] = []
        stmt = select(ct.c[child.parent], *(ct.c[c] for c in child.columns)).where(child_where[child.key])
        stmt = stmt.order_by(ct.c[child.parent], *(ct.c[c] for c in child.order_by))
        for r in session.execute(stmt):
            parent_state = states.get(r[0])
            if parent_state is not None:
                values = r[1:]
                item: object = values[0] if len(values) == 1 else dict(zip(child.columns, values, strict=True))
                parent_state[child.key].append(item)  # type: ignore[attr-defined]
    out = []
    for record_id, state in states.items():
        label_value = state.get(spec.label) if spec.label else None
        out.append(
            RecordDigest(
                spec.entity, record_id, _label(spec, record_id, label_value), record_digest(spec.entity, state)
            )
        )
    return out


def digests_for(session: Session, entity: str, ids: Iterable[int]) -> dict[int, str]:
    """Current digest of each listed record that exists (missing ids are left out)."""
    spec = SPECS[entity]
    wanted = sorted(set(ids))
    out: dict[int, str] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        child_where = {c.key: c.table.c[c.parent].in_(chunk) for c in spec.children}
        out.update((d.id, d.digest) for d in _load(session, spec, spec.table.c.id.in_(chunk), child_where))
    return out


def digest_of(session: Session, entity: str, record_id: int) -> str | None:
    return digests_for(session, entity, [record_id]).get(record_id)


def all_digests(session: Session, entity: str, batch: int = 2000) -> Iterator[RecordDigest]:
    """Every live record of one kind, in id order, read in batches (the check of a 100k-incident database)."""
    spec = SPECS[entity]
    t = spec.table
    last = 0
    while True:
        ids: Sequence[int] = session.scalars(select(t.c.id).where(t.c.id > last).order_by(t.c.id).limit(batch)).all()
        if not ids:
            return
        low, high = ids[0], ids[-1]
        child_where = {c.key: c.table.c[c.parent].between(low, high) for c in spec.children}
        yield from _load(session, spec, t.c.id.between(low, high), child_where)
        last = high
