"""Demo staff accounts (all fictional), and a few reports made by the care staff so "My reports" is not empty.

Documented for the README; the PINs are deliberately simple because this is demo data only.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from carelog.core.categories import CategoryCode
from carelog.core.dto import SYSTEM_ACTOR, CategoryRef, IncidentInput
from carelog.core.enums import Kind, Role
from carelog.core.errors import CareLogError
from carelog.core.users import UserInput
from carelog.services.registry import Services

DEMO_ACCOUNTS: tuple[UserInput, ...] = (
    UserInput("admin", "Alex Morgan", Role.ADMIN, "1234"),
    UserInput("manager", "Priya Shah", Role.MANAGER, "2345"),
    UserInput("senior", "Grace Adeyemi", Role.MANAGER, "3456"),
    UserInput("sam", "Sam Okafor", Role.CARE_STAFF, "1357"),
    UserInput("jo", "Jo Lewis", Role.CARE_STAFF, "2468"),
)

_CARE_STAFF_ACCOUNTS = (
    "Found sitting on the bedroom floor beside the bed at the 02:00 check. Said she was trying to reach the "
    "commode. No visible injury; helped up with the hoist, observations started.",
    "Evening medicines: one tablet found on the floor under the dining table after the round. Reported to the "
    "senior on shift, who checked the MAR chart.",
    "Became upset and pushed a chair over in the lounge when the television was changed. Calmed with 1:1 time "
    "and a walk in the garden. No one hurt.",
)


def add_demo(services: Services, rng: random.Random, as_of: datetime) -> None:
    """Create the demo accounts (skipping any that exist) and file a few reports as the care staff."""
    ctx = services.ctx
    previous = ctx.identity.actor
    ctx.identity.actor = SYSTEM_ACTOR
    try:
        existing = {u.username for u in services.accounts.list_users()}
        for account in DEMO_ACCOUNTS:
            if account.username not in existing:
                services.accounts.create_user(account)
        for account in DEMO_ACCOUNTS:
            if account.role == Role.CARE_STAFF and account.username not in existing:
                _report_as(services, account, rng, as_of)
    finally:
        ctx.identity.actor = previous


def _report_as(services: Services, account: UserInput, rng: random.Random, as_of: datetime) -> None:
    services.accounts.sign_in(account.username, account.secret)
    try:
        ref = services.incidents.reference_data()
        if not ref.services or not ref.categories:
            return
        service = rng.choice(ref.services)
        locations = ref.locations_for(service.id)
        people = ref.people_for(service.id)
        for i, text in enumerate(_CARE_STAFF_ACCOUNTS):
            category = _category_for(ref.categories, i)
            occurred = (as_of - timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 12))).replace(second=0)
            data = IncidentInput(
                kind=Kind.INCIDENT,
                category_id=category.id,
                occurred_at=occurred,
                service_id=service.id,
                account=text,
                location_id=rng.choice(locations).id if locations else None,
                person_ids=(rng.choice(people).id,) if people else (),
                reporter_name=account.display_name,
            )
            try:
                services.incidents.report(replace(data, reported_at=occurred + timedelta(minutes=40)))
            except CareLogError:
                continue  # demo data is best effort; a changed category list must not stop the demo
    finally:
        services.accounts.sign_out()


def _category_for(categories: tuple[CategoryRef, ...], index: int) -> CategoryRef:
    wanted = (CategoryCode.FALL, CategoryCode.MEDICATION, CategoryCode.BEHAVIOUR)[index]
    return next((c for c in categories if c.code == wanted), categories[0])
