"""Services, locations, people supported and category lists."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carelog.core.categories import DEFAULTS, format_synonyms, parse_synonyms, slug_code
from carelog.core.dto import (
    SYSTEM_ACTOR,
    CategoryRef,
    LocationRef,
    PersonRef,
    ReferenceData,
    ServiceRef,
    SubcategoryRef,
)
from carelog.core.enums import ServiceType
from carelog.db.models import CategoryRow, LocationRow, PersonRow, ServiceRow, SubcategoryRow
from carelog.db.repositories import audit


def ensure_default_categories(session: Session, now: datetime) -> bool:
    """Fill the category lists on a new database. Returns True if anything was added."""
    if session.scalar(select(func.count()).select_from(CategoryRow)):
        return False
    created: list[audit.NewAuditRecord] = []
    for position, default in enumerate(DEFAULTS):
        cat = CategoryRow(
            name=default.name,
            code=default.code.value,
            synonyms=format_synonyms(default.synonyms),
            position=position,
            active=True,
        )
        session.add(cat)
        session.flush()
        created.append(audit.NewAuditRecord("category", cat.id, "create", "name", None, default.name))
        for sub_name in default.subcategories:
            sub = SubcategoryRow(category_id=cat.id, name=sub_name, active=True)
            session.add(sub)
            session.flush()
            created.append(audit.NewAuditRecord("subcategory", sub.id, "create", "name", None, sub_name))
    audit.append_many(session, SYSTEM_ACTOR, created, at=now)  # the default lists are bound to the trail too
    return True


def add_service(session: Session, name: str, service_type: ServiceType, beds: int | None) -> int:
    row = ServiceRow(name=name, service_type=service_type.value, beds=beds, active=True)
    session.add(row)
    session.flush()
    return row.id


def add_location(session: Session, service_id: int, name: str) -> int:
    row = LocationRow(service_id=service_id, name=name, active=True)
    session.add(row)
    session.flush()
    return row.id


def add_person(session: Session, code: str, display_name: str, service_id: int | None) -> int:
    row = PersonRow(code=code, display_name=display_name, service_id=service_id, active=True)
    session.add(row)
    session.flush()
    return row.id


def reference_data(session: Session, include_inactive: bool = False) -> ReferenceData:
    def active(model: type[ServiceRow] | type[LocationRow] | type[PersonRow] | type[CategoryRow]):  # type: ignore[no-untyped-def]
        return True if include_inactive else model.active.is_(True)

    services = tuple(
        ServiceRef(r.id, r.name, ServiceType(r.service_type), r.beds, r.active)
        for r in session.scalars(select(ServiceRow).where(active(ServiceRow)).order_by(ServiceRow.name))
    )
    locations = tuple(
        LocationRef(r.id, r.service_id, r.name, r.active)
        for r in session.scalars(select(LocationRow).where(active(LocationRow)).order_by(LocationRow.name))
    )
    people = tuple(
        PersonRef(r.id, r.code, r.display_name, r.service_id, r.active)
        for r in session.scalars(select(PersonRow).where(active(PersonRow)).order_by(PersonRow.display_name))
    )
    subs: dict[int, list[SubcategoryRef]] = {}
    sub_q = select(SubcategoryRow).order_by(SubcategoryRow.id)
    if not include_inactive:
        sub_q = sub_q.where(SubcategoryRow.active.is_(True))
    for s in session.scalars(sub_q):
        subs.setdefault(s.category_id, []).append(SubcategoryRef(s.id, s.category_id, s.name, s.active))
    categories = tuple(
        CategoryRef(r.id, r.name, tuple(subs.get(r.id, ())), r.active, r.code, parse_synonyms(r.synonyms))
        for r in session.scalars(
            select(CategoryRow).where(active(CategoryRow)).order_by(CategoryRow.position, CategoryRow.name)
        )
    )
    return ReferenceData(services, locations, people, categories)


def active_service_ids(session: Session) -> set[int]:
    return set(session.scalars(select(ServiceRow.id).where(ServiceRow.active.is_(True))))


def find_service_id(session: Session, name: str) -> int | None:
    return session.scalar(select(ServiceRow.id).where(func.lower(ServiceRow.name) == name.strip().lower()))


LIST_MODELS: dict[str, Any] = {
    "service": ServiceRow,
    "location": LocationRow,
    "person": PersonRow,
    "category": CategoryRow,
    "subcategory": SubcategoryRow,
}


def add_category(session: Session, name: str) -> int:
    """An administrator's own category; its code is made from the name and never changes after."""
    position = int(session.scalar(select(func.max(CategoryRow.position))) or 0) + 1
    code = slug_code(name, session.scalars(select(CategoryRow.code)))
    row = CategoryRow(name=name, code=code, position=position, active=True)
    session.add(row)
    session.flush()
    return row.id


def add_subcategory(session: Session, category_id: int, name: str) -> int:
    row = SubcategoryRow(category_id=category_id, name=name, active=True)
    session.add(row)
    session.flush()
    return row.id


def get_list_item(session: Session, kind: str, item_id: int) -> Any:
    return session.get(LIST_MODELS[kind], item_id)


def name_taken(session: Session, kind: str, name: str, parent_id: int | None, except_id: int | None = None) -> bool:
    model = LIST_MODELS[kind]
    label = model.code if kind == "person" else model.name
    query = select(func.count()).select_from(model).where(func.lower(label) == name.strip().lower())
    if kind == "location":
        query = query.where(LocationRow.service_id == parent_id)
    if kind == "subcategory":
        query = query.where(SubcategoryRow.category_id == parent_id)
    if except_id is not None:
        query = query.where(model.id != except_id)
    return bool(session.scalar(query))
