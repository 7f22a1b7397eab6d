"""AttentionService on planted data: each planted record gives its one item, with due, overdue and what it opens;
complaint, safeguarding and Duty of Candour steps are listed by the service of their incident; signals drop off once
looked at; the summary counts each service and key measure."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from carelog.core.attention import ItemKind, Opens, Section
from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.core.errors import PermissionDenied, ValidationError
from carelog.core.thread_records import CandourInput, RecordKind, SafeguardingInput
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
        (ItemKind.COMPLAINT_STEP, p.complaint),  # acknowledgement overdue, response due
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


def test_complaint_steps_are_listed_overdue_first_and_drop_off_once_done(services: Services, home: Home) -> None:
    p = plant(services, home)
    steps = services.attention.report(AS_OF, signals=False).in_section(Section.RECORDS)
    ack, response = steps
    assert (ack.kind, ack.target_id, ack.reference) == (ItemKind.COMPLAINT_STEP, p.complaint, f"C-{p.complaint}")
    assert ack.opens == Opens.COMPLAINT
    assert ack.overdue and ack.due == datetime(2026, 3, 12, 23, 59, 59)  # 3 working days after Monday 9 March
    assert ack.service == "Oak House" and ack.title == (
        f"4 days overdue: Acknowledge the complaint (Complaint C-{p.complaint}, INC-2026-0003)"
    )
    assert ack.text.endswith(": Acknowledge the complaint. Due by Thu 12 Mar 2026: 4 days overdue.")
    assert not response.overdue and response.due is not None and response.due.date() == date(2026, 4, 8)  # Easter
    assert response.title.startswith("Due Wed 08 Apr: Send the response")
    assert "Planted" not in ack.text + response.text  # no free text (the complaint's words) in the list
    assert services.attention.report(AS_OF, "Birch Court", signals=False).items == ()
    record = services.records.get(RecordKind.COMPLAINT, p.complaint)
    services.records.update(RecordKind.COMPLAINT, p.complaint, replace(record.data, acknowledged_on=date(2026, 3, 13)),
                            record.version)  # fmt: skip
    (left,) = services.attention.report(AS_OF, signals=False).in_section(Section.RECORDS)
    assert left.title.startswith("Due Wed 08 Apr: Send the response")


def test_safeguarding_and_candour_steps_and_records_without_an_incident(services: Services, home: Home) -> None:
    p = plant(services, home)
    services.records.create(
        RecordKind.SAFEGUARDING,
        SafeguardingInput(raised_on=date(2026, 3, 16), person_code="OH-3", abuse_type="neglect",
                          concern="Planted concern.", referred_on=date(2026, 3, 16)),
    )  # fmt: skip
    services.records.create(RecordKind.CANDOUR, CandourInput(incident_id=p.late_cqc))
    report = services.attention.report(AS_OF, signals=False)
    steps = {(i.kind, i.title.split(" (")[0]): i for i in report.in_section(Section.RECORDS)}
    cqc = steps[(ItemKind.SAFEGUARDING_STEP, "Due today: Notify CQC")]  # without delay: the day it was raised
    assert not cqc.overdue and cqc.service == "" and "every service" not in cqc.text
    assert (ItemKind.SAFEGUARDING_STEP, "Due today: Refer to the local authority") not in steps  # referred
    decide = steps[(ItemKind.CANDOUR_STEP, "Due Mon 30 Mar: Decide whether it is a notifiable safety incident")]
    assert decide.opens == Opens.CANDOUR and decide.service == "Oak House"  # 10 working days from 16 March
    (birch,) = services.attention.report(AS_OF, "Birch Court", signals=False).items
    assert birch.target_id == cqc.target_id and "every service's list shows it" in birch.text  # no incident linked


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


def test_a_notification_never_made_stays_listed_however_old(services: Services, home: Home) -> None:
    """Incidents older than the 90-day look-back are read for notifications required and never made (or still
    overdue), not for due or late ones; a write (the notification recorded) takes the item off at once."""
    from carelog.core.dto import IncidentInput, LoadItem, NotificationInput
    from carelog.core.enums import Kind, NotificationKind, PhysicalHarm, Status

    cats = {c.name: c.id for c in services.incidents.reference_data().categories}
    long_ago = datetime(2025, 6, 2, 14, 0)  # 9 months before AS_OF

    def old(cat: str, harm: PhysicalHarm, status: Status, told: tuple[NotificationInput, ...] = ()) -> LoadItem:
        data = IncidentInput(
            kind=Kind.INCIDENT, category_id=cats[cat], occurred_at=long_ago, reported_at=long_ago,
            service_id=home.service_id, location_id=home.lounge_id, account="Planted long ago.", physical_harm=harm,
            notifications=told,
        )  # fmt: skip
        return LoadItem(data, status=status, created_at=long_ago)

    services.ctx.clock = lambda: datetime(2025, 6, 3, 9, 0)
    made = (
        NotificationInput(NotificationKind.SAFEGUARDING, long_ago + timedelta(hours=1)),
        NotificationInput(NotificationKind.CQC, long_ago + timedelta(hours=1)),
    )
    refs = services.incidents.load_many(
        [
            old("Safeguarding", PhysicalHarm.NONE, Status.CLOSED),  # both never made: listed
            old("Death", PhysicalHarm.FATAL, Status.UNDER_REVIEW),  # CQC still overdue: listed
            old("Safeguarding", PhysicalHarm.NONE, Status.CLOSED, told=made),  # made on time: not listed
            old("Fall", PhysicalHarm.LOW, Status.CLOSED),  # needs nothing
        ]
    )
    services.ctx.clock = lambda: AS_OF
    report = services.attention.report(AS_OF, signals=False)
    notes = [i for i in report.items if i.reference in refs and i.kind.value.startswith("notification")]
    got = sorted((i.reference, i.kind.value, i.text.split(" for ")[0]) for i in notes)
    assert got == [
        (refs[0], "notification_never_made", "CQC notification"),
        (refs[0], "notification_never_made", "Safeguarding (local authority)"),
        (refs[1], "notification_overdue", "CQC notification"),
    ]
    other = services.attention.report(AS_OF, "Birch Court", signals=False)  # another service's list
    assert [i for i in other.items if i.reference in refs] == []
    from carelog.core.dto import IncidentFilter

    death_id = next(s.id for s in services.incidents.list(IncidentFilter()) if s.reference == refs[1])
    death = services.incidents.get(death_id)
    data = replace(death.data, notifications=(NotificationInput(NotificationKind.CQC, AS_OF - timedelta(hours=1)),))
    services.incidents.update(death.id, data, death.version)
    again = services.attention.report(AS_OF, signals=False)
    assert [i for i in again.items if i.reference == refs[1] and i.kind.value == "notification_overdue"] == []


def test_a_new_report_keeps_the_older_list_and_a_change_to_an_old_record_reads_it_again(
    services: Services, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The older incidents are read again only when one of them (or a notification, or the categories) changed:
    a care worker's new report does not make the manager's Home slower."""
    from carelog.core.dto import IncidentFilter, IncidentInput, LoadItem
    from carelog.core.enums import Kind, PhysicalHarm, Status
    from carelog.db.repositories import incidents as incident_repo

    cats = {c.name: c.id for c in services.incidents.reference_data().categories}
    long_ago = datetime(2025, 6, 2, 14, 0)
    services.ctx.clock = lambda: datetime(2025, 6, 3, 9, 0)
    (ref,) = services.incidents.load_many(
        [
            LoadItem(
                IncidentInput(
                    kind=Kind.INCIDENT, category_id=cats["Safeguarding"], occurred_at=long_ago,
                    reported_at=long_ago, service_id=home.service_id, location_id=home.lounge_id,
                    account="Planted long ago.", physical_harm=PhysicalHarm.NONE,
                ),
                status=Status.REPORTED,
                created_at=long_ago,
            )
        ]
    )  # fmt: skip
    services.ctx.clock = lambda: AS_OF
    reads: list[datetime] = []
    real = incident_repo.unmade_candidates
    monkeypatch.setattr(
        incident_repo, "unmade_candidates", lambda s, before, *a: reads.append(before) or real(s, before, *a)
    )
    services.attention.report(AS_OF, signals=False)
    assert len(reads) == 1
    services.incidents.report(
        IncidentInput(
            kind=Kind.INCIDENT, category_id=cats["Fall"], occurred_at=AS_OF - timedelta(hours=1),
            service_id=home.service_id, location_id=home.lounge_id, account="Found on the lounge floor just now.",
        )
    )  # fmt: skip
    services.attention.report(AS_OF, signals=False)
    assert len(reads) == 1  # kept
    old = services.incidents.get(next(s.id for s in services.incidents.list(IncidentFilter()) if s.reference == ref))
    services.incidents.update(old.id, replace(old.data, account="Planted long ago; details added."), old.version)
    report = services.attention.report(AS_OF, signals=False)
    assert len(reads) == 2  # read again
    assert any(i.reference == ref and i.kind.value.startswith("notification_") for i in report.items)


