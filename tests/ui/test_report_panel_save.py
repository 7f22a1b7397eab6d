"""A report that could not be saved (database busy, a conflict) keeps everything typed, as a draft too, and says
plainly that it was not saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from carelog.core.dto import IncidentFilter
from carelog.core.errors import BusyError
from carelog.services.registry import Services
from carelog.ui.events import AppEvents
from carelog.ui.widgets.report_panel import ReportPanel

pytestmark = pytest.mark.usefixtures("sqlite_home", "sqlite_staff")


def test_a_busy_database_keeps_the_report_and_says_it_was_not_saved(  # type: ignore[no-untyped-def]
    qtbot, sqlite_services: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    panel = ReportPanel(sqlite_services, AppEvents())
    qtbot.addWidget(panel)
    panel.resize(900, 900)
    panel.show()
    form = panel.form
    form.category.setFocus()
    qtbot.keyClicks(form.category, "Fal")
    qtbot.keyClick(form.category, Qt.Key.Key_Tab)
    form.service.setFocus()
    qtbot.keyClicks(form.service, "Oak")
    form.account.setFocus()
    qtbot.keyClicks(form.account, "Found on the floor by the window, calling for help")

    def busy(_data):  # type: ignore[no-untyped-def]
        raise BusyError()

    monkeypatch.setattr(sqlite_services.incidents, "report", busy)
    assert panel.submit() is None
    assert form.account.toPlainText() == "Found on the floor by the window, calling for help"
    status = form.status_label.text()
    assert status.startswith("Not saved: Another CareLog window is saving; try again") and "Saved as" not in status
    draft = sqlite_services.drafts.load()
    assert draft is not None and "calling for help" in draft.values["account"]
    assert sqlite_services.incidents.count(IncidentFilter()) == 0
    panel.grab().save(str(tmp_path / "busy.png"))
