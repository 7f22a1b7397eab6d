"""The report form starts from the person (issue 13): each staff account's usual service, and when the
person last looked at "My reports" (what has happened to their reports since is news to them).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("usual_service_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reports_seen_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_users_usual_service_id_services"), "services", ["usual_service_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_users_usual_service_id_services"), type_="foreignkey")
        batch_op.drop_column("reports_seen_at")
        batch_op.drop_column("usual_service_id")
