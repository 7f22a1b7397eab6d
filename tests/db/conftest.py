"""The password-checking and the TLS PostgreSQL servers, one each for the whole session (defined once so each is
started once)."""

from __future__ import annotations

from tests.db.pg_password_server import password_server
from tests.db.pg_tls_server import tls_server

__all__ = ["password_server", "tls_server"]
