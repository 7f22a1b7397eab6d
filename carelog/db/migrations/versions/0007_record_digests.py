"""Tamper evidence that holds: audit entries carry a formula number and the audited record's digest; the head
counts its entries.

Existing entries keep formula 1 and are never re-hashed. The records that exist at the upgrade are bound to the
trail by carelog.db.integrity_upgrade right after this migration, behind one marked "upgrade" audit entry.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("formula", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("record_digest", sa.String(length=64), nullable=True))
    with op.batch_alter_table("audit_head", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_count", sa.Integer(), server_default="0", nullable=False))
    op.execute("UPDATE audit_head SET entry_count = (SELECT count(*) FROM audit_log)")


def downgrade() -> None:
    with op.batch_alter_table("audit_head", schema=None) as batch_op:
        batch_op.drop_column("entry_count")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("record_digest")
        batch_op.drop_column("formula")
