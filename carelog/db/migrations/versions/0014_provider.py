"""Provider scale (issue 18): learning shared across services, and the indexes a 50-service database needs.

Revision ID: 0014
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


TRENDS_COVER = ("occurred_at", "category_id", "service_id", "location_id", "physical_harm", "kind")


def upgrade() -> None:
    # the Trends tab's counts over a period read only this index (50 services, 1,000,000 incidents: see
    # benchmarks/bench_provider.py)
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index("ix_incidents_trends_cover", list(TRENDS_COVER), unique=False)
    op.create_table(
        "shared_learning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("shared_at", sa.DateTime(), nullable=False),
        sa.Column("shared_by_id", sa.Integer(), nullable=True),
        sa.Column("shared_by", sa.String(length=120), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name=op.f("fk_shared_learning_review_id_reviews"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shared_learning")),
    )
    with op.batch_alter_table("shared_learning", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shared_learning_review_id"), ["review_id"], unique=False)
    op.create_table(
        "shared_learning_discussions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learning_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("discussed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["learning_id"],
            ["shared_learning.id"],
            name=op.f("fk_shared_learning_discussions_learning_id_shared_learning"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_shared_learning_discussions_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shared_learning_discussions")),
        sa.UniqueConstraint("learning_id", "service_id", name="uq_shared_learning_discussions_service"),
    )
    with op.batch_alter_table("shared_learning_discussions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shared_learning_discussions_learning_id"), ["learning_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shared_learning_discussions_service_id"), ["service_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_trends_cover")
    op.drop_table("shared_learning_discussions")
    op.drop_table("shared_learning")
