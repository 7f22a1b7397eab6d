"""Alt+letter access keys: a tab's letter must not steal one the report form uses (a care worker pressing Alt+C for
Category once landed on the Complaints tab and opened a complaint instead)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QLabel

from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.services.registry import Services
from carelog.ui.pages.registry import PAGES, visible_pages
from carelog.ui.widgets.report_panel import ReportPanel

MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _letter(text: str) -> str | None:
    m = MNEMONIC.search(text)
    return m.group(1).lower() if m else None


def test_tab_access_keys_are_unique() -> None:
    letters = [_letter(spec.title) for spec in PAGES]
    assert len([x for x in letters if x]) == len({x for x in letters if x}), letters


def test_shared_terminal_tabs_do_not_take_the_report_forms_access_keys(qtbot, sqlite_services: Services) -> None:  # type: ignore[no-untyped-def]
    from carelog.ui.events import AppEvents

    panel = ReportPanel(sqlite_services, AppEvents().listen_to(sqlite_services.ctx))
    qtbot.addWidget(panel)
    form_letters = {
        letter
        for w in panel.findChildren(QLabel) + panel.findChildren(QAbstractButton)
        if (letter := _letter(w.text()))
    }
    carer = Actor(7, "Carer Jo", Role.CARE_STAFF)
    tabs = {spec.key: spec for spec in PAGES}
    for key in visible_pages(carer, quick_report_mode=True):  # the shared terminal (the default mode)
        letter = _letter(tabs[key].title)
        assert letter not in form_letters, f"tab {key!r} takes Alt+{letter}, which the report form uses"
