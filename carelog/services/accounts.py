"""Staff accounts and signing in: first administrator, users and roles (admins only), sign in / out, PIN changes.

Every refused attempt (wrong PIN, deactivated account, a role without the permission) is written to the audit
trail. Secrets are hashed with argon2 (core.passwords) and never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from carelog.core import passwords
from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.core.errors import ConflictError, PermissionDenied, ValidationError
from carelog.core.permissions import Permission
from carelog.core.settings import MAX_FAILED_SIGN_INS, MIN_PIN_DIGITS
from carelog.core.users import (
    MIN_PIN_DIGITS as SHORTEST_SECRET,
)
from carelog.core.users import (
    REPEATED_PAUSE_DAYS,
    REPEATED_PAUSES,
    LockoutSummary,
    UserInput,
    UserSummary,
    normalise_username,
    pause_length,
    secret_kind,
    secret_problem,
    validate_user,
)
from carelog.core.verify_ahead import VerifyAhead
from carelog.db.repositories import audit, organisation
from carelog.db.repositories import settings as settings_repo
from carelog.db.repositories import users as repo
from carelog.services.context import ServiceContext

if TYPE_CHECKING:
    from carelog.services.backup_keys import NewBackupKey

logger = logging.getLogger(__name__)
ENTITY = "user"

# Who the services see while the screen is locked or before anyone signs in: the least-privileged role.
SIGNED_OUT = Actor(None, "Nobody signed in", Role.CARE_STAFF)
_SIGN_IN_SCREEN = Actor(None, "Sign-in screen", Role.CARE_STAFF)
UNKNOWN_SERVICE = "That service is not on the list any more; choose the person's usual service again."


def _burn_time() -> bool:
    passwords.burn_time()  # an unknown name takes as long as a wrong PIN
    return False


class _Keep(Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP  # update_user leaves the usual service as it is

# Who the command line acts as on a database without accounts (new, or filled only by import).
SETUP_ADMIN = Actor(None, "Setup administrator", Role.ADMIN)


@dataclass(frozen=True)
class FirstAdminSetup:
    actor: Actor
    new_backup_key: NewBackupKey | None  # show its recovery key once (None: the database already had a key)


def unknown_username(name: str) -> str:
    return (
        f"There is no account with the username {name!r}. Check the spelling (it is your username, not your "
        "full name), or ask a manager or administrator for the one they set up for you."
    )


def wrong_secret(name: str, kind: str, tries_left: int, paused_until: datetime | None) -> str:
    """What a wrong PIN or password tells the person: what went wrong, and what to do."""
    what = "PIN" if kind == "pin" else "password"
    first = f"That {what} is not right for {name}."
    if paused_until is not None:
        return (
            f"{first} After too many wrong tries this account can sign in again at {paused_until:%H:%M}. "
            f"If you have forgotten your {what}, ask a manager or administrator to reset it."
        )
    tries = f"{tries_left} more wrong tr{'y' if tries_left == 1 else 'ies'} pause the account for a while"
    return f"{first} Check it and type it again ({tries}). Forgotten it? Ask a manager or administrator to reset it."


def _paused_message(until: datetime) -> str:
    return (
        f"Too many wrong attempts: this account can sign in again after {until:%H:%M}. "
        "If you have forgotten your PIN, ask an administrator to reset it."
    )


def actor_for(user: UserSummary) -> Actor:
    return Actor(user.id, user.display_name, user.role)


class AccountService:
    def __init__(self, ctx: ServiceContext, make_backup_key: Callable[[], NewBackupKey | None] | None = None) -> None:
        self._ctx = ctx
        self._make_backup_key = make_backup_key
        self._ahead = VerifyAhead()

    # ------------------------------------------------------------------------------------------ signing in
    @property
    def signed_in(self) -> bool:
        return self._ctx.actor.user_id is not None

    def warm_up(self) -> None:
        """Compile the sign-in's lookup once (a name no account can have), so the first sign-in waits only for
        the PIN check. Nothing is audited: this is no attempt to sign in."""
        with self._ctx.read() as session:
            repo.credentials(session, " no such account ")

    def needs_first_admin(self) -> bool:
        """True on a new database: nobody can sign in until the first administrator is created."""
        with self._ctx.read() as session:
            return repo.count(session) == 0

    def has_users(self) -> bool:
        """True once any staff account exists (the command line then needs a sign-in)."""
        return not self.needs_first_admin()

    def create_first_admin(self, data: UserInput) -> Actor:
        """Create the first administrator on a database without accounts, and sign them in."""
        validate_user(data, require_secret=True)
        now = self._ctx.clock()
        username = normalise_username(data.username)
        secret_hash = passwords.hash_secret(data.secret)
        with self._ctx.unit() as session:
            if repo.count(session) > 0:
                raise ConflictError("This database already has user accounts; sign in instead.")
            user_id = repo.insert(
                session, username, data.display_name.strip(), Role.ADMIN, secret_hash, secret_kind(data.secret), now
            )
            actor = Actor(user_id, data.display_name.strip(), Role.ADMIN)
            audit.append(session, actor, ENTITY, user_id, "create", "role", None, Role.ADMIN.label, at=now)
            repo.record_sign_in(session, user_id, now)
            audit.append(session, actor, ENTITY, user_id, "login", "", at=now)
        self._ctx.identity.actor = actor
        logger.info("First administrator account created (user %s)", user_id)
        return actor

    def set_up_first_admin(self, data: UserInput) -> FirstAdminSetup:
        """First run: create the first administrator, sign them in, and create the database's backup key, whose
        recovery key is returned to be shown once."""
        actor = self.create_first_admin(data)
        return FirstAdminSetup(actor, self._make_backup_key() if self._make_backup_key is not None else None)

    def sign_in(self, username: str, secret: str) -> Actor:
        """Check the username and PIN/password; on success the services act as that person from now on.

        The hash is always verified (against a dummy for an unknown name), so a paused or unknown account answers
        in the same time as a wrong PIN. Whether the account is paused, the failure count and the pause are then
        decided in one write transaction: parallel guesses cannot get past the limit.
        """
        now = self._ctx.clock()
        name = normalise_username(username)
        with self._ctx.read() as session:
            found = repo.credentials(session, name) if name else None
        if found is None:
            if self._ahead.take(name, None, secret) is None:
                passwords.burn_time()
            self._deny(None, "unknown username", now)
            raise PermissionDenied(unknown_username(name))
        matches = self._ahead.take(name, found.secret_hash, secret)
        if matches is None:
            matches = passwords.verify_secret(found.secret_hash, secret)
        user = found.user
        with self._ctx.unit() as session:
            state = repo.lock_state(session, user.id)
            if state.locked_until is not None and state.locked_until > now:
                audit.append(session, _SIGN_IN_SCREEN, ENTITY, user.id, "denied", "sign_in", None, "paused", at=now)
                session.commit()
                raise PermissionDenied(_paused_message(state.locked_until))
            if not matches or state.secret_hash != found.secret_hash:  # (a PIN reset meanwhile: try again)
                limit = self._max_failures(settings_repo.load(session, MAX_FAILED_SIGN_INS.key))
                failures = repo.add_failure(session, user.id)
                audit.append(
                    session, _SIGN_IN_SCREEN, ENTITY, user.id, "denied", "sign_in", None, "wrong secret", at=now
                )
                pause_until = None
                if failures >= limit:
                    lockouts, until = repo.pause(session, user.id, lambda n: now + pause_length(n))
                    pause_until = until
                    minutes = int(pause_length(lockouts).total_seconds() // 60)
                    audit.append(
                        session, _SIGN_IN_SCREEN, ENTITY, user.id, "locked", "sign_in", None, f"{minutes} min", at=now
                    )
                    logger.warning("Account %s paused for %d minutes (pause %d in a row)", user.id, minutes, lockouts)
                session.commit()
                tries_left = max(limit - failures, 0)
                raise PermissionDenied(wrong_secret(user.username, user.secret_kind, tries_left, pause_until))
            if not user.active:
                audit.append(
                    session, _SIGN_IN_SCREEN, ENTITY, user.id, "denied", "sign_in", None, "deactivated", at=now
                )
                session.commit()
                raise PermissionDenied("This account has been switched off. Ask an administrator.")
            repo.record_sign_in(session, user.id, now)
            actor = actor_for(user)
            audit.append(session, actor, ENTITY, user.id, "login", "", at=now)
        self._ctx.identity.actor = actor
        logger.info("User %s signed in", user.id)
        return actor

    def check_ahead(self, username: str, secret: str) -> None:
        """Check a PIN or password before Return, while the person is still at the keyboard (the sign-in screen
        calls this from a worker thread as they type). Nothing is audited, counted or decided: the answer is kept
        only for a `sign_in` with this username and secret while the account's hash is unchanged, which then skips
        the slow check and decides everything else as always (core/verify_ahead.py)."""
        name = normalise_username(username)
        if not name or len(secret) < SHORTEST_SECRET:  # no PIN or password is that short
            return
        with self._ctx.read() as session:
            found = repo.credentials(session, name)
        if found is None:
            self._ahead.check(name, None, secret, _burn_time)
            return
        stored = found.secret_hash
        self._ahead.check(name, stored, secret, lambda: passwords.verify_secret(stored, secret))

    def _deny(self, user_id: int | None, reason: str, now: datetime) -> None:
        with self._ctx.unit() as session:
            audit.append(session, _SIGN_IN_SCREEN, ENTITY, user_id, "denied", "sign_in", None, reason, at=now)

    def repeated_lockouts(self) -> list[LockoutSummary]:
        """Accounts paused REPEATED_PAUSES times or more in the last REPEATED_PAUSE_DAYS days (administrators)."""
        self._ctx.require(Permission.MANAGE_USERS, ENTITY)
        since = self._ctx.clock() - timedelta(days=REPEATED_PAUSE_DAYS)
        with self._ctx.read() as session:
            return repo.repeated_lockouts(session, since, REPEATED_PAUSES)

    def _min_pin_digits(self) -> int:
        with self._ctx.read() as session:
            stored = settings_repo.load(session, MIN_PIN_DIGITS.key)
        try:
            return int(MIN_PIN_DIGITS.parse(stored)) if stored is not None else int(MIN_PIN_DIGITS.default)
        except (ValueError, ValidationError):
            return int(MIN_PIN_DIGITS.default)

    def sign_out(self) -> None:
        """Back to nobody (the lock screen). The signed-out actor can do nothing useful."""
        self._ctx.identity.actor = SIGNED_OUT

    @staticmethod
    def _max_failures(stored: str | None) -> int:
        try:
            return int(MAX_FAILED_SIGN_INS.parse(stored)) if stored is not None else int(MAX_FAILED_SIGN_INS.default)
        except (ValueError, ValidationError):
            return int(MAX_FAILED_SIGN_INS.default)

    def change_own_secret(self, current: str, new: str) -> None:
        """The signed-in person changes their own PIN or password (they must give the current one)."""
        actor = self._ctx.actor
        if actor.user_id is None:
            raise PermissionDenied("Sign in first to change your PIN or password.")
        problem = secret_problem(new, self._min_pin_digits())
        if problem:
            raise ValidationError({"secret": problem})
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            found = repo.credentials_by_id(session, actor.user_id)
            if not passwords.verify_secret(found.secret_hash, current):
                audit.append(session, actor, ENTITY, actor.user_id, "denied", "secret", None, "wrong current", at=now)
                session.commit()
                raise ValidationError({"current": "Your current PIN or password is not right; try again."})
            repo.set_secret(session, actor.user_id, passwords.hash_secret(new), secret_kind(new), now)
            audit.append(session, actor, ENTITY, actor.user_id, "update", "secret", None, "changed", at=now)

    # ------------------------------------------------------------------------------------------ administration
    def list_users(self, include_inactive: bool = True) -> list[UserSummary]:
        self._ctx.require(Permission.MANAGE_USERS, ENTITY)
        with self._ctx.read() as session:
            return repo.list_users(session, include_inactive)

    def get_user(self, user_id: int) -> UserSummary:
        actor = self._ctx.actor
        if actor.user_id != user_id:
            self._ctx.require(Permission.MANAGE_USERS, ENTITY, user_id)
        with self._ctx.read() as session:
            return repo.get(session, user_id)

    def create_user(self, data: UserInput) -> UserSummary:
        actor = self._ctx.require(Permission.MANAGE_USERS, ENTITY)
        validate_user(data, require_secret=True, min_pin_digits=self._min_pin_digits())
        username = normalise_username(data.username)
        now = self._ctx.clock()
        secret_hash = passwords.hash_secret(data.secret)
        with self._ctx.unit() as session:
            if repo.username_taken(session, username):
                raise ValidationError({"username": f"The username {username!r} is taken; choose another."})
            _check_service(session, data.usual_service_id)
            user_id = repo.insert(
                session,
                username,
                data.display_name.strip(),
                data.role,
                secret_hash,
                secret_kind(data.secret),
                now,
                usual_service_id=data.usual_service_id,
            )
            audit.append(session, actor, ENTITY, user_id, "create", "username", None, username, at=now)
            audit.append(session, actor, ENTITY, user_id, "create", "role", None, data.role.label, at=now)
            if data.usual_service_id is not None:
                usual = _service_name(session, data.usual_service_id)
                audit.append(session, actor, ENTITY, user_id, "create", "usual_service_id", None, usual, at=now)
            user = repo.get(session, user_id)
        logger.info("User account %s created", user_id)
        return user

    def update_user(
        self,
        user_id: int,
        display_name: str,
        role: Role,
        active: bool,
        usual_service_id: int | None | _Keep = KEEP,
    ) -> UserSummary:
        """Change name, role, active flag or usual service (KEEP: unchanged). The last active administrator
        cannot be demoted or switched off."""
        actor = self._ctx.require(Permission.MANAGE_USERS, ENTITY, user_id)
        name = display_name.strip()
        if len(name) < 2:
            raise ValidationError({"display_name": "Enter the person's full name."})
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            before = repo.get(session, user_id)
            losing_admin = before.active and before.role == Role.ADMIN and (role != Role.ADMIN or not active)
            if losing_admin and repo.count_active_admins(session) <= 1:
                raise ValidationError(
                    {"role": "This is the only active administrator. Make someone else an administrator first."}
                )
            service_id = before.usual_service_id if isinstance(usual_service_id, _Keep) else usual_service_id
            if service_id != before.usual_service_id:
                _check_service(session, service_id)
            after = repo.update(
                session, user_id, display_name=name, role=role, active=active, now=now, usual_service_id=service_id
            )
            changes: list[tuple[str, object, object]] = [
                ("display_name", before.display_name, after.display_name),
                ("role", before.role.label, after.role.label),
                ("active", before.active, after.active),
            ]
            if before.usual_service_id != after.usual_service_id:
                old_name = _service_name(session, before.usual_service_id)
                changes.append(("usual_service_id", old_name, _service_name(session, after.usual_service_id)))
            for field, old, new in changes:
                if old != new:
                    audit.append(session, actor, ENTITY, user_id, "update", field, old, new, at=now)
        if actor.user_id == user_id:
            self._ctx.identity.actor = actor_for(after)
        return after

    def deactivate(self, user_id: int) -> UserSummary:
        """Switch an account off (it stays in the records it wrote; it can no longer sign in)."""
        self._ctx.require(Permission.MANAGE_USERS, ENTITY, user_id)
        with self._ctx.read() as session:
            user = repo.get(session, user_id)
        return self.update_user(user_id, user.display_name, user.role, False)

    def reactivate(self, user_id: int) -> UserSummary:
        self._ctx.require(Permission.MANAGE_USERS, ENTITY, user_id)
        with self._ctx.read() as session:
            user = repo.get(session, user_id)
        return self.update_user(user_id, user.display_name, user.role, True)

    def reset_secret(self, user_id: int, new_secret: str) -> None:
        """An administrator sets a new PIN or password for someone who has forgotten theirs."""
        actor = self._ctx.require(Permission.MANAGE_USERS, ENTITY, user_id)
        problem = secret_problem(new_secret, self._min_pin_digits())
        if problem:
            raise ValidationError({"secret": problem})
        now = self._ctx.clock()
        secret_hash = passwords.hash_secret(new_secret)
        with self._ctx.unit() as session:
            repo.get(session, user_id)
            repo.set_secret(session, user_id, secret_hash, secret_kind(new_secret), now)
            audit.append(session, actor, ENTITY, user_id, "update", "secret", None, "reset by administrator", at=now)


def _service_name(session: Session, service_id: int | None) -> str:
    """The name the audit trail shows for a usual service (closed services too)."""
    if service_id is None:
        return ""
    services = organisation.reference_data(session, include_inactive=True).services
    return next((s.name for s in services if s.id == service_id), str(service_id))


def _check_service(session: Session, service_id: int | None) -> None:
    if service_id is not None and service_id not in {s.id for s in organisation.reference_data(session).services}:
        raise ValidationError({"usual_service_id": UNKNOWN_SERVICE})
