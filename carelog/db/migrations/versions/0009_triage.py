"""Manager triage of incidents, when each person last looked at pattern signals, occupancy (issue 14).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "triages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("triaged_at", sa.DateTime(), nullable=False),
        sa.Column("triaged_by_id", sa.Integer(), nullable=True),
        sa.Column("triaged_by", sa.String(length=120), nullable=False),
        sa.Column("harm_recorded", sa.String(length=20), nullable=False),
        sa.Column("physical_harm", sa.String(length=20), nullable=False),
        sa.Column("risk_score", sa.Integer(), nullable=True),
        sa.Column("care_plan", sa.String(length=20), nullable=False),
        sa.Column("risk_assessment", sa.String(length=20), nullable=False),
        sa.Column("notifications_checked", sa.Boolean(), nullable=False),
        sa.Column("decisions", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("target_hours", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_triages_incident_id_incidents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name=op.f("fk_triages_review_id_reviews"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triages")),
        sa.UniqueConstraint("incident_id", name=op.f("uq_triages_incident_id")),
    )
    op.create_index(
        "ix_incidents_measure_counts", "incidents", ["category_id", "occurred_at", "service_id", "kind"], unique=False
    )
    op.create_table(
        "attention_seen",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("signals_seen_at", sa.DateTime(), nullable=False),
        sa.Column("last_incident_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_attention_seen_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_attention_seen")),
    )
    op.create_table(
        "occupancy",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("occupied_bed_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_occupancy_service_id_services"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("service_id", "month", name=op.f("pk_occupancy")),
    )


def downgrade() -> None:
    op.drop_table("occupancy")
    op.drop_table("attention_seen")
    op.drop_table("triages")
    op.drop_index("ix_incidents_measure_counts", table_name="incidents")
