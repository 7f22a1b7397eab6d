"""What a unit of work changed, in the spirit of anki's OpChanges.

Every write is audited; the audit repository notes each audited entity on the session, and the service context
publishes one `Changes` after the transaction commits. The UI turns it into its change signals in one place
(ui/events.py), so no page needs to know the side effects of another service.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Aggregate(Enum):
    INCIDENTS = "incidents"
    REVIEWS = "reviews"
    ACTIONS = "actions"
    USERS = "users"
    REFERENCE_DATA = "reference_data"
    SETTINGS = "settings"
    THREAD = "thread"  # complaints, compliments, safeguarding, Duty of Candour, debriefs, follow-up audits
    MEETINGS = "meetings"  # governance meetings


# audited entity name -> the aggregate whose views must refresh
ENTITY_AGGREGATE: dict[str, Aggregate] = {
    "incident": Aggregate.INCIDENTS,
    "review": Aggregate.REVIEWS,
    "action": Aggregate.ACTIONS,
    "user": Aggregate.USERS,
    "setting": Aggregate.SETTINGS,
    "service": Aggregate.REFERENCE_DATA,
    "location": Aggregate.REFERENCE_DATA,
    "person": Aggregate.REFERENCE_DATA,
    "category": Aggregate.REFERENCE_DATA,
    "subcategory": Aggregate.REFERENCE_DATA,
    "import": Aggregate.REFERENCE_DATA,  # an import may create services, locations and categories
    "complaint": Aggregate.THREAD,
    "compliment": Aggregate.THREAD,
    "safeguarding": Aggregate.THREAD,
    "candour": Aggregate.THREAD,
    "debrief": Aggregate.THREAD,
    "follow_up_audit": Aggregate.THREAD,
    "meeting": Aggregate.MEETINGS,
    "shared_learning": Aggregate.REVIEWS,  # learning shared across services: the Review and Home tabs show it
    "database": Aggregate.INCIDENTS,  # a restore replaces every record
}
# audited actions that record an attempt or a visit, not a change to any record
NON_CHANGING_ACTIONS = frozenset({"denied", "login", "logout", "backup", "export", "view"})


def aggregate_changed(entity: str, action: str) -> Aggregate | None:
    """The aggregate an audited (entity, action) changes, or None when it changes nothing a view shows."""
    if action in NON_CHANGING_ACTIONS:
        return None
    return ENTITY_AGGREGATE.get(entity)


@dataclass(frozen=True)
class Changes:
    aggregates: frozenset[Aggregate]

    def __bool__(self) -> bool:
        return bool(self.aggregates)

    def __contains__(self, item: object) -> bool:
        return item in self.aggregates

    @classmethod
    def of(cls, *aggregates: Aggregate) -> Changes:
        return cls(frozenset(aggregates))


NO_CHANGES = Changes(frozenset())
