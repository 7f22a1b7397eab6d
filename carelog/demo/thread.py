"""Demo golden-thread records (fictional): a handful of complaints with outcomes, response times, learning and
linked actions; compliments shared with the staff named; safeguarding concerns referred to the local authority;
Duty of Candour after a serious fall; staff debriefs after reviews; and monthly MAR chart audits that show whether
the medicines actions stuck."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

from carelog.core.action_dto import ActionInput, ActionStatus
from carelog.core.action_strength import ActionStrength
from carelog.core.dto import IncidentFilter, IncidentSummary
from carelog.core.enums import Kind, PhysicalHarm
from carelog.core.thread_records import (
    AuditInput,
    CandourInput,
    ComplaintInput,
    ComplimentInput,
    DebriefInput,
    RecordKind,
    SafeguardingInput,
)
from carelog.core.working_days import add_working_days
from carelog.demo.acting import acting
from carelog.services.registry import Services

# (days ago received, theme, from, how, summary, findings, outcome, satisfaction, learning, you said we did,
#  action title or "", ack working days, response working days (None: not sent yet))
COMPLAINTS = (
    (200, "Laundry and belongings", "Daughter", "in_person",
     "Her mother's clothes keep going missing and others come back with different name labels.",
     "Labels were being sewn in by families; new residents' clothes had none. The laundry had no return checklist.",
     "upheld", "satisfied", "Unlabelled clothes go missing in the first weeks after admission.",
     "You said clothes went missing; we now label everything on admission and check it back in.",
     "Label all clothing on admission and check laundry back against a list", 1, 12),
    (150, "Communication", "Son", "phone",
     "Phone calls at weekends ring out and nobody calls back.",
     "The office phone was not diverted to the senior's mobile at weekends.",
     "upheld", "satisfied", "Weekend calls need a named person holding the phone.",
     "You said weekend calls went unanswered; the senior on shift now carries the diverted phone.",
     "Divert the office phone to the shift senior at weekends", 2, 9),
    (120, "Food and drink", "The person themself", "form",
     "Meals arrive cold on the first floor.",
     "The trolley waited for the lift for up to 15 minutes; first-floor plates were served last.",
     "partly_upheld", "partly", "Serving order and lift waits cool first-floor meals.",
     "You said meals were cold; first floor is now served first from a heated trolley.",
     "Serve the first floor first from the heated trolley", 3, 18),
    (90, "Care and support", "Wife", "letter",
     "Her husband was left in his room for most of the day without being offered to join activities.",
     "Activity records showed he was offered each morning and declined; his preference was not in his care plan.",
     "not_upheld", "partly", "Preferences about activities belong in the care plan so all staff know them.",
     "You said he seemed isolated; we added his preferences to his plan and offer one-to-one time.", "", 2, 20),
    (60, "Medication", "Niece", "email",
     "Her aunt's evening painkiller was given late twice in one week.",
     "The evening round was interrupted at handover on both days.",
     "upheld", "", "Interruptions at handover delay the evening round.",
     "You said doses were late; the round no longer overlaps handover.", "", 1, None),
    (25, "Staffing", "Daughter", "in_person",
     "Agency staff at night did not know her father needs two people to transfer.",
     "", "", "", "", "", "", 2, None),
    (2, "Environment", "Son", "phone", "The garden door was left unlocked during a visit.",
     "", "", "", "", "", "", None, None),
)  # fmt: skip
KEYWORDS = ("laundry", "weekend", "cold", "activities", "painkiller", "agency", "")  # find the reported incident
COMPLIMENTS = (
    (180, "Family", "The night team", "Thank you for the birthday celebration; Mum talked about it all week.", True),
    (95, "District nurse", "Amira (senior carer)", "Pressure area care for two residents was excellent.", True),
    (40, "Son", "Kitchen team", "The new menu with pictures has made choosing meals easier for Dad.", True),
    (6, "Daughter", "Tom (care assistant)", "Tom stayed late to sit with Mum on a difficult evening.", False),
)
AUDIT_SCORES = (78, 82, 85, 91, 94, 96)  # monthly MAR chart audit after the medicines actions


def add_demo(services: Services, rng: random.Random, as_of: datetime) -> None:
    with acting(services.ctx, clock=lambda: as_of):
        _add(services, rng, as_of)


def _ago(as_of: datetime, days: int) -> date:
    return (as_of - timedelta(days=days)).date()


def _action(services: Services, title: str, as_of: datetime, done: bool) -> int:
    data = ActionInput(title=title, lead_name="Registered manager", due_date=_ago(as_of, -30),
                       strength=ActionStrength.INTERMEDIATE)  # fmt: skip
    status = ActionStatus.DONE if done else ActionStatus.IN_PROGRESS
    return services.actions.create_many([(data, status, as_of - timedelta(days=20) if done else None)])[0]


def _add(services: Services, rng: random.Random, as_of: datetime) -> None:
    records = services.records
    incidents = services.incidents.list(IncidentFilter(date_from=_ago(as_of, 365)))
    accounts = {
        i.id: services.incidents.get(i.id, with_audit=False).data.account.lower()
        for i in incidents
        if i.kind == Kind.COMPLAINT
    }
    dates = {i.id: i.occurred_at.date() for i in incidents}
    for n, story in enumerate(COMPLAINTS):
        ago, theme, who, via, summary, findings, outcome, sat, learning, said, title, ack, resp = story
        received = _ago(as_of, ago)
        word = KEYWORDS[n]
        window = 120 if resp is not None else 30  # an open complaint must be recent
        linked = next(
            (i for i, text in accounts.items() if word and word in text and abs((dates[i] - received).days) <= window),
            None,
        )
        if linked is not None:
            del accounts[linked]  # one complaint record per reported complaint, received the day it was reported
            received = dates[linked]
        action_ids = (_action(services, title, as_of, done=n < 2),) if title else ()
        sent = add_working_days(received, resp) if resp is not None else None
        if sent is not None and sent > as_of.date():
            sent = None
        data = ComplaintInput(
            received_on=received, received_via=via, complainant=who, person_code=f"OH-{10 + n * 3:03d}", theme=theme,
            summary=summary, incident_id=linked,
            acknowledged_on=min(add_working_days(received, ack), as_of.date()) if ack is not None else None,
            investigator="Registered manager" if ack is not None else "", findings=findings,
            response_sent_on=sent, outcome=outcome if sent else "", satisfaction=sat if sent else "",
            learning=learning, you_said_we_did=said, action_ids=action_ids,
            closed_on=add_working_days(sent, 5) if sent and sat and add_working_days(sent, 5) <= as_of.date() else None,
        )  # fmt: skip
        if n == 5:  # waiting for agency records: the response date is extended, with a reason
            reason = "Waiting for the agency's training records; the family agreed."
            data = replace(data, extended_to=add_working_days(received, 30), extension_reason=reason)
        records.create(RecordKind.COMPLAINT, data)
    for ago, who, staff, text, shared in COMPLIMENTS:
        received = _ago(as_of, ago)
        shared_on = received + timedelta(days=3) if shared else None
        records.create(RecordKind.COMPLIMENT, ComplimentInput(received, who, staff, text, shared_on))
    _safeguarding(services, incidents, as_of)
    _candour(services, incidents, as_of)
    _debriefs(services, incidents, as_of)
    _audits(services, as_of)


def _safeguarding(services: Services, incidents: list[IncidentSummary], as_of: datetime) -> None:
    pool = [i for i in incidents if i.category.lower().startswith("safeguard")]
    stories = (
        (140, "financial", "Cash missing from his wallet after a visitor left.", "yes",
         "Enquiry found the visitor had taken money; police involved; visits now supervised.",
         "Visits supervised in the lounge; money kept in the office safe with a signed log."),
        (70, "physical", "Unexplained bruising on both forearms found at personal care.", "no",
         "Body map and GP review: bruising consistent with a new blood thinner; no abuse found.",
         "Care plan updated for gentle handling; GP reviewing the medicine."),
        (1, "neglect", "Found in a wet bed at the morning check with the call bell out of reach.", "", "", ""),
    )  # fmt: skip
    for n, (ago, abuse, concern, s42, outcome, plan) in enumerate(stories):
        raised = _ago(as_of, ago)
        done = bool(outcome)
        near = [i for i in pool if 0 <= (raised - i.occurred_at.date()).days <= 3]
        incident = near[0] if near else None
        if incident is not None:
            pool.remove(incident)
            raised = incident.occurred_at.date()
        data = SafeguardingInput(
            raised_on=raised, person_code=f"OH-{30 + n:03d}", abuse_type=abuse, concern=concern,
            incident_id=incident.id if incident else None,
            referred_on=raised if done else None, la_reference=f"ASC-{2026}-{4100 + n * 37}" if done else "",
            s42_enquiry=s42, outcome=outcome, protection_plan=plan, cqc_notified_on=raised if done else None,
            closed_on=raised + timedelta(days=40) if done and ago > 60 else None,
        )  # fmt: skip
        services.records.create(RecordKind.SAFEGUARDING, data)


def _candour(services: Services, incidents: list[IncidentSummary], as_of: datetime) -> None:
    serious = sorted(
        (i for i in incidents if i.physical_harm in (PhysicalHarm.SEVERE, PhysicalHarm.MODERATE)),
        key=lambda i: i.occurred_at,
    )
    older = [i for i in serious if (as_of - i.occurred_at).days >= 45]
    if not older:
        return
    falls = [i for i in older if i.category.lower().startswith("fall")]
    first = (falls or older)[-1]
    reason = (
        "Fall with a fractured wrist: harm expected to last 28 days or more."
        if falls
        else "Moderate harm expected to last 28 days or more."
    )
    decided = first.occurred_at.date() + timedelta(days=1)
    notified = add_working_days(decided, 1)
    if notified <= as_of.date():
        data = CandourInput(
            incident_id=first.id, notifiable="yes",
            decision_reason=reason,
            decided_by="Registered manager", decided_on=decided, notified_on=notified,
            notified_by="Registered manager", apology_given=True,
            written_on=add_working_days(notified, 3) if add_working_days(notified, 3) <= as_of.date() else None,
        )  # fmt: skip
        services.records.create(RecordKind.CANDOUR, data)
    recent = [i for i in serious if (as_of - i.occurred_at).days <= 7]
    if recent:
        services.records.create(RecordKind.CANDOUR, CandourInput(incident_id=recent[-1].id))  # decision pending


def _debriefs(services: Services, incidents: list[IncidentSummary], as_of: datetime) -> None:
    reviews = services.actions.reviews()[:2]
    for n, review in enumerate(reviews):
        held = _ago(as_of, 30 - n * 20)
        data = DebriefInput(
            held_on=held, review_id=review.id, participants="Night senior, two care assistants, deputy manager",
            how_staff_are="Shaken but supported; one carer had not been involved in a fall before.",
            support_offered="Time with the deputy manager; employee assistance line details given.",
            should_change="Second staff member on the floor at the 6am round; frames left within reach.",
            wellbeing_follow_up_on=held + timedelta(days=14),
            wellbeing_done_on=held + timedelta(days=14) if held + timedelta(days=14) <= as_of.date() else None,
        )  # fmt: skip
        services.records.create(RecordKind.DEBRIEF, data)


def _audits(services: Services, as_of: datetime) -> None:
    meds = [c.id for c in services.records.action_choices() if "medicine" in c.label.lower() or "MAR" in c.label]
    done = {a.id for a in services.actions.list_actions() if a.completed_at is not None}
    meds.sort(key=lambda i: i not in done)  # the audits test a medicines action that was done (then the others)
    for n, score in enumerate(AUDIT_SCORES):
        held = _ago(as_of, 30 * (len(AUDIT_SCORES) - n))
        findings = "Gaps in signatures on the evening round." if score < 85 else "Few gaps; all explained."
        services.records.create(RecordKind.AUDIT, AuditInput("MAR chart audit", held, score, findings,
                                                             "Deputy manager", tuple(meds[:2])))  # fmt: skip
    for n, score in enumerate((70, 84, 92)):
        held = _ago(as_of, 90 - n * 40)
        services.records.create(RecordKind.AUDIT, AuditInput("Mobility assessments", held, score,
                                                             "Reassessed after each fall?", "Falls lead"))  # fmt: skip
