"""The Trends tab's counts read in index order on SQLite (issue 19): no sort of every incident in the period.

SQLite has no hash aggregation: a GROUP BY that no index order satisfies sorts every row it reads, which was most
of the time of the Trends tab's counts at 100,000 incidents. Each of these indexes holds its counts' keys first and
every column the Trends filter can test after them, so each count is one pass over one index, in group order:
  ix_trends_month  month, category, service: the monthly chart, the SPC chart, rates, pattern detection
  ix_trends_place  service, location, physical harm: the location and harm charts
  ix_trends_hour   weekday, hour: the day-and-hour heat map
SQLite only: PostgreSQL counts all four sets in one hash pass (GROUPING SETS over ix_incidents_trends_cover).
The first and last are on expressions, which SQLAlchemy cannot reflect: they are hand-made (carelog.db.migrations.
env_filters), and a later migration that recreates the incidents table on SQLite must create them again
(tests/db/test_trend_indexes.py fails if they are missing at head).

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# the expressions must be written exactly as carelog.db.repositories.trends writes them (SQLite matches an
# expression index only to the same expression); the filter's columns follow the keys so the index covers the read
FILTERED = "kind, occurred_at, category_id, service_id, location_id"
INDEXES = {
    "ix_trends_month": "substr(occurred_at, 1, 7), category_id, service_id, kind, occurred_at, location_id",
    "ix_trends_place": "service_id, location_id, physical_harm, kind, occurred_at, category_id",
    "ix_trends_hour": f"strftime('%w', occurred_at), substr(occurred_at, 12, 2), {FILTERED}",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, keys in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON incidents ({keys})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
