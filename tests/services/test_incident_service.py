"""IncidentService on a real database (SQLite, and PostgreSQL when configured): references, audit, search,
filters, optimistic locking, status flow, scoping for care staff, bulk load all-or-nothing."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from carelog.core.dto import Actor, IncidentFilter, IncidentInput, LoadItem
from carelog.core.enums import Kind, PhysicalHarm, Role, Shift, Status
from carelog.core.errors import ConflictError, PermissionDenied, ValidationError
from carelog.db.repositories import audit
from carelog.services.incidents import BulkValidationError
from carelog.services.registry import Services
from tests.conftest import Home

pytestmark = pytest.mark.usefixtures("staff")


def _fall(services: Services, home: Home, **kw: object) -> IncidentInput:
    fall = next(c for c in services.incidents.reference_data().categories if c.name == "Fall")
    base: dict[str, object] = dict(
        kind=Kind.INCIDENT,
        category_id=fall.id,
        subcategory_id=fall.subcategories[1].id,
        occurred_at=datetime(2026, 3, 14, 2, 40),
        service_id=home.service_id,
        location_id=home.lounge_id,
        account="Found on the floor beside the armchair, walking frame out of reach.",
        person_ids=(home.person_ids[0],),
        physical_harm=PhysicalHarm.LOW,
        risk_consequence=2,
        risk_likelihood=4,
    )
    base.update(kw)
    return IncidentInput(**base)  # type: ignore[arg-type]


def test_report_assigns_sequential_references_shift_risk_and_audits(services: Services, home: Home) -> None:
    first = services.incidents.report(_fall(services, home))
    second = services.incidents.report(_fall(services, home, occurred_at=datetime(2026, 3, 14, 10, 0)))
    assert (first.reference, second.reference) == ("INC-2026-0001", "INC-2026-0002")
    assert first.shift == Shift.NIGHT and second.shift == Shift.EARLY
    assert first.status == Status.REPORTED
    assert first.risk_score == 8
    assert [(a.action, a.new_value) for a in first.audit] == [("create", "INC-2026-0001")]
    assert first.people[0].code == "OH-014"


def test_update_writes_one_audit_row_per_changed_field(services: Services, home: Home) -> None:
    d = services.incidents.report(_fall(services, home))
    changed = dataclasses.replace(d.data, physical_harm=PhysicalHarm.MODERATE, location_id=home.bedroom_id)
    after = services.incidents.update(d.id, changed, d.version)
    updates = {a.field: (a.old_value, a.new_value) for a in after.audit if a.action == "update"}
    assert updates == {"physical_harm": ("Low", "Moderate"), "location_id": ("Main lounge", "Bedroom corridor")}
    assert after.version == d.version + 1
    assert all(a.actor_name == "Test Manager" for a in after.audit)


def test_stale_edit_is_refused_and_nothing_changes(services: Services, home: Home) -> None:
    d = services.incidents.report(_fall(services, home))
    services.incidents.update(d.id, dataclasses.replace(d.data, witnesses="A. Carer"), d.version)
    with pytest.raises(ConflictError, match="changed by someone else"):
        services.incidents.update(d.id, dataclasses.replace(d.data, witnesses="Someone else"), d.version)
    assert services.incidents.get(d.id).data.witnesses == "A. Carer"


def test_invalid_edit_leaves_the_record_untouched(services: Services, home: Home) -> None:
    d = services.incidents.report(_fall(services, home))
    with pytest.raises(ValidationError):
        services.incidents.update(d.id, dataclasses.replace(d.data, account="short"), d.version)
    again = services.incidents.get(d.id)
    assert again.data.account == d.data.account and again.version == d.version
    assert len(again.audit) == 1


def test_status_flow_and_illegal_transition(services: Services, home: Home) -> None:
    d = services.incidents.report(_fall(services, home))
    services.incidents.set_status(d.id, Status.UNDER_REVIEW)
    services.incidents.set_status(d.id, Status.ACTIONS_IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.incidents.set_status(d.id, Status.REPORTED)
    services.incidents.set_status(d.id, Status.CLOSED)
    detail = services.incidents.get(d.id)
    assert detail.status == Status.CLOSED
    assert [a.new_value for a in detail.audit if a.action == "status"] == [
        "Under review",
        "Actions in progress",
        "Closed",
    ]


def test_search_filter_and_sort_in_sql(services: Services, home: Home) -> None:
    services.incidents.report(_fall(services, home))
    services.incidents.report(
        _fall(
            services,
            home,
            account="Hoist battery flat during transfer, lowered safely.",
            occurred_at=datetime(2026, 4, 2, 15, 0),
            physical_harm=PhysicalHarm.NONE,
        )
    )
    services.incidents.report(
        _fall(
            services,
            home,
            service_id=home.other_service_id,
            location_id=None,
            person_ids=(),
            occurred_at=datetime(2026, 5, 1, 9, 0),
        )
    )
    inc = services.incidents
    assert [r.reference for r in inc.list(IncidentFilter(text="hoist"))] == ["INC-2026-0002"]
    assert [r.reference for r in inc.list(IncidentFilter(text="batt transf"))] == ["INC-2026-0002"]
    assert inc.list(IncidentFilter(text="INC-2026-0003"))[0].service == "Birch Court"
    assert inc.count(IncidentFilter(service_id=home.service_id)) == 2
    assert inc.count(IncidentFilter(harm=PhysicalHarm.NONE)) == 1
    assert inc.count(IncidentFilter(date_from=date(2026, 4, 1), date_to=date(2026, 4, 30))) == 1
    oldest_first = inc.list_ids(IncidentFilter(descending=False))
    assert [s.reference for s in inc.summaries(oldest_first)] == ["INC-2026-0001", "INC-2026-0002", "INC-2026-0003"]
    assert inc.list(IncidentFilter(sort_key="service", descending=False))[0].service == "Birch Court"


def test_capped_newest_first_search_finds_the_same_records_across_years(services: Services, home: Home) -> None:
    # on PostgreSQL a capped newest-first search reads the last year before the older years (list_ids): the
    # answer must be the one query's, whichever side of the split the matches and the cap fall
    frame = "Slipped while walking with the walking frame in the corridor."
    other = "Hoist battery flat during transfer, lowered safely."
    dated = [
        (datetime(2026, 6, 1, 9, 0), frame),  # the newest incident: the split is a year before it
        (datetime(2026, 6, 1, 9, 0), frame),  # same moment: the id breaks the tie
        (datetime(2026, 2, 3, 10, 0), other),
        (datetime(2025, 7, 1, 8, 0), frame),
        (datetime(2025, 6, 1, 9, 0), frame),  # exactly at the split: the recent side
        (datetime(2025, 5, 31, 9, 0), frame),
        (datetime(2024, 1, 9, 9, 0), other),
        (datetime(2023, 3, 9, 9, 0), frame),
    ]
    refs = [services.incidents.report(_fall(services, home, occurred_at=at, account=a)).reference for at, a in dated]
    inc = services.incidents
    whole = [s.reference for s in inc.summaries(inc.list_ids(IncidentFilter(text="walk fram")))]
    assert whole == [refs[1], refs[0], refs[3], refs[4], refs[5], refs[7]]
    for cap in range(1, 9):
        ids = inc.list_ids(IncidentFilter(text="walk fram", limit=cap))
        assert [s.reference for s in inc.summaries(ids)] == whole[:cap]
    since_2025 = IncidentFilter(text="frame", date_from=date(2025, 6, 1), limit=10)
    assert [s.reference for s in inc.summaries(inc.list_ids(since_2025))] == whole[:4]
    older_only = IncidentFilter(text="frame", date_to=date(2025, 5, 31), limit=1)
    assert [s.reference for s in inc.summaries(inc.list_ids(older_only))] == [refs[5]]
    oldest_first = IncidentFilter(text="frame", descending=False, limit=2)
    assert [s.reference for s in inc.summaries(inc.list_ids(oldest_first))] == [refs[7], refs[5]]
    assert inc.list_ids(IncidentFilter(text="nothing-like-this", limit=5)) == []


def test_care_staff_see_only_their_own_reports_and_cannot_edit(services: Services, home: Home) -> None:
    services.incidents.report(_fall(services, home))
    services.ctx.identity.actor = Actor(7, "Carer Jo", Role.CARE_STAFF)
    mine = services.incidents.report(_fall(services, home, occurred_at=datetime(2026, 3, 15, 8, 0)))
    assert [r.id for r in services.incidents.list(IncidentFilter())] == [mine.id]
    assert [r.id for r in services.incidents.summaries([mine.id - 1, mine.id])] == [mine.id]
    with pytest.raises(PermissionDenied):
        services.incidents.update(mine.id, mine.data, mine.version)
    with pytest.raises(PermissionDenied):
        services.incidents.get(mine.id - 1)
    with services.ctx.unit() as session:
        checked, breaks = audit.verify_chain(session)
    assert breaks == [] and checked >= 4  # two creates and two audited denials


def test_load_many_is_all_or_nothing(services: Services, home: Home) -> None:
    good = _fall(services, home)
    with pytest.raises(BulkValidationError) as err:
        services.incidents.load_many([LoadItem(good), LoadItem(dataclasses.replace(good, account=""))])
    assert list(err.value.problems) == [1]
    assert services.incidents.count(IncidentFilter()) == 0
    refs = services.incidents.load_many([LoadItem(good, reference="INC-2025-0042"), LoadItem(good)])
    assert refs == ["INC-2025-0042", "INC-2026-0001"]
    # the supplied reference is claimed: the counter for 2025 never issues it again
    nxt = services.incidents.report(_fall(services, home, occurred_at=datetime(2025, 12, 1, 9, 0)))
    assert nxt.reference == "INC-2025-0043"
    with pytest.raises(BulkValidationError):
        services.incidents.load_many([LoadItem(good, reference="INC-2025-0042")])


@pytest.mark.tampers
def test_audit_chain_detects_an_edited_row(services: Services, home: Home) -> None:
    d = services.incidents.report(_fall(services, home))
    services.incidents.update(d.id, dataclasses.replace(d.data, witnesses="B. Nurse"), d.version)
    from sqlalchemy import update

    from carelog.db.models import AuditRow

    with services.ctx.unit() as session:
        session.execute(update(AuditRow).where(AuditRow.id == 2).values(new_value="Someone else"))
    with services.ctx.unit() as session:
        _checked, breaks = audit.verify_chain(session)
    assert [b.audit_id for b in breaks] == [2]
