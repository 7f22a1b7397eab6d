"""The category box's completer: finds categories by name or by the words people use for them (core.categories).

Typing "wet" offers "Slip, trip or spill hazard (wet floor)", "tablets" offers "Medication (tablets)": the popup lists
core.categories.match_categories() for the typed text, best first, and choosing one selects that category.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter

from carelog.core.categories import CategoryMatch, best_category, match_categories
from carelog.core.dto import CategoryRef
from carelog.ui.widgets.combo_line_edit import combo_line_edit

CATEGORY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_SHOWN = 12


def match_label(match: CategoryMatch) -> str:
    """How a match is listed: the name, and the word that found it when that was a synonym."""
    return f"{match.category.name}  ({match.matched})" if match.by_synonym else match.category.name


class CategoryCompleter(QCompleter):
    """Attach to an editable QComboBox whose items carry category ids as their data."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self._combo = combo
        self._categories: tuple[CategoryRef, ...] = ()
        self._matches = QStandardItemModel(self)
        self.setModel(self._matches)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompletionRole(NAME_ROLE)  # what goes into the box: the category's name
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(MAX_SHOWN)
        combo.setCompleter(self)
        line_edit = combo_line_edit(combo)
        line_edit.textEdited.connect(self._on_text_edited)
        line_edit.returnPressed.connect(self._on_return_pressed)
        line_edit.editingFinished.connect(self._on_editing_finished)
        # PySide6's stubs do not type choosing a signal's overload by its argument type (activated[QModelIndex])
        self.activated[QModelIndex].connect(self._on_activated)  # type: ignore[index]

    def set_categories(self, categories: Sequence[CategoryRef]) -> None:
        self._categories = tuple(categories)

    def matches(self, text: str) -> list[CategoryMatch]:
        return match_categories(text, self._categories)[:MAX_SHOWN]

    def _on_text_edited(self, text: str) -> None:
        self._matches.clear()
        if not text.strip():
            self._hide_popup()
            return
        for match in self.matches(text):
            item = QStandardItem(match_label(match))
            item.setData(match.category.id, CATEGORY_ID_ROLE)
            item.setData(match.category.name, NAME_ROLE)
            item.setEditable(False)
            self._matches.appendRow(item)
        if self._matches.rowCount():
            self.complete()
        else:
            self._hide_popup()

    def _on_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        self._select(index.data(CATEGORY_ID_ROLE))

    def _typed(self) -> str | None:
        """The text in the box if it is not already the chosen category's name."""
        line_edit = self._combo.lineEdit()  # asked each time: a kept reference outlives it as the form closes
        text = line_edit.text() if line_edit is not None else ""
        if not text.strip() or text == self._combo.itemText(self._combo.currentIndex()):
            return None
        return text

    def _on_return_pressed(self) -> None:
        """Return takes the first category listed for the text, as shown at the top of the popup."""
        text = self._typed()
        found = self.matches(text) if text is not None else []
        if found:
            self._select(found[0].category.id)

    def _on_editing_finished(self) -> None:
        """Leaving the box keeps a category only if the text clearly means one (core.categories.best_category)."""
        text = self._typed()
        chosen = best_category(text, self._categories) if text is not None else None
        if chosen is not None:
            self._select(chosen.id)

    def _select(self, category_id: object) -> None:
        row = self._combo.findData(category_id)
        if row >= 0:
            self._combo.setCurrentIndex(row)
        self._hide_popup()

    def _hide_popup(self) -> None:
        popup = self.popup()  # Qt makes the popup on first use; PySide6 types it as optional
        if popup is not None:
            popup.hide()
