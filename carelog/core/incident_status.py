"""Which incident statuses may follow which (the one rule used by the record dialog, reviews and services)."""

from __future__ import annotations

from carelog.core.enums import Status

ALLOWED_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.REPORTED: frozenset({Status.UNDER_REVIEW, Status.CLOSED}),
    Status.UNDER_REVIEW: frozenset({Status.REPORTED, Status.ACTIONS_IN_PROGRESS, Status.CLOSED}),
    Status.ACTIONS_IN_PROGRESS: frozenset({Status.UNDER_REVIEW, Status.CLOSED}),
    Status.CLOSED: frozenset({Status.UNDER_REVIEW}),
}
