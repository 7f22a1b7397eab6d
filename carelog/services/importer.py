"""Import use cases: read a CSV or Excel file, plan it, write it all or nothing as one batch; undo a batch.

Either every row is written (in one transaction, with the services, locations and people it may create) or none
is, and the caller gets every problem with its line (or sheet row) and column. Each import is one batch in the
audit trail, naming every record it wrote, and can be undone as one unit while none of them was changed since.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from carelog.core.dto import Actor, ReferenceData
from carelog.core.enums import ServiceType
from carelog.core.errors import CareLogError
from carelog.core.import_mapping import ColumnMap, auto_map
from carelog.core.import_plan import ImportPlan, ImportProblem, ValueQuestion, build_plan, questions
from carelog.core.import_source import WINDOWS_1252, SourceError, SourceTable, decode, looks_like_workbook, read_csv
from carelog.core.permissions import Permission
from carelog.db.repositories import audit, import_batches, organisation
from carelog.services.context import ServiceContext
from carelog.services.incidents import BulkValidationError, IncidentService

logger = logging.getLogger(__name__)
ENTITY = import_batches.ENTITY
CHUNK = 2000  # incidents written per step: the progress bar moves, the transaction stays one
Progress = Callable[[int, str], None]  # percent, message; may raise to cancel (nothing is then written)


class ImportFailed(CareLogError):
    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__(f"Nothing was imported: {len(problems)} problem(s) to fix.")


class UndoRefused(CareLogError):
    def __init__(self, message: str, records: list[str]) -> None:
        self.records = records
        super().__init__(message)


@dataclass(frozen=True)
class LoadedFile:
    """A file read for import: its table, and what the person may need to confirm or choose."""

    name: str
    table: SourceTable
    kind: str  # "csv" or "xlsx"
    encoding: str = "utf-8"
    encoding_sample: str = ""  # Windows-1252: words with accented letters, to check they read right
    sheets: tuple[str, ...] = ()
    sheet: str = ""

    @property
    def needs_encoding_confirmation(self) -> bool:
        return self.encoding == WINDOWS_1252


@dataclass(frozen=True)
class ImportResult:
    references: tuple[str, ...]
    unknown_columns: tuple[str, ...]
    created: tuple[str, ...]
    batch_id: int | None = None  # None for a dry run
    dry_run: bool = False


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    incidents: int
    created_removed: tuple[str, ...]


@dataclass(frozen=True)
class BatchSummary:
    id: int
    source: str
    row_count: int
    created_at: datetime
    undone_at: datetime | None


class _DryRun(Exception):
    def __init__(self, result: ImportResult) -> None:
        self.result = result


def read_file(path: Path, sheet: str | None = None) -> LoadedFile:
    """Read a CSV or .xlsx file (by its content, not its name). Raises ImportFailed with a plain message."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CareLogError(f"Cannot read {path}: {exc.strerror}.") from None
    return read_bytes(path.name, raw, sheet)


def read_bytes(name: str, raw: bytes, sheet: str | None = None) -> LoadedFile:
    try:
        if looks_like_workbook(raw):
            from carelog.core.import_xlsx import read_xlsx, sheet_names

            sheets = tuple(sheet_names(raw))
            chosen = sheet or (sheets[0] if sheets else "")
            return LoadedFile(name, read_xlsx(raw, chosen), "xlsx", sheets=sheets, sheet=chosen)
        decoded = decode(raw)
    except SourceError as exc:
        raise ImportFailed([ImportProblem(0, "", str(exc))]) from None
    return LoadedFile(name, read_csv(decoded.text), "csv", decoded.encoding, decoded.sample)


