"""Alembic environment. CareLog runs migrations in-process with a connection passed in config.attributes."""

from __future__ import annotations

from alembic import context

from carelog.db.migrations.env_filters import include_name
from carelog.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise RuntimeError("Run migrations through carelog.db.engine.open_database()")


context.configure(
    connection=connection,
    include_name=include_name,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
