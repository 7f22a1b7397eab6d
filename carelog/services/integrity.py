"""`carelog check`: is the database sound, and has the audit trail been tampered with?"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from carelog.core.audit_chain import Seal
from carelog.db import maintenance
from carelog.db.engine import current_revision, head_revision
from carelog.db.repositories import audit, audit_verify
from carelog.db.uow import READ_ONLY_OPTION
from carelog.services.context import ServiceContext


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    summary: str
    details: tuple[str, ...] = ()
    skipped: bool = False


@dataclass(frozen=True)
class IntegrityReport:
    results: tuple[CheckResult, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def lines(self, max_details: int = 50) -> list[str]:
        out: list[str] = []
        for r in self.results:
            mark = "SKIPPED" if r.skipped else ("OK" if r.ok else "PROBLEM")
            out.append(f"[{mark:7}] {r.name}: {r.summary}")
            out.extend(f"          - {d}" for d in r.details[:max_details])
            if len(r.details) > max_details:
                out.append(f"          ... and {len(r.details) - max_details} more")
        out.append("")
        out.append("No problems found." if self.ok else "Problems found: see above. Keep a copy of this report.")
        return out


def check_engine(engine: Engine, seal: Seal | None = None) -> IntegrityReport:
    results: list[CheckResult] = []
    revision, head = current_revision(engine), head_revision()
    if revision == head:
        results.append(CheckResult("Schema", True, f"up to date (revision {revision})"))
    elif revision is None:
        results.append(CheckResult("Schema", False, "this is not a CareLog database (no schema found)"))
        return IntegrityReport(tuple(results))
    else:
        results.append(
            CheckResult("Schema", False, f"revision {revision}, expected {head}: open it once with this CareLog")
        )
        return IntegrityReport(tuple(results))
    if maintenance.backend(engine) == "sqlite":
        problems = maintenance.sqlite_integrity_problems(engine)
        results.append(
            CheckResult(
                "File integrity (SQLite integrity_check)",
                not problems,
                "the database file is sound" if not problems else f"{len(problems)} problem(s) in the file",
                tuple(problems),
            )
        )
        fk = maintenance.sqlite_foreign_key_problems(engine)
        results.append(
            CheckResult(
                "Links between records (foreign_key_check)",
                not fk,
                "every link points at an existing record" if not fk else f"{len(fk)} broken link(s)",
                tuple(fk),
            )
        )
    else:
        results.append(
            CheckResult(
                "File integrity and links",
                True,
                f"checked by the {maintenance.backend(engine)} server itself (constraints are always enforced)",
                skipped=True,
            )
        )
    results.extend(audit_results(engine, seal))
    return IntegrityReport(tuple(results))


def seal_engine(engine: Engine) -> Seal | None:
    """The audit seal of a database opened without migrating it (None: no audit trail there)."""
    with engine.connect() as conn:
        if not engine.dialect.has_table(conn, "audit_log"):
            return None
    with Session(engine) as session:
        return audit.seal(session)


def audit_results(engine: Engine, seal: Seal | None = None) -> list[CheckResult]:
    """The hash chain, the records it vouches for and (if given) the seal it must still extend."""
    with Session(engine) as session:
        session.connection(execution_options={READ_ONLY_OPTION: True})  # no write lock while checking
        walk = audit_verify.walk_chain(session, seal)
        records_checked, problems = audit_verify.verify_records(session, walk)
    breaks = walk.breaks
    results = [
        CheckResult(
            "Audit trail (hash chain)",
            not breaks,
            f"{walk.checked} record(s) verified, unbroken"
            if not breaks
            else f"{walk.checked} record(s) verified, {len(breaks)} break(s) found",
            tuple(f"audit record {b.audit_id}: {b.reason}" for b in breaks),
        ),
        CheckResult(
            "Records match the audit trail",
            not problems,
            f"{records_checked} record(s) match their newest audit entry"
            if not problems
            else f"{records_checked} record(s) checked, {len(problems)} changed, added or removed outside CareLog",
            tuple(p.text for p in problems),
        ),
    ]
    if seal is not None:
        results.append(
            CheckResult(
                "Audit seal",
                walk.seal_problem is None,
                f"the trail still extends {seal.text}" if walk.seal_problem is None else f"{seal.text} does not match",
                () if walk.seal_problem is None else (walk.seal_problem,),
            )
        )
    return results


class IntegrityService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def check(self, seal: Seal | None = None) -> IntegrityReport:
        return check_engine(self._engine(), seal)

    def seal(self) -> Seal:
        """The audit seal as the trail stands now, to print on packs or write down (`carelog check --seal`)."""
        with self._ctx.unit() as session:
            return audit.seal(session)

    def _engine(self) -> Engine:
        bind = self._ctx.sessions.kw["bind"]
        assert isinstance(bind, Engine)
        return bind
