"""Governance meetings (issue 16): the meeting, its attendees, the items it reviewed and its decisions (a decision
may name the improvement action it became).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_CHILDREN = ("meeting_attendees", "meeting_items", "meeting_decisions")


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def _child(name: str, *items: sa.schema.SchemaItem) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *items,
        _fk(name, "meeting_id", "governance_meetings", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "governance_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_governance_meetings_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governance_meetings")),
    )
    _index("governance_meetings", "held_on", "service_id")
    _child(
        "meeting_attendees",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        _fk("meeting_attendees", "user_id", "users", "SET NULL"),
    )
    _child(
        "meeting_items",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    _child(
        "meeting_decisions",
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        _fk("meeting_decisions", "action_id", "actions", "SET NULL"),
    )
    for name in _CHILDREN:
        _index(name, "meeting_id")
    _index("meeting_decisions", "action_id")


def downgrade() -> None:
    for name in reversed(_CHILDREN):
        op.drop_table(name)
    op.drop_table("governance_meetings")
