"""The reference counters as a whole: read them all, and raise them so no reference is ever issued twice.

Used by restore: the restored database keeps, per prefix and year, the higher of the counter it had and the
counter in the backup, and never less than the highest reference its incidents carry.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from carelog.db.models import IncidentRow, ReferenceCounterRow

Counters = dict[tuple[str, int], int]
_REFERENCE = re.compile(r"([A-Z]+)-(\d{4})-(\d+)")


def all_counters(session: Session) -> Counters:
    return {(r.prefix, r.year): r.last_number for r in session.scalars(select(ReferenceCounterRow))}


def highest_issued(session: Session) -> Counters:
    """The highest number per prefix and year among the incidents' references."""
    found: Counters = {}
    for reference in session.scalars(select(IncidentRow.reference)):
        match = _REFERENCE.fullmatch(reference or "")
        if match:
            key = (match.group(1), int(match.group(2)))
            found[key] = max(found.get(key, 0), int(match.group(3)))
    return found


def raise_to(session: Session, counters: Counters) -> None:
    """Each counter becomes at least the given number (created where missing); none is lowered."""
    for (prefix, year), number in counters.items():
        row = session.get(ReferenceCounterRow, (prefix, year))
        if row is None:
            session.add(ReferenceCounterRow(prefix=prefix, year=year, last_number=number))
        elif row.last_number < number:
            row.last_number = number
    session.flush()
