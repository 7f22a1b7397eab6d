"""The main window only assembles pages: the tabs come from the page registry (ui/pages/registry.py), each built
the first time it is shown, and only for a person who may see it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carelog import APP_NAME, __version__
from carelog.ui.lazy_page import LazyPage
from carelog.ui.page_shells import PageShells
from carelog.ui.resources import app_icon
from carelog.ui.session.unsaved_work import keep_unsaved_work
from carelog.ui.task_runner import TaskRunner
from carelog.ui.window_geometry import remember_geometry

if TYPE_CHECKING:  # keeps SQLAlchemy out of the import path until the database is opened
    from PySide6.QtGui import QCloseEvent

    from carelog.services.registry import Services
    from carelog.ui.events import AppEvents
    from carelog.ui.pages.registry import PageLink, PageSpec

# The page registry, the app's events and the Qt names used once pages exist are imported where they are used:
# the window is painted before they load (start-up time; tests/ui/test_start_up_warm_up.py).

logger = logging.getLogger(__name__)


def first_input(page: QWidget) -> QWidget | None:
    """The first field in the page's Tab order that takes typing (not a button such as Sign out)."""
    from PySide6.QtCore import Qt  # (not at import: the window is painted before Qt's namespace loads)
    from PySide6.QtWidgets import QAbstractButton, QScrollArea

    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if (
            page.isAncestorOf(widget)
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not isinstance(widget, QAbstractButton | QScrollArea)
            and widget.isVisibleTo(page)
            and widget.isEnabled()
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None


class MainWindow(QMainWindow):
    """Shown at once as an empty shell ('Opening…' with a progress bar), then filled by install() once the
    database is open, so the window appears before SQLAlchemy and the pages have loaded."""

    page_built = Signal(str, QWidget)  # key, page

    def __init__(self, db_label: str = "") -> None:
        super().__init__()
        self.services: Services | None = None
        self.events: AppEvents | None = None
        self._runner: TaskRunner | None = None
        self.remembers_geometry = False  # the real app sets it; screenshots and tests leave no trace
        self.setWindowTitle(f"{APP_NAME} {__version__}" + (f" - {db_label}" if db_label else ""))
        self.setWindowIcon(QIcon(app_icon()))
        self.resize(1280, 720)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._on_current_changed)
        self._arranging = False
        self._loading: QWidget | None = None
        self._loading_text = QLabel("Opening CareLog…")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy until a step reports how far it is
        self.progress.setMaximumWidth(420)
        self.progress.setAccessibleName("Progress opening the database")
        self._build_loading()
        self._holders: dict[str, LazyPage] = {}
        self.shells = PageShells(self.size)  # built while the person signs in (ui/page_shells.py)
        self._status = QLabel()
        self.statusBar().addPermanentWidget(self._status)
        self._tab_shortcuts = [self._tab_shortcut(n) for n in range(1, 10)]
        # Ctrl+Q closes the window. A QShortcut, not QAction.setShortcut: that call loads Qt's whole namespace
        # (~40 ms) before the window is first painted
        self._quit_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self)
        self._quit_shortcut.activated.connect(self.close)

    def _tab_shortcut(self, number: int) -> QShortcut:
        """Alt+1..9 open the tabs in order; tab titles carry no Alt+letter, so every letter stays free for the
        fields of the page on screen (Alt+L for Location, not the Log tab)."""
        shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
        shortcut.activated.connect(lambda: self._on_tab_shortcut_activated(number - 1))
        return shortcut

    def _on_tab_shortcut_activated(self, index: int) -> None:
        if index < self.tabs.count() and self.tabs.tabBar().isVisible():
            self.tabs.setCurrentIndex(index)

    def _build_loading(self) -> None:
        loading = QWidget()
        layout = QVBoxLayout(loading)
        layout.addStretch(1)
        for widget in (self._loading_text, self.progress):  # centred by stretches: no Qt.AlignmentFlag, whose
            row = QHBoxLayout()  # namespace costs ~40 ms the first time, before the window is first painted
            row.addStretch(1)
            row.addWidget(widget)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addStretch(2)
        self._loading = loading
        self.setCentralWidget(loading)

    def show_waiting(self, text: str, percent: int | None = None) -> None:
        """Change the message shown until the pages are installed; percent None keeps the bar busy, -1 hides it."""
        if self._loading is None:
            return
        self._loading_text.setText(text)
        self.progress.setVisible(percent != -1)
        if percent is not None and percent >= 0:
            self.progress.setRange(0, 100)
            self.progress.setValue(percent)

    def install(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        """Show the tabs the person signed in now may see, in place of the 'Opening…' message."""
        self.services = services
        self.events = events
        self._runner = runner
        events.listen_to(services.ctx)  # committed writes -> the app's change signals (ui/events.py)
        from carelog.ui.pages.registry import pages_for

        self.setCentralWidget(self.tabs)
        self._loading = None
        self.show_pages(pages_for(services))
        self.shells.discard()  # the shells no page took: deleted, and no more are made
        self._update_status()
        events.identity_changed.connect(self._update_status)

    # ------------------------------------------------------------------------------------------ tabs
    def show_pages(self, keys: list[str]) -> None:
        """Make the tabs exactly these pages, in registry order. Pages no longer listed are torn down; new ones
        get a place-holder; only the tab on screen is built. A key without a registry entry is never shown."""
        from carelog.ui.pages.registry import spec_for

        wanted = [k for k in keys if spec_for(k) is not None]
        current = self.current_key()
        self._arranging = True
        try:
            for key in [k for k in self._holders if k not in wanted]:
                self._tear_down(key)
            for index, key in enumerate(wanted):
                holder = self._holders.get(key)
                if holder is None:
                    spec = spec_for(key)
                    assert spec is not None
                    holder = LazyPage(spec, self._build_page)
                    self._holders[key] = holder
                    self.tabs.insertTab(index, holder, spec.title)
            for index, key in enumerate(wanted):
                title = self._holders[key].spec.title.replace("&&", "&")
                self.tabs.setTabToolTip(index, f"{title} (Alt+{index + 1})" if index < 9 else title)
            self.tabs.tabBar().setVisible(len(wanted) > 1)
            if current in wanted:
                self.tabs.setCurrentWidget(self._holders[current])
            elif wanted:
                self.tabs.setCurrentIndex(0)
        finally:
            self._arranging = False
        self._on_current_changed(self.tabs.currentIndex())

    def clear_pages(self) -> None:
        """Tear every page down (the screen locks): nothing of the last person's records stays in memory."""
        self.show_pages([])

    def _tear_down(self, key: str) -> None:
        holder = self._holders.pop(key)
        if holder.page is not None:
            keep_unsaved_work([holder.page])  # a half-typed report becomes its author's draft first
        self.tabs.removeTab(self.tabs.indexOf(holder))
        relay = holder.property("events")
        from carelog.ui.events import AppEvents

        if isinstance(relay, AppEvents):
            relay.detach()  # the page hears no more changes, so it calls no service, before Qt deletes it
        holder.hide()
        holder.deleteLater()
        logger.debug("Tore down the %s page", key)

    def _build_page(self, spec: PageSpec) -> QWidget:
        assert self.services is not None and self.events is not None and self._runner is not None
        relay = self.events.relay()
        page = self.shells.take(spec.key, self.services, relay, self._runner)  # made while they signed in
        if page is None:
            page = spec.create(self.services, relay, self._runner)
        holder = self._holders[spec.key]
        holder.setProperty("events", relay)
        relay.setParent(holder)
        from carelog.ui.pages.registry import LINKS

        for link in LINKS:
            if link.source == spec.key:
                getattr(page, link.signal).connect(lambda *args, lk=link: self._follow(lk, args))
        self.page_built.emit(spec.key, page)
        return page

    def _follow(self, link: PageLink, args: tuple[object, ...]) -> None:
        if link.target not in self._holders:
            logger.info("Not following %s.%s: the %s page is not shown", link.source, link.signal, link.target)
            return
        if getattr(self.page(link.target), link.slot)(*args):
            self.show_page(link.target)

    def _on_current_changed(self, index: int) -> None:
        if self._arranging or index < 0:
            return
        holder = self.tabs.widget(index)
        if isinstance(holder, LazyPage):
            holder.ensure_built()

    @property
    def runner(self) -> TaskRunner | None:
        return self._runner

    def page(self, key: str) -> QWidget:
        """The page behind a tab that is shown (built now if it was not yet). KeyError if the tab is not shown."""
        return self._holders[key].ensure_built()

    def built_pages(self) -> dict[str, QWidget]:
        return {k: h.page for k, h in self._holders.items() if h.page is not None}

    def show_page(self, key: str) -> None:
        self.tabs.setCurrentWidget(self._holders[key])

    def page_keys(self) -> list[str]:
        """The keys of the tabs shown now, in order."""
        return list(self._holders)

    def current_key(self) -> str | None:
        holder = self.tabs.currentWidget()
        return holder.spec.key if isinstance(holder, LazyPage) else None

    def focus_current_page(self) -> None:
        """Put the keyboard in the first field of the page on screen (after sign-in, unlock)."""
        key = self.current_key()
        if key is None:
            return
        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.platformName() != "offscreen":
            self.activateWindow()  # without a window manager nobody else gives the window the keyboard
            self.raise_()
        page = self.page(key)
        focus = getattr(page, "focus_first_field", None)
        if callable(focus):
            focus()
            return
        first = first_input(page)
        if first is not None:
            first.setFocus()  # (Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------------------------------ status
    def _update_status(self) -> None:
        if self.services is None:
            return
        actor = self.services.ctx.actor
        self._status.setText(f"Signed in: {actor.name} ({actor.role.label})")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.remembers_geometry:
            remember_geometry(self)
        super().closeEvent(event)
