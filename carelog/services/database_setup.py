"""Database settings for administrators: which database this PC opens, Test connection, and moving this PC's
SQLite records onto a shared PostgreSQL server. The files and the password store are in services.database_config;
the rules in core.db_config. A change takes effect when CareLog next opens the database (the dialog says so)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from carelog.core.connection_check import ConnectionCheck
from carelog.core.database_move import MoveResult
from carelog.core.db_config import ConfigError, ConfigSource, DatabaseConfig, Scope, server_url, validate
from carelog.core.dto import Actor
from carelog.core.errors import CareLogError
from carelog.core.permissions import Permission
from carelog.db.engine import sqlite_file
from carelog.db.repositories import audit
from carelog.services import database_config as files
from carelog.services.context import ServiceContext

logger = logging.getLogger(__name__)
Progress = Callable[[int, str], None]
ENTITY = "setting"


@dataclass(frozen=True)
class DatabaseSettingsView:
    """What the dialog shows first: the settings in force and where they came from."""

    config: DatabaseConfig
    source: ConfigSource
    scope: Scope  # the file the dialog saves to by default
    has_password: bool
    open_now: str  # the database this window has open (no password)
    open_is_sqlite: bool
    user_file: Path
    machine_file: Path
    problem: str = ""  # a settings file that cannot be read


def _noop(_pct: int, _msg: str) -> None:
    return None


class DatabaseSetupService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    @property
    def _engine(self) -> Engine:
        bind = self._ctx.sessions.kw["bind"]
        assert isinstance(bind, Engine)
        return bind

    def current(self) -> DatabaseSettingsView:
        self._ctx.require(Permission.EDIT_SETTINGS, "database")
        problem = ""
        try:
            user, machine = files.load(Scope.USER), files.load(Scope.MACHINE)
        except ConfigError as exc:
            user, machine, problem = None, None, str(exc)
        if user is not None:
            config, source, scope = user, ConfigSource.USER, Scope.USER
        elif machine is not None:
            config, source, scope = machine, ConfigSource.MACHINE, Scope.MACHINE
        else:
            config, source, scope = DatabaseConfig(), ConfigSource.DEFAULT, Scope.USER
        file = sqlite_file(self._engine)
        url = self._engine.url
        open_now = str(file) if file is not None else f"{url.database} on {url.host}:{url.port or 5432}"
        return DatabaseSettingsView(
            config,
            source,
            scope,
            config.is_server and files.load_password(config) is not None,
            open_now,
            file is not None,
            files.user_config_file(),
            files.machine_config_file(),
            problem,
        )

    def stored_password(self, config: DatabaseConfig) -> str | None:
        self._ctx.require(Permission.EDIT_SETTINGS, "database")
        return files.load_password(config)

    def test_connection(self, config: DatabaseConfig, password: str | None) -> ConnectionCheck:
        """Reach the server, sign in and compare schemas; changes nothing anywhere."""
        self._ctx.require(Permission.EDIT_SETTINGS, "database")
        config = validate(config)
        from carelog.db.connection_check import check_server

        return check_server(server_url(config, password))

    def save(self, config: DatabaseConfig, password: str | None, scope: Scope) -> Path:
        """Save the settings for `scope` (and the password in the credential store). Audited in this database."""
        actor = self._ctx.require(Permission.EDIT_SETTINGS, "database")
        config = validate(config)
        if not config.is_server and config.sqlite_path:
            from carelog.db.network_location import refuse_network_location

            refuse_network_location(Path(config.sqlite_path).expanduser(), config.sqlite_path)
        if config.is_server and password:
            files.store_password(config, password)
        path = files.save(config, scope)
        with self._ctx.unit() as session:
            audit.append(
                session, actor, ENTITY, None, "update", "database settings", None,
                f"{config.kind.value} ({scope.value})", at=self._ctx.clock(),
            )  # fmt: skip
        return path

    def move_to(self, config: DatabaseConfig, password: str | None, progress: Progress = _noop) -> MoveResult:
        """Copy every record of the SQLite database this window has open into the empty server database."""
        actor = self._ctx.require(Permission.EDIT_SETTINGS, "database")
        config = validate(config)
        if not config.is_server:
            raise ConfigError("Choose 'Shared database server' and fill in the server first.")
        return self._move(server_url(config, password), actor, progress)

    def move_to_url(self, url: str, progress: Progress = _noop) -> MoveResult:
        """The same for a SQLAlchemy URL (carelog move-to)."""
        return self._move(url, self._ctx.require(Permission.EDIT_SETTINGS, "database"), progress)

    def _move(self, url: str, actor: Actor, progress: Progress) -> MoveResult:
        source = sqlite_file(self._engine)
        if source is None:
            raise CareLogError(
                "The database open now is on a database server, not a file on this PC: there is nothing to move."
            )
        from carelog.db.move import move_sqlite_to
        from carelog.paths import process_temp_dir

        result = move_sqlite_to(source, url, actor, self._ctx.clock, progress, process_temp_dir())
        with self._ctx.unit() as session:
            audit.append(
                session, actor, "database", None, "move", "moved to", None,
                "a PostgreSQL server", at=self._ctx.clock(),
            )  # fmt: skip
        logger.info("Records moved to a database server (%d rows)", result.total_rows)
        return result
