"""Improvement actions (issue 4): actions and the incidents they respond to.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("lead_name", sa.String(length=120), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("strength", sa.String(length=20), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("factor_id", sa.Integer(), nullable=True),
        sa.Column("evidence_note", sa.Text(), nullable=False),
        sa.Column("evidence_path", sa.String(length=500), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("check_date", sa.Date(), nullable=True),
        sa.Column("window_days", sa.Integer(), nullable=True),
        sa.Column("before_count", sa.Integer(), nullable=True),
        sa.Column("after_count", sa.Integer(), nullable=True),
        sa.Column("conclusion", sa.String(length=20), nullable=False),
        sa.Column("conclusion_note", sa.Text(), nullable=False),
        sa.Column("reopened_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["factor_id"], ["review_factors.id"], name=op.f("fk_actions_factor_id_review_factors"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["lead_id"], ["users.id"], name=op.f("fk_actions_lead_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name=op.f("fk_actions_review_id_reviews"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], name=op.f("fk_actions_service_id_services")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index("ix_actions_status_due", ["status", "due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_lead_id"), ["lead_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_lead_name"), ["lead_name"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_review_id"), ["review_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_service_id"), ["service_id"], unique=False)

    op.create_table(
        "action_incidents",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_incidents_action_id_actions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_action_incidents_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("action_id", "incident_id", name=op.f("pk_action_incidents")),
    )
    with op.batch_alter_table("action_incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_incidents_incident_id"), ["incident_id"], unique=False)


def downgrade() -> None:
    op.drop_table("action_incidents")
    op.drop_table("actions")
