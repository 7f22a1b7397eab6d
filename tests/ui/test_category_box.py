"""The report form's category box finds categories as people say them: "wet", "slipped", "tablets"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from carelog.services.registry import Services
from carelog.ui.widgets.incident_form import IncidentForm
from tests.conftest import Home


def _form(qtbot, services: Services) -> IncidentForm:  # type: ignore[no-untyped-def]
    form = IncidentForm(clock=services.ctx.clock)
    qtbot.addWidget(form)
    form.set_reference_data(services.incidents.reference_data())
    form.resize(620, 900)
    form.show()
    form.activateWindow()  # focus moves on Tab only in the active window
    qtbot.waitUntil(form.isActiveWindow)
    return form


def _type(qtbot, form: IncidentForm, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    form.category.setFocus()
    form.category.lineEdit().clear()
    qtbot.keyClicks(form.category.lineEdit(), text)
    model = form.category_completer.completionModel()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _press(qtbot, form: IncidentForm, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """A key as the worker presses it: the open popup gets it first, as on a real screen."""
    popup = form.category_completer.popup()
    qtbot.keyClick(popup if popup.isVisible() else form.category.lineEdit(), key)


def _code(services: Services, form: IncidentForm) -> str:
    ref = services.incidents.reference_data()
    cat = ref.category(form.category.currentData())
    return cat.code if cat else ""


def test_typing_what_people_say_lists_the_category_and_return_takes_it(
    qtbot,
    sqlite_services: Services,
    sqlite_home: Home,  # type: ignore[no-untyped-def]
) -> None:
    form = _form(qtbot, sqlite_services)
    shown = _type(qtbot, form, "wet")
    assert shown[0] == "Slip, trip or spill hazard  (wet floor)"
    assert form.category_completer.popup().isVisible()
    _press(qtbot, form, Qt.Key.Key_Return)
    assert _code(sqlite_services, form) == "slip_trip_hazard"
    assert form.category.currentText() == "Slip, trip or spill hazard"
    assert form.subcategory.findText("Wet floor or spill") >= 0  # its subcategories follow

    _type(qtbot, form, "TABLETS")
    _press(qtbot, form, Qt.Key.Key_Return)
    assert _code(sqlite_services, form) == "medication"


def test_slipped_offers_the_hazard_first_and_the_fall_next(qtbot, sqlite_services: Services, sqlite_home: Home) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, sqlite_services)
    shown = _type(qtbot, form, "slipped")
    assert shown[:2] == ["Slip, trip or spill hazard  (slipped)", "Fall  (slipped and fell)"]
    popup = form.category_completer.popup()
    popup.setCurrentIndex(form.category_completer.completionModel().index(1, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert _code(sqlite_services, form) == "fall"


def test_leaving_the_box_keeps_a_category_only_when_the_text_is_clear(
    qtbot,
    sqlite_services: Services,
    sqlite_home: Home,  # type: ignore[no-untyped-def]
) -> None:
    form = _form(qtbot, sqlite_services)
    _type(qtbot, form, "found on floor")
    _press(qtbot, form, Qt.Key.Key_Tab)
    assert _code(sqlite_services, form) == "fall"
    assert form.to_input().category_id == form.category.currentData()
    form.category.setCurrentIndex(0)
    _type(qtbot, form, "s")  # many categories: none is chosen for the worker
    _press(qtbot, form, Qt.Key.Key_Tab)
    assert form.category.currentData() is None


def test_render_the_category_popup(qtbot, sqlite_services: Services, sqlite_home: Home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, sqlite_services)
    _type(qtbot, form, "wet")
    popup = form.category_completer.popup()
    assert popup.isVisible()
    out = tmp_path / "category_popup.png"
    assert render_with_popup(form, popup).save(str(out))
    assert out.stat().st_size > 5_000


def render_with_popup(form: QWidget, popup: QWidget) -> QPixmap:
    """The form with its completer popup drawn where it appears on screen (a popup is its own window)."""
    picture = form.grab()
    painter = QPainter(picture)
    painter.drawPixmap(form.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0))), popup.grab())
    painter.end()
    return picture
