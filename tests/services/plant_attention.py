"""Planted data for the attention tests: each record is there to produce exactly one kind of item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from carelog.core.action_dto import ActionInput, ActionStatus, Conclusion
from carelog.core.action_strength import ActionStrength
from carelog.core.dto import IncidentInput, LoadItem, NotificationInput
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm, Status
from carelog.core.thread_records import ComplaintInput, RecordKind
from carelog.core.triage import CheckAnswer, TriageDecision, TriageInput
from carelog.services.registry import Services
from tests.conftest import Home

AS_OF = datetime(2026, 3, 16, 23, 59)  # a Monday evening: what `--as-of 2026-03-16` means
TODAY = AS_OF.date()


@dataclass(frozen=True)
class Planted:
    death: int  # CQC Regulation 16 overdue (never triaged either)
    safeguarding_closed: int  # safeguarding + CQC never made (closed)
    late_cqc: int  # severe fall, CQC made two days late; triaged
    new_fall: int  # reported 10 hours before AS_OF: awaiting triage, time left
    review_id: int
    overdue_action: int
    not_effective_action: int
    complaint: int  # received Mon 9 March about the severe fall: acknowledgement due Thu 12 March, not made


def plant(services: Services, home: Home) -> Planted:
    services.ctx.clock = lambda: datetime(2026, 3, 1, 9, 0)
    cats = {c.name: c.id for c in services.incidents.reference_data().categories}

    def item(cat: str, occurred: datetime, harm: PhysicalHarm, status: Status = Status.REPORTED,
             told: tuple[NotificationInput, ...] = ()) -> LoadItem:  # fmt: skip
        data = IncidentInput(
            kind=Kind.INCIDENT, category_id=cats[cat], occurred_at=occurred, reported_at=occurred + timedelta(hours=1),
            service_id=home.service_id, location_id=home.lounge_id, account="Planted for the attention test.",
            physical_harm=harm, notifications=told,
        )  # fmt: skip
        return LoadItem(data, status=status, created_at=occurred)

    severe = datetime(2026, 2, 10, 8, 0)
    refs = services.incidents.load_many(
        [
            item("Death", datetime(2026, 2, 27, 6, 0), PhysicalHarm.FATAL,
                 told=(NotificationInput(NotificationKind.FAMILY, datetime(2026, 2, 27, 7, 0)),)),
            item("Safeguarding", datetime(2026, 2, 10, 14, 0), PhysicalHarm.NONE, Status.CLOSED),
            item("Fall", severe, PhysicalHarm.SEVERE, Status.UNDER_REVIEW,
                 told=(NotificationInput(NotificationKind.CQC, severe + timedelta(days=2)),
                       NotificationInput(NotificationKind.DUTY_OF_CANDOUR, severe + timedelta(days=1)))),
        ]
    )  # fmt: skip
    by_ref = {s.reference: s.id for s in services.incidents.list(_all())}
    death, safeguarding, late = (by_ref[r] for r in refs)
    services.ctx.clock = lambda: AS_OF - timedelta(hours=10)
    new_fall = services.incidents.report(
        IncidentInput(
            kind=Kind.INCIDENT, category_id=cats["Fall"], occurred_at=AS_OF - timedelta(hours=11),
            service_id=home.service_id, location_id=home.lounge_id, account="Slid from the chair, no injury.",
            physical_harm=PhysicalHarm.NONE,
        )
    ).id  # fmt: skip
    services.ctx.clock = lambda: datetime(2026, 2, 11, 9, 0)
    services.triage.triage(
        late,
        TriageInput(
            PhysicalHarm.SEVERE,
            4,
            3,
            CheckAnswer.YES,
            CheckAnswer.YES,
            True,
            (TriageDecision.LEARNING_RESPONSE,),
            review_title="Severe fall, February",
        ),  # fmt: skip
    )
    review_id = services.reviews.list_reviews()[0].id
    services.ctx.clock = lambda: datetime(2026, 1, 5, 9, 0)

    def action(title: str, due: date) -> int:
        return services.actions.create(
            ActionInput(
                title,
                lead_name="Ann Lead",
                due_date=due,
                strength=ActionStrength.STRONGER,
                service_id=home.service_id,
                incident_ids=(late,),
            )  # fmt: skip
        ).id

    overdue = action("Fit sensor mats", date(2026, 3, 6))
    not_effective = action("Night falls huddle", date(2026, 1, 20))
    services.actions.move(not_effective, ActionStatus.DONE)
    services.ctx.clock = lambda: datetime(2026, 3, 10, 9, 0)
    services.actions.record_check(not_effective, date(2026, 3, 10), Conclusion.NOT_EFFECTIVE, "Falls went on.")
    services.ctx.clock = lambda: datetime(2026, 3, 9, 11, 0)
    complaint = services.records.create(
        RecordKind.COMPLAINT,
        ComplaintInput(received_on=date(2026, 3, 9), received_via="phone", complainant="Daughter",
                       theme="Communication", summary="Planted: not told about the fall until the next day.",
                       incident_id=late),
    ).id  # fmt: skip
    services.ctx.clock = lambda: AS_OF
    return Planted(death, safeguarding, late, new_fall, review_id, overdue, not_effective, complaint)


def _all():  # type: ignore[no-untyped-def]
    from carelog.core.dto import IncidentFilter

    return IncidentFilter()
