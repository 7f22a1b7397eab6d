"""The report form's values: draft in and out through the one converter, the clock's "now", notes kept."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from carelog.core.clock import FixedClock
from carelog.core.dto import IncidentDetail, IncidentInput, NotificationInput
from carelog.core.enums import Kind, NotificationKind
from carelog.services.registry import Services
from carelog.ui.dialogs.incident_dialog import IncidentDialog
from carelog.ui.widgets.incident_form import IncidentForm
from tests.conftest import Home

pytestmark = pytest.mark.usefixtures("sqlite_staff")


def _form(qtbot, services: Services) -> IncidentForm:  # type: ignore[no-untyped-def]
    form = IncidentForm(clock=services.ctx.clock)
    qtbot.addWidget(form)
    form.set_reference_data(services.incidents.reference_data())
    return form


def _told_family(services: Services, home: Home, when: datetime) -> IncidentInput:
    falls = next(c for c in services.incidents.reference_data().categories if c.name == "Fall")
    return IncidentInput(
        kind=Kind.INCIDENT,
        category_id=falls.id,
        occurred_at=when - timedelta(hours=3),
        service_id=home.service_id,
        location_id=home.lounge_id,
        account="Found on the lounge floor beside the armchair, no visible injury.",
        person_ids=(home.person_ids[0],),
        notifications=(NotificationInput(NotificationKind.FAMILY, when - timedelta(hours=1), "", "Son to visit"),),
    )


def _open_record(qtbot, services: Services, home: Home, clock: FixedClock) -> tuple[IncidentDetail, IncidentDialog]:  # type: ignore[no-untyped-def]
    """A saved record of a fall the family was told about, open in its dialog."""
    saved = services.incidents.report(_told_family(services, home, clock()))
    dialog = IncidentDialog(services, saved.id)
    qtbot.addWidget(dialog)
    return saved, dialog


def test_a_draft_with_a_notification_note_survives_form_draft_form(
    qtbot,  # type: ignore[no-untyped-def]
    sqlite_services: Services,
    sqlite_home: Home,
    clock: FixedClock,
) -> None:
    data = _told_family(sqlite_services, sqlite_home, clock())
    first = _form(qtbot, sqlite_services)
    first.set_input(data)
    draft = first.to_values()
    again = _form(qtbot, sqlite_services)
    again.set_values(draft)
    assert again.to_input() == data
    assert again.to_input().notifications[0].note == "Son to visit"


def test_editing_a_record_keeps_its_notification_note(
    qtbot,  # type: ignore[no-untyped-def]
    sqlite_services: Services,
    sqlite_home: Home,
    clock: FixedClock,
) -> None:
    saved, dialog = _open_record(qtbot, sqlite_services, sqlite_home, clock)
    dialog.form.witnesses.setText("Sam Whitaker")
    dialog.form.submitted.emit()
    after = sqlite_services.incidents.get(saved.id)
    assert after.data.witnesses == "Sam Whitaker"
    assert after.data.notifications[0].note == "Son to visit"
    assert [e.field for e in after.audit] == ["reference", "witnesses"]


@pytest.mark.any_date
def test_now_and_a_cleared_form_take_the_clock(qtbot, sqlite_services: Services, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, sqlite_services)
    assert form.to_input().occurred_at == clock().replace(second=0)
    clock.advance(timedelta(days=3, minutes=7))
    form.now_button.click()
    assert form.to_input().occurred_at == clock().replace(second=0)
    clock.advance(timedelta(hours=5))
    form.clear()
    assert form.to_input().occurred_at == clock().replace(second=0)


def test_a_manager_moves_the_status_on_from_the_record(
    qtbot,  # type: ignore[no-untyped-def]
    sqlite_services: Services,
    sqlite_home: Home,
    clock: FixedClock,
) -> None:
    from carelog.core.enums import Status

    saved, dialog = _open_record(qtbot, sqlite_services, sqlite_home, clock)
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findText(Status.UNDER_REVIEW.label))
    with qtbot.waitSignal(dialog.incident_changed, timeout=2000):
        dialog.status_button.click()
    assert sqlite_services.incidents.get(saved.id).status == Status.UNDER_REVIEW
    assert dialog.message.text() == "Status changed to under review."
