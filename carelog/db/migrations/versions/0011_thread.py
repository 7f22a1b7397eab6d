"""The golden thread (issue 15): complaints, compliments, safeguarding concerns, Duty of Candour records,
staff debriefs, follow-up audits, and the actions a complaint or an audit is linked to.

Revision ID: 0011
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None

_TABLES = ("complaints", "compliments", "safeguarding_concerns", "candour_records", "debriefs", "follow_up_audits")


def _common() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _text(name: str, length: int | None = None) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.String(length=length) if length else sa.Text(), nullable=False)


def _date(name: str, nullable: bool = True) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.Date(), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete="SET NULL"
    )


def _table(name: str, *items: sa.schema.SchemaItem, incident: bool = True) -> None:
    cols: list[sa.schema.SchemaItem] = [*_common(), *items]
    if incident:
        cols += [sa.Column("incident_id", sa.Integer(), nullable=True), _fk(name, "incident_id", "incidents")]
    op.create_table(name, *cols, sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")))


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    _table(
        "complaints",
        _date("received_on", nullable=False),
        _text("received_via", 20),
        _text("complainant", 120),
        _text("person_code", 40),
        _text("theme", 80),
        _text("summary"),
        _date("acknowledged_on"),
        _text("investigator", 120),
        _text("findings"),
        _date("extended_to"),
        _text("extension_reason"),
        _date("response_sent_on"),
        _text("outcome", 20),
        _text("satisfaction", 20),
        _text("escalation", 200),
        _text("learning"),
        _text("you_said_we_did"),
        _date("closed_on"),
    )
    _index("complaints", "received_on", "incident_id")
    _table(
        "compliments",
        _date("received_on", nullable=False),
        _text("complainant", 120),
        _text("staff_named", 200),
        _text("summary"),
        _date("shared_on"),
        incident=False,
    )
    _index("compliments", "received_on")
    _table(
        "safeguarding_concerns",
        _date("raised_on", nullable=False),
        _text("person_code", 40),
        _text("abuse_type", 30),
        _text("concern"),
        _date("referred_on"),
        _text("la_reference", 120),
        _text("s42_enquiry", 5),
        _text("outcome"),
        _text("protection_plan"),
        _date("cqc_notified_on"),
        _date("closed_on"),
    )
    _index("safeguarding_concerns", "raised_on", "incident_id")
    _table(
        "candour_records",
        _text("notifiable", 5),
        _text("decision_reason"),
        _text("decided_by", 120),
        _date("decided_on"),
        _date("notified_on"),
        _text("notified_by", 120),
        sa.Column("apology_given", sa.Boolean(), nullable=False),
        _date("written_on"),
        _date("outcome_shared_on"),
    )
    _index("candour_records", "incident_id")
    _table(
        "debriefs",
        _date("held_on", nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        _fk("debriefs", "review_id", "reviews"),
        _text("participants"),
        _text("how_staff_are"),
        _text("support_offered"),
        _text("should_change"),
        _date("wellbeing_follow_up_on"),
        _date("wellbeing_done_on"),
    )
    _index("debriefs", "held_on", "incident_id", "review_id")
    _table(
        "follow_up_audits",
        _text("audit_type", 120),
        _date("held_on", nullable=False),
        sa.Column("score_pct", sa.Integer(), nullable=True),
        _text("findings"),
        _text("auditor", 120),
        incident=False,
    )
    _index("follow_up_audits", "audit_type", "held_on")
    op.create_table(
        "thread_action_links",
        _text("kind", 20),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_thread_action_links_action_id_actions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("kind", "record_id", "action_id", name=op.f("pk_thread_action_links")),
    )
    _index("thread_action_links", "action_id")


def downgrade() -> None:
    op.drop_table("thread_action_links")
    for name in reversed(_TABLES):
        op.drop_table(name)
