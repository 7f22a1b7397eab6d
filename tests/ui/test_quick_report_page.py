"""The quick-report screen as a care worker uses it at a shared terminal: keyboard only, focus always somewhere
useful, one Tab stop for the time, the usual service preselected, news about their reports, readable at any
font size and in a high-contrast palette."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from carelog.core.dto import Actor, IncidentFilter
from carelog.core.enums import Kind, Role, Status
from carelog.db.models import UserRow
from carelog.services.registry import Services
from carelog.ui.events import AppEvents
from carelog.ui.pages.quick_report_page import QuickReportPage
from tests.conftest import MANAGER, Home

pytestmark = pytest.mark.usefixtures("sqlite_staff")
WORKER = Actor(7, "Carer Jo", Role.CARE_STAFF)
NOW = datetime(2026, 12, 1, 14, 5)
SHOTS = Path(os.environ.get("CARELOG_SHOTS_DIR", "")) if os.environ.get("CARELOG_SHOTS_DIR") else None


@pytest.fixture
def worker(sqlite_services: Services, sqlite_home: Home) -> Services:
    """Carer Jo signed in; her usual service is Oak House (Birch Court is first in the list)."""
    sqlite_services.ctx.clock = lambda: NOW
    with sqlite_services.ctx.unit() as session:
        row = session.get(UserRow, WORKER.user_id)
        assert row is not None
        row.usual_service_id = sqlite_home.service_id
    sqlite_services.ctx.identity.actor = WORKER
    return sqlite_services


def _page(qtbot, services: Services, size: tuple[int, int] = (1366, 708)) -> QuickReportPage:  # type: ignore[no-untyped-def]
    page = QuickReportPage(services, AppEvents().listen_to(services.ctx), None)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    qtbot.waitUntil(page.isActiveWindow)
    return page


@pytest.fixture
def page(qtbot, worker: Services) -> QuickReportPage:  # type: ignore[no-untyped-def]
    return _page(qtbot, worker)


class Keyboard:
    """Presses keys on whatever has focus, as a person would, and counts them."""

    def __init__(self) -> None:
        self.count = 0

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        target = QApplication.focusWidget()
        assert target is not None, "nothing has keyboard focus"
        QTest.keyClick(target, key, modifier)
        self.count += 1

    def type(self, text: str, counted: bool = True) -> None:
        for ch in text:
            target = QApplication.focusWidget()
            assert target is not None, "nothing has keyboard focus"
            QTest.keyClicks(target, ch)
            self.count += counted


def _focus(page: QuickReportPage) -> QWidget | None:
    return QApplication.focusWidget()


def test_focus_first_field_puts_typing_into_the_report(qtbot, page: QuickReportPage) -> None:  # type: ignore[no-untyped-def]
    page.sign_out_button.setFocus()
    page.focus_first_field()
    qtbot.waitUntil(lambda: _focus(page) is page.report_panel.form.kind)


def test_a_near_miss_with_the_keyboard_only(qtbot, page: QuickReportPage, worker: Services) -> None:  # type: ignore[no-untyped-def]
    form = page.report_panel.form
    assert form.service.currentText() == "Oak House"  # her usual service, not the first in the list
    assert form.occurred_at.edit.text() == "now"
    page.focus_first_field()
    keys = Keyboard()
    keys.type("n")  # What kind: Near miss
    keys.press(Qt.Key.Key_Tab)
    keys.type("med")  # Category: Medication (what nearly happened)
    keys.press(Qt.Key.Key_Tab)  # Subcategory: left empty
    keys.press(Qt.Key.Key_Tab)  # What happened
    assert _focus(page) is form.account
    keys.type("Tablets for room 4 found in room 6's pot, caught before given", counted=False)
    keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    print(f"\nnear miss by keyboard: {keys.count} keystrokes besides the account text (goal <= 10)")
    assert keys.count <= 10
    saved = worker.incidents.list(IncidentFilter())
    assert [(s.kind, s.category, s.service, s.occurred_at) for s in saved] == [
        (Kind.NEAR_MISS, "Medication", "Oak House", NOW)
    ]
    assert form.status_label.text() == f"Saved as {saved[0].reference} at 14:05. Thank you."
    assert _focus(page) is form.kind  # ready for the next report
    assert page.model.rowCount() == 1


def test_saved_message_clears_when_the_next_report_is_started(qtbot, page: QuickReportPage) -> None:  # type: ignore[no-untyped-def]
    form = page.report_panel.form
    form.category.setCurrentIndex(form.category.findText("Fall"))
    form.account.setPlainText("Found on the floor beside the bed")
    assert page.report_panel.submit() is not None
    assert form.status_label.text().startswith("Saved as INC-")
    assert form.service.currentText() == "Oak House"  # kept for the next report
    QTest.keyClicks(form.account, "W")
    assert form.status_label.text() == ""


def test_tab_order_is_one_stop_per_field_top_to_bottom(qtbot, page: QuickReportPage) -> None:  # type: ignore[no-untyped-def]
    form = page.report_panel.form
    form.category.setCurrentIndex(form.category.findText("Fall"))  # so the subcategory has choices
    page.focus_first_field()
    keys = Keyboard()
    seen = []
    for _ in range(8):
        keys.press(Qt.Key.Key_Tab)
        seen.append(_focus(page))
    assert seen == [
        form.category,
        form.subcategory,
        form.account,
        form.occurred_at.edit,  # the only stop for when it happened
        form.service,
        form.location,
        form.people.search,
        form.people.list,
    ]


def test_tab_leaves_the_my_reports_table(qtbot, page: QuickReportPage, worker: Services) -> None:  # type: ignore[no-untyped-def]
    form = page.report_panel.form
    form.category.setCurrentIndex(form.category.findText("Fall"))
    form.account.setPlainText("Found on the floor beside the bed")
    page.report_panel.submit()
    page.table.setFocus()
    assert page.table.hasFocus() and not page.table.tabKeyNavigation()
    QTest.keyClick(page.table, Qt.Key.Key_Tab)
    assert not page.table.hasFocus()


def test_an_unreadable_time_says_what_to_type_and_saves_nothing(qtbot, page: QuickReportPage, worker: Services) -> None:  # type: ignore[no-untyped-def]
    form = page.report_panel.form
    form.category.setCurrentIndex(form.category.findText("Fall"))
    form.account.setPlainText("Found on the floor beside the bed")
    form.occurred_at.edit.setText("25:00")
    assert form.occurred_at.understood.text() == "Not understood yet"
    assert page.report_panel.submit() is None
    assert "not a time on the 24-hour clock" in form.error_text("occurred_at")
    assert worker.incidents.count(IncidentFilter()) == 0
    form.occurred_at.edit.setText("yesterday 22:15")
    assert form.occurred_at.understood.text() == "Yesterday (Mon 30 Nov) 22:15"
    detail = page.report_panel.submit()
    assert detail is not None and detail.data.occurred_at == datetime(2026, 11, 30, 22, 15)


def test_without_a_usual_service_the_last_reports_service_is_preselected(
    qtbot, worker: Services, sqlite_home: Home
) -> None:  # type: ignore[no-untyped-def]
    with worker.ctx.unit() as session:
        row = session.get(UserRow, WORKER.user_id)
        assert row is not None
        row.usual_service_id = None
    first = _page(qtbot, worker)
    form = first.report_panel.form
    assert form.service.currentText() == "Birch Court"  # nothing known yet: the first in the list
    form.service.setCurrentIndex(form.service.findData(sqlite_home.service_id))
    form.category.setCurrentIndex(form.category.findText("Fall"))
    form.account.setPlainText("Found on the floor beside the bed")
    assert first.report_panel.submit() is not None
    later = _page(qtbot, worker)
    assert later.report_panel.form.service.currentText() == "Oak House"


# ---------------------------------------------------------------------------------------------- feedback
def test_on_sign_in_the_worker_sees_how_many_reports_have_news(qtbot, worker: Services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = _page(qtbot, worker)
    for account in ("Found on the floor beside the bed", "Wet floor by the sluice, nearly slipped"):
        form = first.report_panel.form
        form.category.setCurrentIndex(form.category.findText("Fall"))
        form.account.setPlainText(account)
        assert first.report_panel.submit() is not None
    assert first.news_banner.isHidden()
    ids = worker.incidents.list_ids(IncidentFilter())
    worker.ctx.identity.actor = MANAGER
    for iid in ids:
        worker.incidents.set_status(iid, Status.UNDER_REVIEW)
    worker.ctx.identity.actor = WORKER
    page = _page(qtbot, worker)
    assert page.news_banner.isVisible()
    assert page.news_label.text() == "2 of your reports have news: see what a manager did in My reports."
    news = page.model.index(0, page.model.NEWS_COLUMN).data()
    assert news == "New: Seen by a manager (1 Dec 2026)."
    _save(page, tmp_path, "quick_report_news.png")
    qtbot.mouseClick(page.news_button, Qt.MouseButton.LeftButton)
    assert page.news_banner.isHidden() and page.table.hasFocus()
    assert page.table.selectionModel().selectedRows()[0].row() == 0
    assert worker.feedback.news_count() == 0
    assert _page(qtbot, worker).news_banner.isHidden()  # looked at: no banner on the next sign-in


# ---------------------------------------------------------------------------------------------- accessibility
def _inputs(root: QWidget) -> list[QWidget]:
    kinds = (QLineEdit, QComboBox, QPlainTextEdit, QCheckBox, QListWidget, QAbstractSpinBox)
    out = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, kinds) or isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # the inner line edit of a combo or date box is named and labelled through its owner
        out.append(w)
    return out


def _name(w: QWidget) -> str:
    """What a screen reader says for it: the accessible name, or a tick box's own text."""
    own = w.text().replace("&", "") if isinstance(w, QAbstractButton) else ""
    return (w.accessibleName() or own).strip()


