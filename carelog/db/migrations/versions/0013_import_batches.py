"""Import batches (issue 17): each import is one batch naming every record it wrote, so it can be undone.

Revision ID: 0013
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_table(
        "import_batch_records",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batches.id"], name=op.f("fk_import_batch_records_batch_id_import_batches")
        ),
        sa.PrimaryKeyConstraint("batch_id", "entity", "entity_id", name=op.f("pk_import_batch_records")),
    )
    op.create_index("ix_import_batch_records_entity", "import_batch_records", ["entity", "entity_id"])


def downgrade() -> None:
    op.drop_index("ix_import_batch_records_entity", table_name="import_batch_records")
    op.drop_table("import_batch_records")
    op.drop_table("import_batches")
