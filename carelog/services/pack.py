"""The inspection pack and monthly governance report: gather one period's records into a PackData and build the PDF.

With `pseudonymise`, people supported appear only as their identifier codes: in the people columns and also in
free text (accounts, notes, review findings), where every known display name is replaced by the person's code.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from carelog.core.dto import PersonRef
from carelog.core.errors import ValidationError
from carelog.core.pack_claims import PackBuilt
from carelog.core.pack_data import (
    PackAction,
    PackCaseStudy,
    PackChart,
    PackData,
    PackFactor,
    PackNotification,
    PackRequest,
    PackReview,
)
from carelog.core.permissions import Permission
from carelog.db.repositories import audit
from carelog.db.repositories import pack as repo
from carelog.services.context import ServiceContext
from carelog.services.pack_checks import PackChecks

logger = logging.getLogger(__name__)
ProgressFn = Callable[[int, str], None]
ENTITY = "pack"
ALL_SERVICES = "All services"
SPC_CHARTS = 3  # XmR charts for the largest categories
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")


def _noop(_percent: int, _message: str) -> None:
    return None


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
                + (" pseudonymised" if request.pseudonymised else "")
                + (" for a commissioner" if request.for_commissioner else ""),
                at=self._ctx.clock(),
            )
            seal = audit.seal(session).text  # includes this pack's own export entry
        if service_name is None:
            raise ValidationError({"service": "That service no longer exists: choose another."})
        names = Pseudonymiser(records.people, request.pseudonymised)
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
        reviews = self._reviews(request, records, names)
        actions = self._actions(request, reviews, names)
        report(6, "Checking notifications, claims and links")
        checks = PackChecks(self._ctx).gather(request, incidents, reviews, actions, service_name)
        report(7, "Drawing charts")
        charts = self._charts(request) if request.charts else None
        evidence = None
        if not request.monthly:
            from carelog.services.pack_evidence import PackEvidenceService

            evidence = PackEvidenceService(self._ctx).gather(
                request, records, incidents, notifications, actions, names, report
            )
        notes: tuple[str, ...] = ()
        missing = [name for name, module in _OPTIONAL_PARTS if not _importable(module)]
        if missing:
            notes = (f"Not included in this version of CareLog: {', '.join(missing)}.",)
        return PackData(
            service_name=service_name,
            date_from=request.date_from,
            date_to=request.date_to,
            produced_at=self._ctx.clock(),
            produced_by=actor.name,
            pseudonymised=request.pseudonymised,
            incidents=incidents,
            notifications=notifications,
            reviews=reviews,
            actions=checks.actions,
            charts=charts,
            notes=notes,
            audit_seal=seal,
            checked=checks.checked,
            warnings=checks.warnings,
            with_log=request.with_log,
            evidence=evidence,
            for_commissioner=request.for_commissioner,
        )

    def build(self, request: PackRequest, out_path: str | Path, progress: ProgressFn | None = None) -> int:
        """Gather and write the PDF (pack or monthly report); returns the number of pages (see build_checked)."""
        return self.build_checked(request, out_path, progress).pages

    def build_checked(
        self, request: PackRequest, out_path: str | Path, progress: ProgressFn | None = None
    ) -> PackBuilt:
        """Gather and write the PDF; returns its pages and the warnings for the manager (case-study claims the data
        do not support, actions linked to an unrelated review), which the pack also prints.

        `progress(percent, message)` is called throughout and may raise (e.g. CancelledError) to stop; a partly
        written file is then removed.
        """
        from carelog.reports.pack.builder import build_pack

        report = progress or _noop
        data = self.gather(request, report)
        target = Path(out_path)
        partial = target.with_name(target.name + ".part")
        try:
            if request.monthly:
                from carelog.reports.pack.monthly import build_monthly_report
                from carelog.services.monthly import MonthlyService

                report(8, "Reading deadlines, signals and the governance meeting")
                extras = MonthlyService(self._ctx).gather(request)
                pages = build_monthly_report(data, extras, partial, lambda p, m: report(max(10, p), m))
            else:
                pages = build_pack(data, partial, lambda p, m: report(max(10, p), m))
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        logger.info("Pack written: %d pages, %d records, %d warnings", pages, len(data.incidents), len(data.warnings))
        return PackBuilt(pages, () if request.monthly else data.warnings)  # the monthly report has no case studies

    # ------------------------------------------------------------------------------------------ optional parts
    def _reviews(
        self, request: PackRequest, records: repo.PeriodRecords, names: Pseudonymiser
    ) -> tuple[PackReview, ...] | None:
        """Learning reviews covering records of the period, with their case studies (None: no review module)."""
        try:
            from carelog.services.reviews import ReviewService
        except ImportError:  # pragma: no cover - the review workspace is not part of this build
            return None
        service = ReviewService(self._ctx)
        with self._ctx.read() as session:
            ids = repo.review_ids(session, request.date_from, request.date_to, request.service_id)
        details = [service.get(rid, with_audit=False) for rid in ids]
        outside = sorted({i.id for d in details for i in d.incidents} - set(records.people_by_incident))
        with self._ctx.read() as session:
            people = {**repo.people_of_incidents(session, outside), **records.people_by_incident}
        return tuple(_pack_review(d, names, people) for d in details)

    def _actions(
        self, request: PackRequest, reviews: tuple[PackReview, ...] | None, names: Pseudonymiser
    ) -> tuple[PackAction, ...] | None:
        """Actions of the service that were open at some time in the period (None: no action module)."""
        try:
            from carelog.core.action_dto import ActionFilter
            from carelog.services.actions import ActionService
        except ImportError:  # pragma: no cover - the action board is not part of this build
            return None
        review_ids = {r.id for r in reviews or ()}
        from carelog.db.repositories.pack_evidence import action_texts

        rows = ActionService(self._ctx).list_actions(ActionFilter(service_id=request.service_id))
        with self._ctx.read() as session:
            texts = action_texts(session, [a.id for a in rows])
        out = []
        for a in rows:
            completed = a.completed_at.date() if a.completed_at else None
            if completed is not None and completed < request.date_from and a.review_id not in review_ids:
                continue  # finished before the period, and not part of a review shown in it
            effectiveness = a.conclusion.label if a.conclusion else ""
            if a.effect is not None:
                effectiveness = f"{effectiveness}: {a.effect.describe()}" if effectiveness else a.effect.describe()
            if a.conclusion_note:
                effectiveness += f" ({names.text(a.conclusion_note)})"
            out.append(
                PackAction(
                    id=a.id,
                    title=names.text(a.title),
                    owner=a.lead_name,
                    due=a.due_date,
                    status=a.status.column_title,
                    strength=a.strength.label,
                    completed=completed,
                    effectiveness=effectiveness,
                    source=names.text(a.review_title),
                    overdue=a.overdue,
                    review_id=a.review_id,  # validated against the pack's reviews by PackChecks
                    description=names.text(texts.get(a.id, ("", "", ""))[1]),
                    evidence=names.text(texts.get(a.id, ("", "", ""))[2]),
                    service=a.service_name,
                )
            )
        return tuple(out)

    def _charts(self, request: PackRequest) -> tuple[PackChart, ...] | None:
        """The Trends tab's Figures for the period (the 12 months to its end for the monthly report)."""
        try:
            from carelog.core.spc import reading, xmr
            from carelog.core.trend_data import TrendFilter, add_months, month_start
            from carelog.reports import charts
            from carelog.services.trends import TrendService
        except ImportError:  # pragma: no cover - the trends module is not part of this build
            return None
        start = add_months(month_start(request.date_to), -11) if request.monthly else request.date_from
        trend = TrendService(self._ctx, remember=False).charts(
            TrendFilter(start, request.date_to, request.service_id, exclude_compliments=True)
        )
        if trend.total == 0:
            return ()  # the section says there is nothing to draw
        months = trend.monthly.months
        if months and months[-1] >= month_start(self._ctx.clock().date()):
            months = months[:-1]  # the current month is not complete: SPC charts leave it out
        out = [
            PackChart(
                "Records per month by category",
                charts.monthly_by_category_figure(trend.monthly),
                f"{trend.total} incidents, near misses, concerns, hazards and complaints from {start:%B %Y} to "
                f"{request.date_to:%B %Y} (compliments left out).",
            )
        ]
        if request.monthly:  # the inspection pack has its SPC charts, with icons, under Outcomes
            for series in trend.monthly.series[:SPC_CHARTS]:
                chart = xmr(series.counts[: len(months)], [f"{m:%b %Y}" for m in months])
                out.append(
                    PackChart(
                        f"{series.name}: statistical process control",
                        charts.xmr_figure(chart, f"{series.name} per month (XmR)"),
                        " ".join(reading(chart, series.name.lower() + " records")),
                    )
                )
        out.append(PackChart("Physical harm", charts.harm_figure(trend.harm)))
        out.append(PackChart("Where records happened", charts.location_figure(trend.by_location)))
        out.append(PackChart("Day of week and hour", charts.heat_map_figure(trend.heat_map)))
        cross = trend.safety_cross
        out.append(
            PackChart(
                f"Safety cross: {cross.category}, {cross.first_day:%B %Y}",
                cross,  # drawn natively in the PDF: a symbol and a number in each box
                "Each box is a day: light box with a tick and 0 = none that day; dark box with a cross and a number "
                "= that many that day.",
            )
        )
        return tuple(out)


