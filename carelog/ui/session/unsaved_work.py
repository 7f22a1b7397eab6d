"""What a page (or a widget inside it) offers when it may hold work not yet saved, such as a half-typed report.

Before the screen locks, the session guard asks each one to keep its work for the person signed in now (the
report panel writes a draft that only its owner gets back). A page opts in simply by having the method.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget


@runtime_checkable
class HoldsUnsavedWork(Protocol):
    def save_draft(self) -> None:
        """Keep unsaved work for the person signed in now; do nothing if there is none."""


def keep_unsaved_work(pages: list[QWidget]) -> int:
    """Ask every page, and every widget inside them, that holds unsaved work to keep it. Returns how many asked."""
    asked = 0
    for page in pages:
        for widget in [page, *page.findChildren(QWidget)]:
            if isinstance(widget, HoldsUnsavedWork):
                widget.save_draft()
                asked += 1
    return asked
