"""Which database CareLog opens: the settings saved by the Database settings dialog, and their precedence.

Pure: parsing and writing the INI text, building the connection URL, and choosing between the sources. The files
themselves (a per-user file and a machine-wide one for every user of the PC) and the password in the OS credential
store are handled by services.database_config. Precedence: --db > the user's file > the machine's file > the
default SQLite file in the user's data folder. No password is ever written to either file.
"""

from __future__ import annotations

import configparser
from dataclasses import dataclass, replace
from enum import Enum
from urllib.parse import quote

SECTION = "database"
DEFAULT_PORT = 5432
# libpq's sslmode values CareLog offers: the server decides / encryption required / encryption and the server's
# certificate checked against its name (needs the certificate authority's root certificate on the PC)
SSL_MODES = ("prefer", "require", "verify-full")
DRIVER = "postgresql+psycopg"


class DatabaseKind(Enum):
    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"


class ConfigSource(Enum):
    COMMAND_LINE = "the --db option"
    USER = "your own database settings"
    MACHINE = "this PC's database settings for every user"
    DEFAULT = "the default database file on this PC"


class Scope(Enum):
    """Whose settings file: the signed-in Windows (or desktop) user's, or the machine's for every user."""

    USER = "just me"
    MACHINE = "every user of this PC"


class ConfigError(ValueError):
    """A settings file or dialog entry that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class DatabaseConfig:
    kind: DatabaseKind = DatabaseKind.SQLITE
    sqlite_path: str = ""  # "" = carelog.db in the user's data folder
    host: str = ""
    port: int = DEFAULT_PORT
    database: str = "carelog"
    user: str = ""
    sslmode: str = "prefer"
    sslrootcert: str = ""  # for verify-full: the certificate authority's root certificate ("" = libpq's default)

    @property
    def is_server(self) -> bool:
        return self.kind is DatabaseKind.POSTGRESQL

    def credential_name(self) -> str:
        """The name the password is kept under in the credential store (no password in it)."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def label(self) -> str:
        if self.is_server:
            return f"{self.database} on {self.host}:{self.port} (as {self.user})"
        return self.sqlite_path or "carelog.db in your CareLog data folder"


def validate(config: DatabaseConfig) -> DatabaseConfig:
    """The config with spaces trimmed; raises ConfigError naming the field to fix."""
    if not config.is_server:
        return replace(config, sqlite_path=config.sqlite_path.strip())
    fixed = replace(config, host=config.host.strip(), database=config.database.strip(), user=config.user.strip())
    if not fixed.host:
        raise ConfigError("Type the name or address of the database server (for example office-pc or 192.168.1.20).")
    if not 0 < fixed.port < 65536:
        raise ConfigError("The port must be a number between 1 and 65535 (PostgreSQL normally uses 5432).")
    if not fixed.database:
        raise ConfigError("Type the name of the database on the server (for example carelog).")
    if not fixed.user:
        raise ConfigError("Type the user name CareLog signs in to the server with (for example carelog_app).")
    if fixed.sslmode not in SSL_MODES:
        raise ConfigError(f"Encryption must be one of {', '.join(SSL_MODES)}.")
    return fixed


def server_url(config: DatabaseConfig, password: str | None) -> str:
    """The SQLAlchemy URL for a server config (the password only in memory, never in a file or a log)."""
    auth = quote(config.user, safe="")
    if password:
        auth += ":" + quote(password, safe="")
    url = f"{DRIVER}://{auth}@{config.host}:{config.port}/{quote(config.database, safe='')}"
    query = [f"sslmode={quote(config.sslmode)}"]
    if config.sslrootcert:
        query.append(f"sslrootcert={quote(config.sslrootcert)}")
    return url + "?" + "&".join(query)


def parse(text: str) -> DatabaseConfig | None:
    """A settings file's [database] section; None when there is none. Raises ConfigError for a damaged one."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        raise ConfigError(f"The database settings file cannot be read ({exc.__class__.__name__}).") from None
    if not parser.has_section(SECTION):
        return None
    section = parser[SECTION]
    try:
        kind = DatabaseKind(section.get("kind", "sqlite").strip().lower())
    except ValueError:
        raise ConfigError("The database settings file names an unknown kind of database.") from None
    try:
        port = int(section.get("port", str(DEFAULT_PORT)))
    except ValueError:
        raise ConfigError("The port in the database settings file is not a number.") from None
    config = DatabaseConfig(
        kind=kind,
        sqlite_path=section.get("path", ""),
        host=section.get("host", ""),
        port=port,
        database=section.get("name", "carelog"),
        user=section.get("user", ""),
        sslmode=section.get("sslmode", "prefer").strip().lower(),
        sslrootcert=section.get("sslrootcert", ""),
    )
    return validate(config)


def render(config: DatabaseConfig) -> str:
    """The text of a settings file for `config` (never a password)."""
    lines = [
        "# CareLog database settings, written by Admin > Database settings. No password is kept here: it is in",
        "# the credential store of each Windows (or desktop) user.",
        f"[{SECTION}]",
        f"kind = {config.kind.value}",
    ]
    if config.is_server:
        lines += [
            f"host = {config.host}",
            f"port = {config.port}",
            f"name = {config.database}",
            f"user = {config.user}",
            f"sslmode = {config.sslmode}",
        ]
        if config.sslrootcert:
            lines.append(f"sslrootcert = {config.sslrootcert}")
    elif config.sqlite_path:
        lines.append(f"path = {config.sqlite_path}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Resolved:
    source: ConfigSource
    config: DatabaseConfig | None  # None: the --db text is used as it is
    command_line: str | None = None


def resolve(command_line: str | None, user: DatabaseConfig | None, machine: DatabaseConfig | None) -> Resolved:
    """--db beats the user's settings, which beat the machine's, which beat the default file."""
    if command_line:
        return Resolved(ConfigSource.COMMAND_LINE, None, command_line)
    if user is not None:
        return Resolved(ConfigSource.USER, user)
    if machine is not None:
        return Resolved(ConfigSource.MACHINE, machine)
    return Resolved(ConfigSource.DEFAULT, DatabaseConfig())
