"""Errors raised by services. Messages are plain English and say what to fix."""

from __future__ import annotations


class CareLogError(Exception):
    """Base class for expected, user-facing errors."""


class ValidationError(CareLogError):
    """One or more fields are invalid. `errors` maps a field name to a message saying what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class NotFoundError(CareLogError):
    pass


class PermissionDenied(CareLogError):
    pass


class ConflictError(CareLogError):
    """The record changed since it was read (someone else saved first)."""


class BusyError(CareLogError):
    """The database stayed locked by another CareLog process for longer than the busy timeout."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "Another CareLog window is saving; try again in a moment. Nothing was saved; what you typed is kept."
        )
