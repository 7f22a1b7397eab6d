"""Pattern detection for one service (its pack, its monthly report) reads only that service's incidents and finds
exactly what the provider-wide run finds for it: clusters, time concentrations and SPC signals of that service, and
the repeats of every person involved there, counted over all their incidents at any service."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from carelog.core.dto import IncidentInput, LoadItem
from carelog.core.enums import Kind
from carelog.core.pack_data import PackRequest
from carelog.core.patterns import PatternSignal, SignalType
from carelog.core.trend_data import add_months, month_start
from carelog.services.registry import Services
from tests.conftest import Home

pytestmark = pytest.mark.postgres

OAK, BIRCH = "Oak House", "Birch Court"


def _as_of(services: Services) -> date:
    """The last day of the month before the clock's: complete, and in the past on any date."""
    return month_start(services.ctx.clock().date()) - timedelta(days=1)


def _plant(services: Services, home: Home) -> date:
    cats = {c.name: c.id for c in services.incidents.reference_data().categories}
    as_of = _as_of(services)
    dining = home.bedroom_id + 1  # Birch Court's one location (tests.conftest.seed_home)
    p1, p2 = home.person_ids
    rows: list[tuple[datetime, str, int, int | None, tuple[int, ...]]] = []
    day = datetime.combine(as_of, time(10)) - timedelta(days=20)
    for n in range(4):  # a cluster of falls in each service's lounge / dining room
        rows.append((day + timedelta(days=n, hours=n), "Fall", home.service_id, home.lounge_id, (p1,) if n < 3 else ()))
        rows.append((day + timedelta(days=n, hours=2), "Fall", home.other_service_id, dining, (p2,) if n < 3 else ()))
    for n in range(2):  # p1 falls twice at Birch Court too: one person, two services
        rows.append((day + timedelta(days=5 + n), "Fall", home.other_service_id, None, (p1,)))
    for n in range(9):  # medication errors in the 08:00 band at both services, over the lookback
        when = datetime.combine(as_of - timedelta(days=5 + 8 * n), time(8, 15))
        rows.append((when, "Medication", home.service_id, None, ()))
        rows.append((when + timedelta(minutes=5), "Medication", home.other_service_id, None, ()))
    skin = "Skin tear / unexplained bruise"
    last_month = month_start(as_of)
    for back in range(1, 19):  # one a month for 18 months, then a spike in the last month: SPC at both services
        first = add_months(last_month, -back)
        for sid in (home.service_id, home.other_service_id):
            rows.append((datetime.combine(first + timedelta(days=9), time(14)), skin, sid, None, ()))
    for n in range(9):
        for sid in (home.service_id, home.other_service_id):
            rows.append((datetime.combine(last_month + timedelta(days=n), time(3)), skin, sid, None, ()))
    services.incidents.load_many(
        [
            LoadItem(
                IncidentInput(
                    kind=Kind.INCIDENT,
                    category_id=cats[category],
                    occurred_at=when,
                    service_id=sid,
                    location_id=location,
                    account="Planted for the one-service pattern tests.",
                    person_ids=people,
                )
            )
            for when, category, sid, location, people in rows
        ]
    )
    return as_of


def _theirs(signals: list[PatternSignal], service: str) -> list[PatternSignal]:
    """The provider-wide signals that hold an incident at `service` (a person's: any of their services)."""
    return [
        s
        for s in signals
        if (service in s.location.split(", ") if s.type == SignalType.PERSON_REPEAT else s.service == service)
    ]


def test_one_service_finds_what_the_provider_wide_run_finds_for_it(services: Services, home: Home) -> None:
    as_of = _plant(services, home)
    wide = services.trends.patterns(as_of)
    assert {s.type for s in wide} == set(SignalType)  # every kind planted is found
    oak = services.trends.patterns(as_of, service_id=home.service_id)
    birch = services.trends.patterns(as_of, service_id=home.other_service_id)
    assert oak == _theirs(wide, OAK) and birch == _theirs(wide, BIRCH)  # same signals, same order
    assert {s.type for s in oak} == set(SignalType) and {s.type for s in birch} == set(SignalType)
    assert all(s.service == OAK for s in oak if s.type != SignalType.PERSON_REPEAT)
    # OH-014's repeat holds their falls at both services, in both packs; OH-022 fell only at Birch Court
    repeats = {s.person_code: s for s in oak if s.type == SignalType.PERSON_REPEAT}
    assert set(repeats) == {"OH-014"} and repeats["OH-014"].count == 5
    assert repeats["OH-014"].location == f"{BIRCH}, {OAK}"
    assert {s.person_code for s in birch if s.type == SignalType.PERSON_REPEAT} == {"OH-014", "OH-022"}


def test_a_longer_lookback_and_a_quiet_service(services: Services, home: Home) -> None:
    as_of = _plant(services, home)
    wide = services.trends.patterns(as_of, lookback_days=365)
    assert services.trends.patterns(as_of, lookback_days=365, service_id=home.service_id) == _theirs(wide, OAK)
    with services.ctx.unit() as session:
        from carelog.core.enums import ServiceType
        from carelog.db.repositories import audit, organisation
        from tests.conftest import MANAGER

        quiet = organisation.add_service(session, "Elm Lodge", ServiceType.CARE_HOME, 12)
        audit.append_many(session, MANAGER, [audit.NewAuditRecord("service", quiet, "create")], at=services.ctx.clock())
    assert services.trends.patterns(as_of, service_id=quiet) == []


def test_one_service_pack_lists_its_signals_and_no_other_service(services: Services, home: Home) -> None:
    as_of = _plant(services, home)
    request = PackRequest(month_start(as_of) - timedelta(days=60), as_of, home.service_id, charts=True)
    data = services.pack.gather(request)
    assert data.evidence is not None and data.checked is not None and data.checked.summary is not None
    lines = data.evidence.across.signals
    assert lines and all(line.service == OAK for line in lines if line.kind != SignalType.PERSON_REPEAT.label)
    # OH-014's falls at both services are one signal in Oak House's pack (the name test of old missed it)
    assert [line.count for line in lines if line.headline == "5 incidents for OH-014"] == [5]
    assert not [line for line in lines if "OH-022" in line.headline or "Dining room" in line.headline]
    risks = [r for r in data.checked.summary.open_risks if r.startswith("Signal: ")]
    assert risks and not [r for r in risks if "OH-022" in r or "Dining room" in r]
