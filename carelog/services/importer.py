"""CSV import use case: all or nothing. Either every row is written (in one transaction) or none is, and
the caller gets every problem with its line number and column."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from carelog.core.csv_import import ImportPlan, ImportProblem, decode, plan_import
from carelog.core.enums import ServiceType
from carelog.core.errors import CareLogError, ValidationError
from carelog.core.permissions import Permission
from carelog.db.repositories import audit, organisation
from carelog.services.context import ServiceContext
from carelog.services.incidents import BulkValidationError, IncidentService

logger = logging.getLogger(__name__)


class ImportFailed(CareLogError):
    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__(f"Nothing was imported: {len(problems)} problem(s) to fix.")


@dataclass(frozen=True)
class ImportResult:
    references: tuple[str, ...]
    unknown_columns: tuple[str, ...]
    created: tuple[str, ...]


class ImportService:
    def __init__(self, ctx: ServiceContext, incidents: IncidentService) -> None:
        self._ctx = ctx
        self._incidents = incidents

    def import_file(self, path: Path, create_missing: bool = False) -> ImportResult:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CareLogError(f"Cannot read {path}: {exc.strerror}.") from None
        try:
            text = decode(raw)
        except ValidationError as exc:
            raise ImportFailed([ImportProblem(0, "", exc.errors["file"])]) from None
        return self.import_text(text, create_missing)

    def import_text(self, text: str, create_missing: bool = False) -> ImportResult:
        actor = self._ctx.require(Permission.EDIT_INCIDENT, "import")
        now = self._ctx.clock()
        created: list[str] = []
        with self._ctx.unit() as session:
            plan = plan_import(text, organisation.reference_data(session), now, create_missing)
            if plan.problems:
                raise ImportFailed(plan.problems)
            if create_missing and (plan.missing_services or plan.missing_locations or plan.missing_people):
                created_items = _create_missing(session, plan)
                audit.append_many(
                    session,
                    actor,
                    [
                        audit.NewAuditRecord(kind, item_id, "create", "name", None, label, now)
                        for kind, item_id, label in created_items
                    ],
                    at=now,
                )
                created = [f"{kind} {label}" for kind, _item_id, label in created_items]
                plan = plan_import(text, organisation.reference_data(session), now, False)
                if plan.problems:
                    raise ImportFailed(plan.problems)
            try:
                refs = self._incidents.load_in(session, plan.items, actor)
            except BulkValidationError as exc:
                raise ImportFailed(
                    [
                        ImportProblem(plan.lines[index], field, message)
                        for index, fields in sorted(exc.problems.items())
                        for field, message in fields.items()
                    ]
                ) from None
        logger.info("Imported %d incidents from CSV", len(refs))
        return ImportResult(tuple(refs), tuple(plan.unknown_columns), tuple(created))


def _create_missing(session, plan: ImportPlan) -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    """Add the services, locations and people the file names; returns (kind, id, label) of each one added."""
    created: list[tuple[str, int, str]] = []
    for name in sorted(plan.missing_services):
        created.append(("service", organisation.add_service(session, name, ServiceType.CARE_HOME, None), name))
    for service_name, loc in sorted(plan.missing_locations):
        sid = organisation.find_service_id(session, service_name)
        if sid is not None:
            created.append(("location", organisation.add_location(session, sid, loc), f"{loc} ({service_name})"))
    for code, service_name in sorted(plan.missing_people):
        sid = organisation.find_service_id(session, service_name)
        created.append(("person", organisation.add_person(session, code, code, sid), code))
    return created
