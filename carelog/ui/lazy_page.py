"""A tab's place-holder: builds its page from the registry the first time the tab is shown, and scrolls the page
when the window is smaller than the page needs (a 1280x720 laptop, or 150% scaling)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

if TYPE_CHECKING:  # the registry loads after the window is painted (start-up time)
    from carelog.ui.pages.registry import PageSpec

logger = logging.getLogger(__name__)


class LazyPage(QScrollArea):
    def __init__(self, spec: PageSpec, build: Callable[[PageSpec], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._build = build
        self.page: QWidget | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        from PySide6.QtCore import Qt  # (not at import: the window is painted before Qt's namespace loads)

        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own

    @property
    def is_built(self) -> bool:
        return self.page is not None

    def ensure_built(self) -> QWidget:
        if self.page is None:
            self.page = self._build(self.spec)
            self.setWidget(self.page)
            logger.debug("Built the %s page", self.spec.key)
        return self.page
