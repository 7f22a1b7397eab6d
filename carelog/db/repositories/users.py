"""Staff accounts: read and write the users table, returning UserSummary DTOs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from carelog.core.enums import Role
from carelog.core.errors import NotFoundError
from carelog.core.users import LockoutSummary, UserSummary
from carelog.db.models import AuditRow, UserRow


@dataclass(frozen=True)
class Credentials:
    """What sign-in needs; stays inside the service (the hash never reaches a view)."""

    user: UserSummary
    secret_hash: str | None
    failed_sign_ins: int
    locked_until: datetime | None


def _summary(row: UserRow) -> UserSummary:
    return UserSummary(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        active=row.active,
        secret_kind=row.secret_kind,
        created_at=row.created_at,
        last_sign_in_at=row.last_sign_in_at,
        usual_service_id=row.usual_service_id,
    )


def _row(session: Session, user_id: int) -> UserRow:
    row = session.get(UserRow, user_id)
    if row is None:
        raise NotFoundError(f"There is no user account number {user_id}.")
    return row


def count(session: Session, active_only: bool = False) -> int:
    stmt = select(func.count()).select_from(UserRow)
    if active_only:
        stmt = stmt.where(UserRow.active.is_(True))
    return int(session.scalar(stmt) or 0)


def count_active_admins(session: Session) -> int:
    stmt = select(func.count()).select_from(UserRow).where(UserRow.active.is_(True), UserRow.role == Role.ADMIN.value)
    return int(session.scalar(stmt) or 0)


def list_users(session: Session, include_inactive: bool = True) -> list[UserSummary]:
    stmt = select(UserRow).order_by(UserRow.active.desc(), func.lower(UserRow.display_name))
    if not include_inactive:
        stmt = stmt.where(UserRow.active.is_(True))
    return [_summary(r) for r in session.scalars(stmt)]


def get(session: Session, user_id: int) -> UserSummary:
    return _summary(_row(session, user_id))


def username_taken(session: Session, username: str, except_id: int | None = None) -> bool:
    stmt = select(UserRow.id).where(func.lower(UserRow.username) == username.lower())
    if except_id is not None:
        stmt = stmt.where(UserRow.id != except_id)
    return session.scalar(stmt) is not None


def credentials(session: Session, username: str) -> Credentials | None:
    row = session.scalar(select(UserRow).where(func.lower(UserRow.username) == username.lower()))
    if row is None:
        return None
    return Credentials(_summary(row), row.secret_hash, row.failed_sign_ins, row.locked_until)


def credentials_by_id(session: Session, user_id: int) -> Credentials:
    row = _row(session, user_id)
    return Credentials(_summary(row), row.secret_hash, row.failed_sign_ins, row.locked_until)


def insert(
    session: Session,
    username: str,
    display_name: str,
    role: Role,
    secret_hash: str,
    secret_kind: str,
    now: datetime,
    usual_service_id: int | None = None,
) -> int:
    row = UserRow(
        usual_service_id=usual_service_id,
        username=username,
        display_name=display_name,
        role=role.value,
        secret_hash=secret_hash,
        secret_kind=secret_kind,
        active=True,
        created_at=now,
        updated_at=now,
        failed_sign_ins=0,
    )
    session.add(row)
    session.flush()
    return row.id


def update(
    session: Session,
    user_id: int,
    *,
    display_name: str,
    role: Role,
    active: bool,
    now: datetime,
    usual_service_id: int | None = None,
) -> UserSummary:
    row = _row(session, user_id)
    row.usual_service_id = usual_service_id
    row.display_name = display_name
    row.role = role.value
    row.active = active
    row.updated_at = now
    session.flush()
    return _summary(row)


def set_secret(session: Session, user_id: int, secret_hash: str, secret_kind: str, now: datetime) -> None:
    row = _row(session, user_id)
    row.secret_hash = secret_hash
    row.secret_kind = secret_kind
    row.failed_sign_ins = 0
    row.locked_until = None
    row.lockouts = 0
    row.updated_at = now


def usual_service_id(session: Session, user_id: int) -> int | None:
    return session.scalar(select(UserRow.usual_service_id).where(UserRow.id == user_id))


def reports_seen_at(session: Session, user_id: int) -> datetime | None:
    return session.scalar(select(UserRow.reports_seen_at).where(UserRow.id == user_id))


def set_reports_seen_at(session: Session, user_id: int, when: datetime) -> None:
    _row(session, user_id).reports_seen_at = when


def record_sign_in(session: Session, user_id: int, now: datetime) -> None:
    row = _row(session, user_id)
    row.last_sign_in_at = now
    row.failed_sign_ins = 0
    row.locked_until = None
    row.lockouts = 0


@dataclass(frozen=True)
class LockState:
    secret_hash: str | None
    locked_until: datetime | None


def lock_state(session: Session, user_id: int) -> LockState:
    """Read inside the sign-in's write transaction (the lock is held, so nobody changes it meanwhile)."""
    row = session.execute(
        select(UserRow.secret_hash, UserRow.locked_until).where(UserRow.id == user_id).with_for_update()
    ).one()
    return LockState(row.secret_hash, row.locked_until)


def add_failure(session: Session, user_id: int) -> int:
    """`failed_sign_ins = failed_sign_ins + 1` in the database; returns the new count (this transaction's own)."""
    session.execute(
        sql_update(UserRow)
        .where(UserRow.id == user_id)
        .values(failed_sign_ins=func.coalesce(UserRow.failed_sign_ins, 0) + 1)
        .execution_options(synchronize_session=False)
    )
    return int(session.scalar(select(UserRow.failed_sign_ins).where(UserRow.id == user_id)) or 0)


def pause(session: Session, user_id: int, until_for: Callable[[int], datetime]) -> tuple[int, datetime]:
    """Start a pause: `lockouts = lockouts + 1`, failures back to 0, locked_until from the new lockout count."""
    session.execute(
        sql_update(UserRow)
        .where(UserRow.id == user_id)
        .values(lockouts=func.coalesce(UserRow.lockouts, 0) + 1, failed_sign_ins=0)
        .execution_options(synchronize_session=False)
    )
    lockouts = int(session.scalar(select(UserRow.lockouts).where(UserRow.id == user_id)) or 1)
    until = until_for(lockouts)
    session.execute(
        sql_update(UserRow)
        .where(UserRow.id == user_id)
        .values(locked_until=until)
        .execution_options(synchronize_session=False)
    )
    return lockouts, until


def repeated_lockouts(session: Session, since: datetime, at_least: int) -> list[LockoutSummary]:
    """Accounts paused `at_least` times since `since` (from the audit trail, so a later good sign-in does not
    hide them), most paused first."""
    counts = (
        select(AuditRow.entity_id, func.count().label("n"), func.max(AuditRow.at).label("last"))
        .where(AuditRow.entity == "user", AuditRow.action == "locked", AuditRow.at >= since)
        .group_by(AuditRow.entity_id)
        .having(func.count() >= at_least)
        .subquery()
    )
    rows = session.execute(
        select(UserRow, counts.c.n, counts.c.last)
        .join(counts, counts.c.entity_id == UserRow.id)
        .order_by(counts.c.n.desc(), counts.c.last.desc())
    ).all()
    return [LockoutSummary(_summary(r[0]), int(r[1]), r[2], r[0].locked_until) for r in rows]
