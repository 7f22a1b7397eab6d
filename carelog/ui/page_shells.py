"""Empty page shells built while the person's PIN is checked (start-up time).

A shell is a page's widgets with no services, no data and no one's name: building one calls no service, so it
does not depend on who signs in. It is built while the PIN is checked (in a worker thread, see SignInForm) and
never shown as it is; if the PIN is wrong it is deleted. After sign-in, the main window takes the shell of
the page it builds and attaches the services to it (the page then loads that person's data); every shell not
taken then is deleted, and none is made again (later pages are built as usual).

Only pages whose class takes (None, None, None) and has attach(services, events, runner) have a shell (SHELLS).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from carelog.services.registry import Services
    from carelog.ui.events import AppEvents
    from carelog.ui.task_runner import TaskRunner

logger = logging.getLogger(__name__)
# the care staff's shared-terminal screen: the first tab with the most widgets (a manager's Home is light)
SHELLS = ("quick",)


class _Attachable(Protocol):
    def attach(self, services: Services, events: AppEvents, runner: TaskRunner | None) -> None: ...


class PageShells:
    def __init__(self, size: Callable[[], QSize] | None = None) -> None:
        """size: about the size the page will have on screen (the window's)."""
        self._size = size or (lambda: QSize(1280, 720))
        self._shells: dict[str, QWidget] = {}
        self._holder: QWidget | None = None
        self._closed = False

    def prepare(self, key: str) -> None:
        """Build the shell of page `key` (once; not after discard)."""
        from carelog.ui.pages.registry import spec_for

        spec = spec_for(key)
        if self._closed or key in self._shells or key not in SHELLS or spec is None:
            return
        module, _, name = spec.factory.partition(":")
        page = getattr(importlib.import_module(module), name)(None, None, None)
        # Kept inside a hidden holder and never drawn, so no native window is made for it: one made while the
        # person typed cost them keys under a window manager (openbox, tests/e2e), as drawing it off screen did
        if self._holder is None:
            self._holder = QWidget()
        page.setParent(self._holder)
        page.ensurePolished()  # styles and fonts resolved now
        page.resize(self._size())
        layout = page.layout()
        if layout is not None:
            layout.activate()  # laid out at about its size on screen
        self._shells[key] = page
        logger.debug("Prepared the %s page's shell", key)

    def take(self, key: str, services: Services, events: AppEvents, runner: TaskRunner | None) -> QWidget | None:
        """The shell of page `key` with these services attached (it loads the signed-in person's data now);
        None if there is no shell of it."""
        shell = self._shells.pop(key, None)
        if shell is not None:
            shell.setParent(None)  # out of the holder (discard deletes it): the caller puts it in its tab
            cast(_Attachable, shell).attach(services, events, runner)
            logger.debug("Used the %s page's shell", key)
        return shell

    def clear(self) -> None:
        """Delete every shell not taken (a sign-in failed); they may be made again for the next attempt."""
        self._shells.clear()
        if self._holder is not None:
            self._holder.deleteLater()  # with every shell still in it
            self._holder = None

    def discard(self) -> None:
        """Delete every shell not taken and make no more (after the first sign-in)."""
        self._closed = True
        self.clear()

    def keys(self) -> list[str]:
        return list(self._shells)