def test_every_input_has_an_accessible_name_and_a_label(qtbot, page: QuickReportPage) -> None:  # type: ignore[no-untyped-def]
    form = page.report_panel.form
    buddies = {label.buddy() for label in page.findChildren(QLabel) if label.buddy() is not None}
    notifications = set(form.notifications.findChildren(QWidget))
    unnamed = [f"{type(w).__name__} in {type(w.parent()).__name__}" for w in _inputs(page) if not _name(w)]
    assert unnamed == []
    self_labelled = (QAbstractButton,)  # a tick box carries its own text
    grid = notifications  # who-was-told rows: the tick box names the row; time and reference are named after it
    unlabelled = [
        w.accessibleName()
        for w in _inputs(page)
        if w not in buddies and not isinstance(w, self_labelled) and w not in grid and w is not form.people.list
    ]
    assert unlabelled == []


def test_focused_inputs_get_a_focus_ring(qtbot, page: QuickReportPage) -> None:  # type: ignore[no-untyped-def]
    style = page.report_panel.form.styleSheet()
    assert "QLineEdit:focus" in style and "QComboBox:focus" in style and "QPlainTextEdit:focus" in style
    assert "border: 2px solid palette(highlight)" in style
    assert "QTableView:focus" in page.table.styleSheet()


