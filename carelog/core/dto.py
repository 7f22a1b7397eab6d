"""Frozen data transfer objects returned by services. Views never see ORM instances."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from carelog.core.enums import (
    Kind,
    NotificationKind,
    PhysicalHarm,
    PsychologicalHarm,
    Role,
    ServiceType,
    Shift,
    Status,
)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is doing something: written into every audit record."""

    user_id: int | None
    name: str
    role: Role


SYSTEM_ACTOR = Actor(None, "CareLog system", Role.ADMIN)


@dataclass(frozen=True, slots=True)
class ServiceRef:
    id: int
    name: str
    service_type: ServiceType = ServiceType.CARE_HOME
    beds: int | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class LocationRef:
    id: int
    service_id: int
    name: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: int
    code: str
    display_name: str
    service_id: int | None
    active: bool = True


@dataclass(frozen=True, slots=True)
class SubcategoryRef:
    id: int
    category_id: int
    name: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class CategoryRef:
    id: int
    name: str
    subcategories: tuple[SubcategoryRef, ...] = ()
    active: bool = True
    code: str = ""  # stable: rules key on it, renaming does not change it (core.categories)
    synonyms: tuple[str, ...] = ()  # words people use for it, searched by the category box


@dataclass(frozen=True, slots=True)
class ReferenceData:
    """Everything a form needs to offer choices."""

    services: tuple[ServiceRef, ...]
    locations: tuple[LocationRef, ...]
    people: tuple[PersonRef, ...]
    categories: tuple[CategoryRef, ...]

    def locations_for(self, service_id: int | None) -> tuple[LocationRef, ...]:
        return tuple(loc for loc in self.locations if loc.service_id == service_id)

    def people_for(self, service_id: int | None) -> tuple[PersonRef, ...]:
        return tuple(p for p in self.people if p.service_id in (service_id, None))

    def category(self, category_id: int | None) -> CategoryRef | None:
        return next((c for c in self.categories if c.id == category_id), None)


@dataclass(frozen=True, slots=True)
class NotificationInput:
    kind: NotificationKind
    made_at: datetime | None = None
    reference: str = ""
    note: str = ""


@dataclass(frozen=True)
class IncidentInput:
    """What a person enters on the report form (create) or the edit dialog (update)."""

    kind: Kind | None
    category_id: int | None
    occurred_at: datetime | None
    service_id: int | None
    account: str
    subcategory_id: int | None = None
    location_id: int | None = None
    reported_at: datetime | None = None
    reporter_name: str = ""
    person_ids: tuple[int, ...] = ()
    witnesses: str = ""
    immediate_action: str = ""
    injury: bool = False
    body_sites: tuple[str, ...] = ()
    post_fall_observations: str = ""
    physical_harm: PhysicalHarm = PhysicalHarm.NONE
    psychological_harm: PsychologicalHarm = PsychologicalHarm.NONE
    risk_consequence: int | None = None
    risk_likelihood: int | None = None
    notifications: tuple[NotificationInput, ...] = ()
    risk_assessment_reviewed: bool = False
    care_plan_reviewed: bool = False


@dataclass(frozen=True, slots=True)
class IncidentSummary:
    """One row of the incident list."""

    id: int
    reference: str
    occurred_at: datetime
    kind: Kind
    category: str
    service: str
    location: str
    physical_harm: PhysicalHarm
    status: Status
    shift: Shift
    risk_score: int | None
    subcategory: str = ""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor_name: str
    entity: str
    entity_id: int | None
    action: str
    field: str
    old_value: str
    new_value: str


@dataclass(frozen=True)
class IncidentDetail:
    id: int
    reference: str
    version: int
    status: Status
    shift: Shift
    reported_at: datetime
    reporter_id: int | None
    data: IncidentInput
    service_name: str
    location_name: str
    category_name: str
    subcategory_name: str
    people: tuple[PersonRef, ...]
    created_at: datetime
    updated_at: datetime
    risk_score: int | None = None
    audit: tuple[AuditEntry, ...] = field(default_factory=tuple)


# The Log tab lists at most this many incidents in the chosen order (newest first unless sorted otherwise); a filter
# or search narrows a provider's million records to the ones wanted (issue 18: the list stays quick at any size).
LIST_LIMIT = 10_000


@dataclass(frozen=True)
class IncidentFilter:
    date_from: date | None = None
    date_to: date | None = None
    service_id: int | None = None
    location_id: int | None = None
    kind: Kind | None = None
    category_id: int | None = None
    harm: PhysicalHarm | None = None
    status: Status | None = None
    text: str = ""
    reporter_id: int | None = None
    sort_key: str = "occurred_at"
    descending: bool = True
    limit: int | None = None


@dataclass(frozen=True)
class LoadItem:
    """One incident for load_many: imported or demo records may carry their own reference and status."""

    data: IncidentInput
    reference: str | None = None
    status: Status = Status.REPORTED
    reporter_id: int | None = None
    created_at: datetime | None = None
