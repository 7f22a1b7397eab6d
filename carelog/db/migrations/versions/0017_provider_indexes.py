"""Provider scale (issue 18): two PostgreSQL-only covering indexes behind the Home tab for all services.

- ix_incidents_pg_recent_cover: the last 90 days' incidents that may need a statutory notification
  (repositories.incidents.deadline_candidates_and_places) read from the index alone, not from 20,000 scattered
  table rows: 0.19 s -> 0.05 s at 1,000,000 incidents.
- ix_incidents_pg_open_cover: the open incidents waiting for triage, oldest report first (repositories.triage.
  untriaged_with_count), from a small partial index: 0.13 s -> 0.035 s.

SQLite is unchanged (its Home at 100,000 incidents meets its target without them). The indexes are left out of the
schema comparison with the models (migrations.env_filters), like the hand-made search index.

Revision ID: 0017
Revises: 0016
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# repositories.triage.OPEN_STATUSES at this revision: the partial index serves that query only while they match
OPEN_STATUSES = ("reported", "under_review", "actions_in_progress")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE INDEX ix_incidents_pg_recent_cover ON incidents (occurred_at) "
        "INCLUDE (id, category_id, subcategory_id, kind, physical_harm, status, service_id, reference)"
    )
    statuses = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
    op.execute(
        "CREATE INDEX ix_incidents_pg_open_cover ON incidents (reported_at, id) "
        f"INCLUDE (kind, service_id, status) WHERE status IN ({statuses})"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_incidents_pg_open_cover")
    op.execute("DROP INDEX IF EXISTS ix_incidents_pg_recent_cover")
