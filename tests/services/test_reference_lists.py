"""Editable lists: administrators add, rename and switch off; others are refused; nothing is deleted."""

from __future__ import annotations

import pytest

from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.core.errors import PermissionDenied, ValidationError
from carelog.services.registry import Services
from tests.conftest import Home

ADMIN = Actor(9, "Test Admin", Role.ADMIN)


def test_admin_adds_renames_and_switches_off(services: Services, home: Home) -> None:
    services.ctx.identity.actor = ADMIN
    lists = services.lists
    loc = lists.add("location", "  Sensory   room ", home.service_id)
    person = lists.add("person", "Ivy Netherwood", home.service_id, code="oh-031")
    sub = lists.add(
        "subcategory", "Found in bathroom", next(c.id for c in lists.all_items().categories if c.name == "Fall")
    )
    lists.rename("location", loc, "Sensory garden room")
    lists.set_active("location", home.lounge_id, False)
    everything = lists.all_items()
    assert {(x.name, x.active) for x in everything.locations_for(home.service_id)} >= {
        ("Sensory garden room", True),
        ("Main lounge", False),
    }
    assert next(p for p in everything.people if p.id == person).code == "OH-031"
    offered = services.incidents.reference_data()
    assert home.lounge_id not in {x.id for x in offered.locations}
    assert sub in {s.id for c in offered.categories for s in c.subcategories}
    with services.ctx.unit() as session:
        from carelog.db.repositories import audit

        assert [e.field for e in audit.history(session, "location", loc)] == ["name", "name"]


def test_duplicates_and_blanks_are_refused_with_a_reason(services: Services, home: Home) -> None:
    services.ctx.identity.actor = ADMIN
    with pytest.raises(ValidationError, match="already on the list"):
        services.lists.add("location", "main LOUNGE", home.service_id)
    with pytest.raises(ValidationError, match="identifier code"):
        services.lists.add("person", "No Code Person", home.service_id)
    with pytest.raises(ValidationError):
        services.lists.rename("service", home.service_id, "   ")


@pytest.mark.parametrize("role", [Role.CARE_STAFF, Role.MANAGER])
def test_only_administrators_change_lists(services: Services, home: Home, role: Role) -> None:
    services.ctx.identity.actor = Actor(1, "Someone", role)
    with pytest.raises(PermissionDenied):
        services.lists.add("service", "Elm Lodge")
    with pytest.raises(PermissionDenied):
        services.lists.set_active("location", home.lounge_id, False)


def test_synonyms_are_edited_by_administrators_and_audited(services: Services) -> None:
    services.ctx.identity.actor = ADMIN
    lists = services.lists
    fall = next(c for c in lists.all_items().categories if c.code == "fall")
    assert "found on floor" in fall.synonyms
    saved = lists.set_synonyms(fall.id, "fell, found on floor,, Fell , on the floor ")
    assert saved == ("fell", "found on floor", "on the floor")
    offered = next(c for c in services.incidents.reference_data().categories if c.id == fall.id)
    assert offered.synonyms == saved
    with services.ctx.unit() as session:
        from carelog.db.repositories import audit

        entry = audit.history(session, "category", fall.id)[-1]  # after the default list's own "create" entry
    assert (entry.field, entry.new_value) == ("synonyms", "fell, found on floor, on the floor")
    assert "lost balance" in entry.old_value
    services.ctx.identity.actor = Actor(7, "Carer Jo", Role.CARE_STAFF)
    with pytest.raises(PermissionDenied):
        lists.set_synonyms(fall.id, "anything")


def test_a_new_category_gets_a_code_from_its_name_that_a_rename_keeps(services: Services) -> None:
    services.ctx.identity.actor = ADMIN
    lists = services.lists
    new_id = lists.add("category", "Visitors' concerns")
    lists.rename("category", new_id, "Visitor concerns")
    again = lists.add("category", "Visitors concerns")
    codes = {c.id: c.code for c in lists.all_items().categories}
    assert codes[new_id] == "visitors_concerns"
    assert codes[again] == "visitors_concerns_2"
