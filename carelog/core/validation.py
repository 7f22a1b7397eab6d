"""Validation of the incident form. Each message names the field and says what to fix."""

from __future__ import annotations

from datetime import datetime, timedelta

from carelog.core.dto import IncidentInput, ReferenceData
from carelog.core.errors import ValidationError
from carelog.core.risk import CONSEQUENCES, LIKELIHOODS

MIN_ACCOUNT_LENGTH = 10
EARLIEST_DATE = datetime(2000, 1, 1)
CLOCK_SLACK = timedelta(minutes=10)


def validate_incident(data: IncidentInput, ref: ReferenceData, now: datetime) -> None:
    errors: dict[str, str] = {}
    if data.kind is None:
        errors["kind"] = "Choose what kind of event this was (for example incident or near miss)."
    category = ref.category(data.category_id)
    if category is None:
        errors["category_id"] = "Choose a category."
    elif data.subcategory_id is not None and data.subcategory_id not in {s.id for s in category.subcategories}:
        errors["subcategory_id"] = f"That subcategory does not belong to {category.name}; choose another."
    if data.occurred_at is None:
        errors["occurred_at"] = "Enter when it happened (date and time)."
    elif data.occurred_at > now + CLOCK_SLACK:
        errors["occurred_at"] = "The time it happened is in the future; check the date and time."
    elif data.occurred_at < EARLIEST_DATE:
        errors["occurred_at"] = "The date is too far in the past; check the year."
    if data.reported_at is not None and data.occurred_at is not None and data.reported_at < data.occurred_at:
        errors["reported_at"] = "It cannot be reported before it happened; check both times."
    if data.service_id is None or data.service_id not in {s.id for s in ref.services}:
        errors["service_id"] = "Choose the service (home) where it happened."
    elif data.location_id is not None and data.location_id not in {
        loc.id for loc in ref.locations_for(data.service_id)
    }:
        errors["location_id"] = "That location is not in the chosen service; choose it again."
    if len(data.account.strip()) < MIN_ACCOUNT_LENGTH:
        errors["account"] = (
            f"Describe what happened in your own words (at least {MIN_ACCOUNT_LENGTH} characters): "
            "facts only, what you saw and heard."
        )
    known_people = {p.id for p in ref.people}
    if any(pid not in known_people for pid in data.person_ids):
        errors["person_ids"] = "One of the people chosen is no longer on the list; choose again."
    if (data.risk_consequence is None) != (data.risk_likelihood is None):
        errors["risk"] = "Give both consequence and likelihood for the risk rating, or neither."
    elif data.risk_consequence is not None and (
        data.risk_consequence not in CONSEQUENCES or data.risk_likelihood not in LIKELIHOODS
    ):
        errors["risk"] = "Consequence and likelihood are each rated 1 to 5."
    for note in data.notifications:
        if note.made_at is not None and data.occurred_at is not None and note.made_at < data.occurred_at:
            errors["notifications"] = f"{note.kind.label} was told before the event happened; check the time."
    if errors:
        raise ValidationError(errors)