def _no_pixel_font_sizes(root: QWidget) -> list[str]:
    return [w.objectName() or type(w).__name__ for w in root.findChildren(QWidget) if "font-size" in w.styleSheet()]


@pytest.fixture
def big_font() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    font = QFont(before)
    font.setPointSize(14)
    app.setFont(font)
    yield
    app.setFont(before)


@pytest.mark.usefixtures("big_font")
def test_text_follows_the_system_font_size(qtbot, worker: Services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, worker)
    form = page.report_panel.form
    assert _no_pixel_font_sizes(page) == []
    assert form.account.font().pointSize() == 14
    assert form.kind.font().pointSize() == 14
    assert page.greeting.font().pointSizeF() > 14
    _save(page, tmp_path, "quick_report_14pt.png")


@pytest.fixture
def high_contrast() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#000000"),
        (QPalette.ColorRole.WindowText, "#ffffff"),
        (QPalette.ColorRole.Base, "#000000"),
        (QPalette.ColorRole.AlternateBase, "#1a1a1a"),
        (QPalette.ColorRole.Text, "#ffffff"),
        (QPalette.ColorRole.Button, "#000000"),
        (QPalette.ColorRole.ButtonText, "#ffff00"),
        (QPalette.ColorRole.Highlight, "#1aebff"),
        (QPalette.ColorRole.HighlightedText, "#000000"),
        (QPalette.ColorRole.PlaceholderText, "#c8c8c8"),
        (QPalette.ColorRole.Mid, "#c8c8c8"),
    ):
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    yield
    app.setPalette(before)


@pytest.mark.usefixtures("high_contrast")
def test_high_contrast_palette_keeps_messages_readable(qtbot, worker: Services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, worker)
    form = page.report_panel.form
    assert page.report_panel.submit() is None  # empty: the messages show in red
    assert form.error_text("category_id") == "Choose a category."
    error = form.findChild(QLabel, "error_category_id")
    assert error is not None and "#ff9e9e" in error.styleSheet()  # light red on black, not dark red
    assert "#ff9e9e" in form.status_label.styleSheet()
    form.show_banner("Your unsaved report has been brought back.")
    assert "color: #1a1a1a" in form.banner.styleSheet()  # dark text on its pale background, whatever the palette
    _save(page, tmp_path, "quick_report_high_contrast.png")


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_fits_small_laptop_screens(qtbot, worker: Services, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, worker, (size[0], size[1] - 60))  # minus title bar and taskbar
    form = page.report_panel.form
    assert page.minimumSizeHint().width() <= size[0]
    top_left = form.save_button.mapTo(page, form.save_button.rect().bottomRight())
    assert page.rect().contains(top_left)  # Save report is on screen without scrolling
    _save(page, tmp_path, f"quick_report_{size[0]}x{size[1]}.png")


def _save(widget: QWidget, tmp_path: Path, name: str) -> None:
    out = (SHOTS or tmp_path) / name
    assert widget.grab().save(str(out))
    assert out.stat().st_size > 10_000


@pytest.mark.usefixtures("high_contrast")
def test_ticked_people_show_in_high_contrast(qtbot, worker: Services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, worker)
    page.report_panel.form.people.list.item(0).setCheckState(Qt.CheckState.Checked)
    _save(page, tmp_path, "quick_report_high_contrast_ticked.png")
