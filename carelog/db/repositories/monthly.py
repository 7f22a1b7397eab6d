"""Reads behind the monthly governance report that no other repository has: category codes and everyone on
record (for pseudonymising free text)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from carelog.core.dto import PersonRef
from carelog.db.models import CategoryRow, PersonRow, ServiceRow


def category_codes(session: Session) -> dict[int, str]:
    """category id -> stable code ("" for categories added by users)."""
    return {cid: code or "" for cid, code in session.execute(select(CategoryRow.id, CategoryRow.code))}


def service_names(session: Session) -> dict[int, str]:
    return {sid: name for sid, name in session.execute(select(ServiceRow.id, ServiceRow.name))}


def people(session: Session) -> tuple[PersonRef, ...]:
    return tuple(
        PersonRef(p.id, p.code, p.display_name, p.service_id)
        for p in session.scalars(select(PersonRow).order_by(PersonRow.id))
    )