_OPTIONAL_PARTS = (
    ("learning reviews", "carelog.services.reviews"),
    ("action plan", "carelog.services.actions"),
    ("trend charts", "carelog.services.trends"),
)


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _join(parts: Iterable[str], sep: str = "\n") -> str:
    return sep.join(p for p in parts if p)


def _pack_review(d: object, names: Pseudonymiser, people: dict[int, tuple[PersonRef, ...]]) -> PackReview:
    """Map a ReviewDetail (issue 3) to the pack's review DTO, pseudonymising every free text."""
    from carelog.core.review_dto import ReviewDetail

    assert isinstance(d, ReviewDetail)
    involved = tuple({p.id: p for i in d.incidents for p in people.get(i.id, ())}.values())

    def text(value: str) -> str:
        return names.text(value, involved)

    findings = _join(
        [
            f"Problem: {text(d.problem_statement)}" if d.problem_statement else "",
            _join((f"Why {n}: {text(w)}" for n, w in enumerate(d.whys, 1) if w)),
            f"What went well: {text(d.what_went_well)}" if d.what_went_well else "",
            text(d.findings),
        ]
    )
    kinds = Counter(p.kind.label.lower() for p in d.participants)
    if kinds:
        findings = _join([findings, "Who took part: " + ", ".join(f"{n} x {k}" for k, n in sorted(kinds.items()))])
    shared = [
        f"{s.method.label}"
        + (f" on {s.shared_on:%d/%m/%Y}" if s.shared_on else "")
        + (f" by {s.shared_by}" if s.shared_by else "")
        + f": {text(s.learning_point)}"
        + (f" Confirmed by {len(s.confirmed_by)} staff." if s.confirmed_by else "")
        for s in d.learning_shared
    ]
    learning = _join([_join(f"• {text(p)}" for p in d.learning_points), _join(shared)])
    case = d.case_study
    case_study = None
    if any((case.context, case.learning_process, case.improvement_actions, case.outcome)):
        case_study = PackCaseStudy(
            title=text(d.title),
            context=text(case.context),
            learning_process=text(case.learning_process),
            actions=text(case.improvement_actions),
            outcome=text(case.outcome),
        )
    return PackReview(
        id=d.id,
        title=text(d.title),
        response_type=d.response_type.label,
        status=d.status.label,
        incident_references=tuple(i.reference for i in d.incidents),
        findings=findings,
        factors=tuple(
            PackFactor(f.heading.label, f.ycff_domain.label, _join([f.prompt, text(f.note)], ": ")) for f in d.factors
        ),
        learning_shared=learning,
        signed_off_by=d.signed_off_by,
        signed_off_at=d.signed_off_at,
        case_study=case_study,
    )


__all__ = ["PackNotification", "PackRequest", "PackService", "Pseudonymiser"]
