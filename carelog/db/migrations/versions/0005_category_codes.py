"""Categories get a stable code and synonyms; a near miss becomes a kind only (issues 11 and 13).

- categories.code: the default categories get their code by their name as shipped (or, if an administrator renamed
  one, by its unchanged default subcategories); an administrator's own category gets a code made from its name.
  Unique and not null afterwards. Rules (core.deadlines) key on the code, so renaming a category changes nothing.
- categories.synonyms: the words people use, filled from core.categories for the default categories.
- On an existing database the new default categories "Slip, trip or spill hazard" and "Other" are added.
- Records in the old "Near miss" category become kind "Near miss" with the category of what nearly happened (from
  their subcategory, else from the words of the account, else "Other"). Each change is written to the audit trail
  with the old value, continuing the hash chain. The "Near miss" category is then switched off.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import context, op

from carelog.core.audit_chain import GENESIS_HASH, audit_hash
from carelog.core.categories import (
    DEFAULTS,
    NOT_WHAT_HAPPENED,
    CategoryCode,
    format_synonyms,
    infer_category,
    parse_synonyms,
    slug_code,
)
from carelog.core.dto import SYSTEM_ACTOR, CategoryRef
from carelog.core.enums import Kind

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The default category names as CareLog shipped them before this migration, with the code each one gets.
# Frozen here: renaming a default in core.categories later must not change what this migration did.
CODES_BY_SHIPPED_NAME: dict[str, str] = {
    "Fall": "fall",
    "Medication": "medication",
    "Pressure ulcer / skin damage": "pressure_ulcer",
    "Skin tear / unexplained bruise": "skin_tear_bruise",
    "Behaviours that challenge": "behaviour",
    "Safeguarding": "safeguarding",
    "Restrictive practice": "restrictive_practice",
    "Missing person": "missing_person",
    "Choking / dysphagia": "choking",
    "Infection / outbreak": "infection",
    "Self-harm": "self_harm",
    "Nutrition and hydration": "nutrition_hydration",
    "Equipment failure": "equipment_failure",
    "Environment, fire, utilities": "environment",
    "Staff injury / assault / sharps": "staff_injury",
    "Data breach": "data_breach",
    "Death": "death",
    "Complaint": "complaint",
    "Compliment": "compliment",
    "Near miss": "near_miss",
}
# Default categories that did not exist before this migration: added to databases that already have categories
# (an administrator's own category of the same name takes the code instead).
NEW_DEFAULTS = {"Slip, trip or spill hazard": "slip_trip_hazard", "Other": "other"}
# The old "Near miss" subcategories that say what nearly happened.
NEAR_MISS_SUBCATEGORY_CODES = {"medication": "medication", "fall": "fall", "equipment": "equipment_failure"}

categories = sa.table(
    "categories",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("position", sa.Integer),
    sa.column("active", sa.Boolean),
    sa.column("code", sa.String),
    sa.column("synonyms", sa.Text),
)
subcategories = sa.table(
    "subcategories",
    sa.column("id", sa.Integer),
    sa.column("category_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("active", sa.Boolean),
)
incidents = sa.table(
    "incidents",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("category_id", sa.Integer),
    sa.column("subcategory_id", sa.Integer),
    sa.column("account", sa.Text),
    sa.column("updated_at", sa.DateTime),
    sa.column("version", sa.Integer),
)
audit_log = sa.table(
    "audit_log",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("actor_id", sa.Integer),
    sa.column("actor_name", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("field", sa.String),
    sa.column("old_value", sa.Text),
    sa.column("new_value", sa.Text),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)
audit_head = sa.table(
    "audit_head", sa.column("id", sa.Integer), sa.column("last_hash", sa.String), sa.column("last_id", sa.Integer)
)


def _now() -> datetime:
    """When the migration runs, from the clock open_database was given (tests pass a fixed one)."""
    from carelog.core.clock import system_clock as wall_clock

    clock: Callable[[], datetime] = context.config.attributes.get("clock") or wall_clock
    return clock()


def upgrade() -> None:
    # No table rebuild: SQLite cannot rebuild "categories" while incidents refer to it (foreign keys are on). So the
    # code is added NOT NULL with an empty default, filled, and made unique by an index; PostgreSQL drops the default.
    op.add_column("categories", sa.Column("code", sa.String(length=40), server_default="", nullable=False))
    op.add_column("categories", sa.Column("synonyms", sa.Text(), server_default="", nullable=False))
    conn = op.get_bind()
    had_categories = bool(conn.scalar(sa.select(sa.func.count()).select_from(categories)))
    _fill_codes(conn)
    if had_categories:
        _add_new_defaults(conn)
        _move_near_misses(conn, _now())
    op.create_index("uq_categories_code", "categories", ["code"], unique=True)
    if conn.dialect.name != "sqlite":
        op.alter_column("categories", "code", existing_type=sa.String(length=40), server_default=None)


def downgrade() -> None:
    """Drops the code and synonyms (SQLite 3.35+ drops a column in place). Near misses stay as they are now."""
    op.drop_index("uq_categories_code", table_name="categories")
    op.drop_column("categories", "synonyms")
    op.drop_column("categories", "code")


def _fill_codes(conn: sa.Connection) -> None:
    rows = conn.execute(sa.select(categories.c.id, categories.c.name).order_by(categories.c.id)).all()
    subs: dict[int, set[str]] = {}
    for cid, name in conn.execute(sa.select(subcategories.c.category_id, subcategories.c.name)):
        subs.setdefault(cid, set()).add(name.lower())
    codes: dict[int, str] = {}
    for cid, name in rows:  # 1. by the name as shipped
        code = CODES_BY_SHIPPED_NAME.get(name) or _shipped_code_ignoring_case(name)
        if code and code not in codes.values():
            codes[cid] = code
    shipped_subs = {d.code.value: d.subcategories for d in DEFAULTS}
    for cid, _name in rows:  # 2. a renamed default: still holds every default subcategory of exactly one default
        if cid in codes or not subs.get(cid):
            continue
        fits = [
            code
            for code, wanted in shipped_subs.items()
            if wanted and code not in codes.values() and {w.lower() for w in wanted} <= subs[cid]
        ]
        if len(fits) == 1:
            codes[cid] = fits[0]
    reserved = set(CODES_BY_SHIPPED_NAME.values()) | {d.code.value for d in DEFAULTS}
    for cid, name in rows:  # 3. an administrator's own category: a code made from its name
        if cid not in codes:
            codes[cid] = slug_code(name, reserved | set(codes.values()))
    synonyms = {d.code.value: format_synonyms(d.synonyms) for d in DEFAULTS}
    for cid, code in codes.items():
        conn.execute(
            categories.update().where(categories.c.id == cid).values(code=code, synonyms=synonyms.get(code, ""))
        )


def _shipped_code_ignoring_case(name: str) -> str | None:
    key = " ".join(name.split()).lower()
    known = CODES_BY_SHIPPED_NAME | NEW_DEFAULTS
    return next((code for shipped, code in known.items() if shipped.lower() == key), None)


def _add_new_defaults(conn: sa.Connection) -> None:
    existing = set(conn.scalars(sa.select(categories.c.code)))
    names = {n.lower() for n in conn.scalars(sa.select(categories.c.name))}
    for default in DEFAULTS:
        code = default.code.value
        if code not in NEW_DEFAULTS.values() or code in existing:
            continue
        name = default.name if default.name.lower() not in names else f"{default.name} (CareLog)"
        position = int(conn.scalar(sa.select(sa.func.max(categories.c.position))) or 0) + 1
        new_id = conn.execute(
            categories.insert()
            .values(name=name, position=position, active=True, code=code, synonyms=format_synonyms(default.synonyms))
            .returning(categories.c.id)
        ).scalar_one()
        for sub in default.subcategories:
            conn.execute(subcategories.insert().values(category_id=new_id, name=sub, active=True))


# ---------------------------------------------------------------------------------------------- near misses
class _Audit:
    """Plain audit rows chained exactly as carelog.db.repositories.audit.append does (no services here)."""

    def __init__(self, conn: sa.Connection, at: datetime) -> None:
        self._conn = conn
        self._at = at
        head = conn.execute(sa.select(audit_head.c.last_hash).where(audit_head.c.id == 1)).scalar_one_or_none()
        if head is None:
            conn.execute(audit_head.insert().values(id=1, last_hash=GENESIS_HASH, last_id=0))
            head = GENESIS_HASH
        self._prev: str = head

    def append(self, entity: str, entity_id: int, field: str, old: str, new: str) -> None:
        actor = SYSTEM_ACTOR.name
        digest = audit_hash(self._prev, self._at, actor, entity, entity_id, "update", field, old, new)
        row: dict[str, Any] = {
            "at": self._at,
            "actor_id": SYSTEM_ACTOR.user_id,
            "actor_name": actor,
            "entity": entity,
            "entity_id": entity_id,
            "action": "update",
            "field": field,
            "old_value": old,
            "new_value": new,
            "prev_hash": self._prev,
            "hash": digest,
        }
        new_id = self._conn.execute(audit_log.insert().values(**row).returning(audit_log.c.id)).scalar_one()
        self._conn.execute(audit_head.update().where(audit_head.c.id == 1).values(last_hash=digest, last_id=new_id))
        self._prev = digest


def _move_near_misses(conn: sa.Connection, now: datetime) -> None:
    near_miss = conn.execute(
        sa.select(categories.c.id, categories.c.name, categories.c.active).where(
            categories.c.code == CategoryCode.NEAR_MISS.value
        )
    ).one_or_none()
    if near_miss is None:
        return
    refs = _category_refs(conn)
    by_code = {c.code: c for c in refs}
    candidates = [c for c in refs if c.active and c.code != CategoryCode.NEAR_MISS and c.code not in NOT_WHAT_HAPPENED]
    sub_names = {sid: name for sid, name in conn.execute(sa.select(subcategories.c.id, subcategories.c.name))}
    audit = _Audit(conn, now)
    rows = conn.execute(
        sa.select(
            incidents.c.id, incidents.c.kind, incidents.c.subcategory_id, incidents.c.account, incidents.c.version
        )
        .where(incidents.c.category_id == near_miss.id)
        .order_by(incidents.c.id)
    ).all()
    for iid, kind, sub_id, account, version in rows:
        sub_name = sub_names.get(sub_id, "") if sub_id is not None else ""
        target = by_code.get(NEAR_MISS_SUBCATEGORY_CODES.get(sub_name.lower(), ""))
        if target is None:
            target = infer_category(account or "", candidates) or by_code[CategoryCode.OTHER.value]
        conn.execute(
            incidents.update()
            .where(incidents.c.id == iid)
            .values(
                kind=Kind.NEAR_MISS.value,
                category_id=target.id,
                subcategory_id=None,
                updated_at=now,
                version=(version or 1) + 1,
            )
        )
        if kind != Kind.NEAR_MISS.value:
            audit.append("incident", iid, "kind", _kind_label(kind), Kind.NEAR_MISS.label)
        audit.append("incident", iid, "category_id", near_miss.name, target.name)
        if sub_name:
            audit.append("incident", iid, "subcategory_id", sub_name, "")
    if near_miss.active:
        conn.execute(categories.update().where(categories.c.id == near_miss.id).values(active=False))
        audit.append("category", near_miss.id, "active", "yes", "no")


def _category_refs(conn: sa.Connection) -> list[CategoryRef]:
    rows = conn.execute(
        sa.select(
            categories.c.id, categories.c.name, categories.c.active, categories.c.code, categories.c.synonyms
        ).order_by(categories.c.position, categories.c.name)
    ).all()
    return [
        CategoryRef(cid, name, (), bool(active), code, parse_synonyms(syn or ""))
        for cid, name, active, code, syn in rows
    ]


def _kind_label(value: str) -> str:
    try:
        return Kind(value).label
    except ValueError:
        return value
