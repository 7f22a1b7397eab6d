"""The inspection pack and monthly governance report: gather one period's records into a PackData and build the PDF.

With `pseudonymise`, people supported appear only as their identifier codes: in the people columns and also in
free text (accounts, notes, review findings), where every known display name is replaced by the person's code.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from carelog.core.dto import PersonRef
from carelog.core.errors import ValidationError
from carelog.core.permissions import Permission
from carelog.core.services.context import ServiceContext
from carelog.db.repositories import audit
from carelog.db.repositories import pack as repo
from carelog.reports.pack.data import PackAction, PackChart, PackData, PackIncident, PackNotification, PackReview

logger = logging.getLogger(__name__)
ProgressFn = Callable[[int, str], None]
ENTITY = "pack"
ALL_SERVICES = "All services"
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")


def _noop(_percent: int, _message: str) -> None:
    return None


@dataclass(frozen=True)
class PackRequest:
    date_from: date
    date_to: date
    service_id: int | None = None
    pseudonymise: bool = False
    monthly: bool = False

    def validate(self) -> None:
        if self.date_to < self.date_from:
            raise ValidationError({"date_to": "The end of the period is before its start: choose a later end date."})
        if (self.date_to - self.date_from).days > 3 * 366:
            raise ValidationError({"date_from": "Choose a period of three years or less."})


class Pseudonymiser:
    """Replaces the display names of people supported with their identifier codes in any text."""

    def __init__(self, people: Iterable[PersonRef], enabled: bool) -> None:
        self.enabled = enabled
        self._codes: dict[str, str] = {}
        for p in people:
            name = " ".join(p.display_name.split())
            if not name:
                continue
            self._codes[name.lower()] = p.code
            parts = name.split(" ")
            if len(parts) > 1:
                for title in TITLES:
                    self._codes.setdefault(f"{title} {parts[-1]}".lower(), p.code)
                    self._codes.setdefault(f"{title}. {parts[-1]}".lower(), p.code)
        keys = sorted(self._codes, key=len, reverse=True)
        self._pattern = (
            re.compile(
                r"(?<!\w)(" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys) + r")(?!\w)", re.IGNORECASE
            )
            if keys
            else None
        )

    def text(self, value: str, involved: Iterable[PersonRef] = ()) -> str:
        """Replace known names with codes. The first names of `involved` (the people linked to the record the text
        belongs to) are replaced too, as accounts often call a person by first name only."""
        if not self.enabled or not value:
            return value
        if self._pattern is not None:
            value = self._pattern.sub(
                lambda m: self._codes.get(" ".join(m.group(0).split()).lower(), m.group(0)), value
            )
        first_names = {p.display_name.split()[0].lower(): p.code for p in involved if p.display_name.split()}
        if first_names:
            pattern = self._first_name_pattern(tuple(sorted(first_names)))
            value = pattern.sub(lambda m: first_names.get(m.group(0).lower(), m.group(0)), value)
        return value

    @staticmethod
    @lru_cache(maxsize=256)
    def _first_name_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)

    def person(self, person: PersonRef) -> str:
        return person.code if self.enabled else f"{person.display_name} ({person.code})"


class PackService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def gather(self, request: PackRequest, progress: ProgressFn | None = None) -> PackData:
        """Read everything the pack shows for the period. Raises PermissionDenied without the export right."""
        report = progress or _noop
        actor = self._ctx.require(Permission.EXPORT, ENTITY)
        request.validate()
        report(1, "Reading records")
        with self._ctx.unit() as session:
            records = repo.period_records(session, request.date_from, request.date_to, request.service_id)
            service_name = (
                repo.service_name(session, request.service_id) if request.service_id is not None else ALL_SERVICES
            )
            audit.append(
                session,
                actor,
                ENTITY,
                request.service_id,
                "export",
                "monthly report" if request.monthly else "inspection pack",
                "",
                f"{request.date_from.isoformat()} to {request.date_to.isoformat()}"
                + (" pseudonymised" if request.pseudonymise else ""),
            )
        if service_name is None:
            raise ValidationError({"service": "That service no longer exists: choose another."})
        names = Pseudonymiser(records.people, request.pseudonymise)
        incidents = tuple(
            replace(
                i,
                people=tuple(names.person(p) for p in records.people_by_incident.get(i.id, ())),
                account=names.text(i.account, records.people_by_incident.get(i.id, ())),
            )
            for i in records.incidents
        )
        notifications = tuple(
            replace(
                n,
                people=tuple(names.person(p) for p in records.people_by_incident.get(iid, ())),
                note=names.text(n.note, records.people_by_incident.get(iid, ())),
                reference=names.text(n.reference),
            )
            for iid, n in records.notifications
        )
        report(4, "Reading reviews and actions")
        incident_ids = {i.id for i in incidents}
        reviews = self._reviews(incident_ids, names)
        actions = self._actions(incident_ids, reviews, names)
        report(7, "Drawing charts")
        charts = self._charts(request, incidents)
        notes: tuple[str, ...] = ()
        if reviews is None or actions is None or charts is None:
            missing = [
                n for n, v in (("reviews", reviews), ("actions", actions), ("trend charts", charts)) if v is None
            ]
            notes = (f"Not included in this version of CareLog: {', '.join(missing)}.",)
        return PackData(
            service_name=service_name,
            date_from=request.date_from,
            date_to=request.date_to,
            produced_at=self._ctx.clock(),
            produced_by=actor.name,
            pseudonymised=request.pseudonymise,
            incidents=incidents,
            notifications=notifications,
            reviews=reviews,
            actions=actions,
            charts=charts,
            notes=notes,
        )

    def build(self, request: PackRequest, out_path: str | Path, progress: ProgressFn | None = None) -> int:
        """Gather and write the PDF (pack or monthly report); returns the number of pages.

        `progress(percent, message)` is called throughout and may raise (e.g. CancelledError) to stop; a partly
        written file is then removed.
        """
        from carelog.reports.pack.builder import build_monthly_report, build_pack

        report = progress or _noop
        data = self.gather(request, report)
        target = Path(out_path)
        partial = target.with_name(target.name + ".part")
        try:
            builder = build_monthly_report if request.monthly else build_pack
            pages = builder(data, partial, lambda p, m: report(max(10, p), m))
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        logger.info("Pack written: %d pages, %d records", pages, len(data.incidents))
        return pages

    # ------------------------------------------------------------------------------------------ optional parts
    def _reviews(self, incident_ids: set[int], names: Pseudonymiser) -> tuple[PackReview, ...] | None:
        return None

    def _actions(
        self, incident_ids: set[int], reviews: tuple[PackReview, ...] | None, names: Pseudonymiser
    ) -> tuple[PackAction, ...] | None:
        return None

    def _charts(self, request: PackRequest, incidents: tuple[PackIncident, ...]) -> tuple[PackChart, ...] | None:
        return None


__all__ = ["PackNotification", "PackRequest", "PackService", "Pseudonymiser"]
