"""Statutory notifications follow the category's stable code: renaming it in Lists changes nothing, and the
database pre-filter lets through exactly what the rules in core.deadlines can fire on."""

from __future__ import annotations

from datetime import datetime, timedelta

from carelog.core.deadlines import pre_filter, requirements
from carelog.core.dto import Actor, IncidentInput, LoadItem
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm, Role
from carelog.db.repositories.incidents import deadline_candidates
from carelog.services.registry import Services
from tests.conftest import Home

NOW = datetime(2026, 3, 31, 23, 59)
ADMIN = Actor(9, "Test Admin", Role.ADMIN)


def _report(services: Services, home: Home, code: str, harm: PhysicalHarm, sub: str = "") -> None:
    cat = next(c for c in services.incidents.reference_data().categories if c.code == code)
    sub_id = next((s.id for s in cat.subcategories if s.name == sub), None)
    services.incidents.load_many(
        [
            LoadItem(
                IncidentInput(
                    kind=Kind.INCIDENT,
                    category_id=cat.id,
                    subcategory_id=sub_id,
                    occurred_at=NOW - timedelta(days=2),
                    service_id=home.service_id,
                    account="Fictional record for the deadline rules.",
                    physical_harm=harm,
                )
            )
        ]
    )


def _required(services: Services) -> list[tuple[str, NotificationKind, str]]:
    items = services.incidents.deadlines(NOW - timedelta(days=30), include_met=True)
    return sorted((i.category, i.requirement.notification, i.requirement.rule) for i in items)


def test_renaming_a_category_does_not_change_which_notifications_are_required(services: Services, home: Home) -> None:
    services.ctx.clock = lambda: NOW
    _report(services, home, "fall", PhysicalHarm.SEVERE)
    _report(services, home, "death", PhysicalHarm.NONE)
    _report(services, home, "missing_person", PhysicalHarm.NONE, "Reported to police")
    before = [(n, rule) for _cat, n, rule in _required(services)]
    assert (NotificationKind.CQC, "CQC Regulation 18: serious injury") in before
    assert (NotificationKind.CQC, "CQC Regulation 16: death of a person using the service") in before

    services.ctx.identity.actor = ADMIN
    ref = services.lists.all_items()
    renames = {"fall": "Falls and slips", "death": "End of life", "missing_person": "Went out and did not return"}
    for c in ref.categories:
        if c.code in renames:
            services.lists.rename("category", c.id, renames[c.code])
    services.ctx.identity.actor = Actor(1, "Test Manager", Role.MANAGER)

    after = _required(services)
    assert [(n, rule) for _cat, n, rule in after] == before
    assert {cat for cat, _n, _rule in after} == set(renames.values())  # shown under the new names
    codes = {c.name: c.code for c in services.incidents.reference_data().categories}
    assert codes["Falls and slips"] == "fall"  # the code stays


def test_the_sql_pre_filter_lets_through_exactly_what_the_rules_can_fire_on(services: Services, home: Home) -> None:
    """Every default category (and an administrator's own) with every kind and harm: the rows the database
    returns are those core.deadlines.pre_filter() accepts, and they include every row a rule fires on."""
    services.ctx.clock = lambda: NOW
    services.ctx.identity.actor = ADMIN
    services.lists.add("category", "Visitors")
    ref = services.incidents.reference_data()
    items, expected, needed = [], set(), set()
    n = 0
    for cat in ref.categories:
        for kind in Kind:
            for harm in PhysicalHarm:
                n += 1
                ref_text = f"INC-2026-{n:04d}"
                items.append(
                    LoadItem(
                        IncidentInput(
                            kind=kind,
                            category_id=cat.id,
                            occurred_at=NOW - timedelta(days=1),
                            service_id=home.service_id,
                            account="Fictional record for the pre-filter.",
                            physical_harm=harm,
                        ),
                        reference=ref_text,
                    )
                )
                if pre_filter().may_apply(cat.code, kind, harm):
                    expected.add(ref_text)
                if requirements(cat.code, "", kind, harm, NOW):
                    needed.add(ref_text)
    services.incidents.load_many(items)
    with services.ctx.unit() as session:
        returned = {c.reference for c in deadline_candidates(session, NOW - timedelta(days=30))}
    assert returned == expected
    assert needed <= returned
    assert len(returned) < len(items) / 2  # it does filter
