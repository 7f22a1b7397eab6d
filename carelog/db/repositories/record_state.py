"""The audited state of each record, digested so the audit trail can vouch for the records themselves.

Each audited aggregate (incident, review, action, user account, list items, meeting, import, shared learning and
the golden thread's records) is described once here: which columns of its table and which child rows make up its
state. The key of each spec is the entity name the audit trail uses for it. Bookkeeping that changes without an
audited event (version counters, updated_at, sign-in counters, links that the database clears by itself) is left
out. Columns are listed explicitly: a column added by a later migration is covered only once it is listed here (and
the records are then re-bound with a marked audit entry, see db/integrity_upgrade.py), so adding a column never
makes every record look tampered with. A child added to an existing record later is marked `optional`: a record
without such child rows keeps the digest it had before, so only the records that have them need re-binding.

Records audited under another record's name are children of it: an incident's triage (TriageRow, audited as
"incident") and a service's monthly occupied bed days (OccupancyRow, audited as "service"). AttentionSeenRow is
left out on purpose: it is bookkeeping (when a person last looked at their Home tab's pattern signals), written
without an audit entry at every look, and holds nothing an inspector relies on.
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
from carelog.db.models.thread import (
    CandourRow,
    ComplaintRow,
    ComplimentRow,
    DebriefRow,
    FollowUpAuditRow,
    SafeguardingRow,
    ThreadActionRow,
)
from carelog.db.models.triage import OccupancyRow, TriageRow

_IN_CHUNK = 500  # ids per IN (...) list: well under SQLite's oldest limit of 999 parameters


@dataclass(frozen=True)
class ChildSpec:
    key: str
    table: Table
    parent: str
    columns: tuple[str, ...]
    order_by: tuple[str, ...]
    match: tuple[tuple[str, str], ...] = ()  # fixed column values of a table shared by several kinds of record
    optional: bool = False  # no rows: the key is left out of the state (a child added to an existing record)

    def where(self) -> list[ColumnElement[bool]]:
        return [self.table.c[column] == value for column, value in self.match]


@dataclass(frozen=True)
class RecordSpec:
    entity: str
    table: Table
    columns: tuple[str, ...]
    label: str | None = None  # a column that names the record without personal data (reference, ID code)
    children: tuple[ChildSpec, ...] = ()
    prefix: str = ""  # without a label column: the record is named "<entity> <prefix>-<id>" (complaint C-12)

    def id_label(self, record_id: int) -> str:
        return f"{self.entity} {self.prefix}-{record_id}" if self.prefix else f"{self.entity} {record_id}"


def _t(model: type) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _thread_actions(kind: str) -> ChildSpec:
    """The actions a golden-thread record links to (one link table for every kind, told apart by `kind`)."""
    return ChildSpec(
        "actions", _t(ThreadActionRow), "record_id", ("action_id",), ("action_id",), match=(("kind", kind),)
    )


# The golden thread's records (entity names = core.thread_records.RecordKind values, prefixes = RecordKind.prefix).
# Their incident and review links are covered: CareLog never deletes an incident something links to (an import is
# undone only when nothing outside it points at its records) and never deletes reviews or actions.
_THREAD_SPECS = (
    RecordSpec(
        "complaint",
        _t(ComplaintRow),
        _names(
            "received_on received_via complainant person_code theme summary incident_id acknowledged_on investigator "
            "findings extended_to extension_reason response_sent_on outcome satisfaction escalation learning "
            "you_said_we_did closed_on created_at"
        ),
        children=(_thread_actions("complaint"),),
        prefix="C",
    ),
    RecordSpec(
        "compliment",
        _t(ComplimentRow),
        _names("received_on complainant staff_named summary shared_on created_at"),
        prefix="K",
    ),
    RecordSpec(
        "safeguarding",
        _t(SafeguardingRow),
        _names(
            "raised_on person_code abuse_type concern incident_id referred_on la_reference s42_enquiry outcome "
            "protection_plan cqc_notified_on closed_on created_at"
        ),
        prefix="S",
    ),
    RecordSpec(
        "candour",
        _t(CandourRow),
        _names(
            "incident_id notifiable decision_reason decided_by decided_on notified_on notified_by apology_given "
            "written_on outcome_shared_on created_at"
        ),
        prefix="DC",
    ),
    RecordSpec(
        "debrief",
        _t(DebriefRow),
        _names(
            "held_on incident_id review_id participants how_staff_are support_offered should_change "
            "wellbeing_follow_up_on wellbeing_done_on created_at"
        ),
        prefix="D",
    ),
    RecordSpec(
        "follow_up_audit",
        _t(FollowUpAuditRow),
        _names("audit_type held_on score_pct findings auditor created_at"),
        children=(_thread_actions("follow_up_audit"),),
        prefix="A",
    ),
)


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
                # the triage is audited as part of the incident; its review link is left out (it is set after the
                # triage's audit entries when the triage opens a review, whose own incident list records the link)
                ChildSpec(
                    "triage",
                    _t(TriageRow),
                    "incident_id",
                    _names(
                        "triaged_at triaged_by_id triaged_by harm_recorded physical_harm risk_score care_plan "
                        "risk_assessment notifications_checked decisions reason target_hours"
                    ),
                    ("id",),
                    optional=True,
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
        # a service's occupied bed days per month are audited as changes of the service
        RecordSpec(
            "service",
            _t(ServiceRow),
            _names("name service_type beds active"),
            children=(
                ChildSpec(
                    "occupancy",
                    _t(OccupancyRow),
                    "service_id",
                    ("month", "occupied_bed_days"),
                    ("month",),
                    optional=True,
                ),
            ),
        ),
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
        *_THREAD_SPECS,
    )
}


@dataclass(frozen=True, slots=True)
class RecordDigest:
    entity: str
    id: int
    label: str  # e.g. "incident INC-2026-0042", "review 12"
    digest: str
    before: str | None = None  # only from digests_before_child


def _label(spec: RecordSpec, record_id: int, value: object) -> str:
    return f"{spec.entity} {value}" if spec.label and value else spec.id_label(record_id)


def id_label(entity: str, record_id: int) -> str:
    """How a record is named when only its kind and id are known (e.g. one removed outside CareLog)."""
    spec = SPECS.get(entity)
    return spec.id_label(record_id) if spec else f"{entity} {record_id}"


def _load(
    session: Session,
    spec: RecordSpec,
    main_where: ColumnElement[bool],
    child_where: Mapping[str, ColumnElement[bool]],
    without: str | None = None,
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
        stmt = select(ct.c[child.parent], *(ct.c[c] for c in child.columns))
        stmt = stmt.where(child_where[child.key], *child.where())
        stmt = stmt.order_by(ct.c[child.parent], *(ct.c[c] for c in child.order_by))
        for r in session.execute(stmt):
            parent_state = states.get(r[0])
            if parent_state is not None:
                values = r[1:]
                item: object = values[0] if len(values) == 1 else dict(zip(child.columns, values, strict=True))
                parent_state[child.key].append(item)  # type: ignore[attr-defined]
        if child.optional:
            for state in states.values():
                if not state[child.key]:
                    state[child.key] = None  # left out of the digest
    out = []
    for record_id, state in states.items():
        label_value = state.get(spec.label) if spec.label else None
        before = None
        if without is not None:
            before = record_digest(spec.entity, {k: v for k, v in state.items() if k != without})
        label = _label(spec, record_id, label_value)
        out.append(RecordDigest(spec.entity, record_id, label, record_digest(spec.entity, state), before))
    return out


def _listed(session: Session, entity: str, ids: Iterable[int], without: str | None = None) -> Iterator[RecordDigest]:
    spec = SPECS[entity]
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        child_where = {c.key: c.table.c[c.parent].in_(chunk) for c in spec.children}
        yield from _load(session, spec, spec.table.c.id.in_(chunk), child_where, without)


def digests_for(session: Session, entity: str, ids: Iterable[int]) -> dict[int, str]:
    """Current digest of each listed record that exists (missing ids are left out)."""
    return {d.id: d.digest for d in _listed(session, entity, ids)}


def digests_before_child(session: Session, entity: str, ids: Iterable[int], child_key: str) -> list[RecordDigest]:
    """The listed records with their digest now and (`before`) as CareLog computed it before the optional child
    `child_key` was covered: the same state without that child."""
    if not any(c.key == child_key and c.optional for c in SPECS[entity].children):
        raise ValueError(f"{entity} has no optional child {child_key}")
    return list(_listed(session, entity, ids, child_key))


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