def test_older_records_are_counted_again_only_after_a_write_they_may_depend_on(
    services: Services, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stamp of the older records (it counts every one of them) is read again only when the audit trail shows
    a write it may depend on; the list stays the one a fresh Home reads, limit by limit and service by service."""
    from carelog.core.dto import IncidentFilter, IncidentInput, LoadItem
    from carelog.core.enums import Kind, PhysicalHarm, Status
    from carelog.db.repositories import attention as attention_repo
    from carelog.services.registry import build_services

    cats = {c.name: c.id for c in services.incidents.reference_data().categories}
    long_ago = datetime(2025, 6, 2, 14, 0)
    services.ctx.clock = lambda: datetime(2025, 6, 3, 9, 0)
    planted = [
        LoadItem(
            IncidentInput(
                kind=Kind.INCIDENT, category_id=cats["Safeguarding"], occurred_at=long_ago - timedelta(days=n),
                reported_at=long_ago - timedelta(days=n), service_id=sid, location_id=None,
                account=f"Planted long ago, number {n}.", physical_harm=PhysicalHarm.NONE,
            ),
            status=Status.CLOSED if n % 2 else Status.REPORTED,
            created_at=long_ago - timedelta(days=n),
        )
        for n, sid in enumerate([home.service_id] * 4 + [home.other_service_id] * 3)
    ]  # fmt: skip
    refs = services.incidents.load_many(planted)
    services.ctx.clock = lambda: AS_OF
    counted: list[datetime] = []
    real = attention_repo.older_incidents_stamp
    monkeypatch.setattr(
        attention_repo, "older_incidents_stamp", lambda s, before: counted.append(before) or real(s, before)
    )

    def same_as_fresh() -> None:
        fresh = build_services(services.ctx).attention  # no caches
        before = len(counted)
        for service in (None, "Birch Court"):
            for limit in (1, 2, 50, 150):  # (150: more than the older cases kept, ranked again)
                kept = services.attention.report(AS_OF, service, limit=limit, signals=False)
                assert len(counted) == before
                read = fresh.report(AS_OF, service, limit=limit, signals=False)
                del counted[before:]  # (the fresh list's own)
                assert (kept.items, kept.totals, kept.summary) == (read.items, read.totals, read.summary)

    services.attention.report(AS_OF, signals=False)
    services.attention.report(AS_OF, signals=False)
    assert len(counted) == 1  # nothing written: kept
    services.incidents.report(
        IncidentInput(
            kind=Kind.INCIDENT, category_id=cats["Fall"], occurred_at=AS_OF - timedelta(hours=1),
            service_id=home.service_id, location_id=home.lounge_id, account="Found on the lounge floor just now.",
        )
    )  # fmt: skip
    services.attention.report(AS_OF, signals=False)
    assert len(counted) == 1  # a new report of something recent: kept
    same_as_fresh()
    ids = {s.reference: s.id for s in services.incidents.list(IncidentFilter())}
    moved = services.incidents.get(ids[refs[0]])  # an older record moved into the last 90 days
    when = AS_OF - timedelta(days=2)
    services.incidents.update(
        moved.id, replace(moved.data, occurred_at=when, reported_at=when + timedelta(hours=1)), moved.version
    )
    report = services.attention.report(AS_OF, signals=False)
    assert len(counted) == 2
    assert len([i for i in report.items if i.reference == refs[0]]) == len(
        {(i.kind, i.text) for i in report.items if i.reference == refs[0]}
    )  # listed once, not as recent and as older too
    same_as_fresh()
    manager = services.ctx.identity.actor
    services.ctx.identity.actor = Actor(9, "Test Admin", Role.ADMIN)
    services.lists.add("category", "Choking")
    services.ctx.identity.actor = manager
    services.attention.report(AS_OF, signals=False)
    assert len(counted) == 3  # another record: read again
    same_as_fresh()
