"""Choose the people involved by ID code or name: type to narrow the list, Space or click to tick."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from carelog.core.dto import PersonRef


class PeoplePicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type a name or ID code to find a person…")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        self.list.setAccessibleName("People involved")
        self.chosen_label = QLabel("Nobody chosen")
        self.chosen_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.chosen_label)
        self._chosen: list[int] = []
        self._people: dict[int, PersonRef] = {}
        self.search.textChanged.connect(self._apply_search)
        self.search.returnPressed.connect(self._tick_single_match)
        self.list.itemChanged.connect(self._on_list_item_changed)

    def set_people(self, people: tuple[PersonRef, ...]) -> None:
        self._people = {p.id: p for p in people}
        self.list.blockSignals(True)
        self.list.clear()
        for p in people:
            item = QListWidgetItem(f"{p.code}  {p.display_name}")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.id in self._chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._apply_search()
        self._update_label()

    def person_ids(self) -> tuple[int, ...]:
        return tuple(self._chosen)

    def set_person_ids(self, ids: tuple[int, ...] | list[int]) -> None:
        self._chosen = [i for i in ids]
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            pid = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if pid in self._chosen else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._update_label()

    def _apply_search(self) -> None:
        text = self.search.text().strip().lower()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(text) and text not in item.text().lower())

    def _tick_single_match(self) -> None:
        visible = [self.list.item(r) for r in range(self.list.count()) if not self.list.item(r).isHidden()]
        if len(visible) == 1:
            item = visible[0]
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            self.search.clear()

    def _on_list_item_changed(self, item: QListWidgetItem) -> None:
        pid = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked and pid not in self._chosen:
            self._chosen.append(pid)
        elif item.checkState() != Qt.CheckState.Checked and pid in self._chosen:
            self._chosen.remove(pid)
        self._update_label()
        self.changed.emit()

    def _update_label(self) -> None:
        names = [f"{self._people[i].code} {self._people[i].display_name}" for i in self._chosen if i in self._people]
        self.chosen_label.setText("Chosen: " + "; ".join(names) if names else "Nobody chosen")
