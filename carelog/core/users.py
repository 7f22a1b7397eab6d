"""Staff accounts: what the admin page and the sign-in screens exchange with AccountService."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from carelog.core.enums import Role
from carelog.core.errors import ValidationError

MIN_PIN_DIGITS = 4
MAX_PIN_DIGITS = 8
MIN_PASSWORD_LENGTH = 8
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
# What the sign-in screens say a username looks like (the form USERNAME_PATTERN allows, in plain words)
USERNAME_HINT = "Your username: small letters, no spaces"
# Each pause after too many wrong PINs in a row is longer than the last, until a good sign-in (or a reset).
PAUSE_MINUTES = (1, 5, 15, 60)
REPEATED_PAUSES = 2  # this many pauses within REPEATED_PAUSE_DAYS are shown to administrators
REPEATED_PAUSE_DAYS = 30


def pause_length(lockouts: int) -> timedelta:
    """How long the `lockouts`-th pause in a row lasts (1 = the first)."""
    return timedelta(minutes=PAUSE_MINUTES[min(max(lockouts, 1), len(PAUSE_MINUTES)) - 1])


@dataclass(frozen=True, slots=True)
class UserSummary:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    secret_kind: str  # "pin" or "password"
    created_at: datetime
    last_sign_in_at: datetime | None = None
    usual_service_id: int | None = None  # the report form starts with this service


@dataclass(frozen=True, slots=True)
class LockoutSummary:
    """An account paused repeatedly for wrong PINs (shown to administrators: a guess at someone's PIN?)."""

    user: UserSummary
    pauses: int
    last_paused_at: datetime
    paused_until: datetime | None


@dataclass(frozen=True, slots=True)
class UserInput:
    username: str
    display_name: str
    role: Role
    secret: str = ""
    usual_service_id: int | None = None


def secret_kind(secret: str) -> str:
    return "pin" if secret.isdigit() else "password"


def secret_problem(secret: str, min_pin_digits: int = MIN_PIN_DIGITS) -> str | None:
    """What is wrong with a new PIN or password, in plain English (None if it is acceptable).

    `min_pin_digits` is the shortest PIN this database allows (setting accounts.min_pin_digits, 4 or more)."""
    if secret.isdigit():
        if len(secret) < min_pin_digits:
            return f"A PIN needs at least {min_pin_digits} digits."
        if len(secret) > MAX_PIN_DIGITS:
            return f"A PIN has at most {MAX_PIN_DIGITS} digits; use a password for anything longer."
        if len(set(secret)) == 1:
            return "Choose a PIN that is not the same digit repeated."
        return None
    if len(secret) < MIN_PASSWORD_LENGTH:
        return (
            f"Use a PIN of {min_pin_digits}-{MAX_PIN_DIGITS} digits "
            f"or a password of at least {MIN_PASSWORD_LENGTH} characters."
        )
    return None


def normalise_username(username: str) -> str:
    return username.strip().lower()


def validate_user(data: UserInput, require_secret: bool, min_pin_digits: int = MIN_PIN_DIGITS) -> None:
    errors: dict[str, str] = {}
    if not USERNAME_PATTERN.match(normalise_username(data.username)):
        errors["username"] = (
            "Choose a username of 2-40 letters or digits (dots, hyphens and underscores allowed), without spaces."
        )
    if len(data.display_name.strip()) < 2:
        errors["display_name"] = "Enter the person's full name."
    elif len(data.display_name.strip()) > 120:
        errors["display_name"] = "The name is too long (120 characters at most)."
    if require_secret or data.secret:
        problem = secret_problem(data.secret, min_pin_digits)
        if problem:
            errors["secret"] = problem
    if errors:
        raise ValidationError(errors)
