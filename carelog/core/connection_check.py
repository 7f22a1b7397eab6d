"""What Test connection found, in plain English (the checking itself is in db.connection_check)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Outcome(Enum):
    READY_EMPTY = "ready-empty"
    READY = "ready"
    NEEDS_UPGRADE = "needs-upgrade"
    SCHEMA_TOO_NEW = "too-new"
    NOT_CARELOG = "not-carelog"
    SERVER_DOWN = "server-down"
    HOST_UNKNOWN = "host-unknown"
    TIMED_OUT = "timed-out"
    WRONG_PASSWORD = "wrong-password"
    DATABASE_MISSING = "database-missing"
    NO_PERMISSION = "no-permission"
    TLS_PROBLEM = "tls"
    OTHER = "other"


OK_OUTCOMES = frozenset({Outcome.READY_EMPTY, Outcome.READY, Outcome.NEEDS_UPGRADE})


@dataclass(frozen=True)
class ConnectionCheck:
    outcome: Outcome
    message: str
    revision: str | None = None  # the database's CareLog schema, when it has one

    @property
    def ok(self) -> bool:
        return self.outcome in OK_OUTCOMES


def describe(outcome: Outcome, *, host: str, port: int, database: str, user: str, detail: str = "") -> str:
    """The message for one outcome, saying what to do next."""
    where = f"{host}:{port}"
    messages = {
        Outcome.READY_EMPTY: (
            f"Connected to {database} on {where}. The database is empty: CareLog will set it up when it first opens "
            "it, or use 'Move this PC's records to the server' to copy the records of this PC into it."
        ),
        Outcome.READY: f"Connected to {database} on {where}. It holds a CareLog database of this version.",
        Outcome.NEEDS_UPGRADE: (
            f"Connected to {database} on {where}. Its CareLog database was written by an older CareLog version "
            f"(schema {detail}): the first CareLog of this version to open it will upgrade it, after which older "
            "CareLog versions on other PCs can no longer open it. Update CareLog on every PC."
        ),
        Outcome.SCHEMA_TOO_NEW: (
            f"Connected to {database} on {where}, but its CareLog database was written by a newer CareLog version "
            f"(schema {detail}). Install the latest CareLog on this PC before using it."
        ),
        Outcome.NOT_CARELOG: (
            f"Connected to {database} on {where}, but it holds tables that are not CareLog's. Use an empty "
            "database made for CareLog (see docs/SHARED-DATABASE.md)."
        ),
        Outcome.SERVER_DOWN: (
            f"No database server answers at {where}. Check that the server PC is switched on, that PostgreSQL is "
            "running there, that the port is right and that its firewall lets this PC in."
        ),
        Outcome.HOST_UNKNOWN: (
            f"There is no computer called {host} on the network. Check the server's name, or type its IP address."
        ),
        Outcome.TIMED_OUT: (
            f"The server {where} did not answer in time. Check the network connection to it and its firewall."
        ),
        Outcome.WRONG_PASSWORD: (
            f"The server refused the user name {user} or its password. Check both (the password is case "
            "sensitive); the server's administrator can reset it."
        ),
        Outcome.DATABASE_MISSING: (
            f"The server at {where} has no database called {database}. Check the name, or ask the server's "
            "administrator to create it (see docs/SHARED-DATABASE.md)."
        ),
        Outcome.NO_PERMISSION: (
            f"The server let {user} in but refused access to {database}. The server's administrator must give "
            "this user the rights described in docs/SHARED-DATABASE.md."
        ),
        Outcome.TLS_PROBLEM: (
            f"The encrypted connection to {where} could not be set up ({detail}). Check the Encryption choice: "
            "'verify-full' needs the server's certificate authority on this PC and the server's name as in its "
            "certificate; 'require' needs the server to have TLS switched on."
        ),
        Outcome.OTHER: f"CareLog could not use the database {database} on {where}: {detail}",
    }
    return messages[outcome]
