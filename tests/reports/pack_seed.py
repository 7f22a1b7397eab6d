"""Records for pack tests: a quarter of incidents at Oak House with people, notifications and feedback."""

from __future__ import annotations

from datetime import datetime, timedelta

from carelog.core.dto import IncidentInput, LoadItem, NotificationInput
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm
from carelog.services.registry import Services

START = datetime(2026, 1, 1, 8, 0)


def _category(services: Services, name: str) -> tuple[int, int]:
    ref = services.incidents.reference_data()
    cat = next(c for c in ref.categories if c.name == name)
    return cat.id, cat.subcategories[0].id


def seed_records(services: Services, home, count: int = 120) -> list[str]:  # type: ignore[no-untyped-def]
    """`count` records over Jan-Mar 2026 at Oak House, plus one in December 2025 and one at Birch Court."""
    fall = _category(services, "Fall")
    meds = _category(services, "Medication")
    complaint = _category(services, "Complaint")
    compliment = _category(services, "Compliment")
    items = []
    for n in range(count):
        occurred = START + timedelta(hours=17 * n)
        if n % 10 == 3:
            kind, (cat, sub), harm = Kind.COMPLAINT, complaint, PhysicalHarm.NONE
            account = "Daughter of Edith Marsh complained that Mrs Marsh's laundry went missing again."
        elif n % 10 == 7:
            kind, (cat, sub), harm = Kind.COMPLIMENT, compliment, PhysicalHarm.NONE
            account = "Card from Walter's family thanking the night team for their kindness to Walter."
        elif n % 5 == 1:
            kind, (cat, sub), harm = Kind.NEAR_MISS, meds, PhysicalHarm.NONE
            account = "Wrong MAR chart picked up for Walter Bright; noticed before anything was given."
        else:
            kind, (cat, sub), harm = Kind.INCIDENT, fall, (PhysicalHarm.LOW if n % 4 else PhysicalHarm.MODERATE)
            account = "Edith Marsh was found on the floor beside her bed; she said she had tried to walk alone."
        notes: tuple[NotificationInput, ...] = ()
        if n % 4 == 0 and kind == Kind.INCIDENT:
            notes = (
                NotificationInput(
                    NotificationKind.CQC, occurred + timedelta(hours=3), f"CQC-{1000 + n}", "Online form"
                ),
                NotificationInput(NotificationKind.FAMILY, occurred + timedelta(hours=1), "", "Rang daughter"),
            )
        if n == 8:
            notes += (
                NotificationInput(
                    NotificationKind.SAFEGUARDING,
                    occurred + timedelta(hours=2),
                    "SG-77",
                    "Raised with Edith Marsh's social worker",
                ),
            )
        items.append(
            LoadItem(
                IncidentInput(
                    kind=kind,
                    category_id=cat,
                    subcategory_id=sub,
                    occurred_at=occurred,
                    service_id=home.service_id,
                    location_id=home.lounge_id if n % 2 else home.bedroom_id,
                    account=account,
                    person_ids=(home.person_ids[n % 2],),
                    physical_harm=harm,
                    notifications=notes,
                )
            )
        )
    outside = IncidentInput(
        kind=Kind.INCIDENT,
        category_id=fall[0],
        occurred_at=datetime(2025, 12, 31, 22, 0),
        service_id=home.service_id,
        account="Outside the period: must not be counted.",
    )
    other = IncidentInput(
        kind=Kind.INCIDENT,
        category_id=fall[0],
        occurred_at=datetime(2026, 2, 2, 10, 0),
        service_id=home.other_service_id,
        account="At Birch Court: left out when one service is chosen.",
    )
    return services.incidents.load_many([*items, LoadItem(outside), LoadItem(other)])
