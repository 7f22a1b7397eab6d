"""All ORM models; importing this package registers every table on Base.metadata."""

from carelog.db.models import (  # noqa: F401
    actions,
    audit,
    governance,
    imports,
    incidents,
    organisation,
    reviews,
    shared_learning,
    thread,
    triage,
    users,
)
from carelog.db.models.audit import AuditHeadRow, AuditRow, SettingRow
from carelog.db.models.base import Base
from carelog.db.models.incidents import (
    DraftRow,
    IncidentPersonRow,
    IncidentRow,
    NotificationRow,
    ReferenceCounterRow,
)
from carelog.db.models.organisation import CategoryRow, LocationRow, PersonRow, ServiceRow, SubcategoryRow
from carelog.db.models.users import UserRow

__all__ = [
    "AuditHeadRow",
    "AuditRow",
    "Base",
    "CategoryRow",
    "DraftRow",
    "IncidentPersonRow",
    "IncidentRow",
    "LocationRow",
    "NotificationRow",
    "PersonRow",
    "ReferenceCounterRow",
    "ServiceRow",
    "SettingRow",
    "SubcategoryRow",
    "UserRow",
]
