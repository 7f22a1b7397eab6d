"""Where the database settings are kept: a per-user file, a machine-wide file for every user of the PC, and the
server password in the OS credential store (keyring). The rules (precedence, file text) are in core.db_config.

User file: carelog.ini in the user's config folder (in CARELOG_DATA_DIR when that is set). Machine file:
%PROGRAMDATA%\\CareLog\\carelog.ini on Windows, /etc/carelog/carelog.ini elsewhere, or CARELOG_MACHINE_CONFIG.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from carelog import APP_NAME
from carelog.core.db_config import (
    ConfigError,
    ConfigSource,
    DatabaseConfig,
    Resolved,
    Scope,
    parse,
    render,
    resolve,
    server_url,
)

__all__ = ["Scope", "StartupDatabase", "load", "save", "startup_database"]
logger = logging.getLogger(__name__)
ENV_MACHINE_CONFIG = "CARELOG_MACHINE_CONFIG"
ENV_DATA_DIR = "CARELOG_DATA_DIR"
FILE_NAME = "carelog.ini"
KEYRING_SERVICE = "CareLog database server"


class PasswordStoreError(ConfigError):
    """The OS credential store cannot keep the password."""


def user_config_file() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override) / FILE_NAME
    from platformdirs import user_config_path

    from carelog import APP_ORG

    return user_config_path(APP_NAME, APP_ORG, roaming=True) / FILE_NAME


def machine_config_file() -> Path:
    override = os.environ.get(ENV_MACHINE_CONFIG)
    if override:
        return Path(override)
    if sys.platform == "win32":  # pragma: no cover - Windows
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / APP_NAME / FILE_NAME
    return Path("/etc") / APP_NAME.lower() / FILE_NAME


def config_file(scope: Scope) -> Path:
    return user_config_file() if scope is Scope.USER else machine_config_file()


def load(scope: Scope) -> DatabaseConfig | None:
    """The saved settings of one scope, None when that file does not exist. Raises ConfigError naming the file."""
    path = config_file(scope)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"CareLog cannot read its database settings file {path} ({exc.strerror}).") from None
    try:
        return parse(text)
    except ConfigError as exc:
        raise ConfigError(f"{exc} File: {path}. Fix or delete it, or save the settings again.") from None


def save(config: DatabaseConfig, scope: Scope) -> Path:
    """Write the settings file of `scope` (a temporary name first, then renamed). Returns its path."""
    path = config_file(scope)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(render(config), encoding="utf-8")
        partial.replace(path)
    except PermissionError:
        raise ConfigError(
            f"CareLog may not write {path}. Settings for every user of the PC need an administrator of the PC: "
            "start CareLog with 'Run as administrator' once and save again, or save them for just you."
        ) from None
    except OSError as exc:
        raise ConfigError(f"CareLog could not write {path} ({exc.strerror}). Nothing was changed.") from None
    logger.info("Database settings saved (%s, %s)", scope.name.lower(), config.kind.value)
    return path


def forget(scope: Scope) -> bool:
    """Remove the settings file of `scope` (back to the next source in the precedence). True if there was one."""
    path = config_file(scope)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


# ------------------------------------------------------------------------------------------ the password
def load_password(config: DatabaseConfig) -> str | None:
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, config.credential_name())
    except Exception as exc:  # no backend or a locked one: the app asks for the password instead
        logger.info("Credential store not usable (%s)", exc.__class__.__name__)
        return None


def store_password(config: DatabaseConfig, password: str) -> None:
    """Keep the server password in the OS credential store; raises PasswordStoreError if it cannot."""
    try:
        import keyring
        from keyring.backends import fail

        if isinstance(keyring.get_keyring(), fail.Keyring):
            raise RuntimeError("no credential store")
        keyring.set_password(KEYRING_SERVICE, config.credential_name(), password)
        if keyring.get_password(KEYRING_SERVICE, config.credential_name()) != password:
            raise RuntimeError("the password did not read back")
    except Exception as exc:
        logger.warning("Could not keep the database password (%s)", exc.__class__.__name__)
        raise PasswordStoreError(
            "This PC's credential store (Windows: Credential Manager) cannot keep the password, so it was not "
            "saved. CareLog never writes the password to a file; it will ask for it when it starts."
        ) from None


# ------------------------------------------------------------------------------------------ at start-up
@dataclass(frozen=True)
class StartupDatabase:
    target: str  # a path or URL for open_services (with the password in memory only)
    source: ConfigSource
    config: DatabaseConfig | None
    needs_password: bool = False  # a server whose password this user has not stored yet


def resolved(command_line: str | None) -> Resolved:
    """The settings that apply, in precedence order (a damaged file raises ConfigError)."""
    if command_line:
        return resolve(command_line, None, None)
    return resolve(None, load(Scope.USER), load(Scope.MACHINE))


def startup_database(command_line: str | None, default_path: Path, password: str | None = None) -> StartupDatabase:
    """What to open: --db, else the user's settings, else the machine's, else the default SQLite file."""
    choice = resolved(command_line)
    if choice.command_line is not None:
        return StartupDatabase(choice.command_line, choice.source, None)
    config = choice.config or DatabaseConfig()
    if not config.is_server:
        return StartupDatabase(config.sqlite_path or str(default_path), choice.source, config)
    secret = password if password is not None else load_password(config)
    return StartupDatabase(server_url(config, secret), choice.source, config, needs_password=secret is None)
