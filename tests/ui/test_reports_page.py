"""The Reports tab: builds in the background with progress, can be cancelled, saves and prints the PDF."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.ui.events import AppEvents
from carelog.ui.pages.reports_page import ReportsPage, last_full_month, last_twelve_months
from tests.reports.pack_seed import seed_records


@pytest.fixture
def page(qtbot, sqlite_services, sqlite_home, runner):  # type: ignore[no-untyped-def]
    seed_records(sqlite_services, sqlite_home, count=60)
    widget = ReportsPage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(widget)
    widget.resize(900, 520)
    widget.set_period(date(2026, 1, 1), date(2026, 3, 31))
    return widget


def test_period_presets() -> None:
    assert last_full_month(date(2026, 3, 15)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert last_twelve_months(date(2026, 3, 15)) == (date(2025, 3, 1), date(2026, 2, 28))


@pytest.mark.any_date
def test_presets_count_from_the_clock(qtbot, sqlite_services, runner, clock) -> None:  # type: ignore[no-untyped-def]
    widget = ReportsPage(sqlite_services, AppEvents(), runner)
    qtbot.addWidget(widget)
    today = clock().date()
    period = (widget.request().date_from, widget.request().date_to)
    assert period == last_twelve_months(today)
    widget.preset_combo.setCurrentIndex(1)
    assert (widget.request().date_from, widget.request().date_to) == last_full_month(today)
    widget.preset_combo.setCurrentIndex(2)
    assert (widget.request().date_from, widget.request().date_to) == (date(today.year, 1, 1), today)
    clock.advance(timedelta(days=1))  # left open overnight: the preset moves on when the tab is shown again
    widget.show()
    tomorrow = clock().date()
    assert (widget.request().date_from, widget.request().date_to) == (date(tomorrow.year, 1, 1), tomorrow)
    widget.set_period(date(2026, 2, 1), date(2026, 2, 28))  # a period set from elsewhere stays as set
    clock.advance(timedelta(days=1))
    widget.hide()
    widget.show()
    assert (widget.request().date_from, widget.request().date_to) == (date(2026, 2, 1), date(2026, 2, 28))


def test_form_defaults(page: ReportsPage) -> None:
    assert page.pseudonymise_check.isChecked()
    assert page.service_combo.itemText(0) == "All services"
    assert {page.service_combo.itemText(i) for i in range(page.service_combo.count())} >= {"Oak House", "Birch Court"}
    assert not page.save_button.isEnabled() and not page.print_button.isEnabled()
    page.monthly_radio.setChecked(True)
    request = page.request()
    assert request.monthly and request.date_from.day == 1


def test_commissioner_choice_always_pseudonymises(page: ReportsPage, tmp_path: Path) -> None:
    page.pseudonymise_check.setChecked(False)
    page.commissioner_radio.setChecked(True)
    request = page.request()
    assert request.for_commissioner and request.pseudonymised and not request.monthly
    assert page.pseudonymise_check.isChecked() and not page.pseudonymise_check.isEnabled()
    page.grab().save(str(tmp_path / "reports_commissioner.png"))
    page.pack_radio.setChecked(True)
    assert not page.request().for_commissioner and not page.pseudonymise_check.isChecked()
    assert page.pseudonymise_check.isEnabled()


def test_build_reports_progress_and_enables_output(qtbot, page: ReportsPage, tmp_path: Path) -> None:
    page.service_combo.setCurrentIndex(page.service_combo.findText("Oak House"))
    values: list[int] = []
    page.progress_bar.valueChanged.connect(values.append)
    with qtbot.waitSignal(page.pack_built, timeout=30000) as blocker:
        page.build()
        assert page.is_building() and page.cancel_button.isEnabled() and not page.build_button.isEnabled()
    path, pages = blocker.args
    assert Path(path).exists() and pages == len(PdfReader(path).pages)
    assert values and values[-1] == 100 and any(0 < v < 100 for v in values)
    assert page.save_button.isEnabled() and page.print_button.isEnabled()
    assert f"{pages} pages" in page.status_label.text()
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Edith Marsh" not in text and "OH-014" in text  # pseudonymised by default
    page.grab().save(str(tmp_path / "reports_page.png"))

    destination = tmp_path / "saved.pdf"
    page.save_to(destination)
    assert destination.read_bytes() == Path(path).read_bytes()


def test_cancel_stops_the_build(qtbot, page: ReportsPage) -> None:
    cancelled: list[bool] = []
    page.build()
    assert page._handle is not None
    page._handle.cancelled.connect(lambda: cancelled.append(True))
    page.cancel()
    qtbot.waitUntil(lambda: not page.is_building(), timeout=10000)
    assert cancelled
    assert page.pdf_path is None and not page.save_button.isEnabled()
    assert "Cancelled" in page.status_label.text()
    assert page.build_button.isEnabled()


def test_backwards_period_is_explained(page: ReportsPage) -> None:
    page.set_period(date(2026, 3, 1), date(2026, 2, 1))
    page.build()
    assert not page.is_building()
    assert "before its start" in page.status_label.text()


def test_care_staff_cannot_build(qtbot, sqlite_services, sqlite_home, runner) -> None:  # type: ignore[no-untyped-def]
    sqlite_services.ctx.identity.actor = Actor(9, "Casey Carer", Role.CARE_STAFF)
    widget = ReportsPage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(widget)
    assert not widget.build_button.isEnabled()
    assert "managers" in widget.status_label.text()


def test_print_renders_every_page(qtbot, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page.monthly_radio.setChecked(True)
    page.set_period(date(2026, 2, 1), date(2026, 2, 28))
    with qtbot.waitSignal(page.pack_built, timeout=30000):
        page.build()
    printed = tmp_path / "printed.pdf"

    def fake_exec(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        dialog.printer().setResolution(72)
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    page.print_button.click()
    assert printed.exists()
    assert len(PdfReader(str(printed)).pages) == page.pages
    assert f"Sent {page.pages} pages" in page.status_label.text()


def test_claims_the_data_do_not_support_are_shown_on_the_page(  # type: ignore[no-untyped-def]
    qtbot, sqlite_services, sqlite_home, runner, clock, tmp_path: Path
) -> None:
    from tests.reports.plant_checks import plant

    planted = plant(sqlite_services, sqlite_home, clock)
    widget = ReportsPage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(widget)
    widget.resize(900, 620)
    widget.set_period(planted.request.date_from, planted.request.date_to)
    widget.service_combo.setCurrentIndex(widget.service_combo.findText("Oak House"))
    assert not widget.log_check.isChecked() and not widget.request().with_log
    widget.show()
    assert widget.warnings_label.isHidden()
    with qtbot.waitSignal(widget.pack_built, timeout=60000):
        widget.build()
    assert not widget.warnings_label.isHidden()
    shown = widget.warnings_label.text()
    assert shown.startswith("Before you share this PDF, check these 2 points:")
    assert f"Case study '{planted.review_title}'" in shown and "the records rose" in shown
    assert "'Second signature on the MAR chart'" in shown
    assert len(widget.warnings) == 2
    assert "Ready:" in widget.status_label.text()  # built all the same: a note to act on, not an error
    widget.grab().save(str(tmp_path / "reports_page_warnings.png"))

    widget.log_check.setChecked(True)
    assert widget.request().with_log
    widget.monthly_radio.setChecked(True)
    assert not widget.log_check.isEnabled() and not widget.request().with_log
    widget.pack_radio.setChecked(True)
    with qtbot.waitSignal(widget.pack_built, timeout=60000) as blocker:
        widget.build()
    path, _pages = blocker.args
    assert "Incident log (appendix)" in " ".join(p.extract_text() for p in PdfReader(path).pages)
