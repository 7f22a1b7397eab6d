"""AttentionService on planted data: each planted record gives its one item, with due, overdue and what it opens;
signals drop off once looked at; the summary counts each service and key measure."""

from __future__ import annotations

import pytest

from carelog.core.attention import ItemKind, Opens
from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.core.errors import PermissionDenied, ValidationError
from carelog.services.registry import Services
from tests.conftest import Home
from tests.services.plant_attention import AS_OF, plant

pytestmark = pytest.mark.usefixtures("staff")


def test_planted_records_each_give_their_item(services: Services, home: Home) -> None:
    p = plant(services, home)
    report = services.attention.report(AS_OF)
    got = {(i.kind, i.target_id) for i in report.items if i.kind != ItemKind.SIGNAL}
    assert got == {
        (ItemKind.NOTIFICATION_OVERDUE, p.death),
        (ItemKind.NOTIFICATION_NEVER_MADE, p.safeguarding_closed),  # the local authority
        (ItemKind.NOTIFICATION_LATE, p.late_cqc),
        (ItemKind.TRIAGE, p.death),
        (ItemKind.TRIAGE, p.new_fall),
        (ItemKind.REVIEW_OVERDUE, p.review_id),
        (ItemKind.ACTION_OVERDUE, p.overdue_action),
        (ItemKind.ACTION_NOT_EFFECTIVE, p.not_effective_action),
    }
    never = [i for i in report.items if i.kind == ItemKind.NOTIFICATION_NEVER_MADE]
    assert len(never) == 2 and {i.text.split(" for ")[0] for i in never} == {
        "Safeguarding (local authority)",
        "CQC notification",
    }
    triage = [i for i in report.items if i.kind == ItemKind.TRIAGE]
    assert [i.target_id for i in triage] == [p.death, p.new_fall]  # oldest first
    assert triage[0].overdue and not triage[1].overdue and "2 days left" in triage[1].text
    assert all(i.opens == Opens.INCIDENT for i in triage)
    assert report.totals[ItemKind.TRIAGE] == 2


def test_one_service_only_and_unknown_service(services: Services, home: Home) -> None:
    plant(services, home)
    assert services.attention.report(AS_OF, "Birch Court").items == ()
    assert services.attention.report(AS_OF, "Oak House").items
    with pytest.raises(ValidationError, match="No service called 'Elm'. Services: Birch Court, Oak House"):
        services.attention.report(AS_OF, "Elm")


def test_summary_counts_each_service_and_measure(services: Services, home: Home) -> None:
    plant(services, home)
    report = services.attention.report(AS_OF, signals=False)
    rows = {(s.service, s.measure): s for s in report.summary}
    assert len(rows) == 12  # two services x six measures
    falls = rows[("Oak House", "Falls")]
    assert falls.this_month == 1 and falls.last_month == 1 and falls.months == 1  # February only, before March
    assert falls.rate_per_1000 is None
    services.ctx.identity.actor = Actor(9, "Test Admin", Role.ADMIN)
    services.attention.set_occupancy(home.service_id, AS_OF.date().replace(month=2, day=14), 1120)
    falls = next(s for s in services.attention.report(AS_OF, signals=False).summary if s.measure == "Falls")
    assert falls.service == "Birch Court" and falls.rate_per_1000 is None  # no occupancy recorded there
    oak = next(s for s in services.attention.report(AS_OF, "Oak House", signals=False).summary if s.measure == "Falls")
    assert oak.bed_days == 1120 and oak.rate_per_1000 == pytest.approx(1000 / 1120)


def test_care_staff_cannot_read_the_attention_list(services: Services, home: Home) -> None:
    services.ctx.identity.actor = Actor(7, "Carer Jo", Role.CARE_STAFF)
    with pytest.raises(PermissionDenied):
        services.attention.report(AS_OF)


def test_signals_drop_off_once_looked_at(services: Services, home: Home) -> None:
    plant(services, home)  # with the new fall it holds, two more make three in the lounge within 30 days
    from datetime import timedelta

    from carelog.core.dto import IncidentInput
    from carelog.core.enums import Kind

    fall = next(c.id for c in services.incidents.reference_data().categories if c.name == "Fall")
    for days in (3, 2):
        services.ctx.clock = lambda d=days: AS_OF - timedelta(days=d)  # type: ignore[misc]
        services.incidents.report(
            IncidentInput(
                kind=Kind.INCIDENT,
                category_id=fall,
                occurred_at=AS_OF - timedelta(days=days, hours=1),
                service_id=home.service_id,
                location_id=home.lounge_id,
                account="Another fall.",
            )  # fmt: skip
        )
    services.ctx.clock = lambda: AS_OF
    first = [i for i in services.attention.report(AS_OF).items if i.kind == ItemKind.SIGNAL]
    assert any("Main lounge" in i.text for i in first)
    services.attention.mark_signals_seen()
    later = AS_OF + timedelta(days=1)
    assert [i for i in services.attention.report(later).items if i.kind == ItemKind.SIGNAL] == []
    services.ctx.clock = lambda: later  # one more fall reported after looking: the cluster is new again
    services.incidents.report(
        IncidentInput(
            kind=Kind.INCIDENT,
            category_id=fall,
            occurred_at=later - timedelta(hours=2),
            service_id=home.service_id,
            location_id=home.lounge_id,
            account="And another.",
        )  # fmt: skip
    )
    again = [i for i in services.attention.report(later).items if i.kind == ItemKind.SIGNAL]
    assert any("Main lounge" in i.text for i in again)
