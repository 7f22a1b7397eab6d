"""The shared learning dialog as a manager uses it: share a point with every service, pick a service, record the
day its team discussed it; the provider view shows who has and who has not; a point not yet discussed is on the
Home tab under its service, and opening it shows the dialog at that service."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from carelog.core.attention import ItemKind, Section
from carelog.services.registry import Services
from carelog.ui.dialogs.shared_learning_dialog import SharedLearningDialog
from carelog.ui.events import AppEvents
from carelog.ui.pages.home_page import HomePage
from carelog.ui.qt_time import qdate
from tests.conftest import Home

pytestmark = pytest.mark.usefixtures("sqlite_staff")
NOW = datetime(2026, 4, 20, 10, 0)
POINT = "Keep one carer in the lounge at tea time."


@pytest.fixture
def services(sqlite_services: Services, sqlite_home: Home) -> Services:
    sqlite_services.ctx.clock = lambda: NOW
    return sqlite_services


def _cells(model) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_share_then_record_a_discussion(qtbot, services: Services, qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = SharedLearningDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "No learning has been shared" in dialog.point_text.text()
    assert not dialog.record_button.isEnabled()

    dialog.share_button.click()
    assert "Not shared" in dialog.message.text() and "Write the learning point" in dialog.message.text()
    assert dialog.points_model.rowCount() == 0

    dialog.new_text.setPlainText(POINT)
    dialog.share_button.click()
    assert "Shared with every service (2)" in dialog.message.text()
    assert _cells(dialog.points_model) == [["20/04/2026", POINT, "0 of 2"]]
    assert _cells(dialog.services_model) == [["Birch Court", "Not yet", "", ""], ["Oak House", "Not yet", "", ""]]
    assert dialog.progress.text() == "Discussed by 0 of 2 services. Not yet: Birch Court, Oak House."

    dialog.select_service("Oak House")
    dialog.discussed_on.setDate(qdate(NOW.date()))
    dialog.note.setText("Staff meeting, 9 staff")
    dialog.record_button.click()
    assert dialog.message.text() == "Recorded: Oak House discussed it on 20/04/2026."
    assert _cells(dialog.services_model)[1] == ["Oak House", "20/04/2026", "Staff meeting, 9 staff", "Test Manager"]
    assert dialog.progress.text() == "Discussed by 1 of 2 services. Not yet: Birch Court."
    assert _cells(dialog.points_model)[0][2] == "1 of 2"
    qtmodeltester.check(dialog.points_model)
    qtmodeltester.check(dialog.services_model)
    dialog.resize(1180, 640)
    dialog.grab().save(str(tmp_path / "shared-learning.png"))
    (point,) = services.shared_learning.points()
    assert [s.service for s in point.done] == ["Oak House"]


def test_a_date_before_the_point_was_shared_is_refused_and_nothing_is_saved(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    point = services.shared_learning.share(POINT)
    dialog = SharedLearningDialog(services, point.id, "Birch Court")
    qtbot.addWidget(dialog)
    assert dialog.service.currentText() == "Birch Court"
    dialog.discussed_on.setDate(qdate(NOW.date() - timedelta(days=3)))
    dialog.record_button.click()
    assert dialog.message.text().startswith("Not recorded: The learning point was shared on 20 Apr 2026")
    assert services.shared_learning.point(point.id).done == ()


def test_home_lists_the_point_under_each_service_and_opens_the_dialog_there(  # type: ignore[no-untyped-def]
    qtbot, services: Services, runner, monkeypatch, tmp_path: Path
) -> None:
    point = services.shared_learning.share(POINT)
    page = HomePage(services, AppEvents().listen_to(services.ctx), runner)
    qtbot.addWidget(page)
    page.resize(1400, 1000)
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        page.show()
    learning = page.lists[Section.LEARNING]
    items = learning.model_.rows()
    assert [(i.kind, i.service, i.target_id) for i in items] == [
        (ItemKind.SHARED_LEARNING, "Birch Court", point.id),
        (ItemKind.SHARED_LEARNING, "Oak House", point.id),
    ]
    assert page.boxes[Section.LEARNING].title() == f"{Section.LEARNING.value} (2)"
    opened: list[SharedLearningDialog] = []
    monkeypatch.setattr(SharedLearningDialog, "exec", lambda self: opened.append(self) or 0)
    learning.setCurrentIndex(learning.model_.index(1, 0))
    qtbot.keyClick(learning, Qt.Key.Key_Return)
    assert len(opened) == 1
    assert opened[0].current_point() is not None and opened[0].current_point().id == point.id  # type: ignore[union-attr]
    assert opened[0].service.currentText() == "Oak House"
    page.grab().save(str(tmp_path / "home-shared-learning.png"))


def test_a_point_taken_from_a_signed_off_review_is_shared_with_its_review(
    qtbot, services: Services, sqlite_home: Home
) -> None:  # type: ignore[no-untyped-def]
    from tests.services.test_shared_learning import _signed_off_review

    review_id = _signed_off_review(services, sqlite_home)
    dialog = SharedLearningDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.from_review.setCurrentIndex(dialog.from_review.findData(review_id))
    assert dialog.review_point.isVisible() and dialog.new_text.toPlainText() == POINT
    dialog.share_button.click()
    (point,) = services.shared_learning.points()
    assert (point.text, point.review_id, point.review_title) == (POINT, review_id, "Fall in the lounge")
    assert "from the review “Fall in the lounge”" in dialog.point_text.text()
