"""Editable lists: services (homes), their locations, people supported, categories and subcategories.

Only administrators change them (Permission.EDIT_LISTS). Nothing is ever deleted, because incidents refer to
it: an item no longer used is switched off and disappears from the choices on new reports."""

from __future__ import annotations

from carelog.core.categories import format_synonyms, parse_synonyms
from carelog.core.dto import ReferenceData
from carelog.core.enums import ServiceType
from carelog.core.errors import NotFoundError, ValidationError
from carelog.core.permissions import Permission
from carelog.db.repositories import audit, organisation
from carelog.services.context import ServiceContext

KINDS = ("service", "location", "person", "category", "subcategory")


class ReferenceListService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def all_items(self) -> ReferenceData:
        """Every item including those switched off (for the lists page; administrators only)."""
        self._ctx.require(Permission.EDIT_LISTS, "lists")
        with self._ctx.read() as session:
            return organisation.reference_data(session, include_inactive=True)

    def add(self, kind: str, name: str, parent_id: int | None = None, code: str = "") -> int:
        """Add an item. For a person, `name` is the display name and `code` the identifier code."""
        actor = self._ctx.require(Permission.EDIT_LISTS, kind)
        name = " ".join(name.split())
        code = code.strip().upper()
        errors = self._check(kind, name, parent_id, code)
        if errors:
            raise ValidationError(errors)
        with self._ctx.unit() as session:
            key = code if kind == "person" else name
            if organisation.name_taken(session, kind, key, parent_id):
                field = "code" if kind == "person" else "name"
                raise ValidationError({field: f"'{key}' is already on the list; choose another."})
            if kind == "service":
                new_id = organisation.add_service(session, name, ServiceType.CARE_HOME, None)
            elif kind == "location":
                assert parent_id is not None
                new_id = organisation.add_location(session, parent_id, name)
            elif kind == "person":
                new_id = organisation.add_person(session, code, name, parent_id)
            elif kind == "category":
                new_id = organisation.add_category(session, name)
            else:
                assert parent_id is not None
                new_id = organisation.add_subcategory(session, parent_id, name)
            audit.append(session, actor, kind, new_id, "create", "name", None, code or name, at=self._ctx.clock())
        return new_id

    def rename(self, kind: str, item_id: int, name: str) -> None:
        actor = self._ctx.require(Permission.EDIT_LISTS, kind, item_id)
        name = " ".join(name.split())
        if not name:
            raise ValidationError({"name": "The name cannot be empty."})
        with self._ctx.unit() as session:
            item = organisation.get_list_item(session, kind, item_id)
            if item is None:
                raise NotFoundError(f"That {kind} no longer exists.")
            field = "display_name" if kind == "person" else "name"
            parent = getattr(item, "service_id", None) or getattr(item, "category_id", None)
            if kind != "person" and organisation.name_taken(session, kind, name, parent, except_id=item_id):
                raise ValidationError({"name": f"'{name}' is already on the list; choose another."})
            old = getattr(item, field)
            setattr(item, field, name)
            audit.append(session, actor, kind, item_id, "update", field, old, name, at=self._ctx.clock())

    def set_synonyms(self, category_id: int, text: str) -> tuple[str, ...]:
        """Replace a category's synonyms (comma-separated words people use for it). Returns them as saved."""
        actor = self._ctx.require(Permission.EDIT_LISTS, "category", category_id)
        words = parse_synonyms(text)
        with self._ctx.unit() as session:
            item = organisation.get_list_item(session, "category", category_id)
            if item is None:
                raise NotFoundError("That category no longer exists.")
            old, new = item.synonyms, format_synonyms(words)
            if old != new:
                item.synonyms = new
                audit.append(
                    session, actor, "category", category_id, "update", "synonyms", old, new, at=self._ctx.clock()
                )
        return words

    def set_active(self, kind: str, item_id: int, active: bool) -> None:
        actor = self._ctx.require(Permission.EDIT_LISTS, kind, item_id)
        with self._ctx.unit() as session:
            item = organisation.get_list_item(session, kind, item_id)
            if item is None:
                raise NotFoundError(f"That {kind} no longer exists.")
            if item.active != active:
                was = item.active
                item.active = active  # written first: the audit entry records the state after the change
                audit.append(session, actor, kind, item_id, "update", "active", was, active, at=self._ctx.clock())

    @staticmethod
    def _check(kind: str, name: str, parent_id: int | None, code: str) -> dict[str, str]:
        errors: dict[str, str] = {}
        if kind not in KINDS:
            errors["kind"] = f"Unknown list '{kind}'."
        if not name:
            errors["name"] = "Give a name."
        if kind in ("location", "subcategory") and parent_id is None:
            errors["parent"] = "Choose the service or category it belongs to."
        if kind == "person" and not code:
            errors["code"] = (
                "Give the person's identifier code (for example WB-061); it is used instead of the name "
                "in exports and pseudonymised packs."
            )
        return errors
