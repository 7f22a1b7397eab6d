"""Complaints, safeguarding, Duty of Candour, debriefs and audits: due dates in working days, every state change
audited, permissions per role (care staff raise, managers respond and close), themes, and the thread view."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from carelog.core.action_dto import ActionInput
from carelog.core.action_strength import ActionStrength
from carelog.core.dto import Actor, IncidentInput
from carelog.core.enums import Kind, Role
from carelog.core.errors import PermissionDenied, ValidationError
from carelog.core.thread_records import (
    AuditInput,
    CandourInput,
    ComplaintInput,
    DebriefInput,
    RecordKind,
    SafeguardingInput,
    ThreadStage,
)
from carelog.db.repositories import audit
from carelog.services.registry import Services
from tests.conftest import Home

pytestmark = pytest.mark.usefixtures("staff")
NOW = datetime(2026, 12, 24, 10, 0)  # Christmas Eve: the next working days are 29, 30 and 31 December
CARER = Actor(7, "Carer Jo", Role.CARE_STAFF)
MANAGER = Actor(1, "Test Manager", Role.MANAGER)


@pytest.fixture(autouse=True)
def _clock(services: Services) -> None:
    services.ctx.clock = lambda: NOW


def history(services: Services, kind: RecordKind, record_id: int) -> list[tuple[str, str, str, str]]:
    with services.ctx.unit() as session:
        return [(e.action, e.field, e.old_value, e.new_value) for e in audit.history(session, kind.entity, record_id)]


def an_incident(services: Services, home: Home) -> int:
    cat = next(c for c in services.incidents.reference_data().categories if c.name == "Fall")
    data = IncidentInput(
        kind=Kind.INCIDENT,
        category_id=cat.id,
        occurred_at=datetime(2026, 12, 20, 14, 0),
        service_id=home.service_id,
        location_id=home.lounge_id,
        account="Found on the floor by the armchair.",
    )
    return services.incidents.report(data).id


COMPLAINT = ComplaintInput(
    received_on=date(2026, 12, 24), complainant="Daughter", person_code="OH-014", theme="Communication",
    summary="Not told about her mother's fall until the next day.",
)  # fmt: skip


def test_complaint_due_dates_skip_christmas_bank_holidays(services: Services) -> None:
    view = services.records.create(RecordKind.COMPLAINT, COMPLAINT)
    assert view.stage == "Acknowledge the complaint"
    assert view.next_due == date(2026, 12, 31)  # 3 working days: 29, 30, 31 Dec (25 and 28 Dec are bank holidays)
    items = services.records.due_items()
    assert [(i.text.split(":")[0], i.due) for i in items] == [
        ("Acknowledge the complaint", date(2026, 12, 31)),
        ("Send the response", date(2027, 1, 26)),  # 20 working days, also skipping 1 January
    ]
    assert not any(i.overdue for i in items)
    services.ctx.clock = lambda: datetime(2027, 1, 4, 9, 0)
    assert services.records.get(RecordKind.COMPLAINT, view.id).overdue


def test_settings_change_the_targets(services: Services) -> None:
    services.ctx.identity.actor = Actor(9, "Test Admin", Role.ADMIN)
    services.settings.set("complaints.acknowledge_working_days", 1)
    view = services.records.create(RecordKind.COMPLAINT, COMPLAINT)
    assert view.next_due == date(2026, 12, 29)


def test_each_state_change_of_a_complaint_is_audited(services: Services, home: Home) -> None:
    incident_id = an_incident(services, home)
    action = services.actions.create(
        ActionInput(title="Call families within the hour after a fall", lead_name="Test Manager",
                    due_date=date(2027, 1, 31), strength=ActionStrength.INTERMEDIATE)
    )  # fmt: skip
    view = services.records.create(RecordKind.COMPLAINT, replace(COMPLAINT, incident_id=incident_id))
    acknowledged = replace(view.data, acknowledged_on=date(2026, 12, 24), investigator="Test Manager")
    view = services.records.update(RecordKind.COMPLAINT, view.id, acknowledged, view.version)
    assert view.stage == "Send the response"
    closed = replace(
        view.data, response_sent_on=date(2026, 12, 24), outcome="upheld", satisfaction="satisfied",
        learning="Night staff did not know they should ring families.", action_ids=(action.id,),
        you_said_we_did="You said you were told too late; we now ring families within the hour.",
        closed_on=date(2026, 12, 24),
    )  # fmt: skip
    view = services.records.update(RecordKind.COMPLAINT, view.id, closed, view.version)
    assert view.stage == "Closed" and view.next_due is None and view.data.action_ids == (action.id,)
    trail = history(services, RecordKind.COMPLAINT, view.id)
    stages = [(old, new) for act, fld, old, new in trail if act == "stage"]
    assert stages == [
        ("", "Acknowledge the complaint"),
        ("Acknowledge the complaint", "Send the response"),
        ("Send the response", "Closed"),
    ]
    changed = {fld for act, fld, _o, _n in trail if act == "update"}
    assert {"acknowledged_on", "response_sent_on", "outcome", "closed_on", "action_ids"} <= changed
    assert services.records.due_items() == []


def test_closing_needs_an_outcome_and_a_response(services: Services) -> None:
    view = services.records.create(RecordKind.COMPLAINT, COMPLAINT)
    with pytest.raises(ValidationError) as err:
        services.records.update(RecordKind.COMPLAINT, view.id, replace(view.data, closed_on=NOW.date()), view.version)
    assert set(err.value.errors) == {"outcome", "response_sent_on"}


def test_care_staff_may_raise_but_not_respond_or_close(services: Services) -> None:
    services.ctx.identity.actor = CARER
    view = services.records.create(RecordKind.COMPLAINT, COMPLAINT)
    assert view.id > 0
    with pytest.raises(PermissionDenied):
        services.records.create(RecordKind.COMPLAINT, replace(COMPLAINT, outcome="not_upheld"))
    with pytest.raises(PermissionDenied):
        services.records.update(RecordKind.COMPLAINT, view.id, replace(view.data, acknowledged_on=NOW.date()), 1)
    with pytest.raises(PermissionDenied):
        services.records.records(RecordKind.COMPLAINT)
    concern = SafeguardingInput(raised_on=NOW.date(), person_code="OH-022", abuse_type="financial",
                                concern="Cash missing from his wallet after a visit.")  # fmt: skip
    assert services.records.create(RecordKind.SAFEGUARDING, concern).stage == "Refer to the local authority"
    with pytest.raises(PermissionDenied):
        services.records.create(RecordKind.AUDIT, AuditInput(audit_type="MAR chart audit", held_on=NOW.date()))
    services.ctx.identity.actor = MANAGER
    assert len(services.records.records(RecordKind.COMPLAINT)) == 1
    denied = [t for t in history(services, RecordKind.COMPLAINT, view.id) if t[0] == "denied"]
    assert denied  # the refused update is in the audit trail


def test_safeguarding_steps_and_section_42(services: Services) -> None:
    concern = SafeguardingInput(raised_on=NOW.date(), person_code="OH-022", abuse_type="neglect",
                                concern="Left in a wet bed overnight.")  # fmt: skip
    view = services.records.create(RecordKind.SAFEGUARDING, concern)
    assert [(i.text.split(":")[0], i.due) for i in services.records.due_items()] == [
        ("Refer to the local authority", NOW.date()),  # the same day (setting, default 0 working days)
        ("Notify CQC", NOW.date()),  # "without delay"
    ]
    referred = replace(view.data, referred_on=NOW.date(), la_reference="LA-55-1201", s42_enquiry="yes",
                       cqc_notified_on=NOW.date())  # fmt: skip
    view = services.records.update(RecordKind.SAFEGUARDING, view.id, referred, view.version)
    assert view.stage == "Section 42 enquiry"
    with pytest.raises(ValidationError) as err:
        services.records.update(
            RecordKind.SAFEGUARDING, view.id, replace(view.data, closed_on=NOW.date()), view.version
        )
    assert "outcome" in err.value.errors


def test_duty_of_candour_steps(services: Services, home: Home) -> None:
    incident_id = an_incident(services, home)
    view = services.records.create(RecordKind.CANDOUR, CandourInput(incident_id=incident_id))
    assert view.stage == "Decide whether it is a notifiable safety incident"
    assert view.incident_reference
    decided = replace(view.data, notifiable="yes", decision_reason="Fractured hip: harm lasting 28 days or more.",
                      decided_by="Test Manager", decided_on=NOW.date())  # fmt: skip
    view = services.records.update(RecordKind.CANDOUR, view.id, decided, view.version)
    assert view.stage == "Tell the person in person and apologise"
    assert view.next_due == date(2027, 1, 12)  # the local target: 10 working days after the decision
    with pytest.raises(ValidationError):
        services.records.update(RecordKind.CANDOUR, view.id, replace(view.data, written_on=NOW.date()), view.version)
    told = replace(view.data, notified_on=NOW.date(), notified_by="Test Manager", apology_given=True)
    view = services.records.update(RecordKind.CANDOUR, view.id, told, view.version)
    assert view.stage == "Send the written follow-up"


def test_themes_count_complaints_and_upheld(services: Services) -> None:
    for theme, outcome in (
        ("Laundry and belongings", "upheld"),
        ("Laundry and belongings", ""),
        ("Food and drink", ""),
    ):
        services.records.create(RecordKind.COMPLAINT, replace(COMPLAINT, theme=theme, outcome=outcome))
    assert [(t.theme, t.count, t.upheld) for t in services.records.themes()] == [
        ("Laundry and belongings", 2, 1),
        ("Food and drink", 1, 0),
    ]


def test_thread_view_follows_planted_links_in_order(services: Services, home: Home) -> None:
    incident_id = an_incident(services, home)
    action = services.actions.create(
        ActionInput(title="MAR charts checked at every handover", lead_name="Test Manager",
                    due_date=date(2027, 1, 31), strength=ActionStrength.INTERMEDIATE, incident_ids=(incident_id,))
    )  # fmt: skip
    complaint = services.records.create(
        RecordKind.COMPLAINT, replace(COMPLAINT, incident_id=incident_id, learning="Families want a call at once.")
    )
    debrief = services.records.create(
        RecordKind.DEBRIEF, DebriefInput(held_on=NOW.date(), incident_id=incident_id, participants="Night team")
    )
    audit_rec = services.records.create(
        RecordKind.AUDIT,
        AuditInput(audit_type="MAR chart audit", held_on=NOW.date(), score_pct=96, action_ids=(action.id,)),
    )
    unrelated = services.records.create(RecordKind.COMPLAINT, replace(COMPLAINT, summary="Unrelated complaint"))
    for start in (("incident", incident_id), (RecordKind.AUDIT.value, audit_rec.id), ("action", action.id)):
        view = services.thread.thread(*start)
        refs = [(i.stage, i.ref) for i in view.items]
        assert (ThreadStage.HAPPENED, f"C-{complaint.id}") in refs
        assert (ThreadStage.LEARNED, f"C-{complaint.id}") in refs  # the complaint's learning
        assert (ThreadStage.LEARNED, f"D-{debrief.id}") in refs
        assert (ThreadStage.CHANGED, f"Action {action.id}") in refs
        assert (ThreadStage.WORKED, f"A-{audit_rec.id}") in refs
        assert f"C-{unrelated.id}" not in {r for _s, r in refs}
        stages = [i.stage for i in view.items]
        assert stages == sorted(stages, key=list(ThreadStage).index)


def test_export_lists_linked_complaints_safeguarding_and_candour(services: Services, home: Home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv

    incident_id = an_incident(services, home)
    c = services.records.create(RecordKind.COMPLAINT, replace(COMPLAINT, incident_id=incident_id))
    concern = SafeguardingInput(raised_on=NOW.date(), abuse_type="neglect", concern="Left wet.",
                                incident_id=incident_id, referred_on=NOW.date(), la_reference="LA-9")  # fmt: skip
    s = services.records.create(RecordKind.SAFEGUARDING, concern)
    d = services.records.create(RecordKind.CANDOUR, CandourInput(incident_id=incident_id))
    out = tmp_path / "export.csv"
    services.exporter.export(out, "csv")
    row = next(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert row["complaints"] == f"C-{c.id}"
    assert row["safeguarding"] == f"S-{s.id} neglect LA-9"
    assert row["duty_of_candour"] == f"DC-{d.id} not decided"
    assert "Left wet" not in out.read_text(encoding="utf-8-sig")  # no free text of the concern


@pytest.mark.parametrize(
    ("role", "may_raise", "may_manage"),
    [(Role.CARE_STAFF, True, False), (Role.MANAGER, True, True), (Role.ADMIN, True, True)],
)
def test_permissions_per_role(services: Services, role: Role, may_raise: bool, may_manage: bool) -> None:
    services.ctx.identity.actor = Actor(7 if role == Role.CARE_STAFF else 1, "Someone", role)
    assert bool(services.records.create(RecordKind.COMPLAINT, COMPLAINT).id) is may_raise
    closing = replace(COMPLAINT, response_sent_on=NOW.date(), outcome="withdrawn", closed_on=NOW.date())
    if may_manage:
        assert services.records.create(RecordKind.COMPLAINT, closing).stage == "Withdrawn"
        assert services.records.due_items()
    else:
        with pytest.raises(PermissionDenied):
            services.records.create(RecordKind.COMPLAINT, closing)
        with pytest.raises(PermissionDenied):
            services.records.due_items()


EVERY_KIND = {
    RecordKind.COMPLAINT: COMPLAINT,
    RecordKind.SAFEGUARDING: SafeguardingInput(raised_on=NOW.date(), abuse_type="physical", concern="Bruise."),
    RecordKind.DEBRIEF: None,  # needs an incident: built in the test
    RecordKind.CANDOUR: None,
    RecordKind.AUDIT: AuditInput(audit_type="Care plan audit", held_on=NOW.date(), score_pct=80),
}


@pytest.mark.parametrize("kind", list(EVERY_KIND))
def test_every_kind_audits_creation_changes_and_refuses_stale_saves(
    services: Services, home: Home, kind: RecordKind
) -> None:
    from carelog.core.errors import ConflictError

    incident_id = an_incident(services, home)
    data = EVERY_KIND[kind] or (
        DebriefInput(held_on=NOW.date(), incident_id=incident_id, participants="Day team")
        if kind == RecordKind.DEBRIEF
        else CandourInput(incident_id=incident_id)
    )
    view = services.records.create(kind, data)
    first = fields_of(view.data)
    changed = replace(view.data, **{first: _changed_value(getattr(view.data, first))})
    saved = services.records.update(kind, view.id, changed, view.version)
    actions = [a for a, *_ in history(services, kind, view.id)]
    assert actions[0] == "create" and "stage" in actions and "update" in actions
    with pytest.raises(ConflictError):
        services.records.update(kind, view.id, changed, view.version)  # someone saved since it was opened
    assert saved.version == view.version + 1


def fields_of(data: object) -> str:
    """A text field every kind has that can change without other rules."""
    for name in ("findings", "la_reference", "how_staff_are", "decision_reason", "auditor"):
        if hasattr(data, name):
            return name
    raise AssertionError(data)


def _changed_value(value: object) -> str:
    return f"{value} (checked)".strip()
