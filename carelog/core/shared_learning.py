"""Learning shared across services (issue 18): a learning point marked "for every service" reaches each service's
manager, who records when it was discussed with their team; the provider view lists who has and who has not.

Pure types and rules: the validation of what is saved and the provider view's counts. No Qt, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from carelog.core.errors import ValidationError

TEXT_LIMIT = 2000
NOTE_LIMIT = 2000


@dataclass(frozen=True)
class ServiceDiscussion:
    """One service's answer to a shared learning point: when its team discussed it (None: not yet)."""

    service_id: int
    service: str
    discussed_on: date | None = None
    note: str = ""
    recorded_by: str = ""

    @property
    def done(self) -> bool:
        return self.discussed_on is not None


@dataclass(frozen=True)
class SharedLearning:
    """A learning point for every service, with each active service's discussion (services in name order)."""

    id: int
    text: str
    shared_at: datetime
    shared_by: str
    review_id: int | None
    review_title: str
    services: tuple[ServiceDiscussion, ...]

    @property
    def done(self) -> tuple[ServiceDiscussion, ...]:
        return tuple(s for s in self.services if s.done)

    @property
    def pending(self) -> tuple[ServiceDiscussion, ...]:
        return tuple(s for s in self.services if not s.done)

    def for_service(self, service_id: int) -> ServiceDiscussion | None:
        return next((s for s in self.services if s.service_id == service_id), None)

    @property
    def progress(self) -> str:
        """e.g. "Discussed by 3 of 5 services"."""
        return f"Discussed by {len(self.done)} of {len(self.services)} service{'s' if len(self.services) != 1 else ''}"


@dataclass(frozen=True)
class PendingDiscussion:
    """A learning point one service has not discussed yet (a Home item for that service's manager)."""

    learning_id: int
    text: str
    shared_at: datetime
    service_id: int
    service: str


def clean_text(text: str) -> str:
    """The learning point as saved; raises ValidationError with what to fix."""
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError({"text": "Write the learning point: what every service should know or do."})
    if len(cleaned) > TEXT_LIMIT:
        raise ValidationError({"text": f"Shorten the learning point to {TEXT_LIMIT:,} characters or fewer."})
    return cleaned


def check_discussion(discussed_on: date | None, note: str, shared_on: date, today: date) -> str:
    """Validate a discussion record; returns the note as saved."""
    if discussed_on is None:
        raise ValidationError({"discussed_on": "Enter the date the team discussed it."})
    if discussed_on > today:
        raise ValidationError(
            {"discussed_on": "The discussion date is in the future: enter the day it took place (today or earlier)."}
        )
    if discussed_on < shared_on:
        raise ValidationError(
            {
                "discussed_on": f"The learning point was shared on {shared_on:%d %b %Y}: enter a discussion date "
                "on or after it."
            }
        )
    cleaned = note.strip()
    if len(cleaned) > NOTE_LIMIT:
        raise ValidationError({"note": f"Shorten the note to {NOTE_LIMIT:,} characters or fewer."})
    return cleaned


def excerpt(text: str, limit: int = 80) -> str:
    """The first line of a learning point, cut to `limit` characters (for lists and Home items)."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"