class ImportService:
    def __init__(self, ctx: ServiceContext, incidents: IncidentService) -> None:
        self._ctx = ctx
        self._incidents = incidents

    # -- reading and planning (nothing written) --

    def read(self, path: Path, sheet: str | None = None) -> LoadedFile:
        """Read a CSV file or a workbook's sheet for the wizard (nothing written; raises ImportFailed)."""
        self._ctx.require(Permission.EDIT_INCIDENT, ENTITY)
        return read_file(path, sheet)

    def reference_data(self) -> ReferenceData:
        with self._ctx.read() as session:
            return organisation.reference_data(session)

    def auto_map(self, loaded: LoadedFile, saved: ColumnMap | None = None) -> ColumnMap:
        return auto_map(loaded.table.headers, saved)

    def questions(self, loaded: LoadedFile, cmap: ColumnMap) -> list[ValueQuestion]:
        return questions(loaded.table, cmap, self.reference_data())

    def preview(
        self, loaded: LoadedFile, cmap: ColumnMap, create_missing: bool = False, progress: Progress | None = None
    ) -> ImportPlan:
        """The plan of the import, nothing written. `progress` (percent, message) may raise to stop it."""
        self._ctx.require(Permission.EDIT_INCIDENT, ENTITY)

        def checking(done: int, total: int) -> None:
            if progress is not None:
                progress(int(100 * done / max(total, 1)), f"Checking row {done:,} of {total:,}")

        return build_plan(loaded.table, cmap, self.reference_data(), self._ctx.clock(), create_missing, checking)

    # -- writing --

    def import_file(
        self,
        path: Path,
        create_missing: bool = False,
        cmap: ColumnMap | None = None,
        sheet: str | None = None,
        encoding_confirmed: bool = False,
        dry_run: bool = False,
    ) -> ImportResult:
        loaded = read_file(path, sheet)
        if loaded.needs_encoding_confirmation and not encoding_confirmed:
            sample = f" (it would read: {loaded.encoding_sample})" if loaded.encoding_sample else ""
            raise ImportFailed(
                [
                    ImportProblem(
                        0,
                        "",
                        f"The file is not UTF-8 text; it looks like Windows-1252{sample}. If those words look "
                        "right, import it again with the encoding confirmed (--encoding windows-1252); otherwise "
                        "save it as 'CSV UTF-8' and try again.",
                    )
                ]
            )
        return self.run(loaded, auto_map(loaded.table.headers, cmap), create_missing, dry_run=dry_run)

    def import_text(self, text: str, create_missing: bool = False) -> ImportResult:
        loaded = LoadedFile("text", read_csv(text), "csv")
        return self.run(loaded, auto_map(loaded.table.headers), create_missing)

    def run(
        self,
        loaded: LoadedFile,
        cmap: ColumnMap,
        create_missing: bool = False,
        progress: Progress | None = None,
        dry_run: bool = False,
    ) -> ImportResult:
        """Plan and write the file in one transaction (a dry run rolls it back). `progress` may raise to cancel."""
        actor = self._ctx.require(Permission.EDIT_INCIDENT, ENTITY)
        report = progress or (lambda _p, _m: None)
        try:
            with self._ctx.unit() as session:
                result = self._write(session, actor, loaded, cmap, create_missing, report, dry_run)
                if dry_run:
                    raise _DryRun(result)
        except _DryRun as done:
            return done.result
        logger.info("Imported %d incidents as batch %s", len(result.references), result.batch_id)
        return result

    def _write(
        self,
        session: Session,
        actor: Actor,
        loaded: LoadedFile,
        cmap: ColumnMap,
        create_missing: bool,
        report: Progress,
        dry_run: bool,
    ) -> ImportResult:
        now = self._ctx.clock()
        table = loaded.table
        report(0, "Checking the file")

        def planning(done: int, total: int) -> None:
            report(int(30 * done / max(total, 1)), f"Checking row {done:,} of {total:,}")

        plan = build_plan(table, cmap, organisation.reference_data(session), now, create_missing, planning)
        if plan.problems:
            raise ImportFailed(plan.problems)
        created_items: list[tuple[str, int, str]] = []
        if plan.missing_services or plan.missing_locations or plan.missing_people:
            self._ctx.require(Permission.EDIT_LISTS, ENTITY)
            created_items = _create_missing(session, plan)
            audit.append_many(
                session,
                actor,
                [audit.NewAuditRecord(kind, item_id, "create", "name", None, label, now) for kind, item_id, label in
                 created_items],
                at=now,
            )  # fmt: skip
            plan = build_plan(table, cmap, organisation.reference_data(session), now, False, planning)
            if plan.problems:
                raise ImportFailed(plan.problems)
        batch_id = import_batches.create(session, loaded.name, len(plan.items), now, actor.user_id)
        references: list[str] = []
        ids: list[int] = []
        total = len(plan.items)
        for start in range(0, total, CHUNK):
            report(30 + int(65 * start / max(total, 1)), f"Writing incident {start + 1:,} of {total:,}")
            chunk = plan.items[start : start + CHUNK]
            try:
                references.extend(self._incidents.load_in(session, chunk, actor, ids_out=ids))
            except BulkValidationError as exc:
                raise ImportFailed(
                    [
                        ImportProblem(plan.lines[start + index], field, message, table.unit)
                        for index, fields in sorted(exc.problems.items())
                        for field, message in fields.items()
                    ]
                ) from None
        report(95, "Recording the import in the audit trail")
        import_batches.add_records(session, batch_id, "incident", ids)
        for kind, item_id, _label in created_items:
            import_batches.add_records(session, batch_id, kind, [item_id])
        audit.append(
            session, actor, ENTITY, batch_id, "import", "source", None, f"{total} incidents from {loaded.name}", at=now
        )
        report(100, "Done")
        return ImportResult(
            tuple(references),
            tuple(plan.unknown_columns),
            tuple(f"{kind} {label}" for kind, _i, label in created_items),
            None if dry_run else batch_id,
            dry_run,
        )

    # -- undo --

    def batches(self, limit: int = 20) -> list[BatchSummary]:
        self._ctx.require(Permission.EDIT_INCIDENT, ENTITY)
        with self._ctx.read() as session:
            return [
                BatchSummary(b.id, b.source, b.row_count, b.created_at, b.undone_at)
                for b in import_batches.recent(session, limit)
            ]

    def undo(self, batch_id: int) -> UndoResult:
        """Remove every record the import wrote, as one unit, if none of them was changed or linked to since."""
        actor = self._ctx.require(Permission.EDIT_INCIDENT, ENTITY, batch_id)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            info = import_batches.get(session, batch_id)
            if info is None:
                raise CareLogError(f"There is no import batch {batch_id}; check the number.")
            if info.undone_at is not None:
                raise CareLogError(f"Import batch {batch_id} was already undone on {info.undone_at:%d %b %Y %H:%M}.")
            mine = import_batches.records(session, batch_id)
            if any(mine.get(e) for e in ("service", "location", "person")):
                self._ctx.require(Permission.EDIT_LISTS, ENTITY, batch_id)
            changed = import_batches.changed_since(session, batch_id, import_batches.batch_audit_id(session, batch_id))
            if changed:
                raise UndoRefused(_refusal(batch_id, "was changed after the import", changed), changed)
            linked = import_batches.used_elsewhere(session, batch_id)
            if linked:
                raise UndoRefused(_refusal(batch_id, "is now used by other records", linked), linked)
            labels = {e: import_batches.labels(session, e, ids) for e, ids in mine.items() if ids}
            import_batches.remove_records(session, batch_id)
            field = {"incident": "reference", "person": "code"}
            audit.append_many(
                session,
                actor,
                [
                    audit.NewAuditRecord(e, i, "delete", field.get(e, "name"), labels[e].get(i), None, now)
                    for e in import_batches.ENTITIES
                    for i in mine.get(e, [])
                ],
                at=now,
            )
            import_batches.mark_undone(session, batch_id, now)
            audit.append(session, actor, ENTITY, batch_id, "undo", "undone_at", None, now, at=now)
        created = tuple(f"{e} {labels[e][i]}" for e in ("service", "location", "person") for i in mine.get(e, []))
        logger.info("Undid import batch %d (%d incidents)", batch_id, len(mine.get("incident", [])))
        return UndoResult(batch_id, len(mine.get("incident", [])), created)


def _refusal(batch_id: int, what: str, records: list[str]) -> str:
    shown = ", ".join(records[:10]) + (f" and {len(records) - 10} more" if len(records) > 10 else "")
    return (
        f"Import batch {batch_id} cannot be undone: {len(records)} of its records {what} ({shown}). "
        "Nothing was removed. Change or delete those records by hand instead."
    )


def _create_missing(session: Session, plan: ImportPlan) -> list[tuple[str, int, str]]:
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


__all__ = [
    "BatchSummary",
    "ImportFailed",
    "ImportResult",
    "ImportService",
    "LoadedFile",
    "UndoRefused",
    "UndoResult",
    "read_bytes",
    "read_file",
]
