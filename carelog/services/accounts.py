"""Staff accounts and signing in: first administrator, users and roles (admins only), sign in / out, PIN changes.

Every refused attempt (wrong PIN, deactivated account, a role without the permission) is written to the audit
trail. Secrets are hashed with argon2 (core.passwords) and never logged.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from carelog.core import passwords
from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.core.errors import ConflictError, PermissionDenied, ValidationError
from carelog.core.permissions import Permission
from carelog.core.settings import MAX_FAILED_SIGN_INS
from carelog.core.users import UserInput, UserSummary, normalise_username, secret_kind, secret_problem, validate_user
from carelog.db.repositories import audit
from carelog.db.repositories import settings as settings_repo
from carelog.db.repositories import users as repo
from carelog.services.context import ServiceContext

logger = logging.getLogger(__name__)
ENTITY = "user"
LOCKOUT = timedelta(minutes=5)

# Who the services see while the screen is locked or before anyone signs in: the least-privileged role.
SIGNED_OUT = Actor(None, "Nobody signed in", Role.CARE_STAFF)
_SIGN_IN_SCREEN = Actor(None, "Sign-in screen", Role.CARE_STAFF)
NOT_RECOGNISED = "That username and PIN or password do not match. Check both and try again."


def actor_for(user: UserSummary) -> Actor:
    return Actor(user.id, user.display_name, user.role)


class AccountService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    # ------------------------------------------------------------------------------------------ signing in
    @property
    def signed_in(self) -> bool:
        return self._ctx.actor.user_id is not None

    def needs_first_admin(self) -> bool:
        """True on a new database: nobody can sign in until the first administrator is created."""
        with self._ctx.unit() as session:
            return repo.count(session) == 0

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

    def sign_in(self, username: str, secret: str) -> Actor:
        """Check the username and PIN/password; on success the services act as that person from now on."""
        now = self._ctx.clock()
        name = normalise_username(username)
        with self._ctx.unit() as session:
            found = repo.credentials(session, name) if name else None
            if found is None:
                passwords.burn_time()
                audit.append(
                    session, _SIGN_IN_SCREEN, ENTITY, None, "denied", "sign_in", None, "unknown username", at=now
                )
                session.commit()
                raise PermissionDenied(NOT_RECOGNISED)
            user = found.user
            if found.locked_until is not None and found.locked_until > now:
                audit.append(session, _SIGN_IN_SCREEN, ENTITY, user.id, "denied", "sign_in", None, "paused", at=now)
                session.commit()
                raise PermissionDenied(
                    f"Too many wrong attempts: this account can sign in again after "
                    f"{found.locked_until:%H:%M}. If you have forgotten your PIN, ask an administrator to reset it."
                )
            if not passwords.verify_secret(found.secret_hash, secret):
                limit = self._max_failures(settings_repo.load(session, MAX_FAILED_SIGN_INS.key))
                pause_until = now + LOCKOUT if found.failed_sign_ins + 1 >= limit else None
                repo.record_failure(session, user.id, pause_until)
                audit.append(
                    session, _SIGN_IN_SCREEN, ENTITY, user.id, "denied", "sign_in", None, "wrong secret", at=now
                )
                session.commit()
                raise PermissionDenied(NOT_RECOGNISED)
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
        problem = secret_problem(new)
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
        with self._ctx.unit() as session:
            return repo.list_users(session, include_inactive)

    def get_user(self, user_id: int) -> UserSummary:
        actor = self._ctx.actor
        if actor.user_id != user_id:
            self._ctx.require(Permission.MANAGE_USERS, ENTITY, user_id)
        with self._ctx.unit() as session:
            return repo.get(session, user_id)

    def create_user(self, data: UserInput) -> UserSummary:
        actor = self._ctx.require(Permission.MANAGE_USERS, ENTITY)
        validate_user(data, require_secret=True)
        username = normalise_username(data.username)
        now = self._ctx.clock()
        secret_hash = passwords.hash_secret(data.secret)
        with self._ctx.unit() as session:
            if repo.username_taken(session, username):
                raise ValidationError({"username": f"The username {username!r} is taken; choose another."})
            user_id = repo.insert(
                session, username, data.display_name.strip(), data.role, secret_hash, secret_kind(data.secret), now
            )
            audit.append(session, actor, ENTITY, user_id, "create", "username", None, username, at=now)
            audit.append(session, actor, ENTITY, user_id, "create", "role", None, data.role.label, at=now)
            user = repo.get(session, user_id)
        logger.info("User account %s created", user_id)
        return user

    def update_user(self, user_id: int, display_name: str, role: Role, active: bool) -> UserSummary:
        """Change name, role or active flag. The last active administrator cannot be demoted or switched off."""
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
            after = repo.update(session, user_id, display_name=name, role=role, active=active, now=now)
            changes = (
                ("display_name", before.display_name, after.display_name),
                ("role", before.role.label, after.role.label),
                ("active", before.active, after.active),
            )
            for field, old, new in changes:
                if old != new:
                    audit.append(session, actor, ENTITY, user_id, "update", field, old, new, at=now)
        if actor.user_id == user_id:
            self._ctx.identity.actor = actor_for(after)
        return after

    def deactivate(self, user_id: int) -> UserSummary:
        """Switch an account off (it stays in the records it wrote; it can no longer sign in)."""
        self._ctx.require(Permission.MANAGE_USERS, ENTITY, user_id)
        with self._ctx.unit() as session:
            user = repo.get(session, user_id)
        return self.update_user(user_id, user.display_name, user.role, False)

    def reactivate(self, user_id: int) -> UserSummary:
        self._ctx.require(Permission.MANAGE_USERS, ENTITY, user_id)
        with self._ctx.unit() as session:
            user = repo.get(session, user_id)
        return self.update_user(user_id, user.display_name, user.role, True)

    def reset_secret(self, user_id: int, new_secret: str) -> None:
        """An administrator sets a new PIN or password for someone who has forgotten theirs."""
        actor = self._ctx.require(Permission.MANAGE_USERS, ENTITY, user_id)
        problem = secret_problem(new_secret)
        if problem:
            raise ValidationError({"secret": problem})
        now = self._ctx.clock()
        secret_hash = passwords.hash_secret(new_secret)
        with self._ctx.unit() as session:
            repo.get(session, user_id)
            repo.set_secret(session, user_id, secret_hash, secret_kind(new_secret), now)
            audit.append(session, actor, ENTITY, user_id, "update", "secret", None, "reset by administrator", at=now)
