"""Planted records for the pack's checks (issue 16), dated from the test's clock so they pass on any date:

- falls in Oak House's Main lounge: 6 in the 70 days before a review's sign-off, 12 in the 70 days after; the review
  covers three of the first ones and its case study says the falls *fell* (the data rose: a contradiction);
- actions: one of the review (linked to its falls), one linked to the review but only to an unrelated medication
  record in the Bedroom corridor (a bad link), one from a record with no review;
- notifications: a death notified to CQC late, a severe injury closed without the CQC notification, a staff injury
  with no RIDDOR report, a safeguarding concern referred through its thread record, and a moderate-harm fall with a
  Duty of Candour record whose written follow-up was sent late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from carelog.core.action_dto import ActionInput, ActionStatus
from carelog.core.action_strength import ActionStrength
from carelog.core.clock import FixedClock
from carelog.core.dto import IncidentInput, LoadItem, NotificationInput
from carelog.core.enums import Kind, NotificationKind, PhysicalHarm, Status
from carelog.core.pack_data import PackRequest
from carelog.core.review_dto import CaseStudy, LearningSharedInput, ReviewInput, SharedMethod
from carelog.core.thread_records import CandourInput, RecordKind, SafeguardingInput
from carelog.services.registry import Services
from tests.conftest import Home

CLAIM = "Falls in the Main lounge fell from six in ten weeks to two."
LEARNING = "Check the lounge every 20 minutes after supper."


@dataclass(frozen=True)
class Planted:
    request: PackRequest
    pivot: datetime  # the review's sign-off
    review_title: str
    references: dict[str, str]  # role -> incident reference
    action_ids: dict[str, int]


def _cat(services: Services, code: str) -> int:
    return next(c.id for c in services.incidents.reference_data().categories if c.code == code)


def _item(
    services: Services, home: Home, code: str, at: datetime, harm: PhysicalHarm = PhysicalHarm.LOW, *,
    location: int | None = None, notes: tuple[NotificationInput, ...] = (), status: Status = Status.REPORTED,
    account: str = "Edith Marsh was found on the floor.",
) -> LoadItem:  # fmt: skip
    return LoadItem(
        IncidentInput(
            kind=Kind.INCIDENT,
            category_id=_cat(services, code),
            occurred_at=at,
            service_id=home.service_id,
            location_id=location if location is not None else home.lounge_id,
            account=account,
            person_ids=(home.person_ids[0],),
            physical_harm=harm,
            notifications=notes,
        ),
        status=status,
    )


def plant(services: Services, home: Home, clock: FixedClock) -> Planted:
    now = clock.moment.replace(second=0, microsecond=0)
    pivot = (now - timedelta(days=70)).replace(hour=12, minute=0)
    before = [pivot - timedelta(days=60) + timedelta(days=10 * n, hours=2) for n in range(6)]
    after = [pivot + timedelta(days=5 * n + 1, hours=3) for n in range(12)]
    items = [_item(services, home, "fall", at) for at in before + after]
    base = pivot - timedelta(days=40)
    roles = ["death", "severe", "staff", "guard", "candour", "meds"]
    items += [
        _item(
            services, home, "death", base, PhysicalHarm.FATAL,
            notes=(NotificationInput(NotificationKind.CQC, base + timedelta(days=1, hours=2), "CQC-D1", "Form"),),
        ),
        _item(services, home, "fall", base + timedelta(days=1), PhysicalHarm.SEVERE, status=Status.CLOSED),
        _item(services, home, "staff_injury", base + timedelta(days=2), PhysicalHarm.MODERATE),
        _item(services, home, "safeguarding", base + timedelta(days=3), PhysicalHarm.NONE),
        _item(services, home, "medication", base + timedelta(days=4, hours=1), PhysicalHarm.MODERATE),
        _item(services, home, "medication", base + timedelta(days=5), PhysicalHarm.NONE, location=home.bedroom_id),
    ]  # fmt: skip
    services.incidents.load_many(items)
    found = {s.occurred_at: s for s in services.incidents.list(_all(home, pivot - timedelta(days=80)))}
    refs = {role: found[base + timedelta(days=d, hours=1 if role == "candour" else 0)] for d, role in enumerate(roles)}
    first_falls = [found[at] for at in before[:3]]

    # the review, signed off at the pivot, with a case study that claims a fall
    clock.moment = before[2] + timedelta(days=1)
    reviews = services.reviews
    review = reviews.open_review([i.id for i in first_falls], "Evening falls in the Main lounge")
    review = reviews.save(
        review.id,
        ReviewInput(
            title=review.title,
            response_type=review.response_type,
            findings="Falls after supper when the lounge is empty.",
            what_went_well="Staff called for help at once.",
            learning_points=(LEARNING,),
        ),
        review.version,
    )
    clock.moment = pivot
    review = reviews.sign_off(review.id, review.version)
    reviews.add_learning_shared(
        review.id, LearningSharedInput(LEARNING, SharedMethod.TEAM_MEETING, pivot.date(), shared_by="Jo Bramley")
    )
    review = reviews.get(review.id)
    reviews.save_case_study(
        review.id,
        CaseStudy("Falls in the lounge after supper.", "A thematic review.", "Lounge checks every 20 minutes.", CLAIM),
        review.version,
    )

    # thread records: the safeguarding referral and the Duty of Candour steps
    clock.moment = now - timedelta(days=1)
    guard_day = refs["guard"].occurred_at.date()
    services.records.create(
        RecordKind.SAFEGUARDING,
        SafeguardingInput(raised_on=guard_day, abuse_type="neglect", concern="Left without a drink all afternoon.",
                          incident_id=refs["guard"].id, referred_on=guard_day,
                          cqc_notified_on=guard_day + timedelta(days=3)),
    )  # fmt: skip
    candour_day = refs["candour"].occurred_at.date()
    services.records.create(
        RecordKind.CANDOUR,
        CandourInput(
            incident_id=refs["candour"].id, notifiable="yes", decision_reason="Moderate harm from a missed dose.",
            decided_by="Test Manager", decided_on=candour_day, notified_by="Test Manager",
            notified_on=candour_day + timedelta(days=1), apology_given=True,
            written_on=candour_day + timedelta(days=40),
        ),
    )  # fmt: skip

    # actions
    clock.moment = now
    ids = services.actions.create_many(
        [
            (
                ActionInput(
                    "Lounge checks every 20 minutes after supper",
                    lead_name="Tom Hughes",
                    strength=ActionStrength.STRONGER,
                    due_date=pivot.date(),
                    service_id=home.service_id,
                    review_id=review.id,
                    incident_ids=tuple(i.id for i in first_falls),
                ),
                ActionStatus.DONE,
                pivot,
            ),
            (
                ActionInput(
                    "Second signature on the MAR chart",
                    lead_name="Priya Shah",
                    strength=ActionStrength.INTERMEDIATE,
                    due_date=now.date() + timedelta(days=20),
                    service_id=home.service_id,
                    review_id=review.id,
                    incident_ids=(refs["meds"].id,),
                ),
                ActionStatus.TO_DO,
                None,
            ),
            (
                ActionInput(
                    "Replace the hoist sling",
                    lead_name="Ben Hartley",
                    strength=ActionStrength.STRONGER,
                    due_date=now.date() - timedelta(days=3),
                    service_id=home.service_id,
                    incident_ids=(refs["staff"].id,),
                ),
                ActionStatus.IN_PROGRESS,
                None,
            ),
        ]
    )
    request = PackRequest((pivot - timedelta(days=80)).date(), now.date(), home.service_id, charts=False)
    return Planted(
        request,
        pivot,
        review.title,
        {role: refs[role].reference for role in roles},
        {"review": ids[0], "bad_link": ids[1], "incident": ids[2]},
    )


def _all(home: Home, since: datetime):  # type: ignore[no-untyped-def]
    from carelog.core.dto import IncidentFilter

    return IncidentFilter(date_from=since.date(), service_id=home.service_id, limit=1000)


def day(value: datetime | date) -> str:
    return f"{value:%d/%m/%Y}"
