"""Test connection: reach a PostgreSQL server, sign in, and compare its CareLog schema with this version's."""

from __future__ import annotations

import logging

from sqlalchemy import create_engine, inspect, pool, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from carelog.core.connection_check import ConnectionCheck, Outcome, describe
from carelog.db.engine import HEAD_REVISION, alembic_config

logger = logging.getLogger(__name__)
CONNECT_TIMEOUT_SECONDS = 5
PASSWORD_STATES = {"28P01", "28000"}  # invalid_password, invalid_authorization_specification (no such role)


def _classify(exc: BaseException) -> tuple[Outcome, str]:
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None) or ""
    message = str(orig).strip().splitlines()[0] if str(orig).strip() else orig.__class__.__name__
    lowered = str(orig).lower()
    if state in PASSWORD_STATES or "password authentication failed" in lowered or "no password supplied" in lowered:
        return Outcome.WRONG_PASSWORD, ""
    if state == "3D000" or ("database" in lowered and "does not exist" in lowered):
        return Outcome.DATABASE_MISSING, ""
    if state == "42501" or "permission denied" in lowered:
        return Outcome.NO_PERMISSION, ""
    if "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
        return Outcome.TLS_PROBLEM, message
    if "could not translate host name" in lowered or "name or service not known" in lowered:
        return Outcome.HOST_UNKNOWN, ""
    if "timeout" in lowered or "timed out" in lowered:
        return Outcome.TIMED_OUT, ""
    if "connection refused" in lowered or "no route to host" in lowered or "could not connect" in lowered:
        return Outcome.SERVER_DOWN, ""
    return Outcome.OTHER, message


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def check_server(url: str) -> ConnectionCheck:
    """Connect to `url` (read only, nothing is created or changed) and say what CareLog would find there."""
    parsed = make_url(url)

    def say(outcome: Outcome, detail: str = "", revision: str | None = None) -> ConnectionCheck:
        return ConnectionCheck(outcome, _describe(parsed, outcome, detail), revision)

    engine = create_engine(parsed, poolclass=pool.NullPool, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in tables:
                rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
                revision = rows[0] if len(rows) == 1 else None
            conn.rollback()
    except DBAPIError as exc:
        outcome, detail = _classify(exc)
        logger.info("Test connection failed: %s", outcome.value)
        return say(outcome, detail)
    finally:
        engine.dispose()
    if revision is None:
        outcome = Outcome.READY_EMPTY if not tables else Outcome.NOT_CARELOG
        return say(outcome)
    if revision == HEAD_REVISION:
        outcome = Outcome.READY
    elif revision in _known_revisions():
        outcome = Outcome.NEEDS_UPGRADE
    else:
        outcome = Outcome.SCHEMA_TOO_NEW
    return say(outcome, revision, revision)


def explain_failure(url: str, exc: BaseException) -> str | None:
    """The plain-English reason a server database could not be opened (None: not a server connection failure)."""
    if "://" not in url or not isinstance(exc, DBAPIError):
        return None
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return None
    outcome, detail = _classify(exc)
    return (
        _describe(parsed, outcome, detail)
        + " (Admin > Database settings, or the --db of the shortcut, says which server CareLog uses.)"
    )


def _describe(parsed: URL, outcome: Outcome, detail: str) -> str:
    """The plain-English message for an outcome, naming the server, database and user of the address."""
    return describe(
        outcome,
        host=parsed.host or "localhost",
        port=parsed.port or 5432,
        database=parsed.database or "",
        user=parsed.username or "",
        detail=detail,
    )
