"""The password-checking PostgreSQL server, one for the whole session (defined once so it is started once)."""

from __future__ import annotations

from tests.db.pg_password_server import password_server

__all__ = ["password_server"]
