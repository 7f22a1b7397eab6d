"""The golden thread's records, triage and occupancy join the record digests (tamper evidence).

No table changes: complaints, compliments, safeguarding concerns, Duty of Candour records, staff debriefs and
follow-up audits (with their action links), an incident's triage and a service's monthly occupied bed days were
already audited, but `carelog check` could not vouch for them. From this revision record_state.SPECS covers them.
The records that exist at the upgrade are bound to the trail right after this migration, in the same transaction,
by carelog.db.integrity_upgrade.bind_newly_covered: one marked "upgrade" audit entry, then one "baseline" entry per
record of the kinds listed in NEWLY_DIGESTED ("entity.child": only the records that have such child rows).

Revision ID: 0015
Revises: 0014
"""

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

NEWLY_DIGESTED = (
    "complaint",
    "compliment",
    "safeguarding",
    "candour",
    "debrief",
    "follow_up_audit",
    "incident.triage",
    "service.occupancy",
)


def upgrade() -> None:
    pass  # nothing in the schema changes; see the docstring


def downgrade() -> None:
    pass
