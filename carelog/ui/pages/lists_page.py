"""The Lists tab (administrators): services and their locations, people supported, categories and subcategories.

Items are never deleted (old incidents refer to them); switching one off removes it from new reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from carelog.core.categories import format_synonyms
from carelog.core.dto import ReferenceData
from carelog.core.errors import CareLogError, ValidationError
from carelog.core.permissions import Permission, allowed
from carelog.ui.events import AppEvents
from carelog.ui.import_wizard import ImportWizard
from carelog.ui.style import OK_STYLE, show_message
from carelog.ui.task_runner import TaskRunner
from carelog.ui.widgets.occupancy_editor import OccupancyEditor

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
ACTIVE_ROLE = Qt.ItemDataRole.UserRole + 3
SYNONYMS_ROLE = Qt.ItemDataRole.UserRole + 4
OFF = QBrush(QColor("#8a8a8a"))

# Alt+S is the Session menu, so "Add subcategory" takes Alt+B
CHILD_BUTTONS = {"location": "Add &location…", "subcategory": "Add su&bcategory…"}


class ListEditor(QWidget):
    """A tree of parent items (services or categories) with children, or a flat list of people."""

    def __init__(self, services: Services, events: AppEvents, kind: str, child_kind: str | None, hint: str) -> None:
        super().__init__()
        self._services = services
        self._events = events
        self.kind = kind
        self.child_kind = child_kind
        self.model = QStandardItemModel(self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.add_button = QPushButton(f"&Add {kind}…")
        self.add_child_button = QPushButton(CHILD_BUTTONS[child_kind]) if child_kind else None
        self.rename_button = QPushButton("&Rename…")
        self.toggle_button = QPushButton("Switch o&ff")
        self.message = QLabel(hint)
        self.message.setWordWrap(True)
        self.synonyms = SynonymsEditor() if kind == "category" else None
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        if self.add_child_button is not None:
            buttons.addWidget(self.add_child_button)
            self.add_child_button.clicked.connect(self._on_add_child_clicked)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.toggle_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        if self.synonyms is not None:
            layout.addWidget(self.synonyms)
            self.synonyms.save_button.clicked.connect(self._on_save_synonyms_clicked)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.rename_button.clicked.connect(self._on_rename_clicked)
        self.toggle_button.clicked.connect(self._on_toggle_clicked)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)

    # ------------------------------------------------------------------------------------------ content
    def fill(self, ref: ReferenceData) -> None:
        chosen = self.selected()
        self.model.clear()
        if self.kind == "person":
            self.model.setHorizontalHeaderLabels(["ID code", "Name", "Service", "In use"])
            services = {s.id: s.name for s in ref.services}
            for p in sorted(ref.people, key=lambda x: x.code):
                row = [
                    _item(p.code, "person", p.id, p.active),
                    _item(p.display_name, "person", p.id, p.active),
                    _item(services.get(p.service_id or -1, ""), "person", p.id, p.active),
                    _item("yes" if p.active else "switched off", "person", p.id, p.active),
                ]
                self.model.appendRow(row)
        elif self.kind == "service":
            self.model.setHorizontalHeaderLabels(["Service / location", "In use"])
            for s in ref.services:
                parent = _item(s.name, "service", s.id, s.active)
                for loc in (x for x in ref.locations if x.service_id == s.id):
                    parent.appendRow(
                        [
                            _item(loc.name, "location", loc.id, loc.active),
                            _item("yes" if loc.active else "switched off", "location", loc.id, loc.active),
                        ]
                    )
                self.model.appendRow([parent, _item("yes" if s.active else "switched off", "service", s.id, s.active)])
        else:
            self.model.setHorizontalHeaderLabels(["Category / subcategory", "In use", "Words people use"])
            for c in ref.categories:
                parent = _item(c.name, "category", c.id, c.active)
                parent.setData(format_synonyms(c.synonyms), SYNONYMS_ROLE)
                for sub in c.subcategories:
                    parent.appendRow(
                        [
                            _item(sub.name, "subcategory", sub.id, sub.active),
                            _item("yes" if sub.active else "switched off", "subcategory", sub.id, sub.active),
                        ]
                    )
                in_use = _item("yes" if c.active else "switched off", "category", c.id, c.active)
                words = _item(format_synonyms(c.synonyms), "category", c.id, c.active)
                words.setToolTip(format_synonyms(c.synonyms))
                self.model.appendRow([parent, in_use, words])
        self.view.setColumnWidth(0, 320)
        self.view.setColumnWidth(1, 90)
        if self.kind == "service":
            self.view.expandAll()
        if chosen is not None:
            self._reselect(chosen[0], chosen[1])
        self._update_buttons()

    def _reselect(self, kind: str, item_id: int) -> None:
        """Keep the same item selected when the lists reload after a change."""
        for row in range(self.model.rowCount()):
            top = self.model.item(row, 0)
            for item in (top, *(top.child(i) for i in range(top.rowCount()))):
                if item.data(KIND_ROLE) == kind and item.data(ID_ROLE) == item_id:
                    self.view.setCurrentIndex(item.index())
                    return

    def selected(self) -> tuple[str, int, bool, QStandardItem] | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        item = self.model.itemFromIndex(index.siblingAtColumn(0))
        return item.data(KIND_ROLE), item.data(ID_ROLE), bool(item.data(ACTIVE_ROLE)), item

    def _update_buttons(self) -> None:
        chosen = self.selected()
        for b in (self.rename_button, self.toggle_button):
            b.setEnabled(chosen is not None)
        if self.add_child_button is not None:
            self.add_child_button.setEnabled(chosen is not None)
        if chosen is not None:
            self.toggle_button.setText("Switch o&ff" if chosen[2] else "Switch o&n")
        if self.synonyms is not None:
            category = chosen[3] if chosen is not None and chosen[0] == "category" else None
            self.synonyms.show_category(
                category.text() if category else None, category.data(SYNONYMS_ROLE) if category else ""
            )

    # ------------------------------------------------------------------------------------------ actions
    def _run(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except ValidationError as exc:
            show_message(self.message, "Not saved: " + " ".join(exc.errors.values()), ok=False)
            return False
        except CareLogError as exc:
            show_message(self.message, f"Not saved: {exc}", ok=False)
            return False
        self.message.setStyleSheet(OK_STYLE)
        return True

    def _on_add_clicked(self) -> None:
        lists = self._services.lists
        if self.kind == "person":
            dialog = PersonDialog(self._services.incidents.reference_data(), self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                code, name, service_id = dialog.values()
                if self._run(lambda: lists.add("person", name, service_id, code=code)):
                    self.message.setText(f"Added {code}.")
            return
        name, ok = QInputDialog.getText(self, f"Add {self.kind}", f"Name of the new {self.kind}:")
        if ok and self._run(lambda: lists.add(self.kind, name)):
            self.message.setText(f"Added {name.strip()}.")

    def _on_add_child_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None or self.child_kind is None:
            return
        kind, item_id, _active, item = chosen
        if kind == self.child_kind:  # a child is selected: add beside it, under the same parent
            parent = item.parent()
            item_id, label = parent.data(ID_ROLE), parent.text()
        else:
            label = item.text()
        name, ok = QInputDialog.getText(self, f"Add {self.child_kind}", f"New {self.child_kind} in {label}:")
        if ok and self._run(lambda: self._services.lists.add(self.child_kind or "", name, item_id)):
            self.message.setText(f"Added {name.strip()} to {label}.")

    def _on_rename_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        kind, item_id, _active, item = chosen
        current = self.model.item(item.row(), 1).text() if kind == "person" else item.text()
        name, ok = QInputDialog.getText(self, "Rename", "New name:", QLineEdit.EchoMode.Normal, current)
        if ok and self._run(lambda: self._services.lists.rename(kind, item_id, name)):
            self.message.setText(f"Renamed to {name.strip()}; existing records show the new name.")

    def _on_save_synonyms_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen[0] != "category" or self.synonyms is None:
            return
        _kind, item_id, _active, item = chosen
        name, text = item.text(), self.synonyms.edit.text()
        saved: list[tuple[str, ...]] = []
        if self._run(lambda: saved.append(self._services.lists.set_synonyms(item_id, text))):
            words = saved[0]
            self.message.setText(
                f"Saved {len(words)} word(s) for {name}; the report form finds {name} by them."
                if words
                else f"Saved: {name} is found by its name only."
            )

    def _on_toggle_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        kind, item_id, active, item = chosen
        if active:
            answer = QMessageBox.question(
                self,
                "Switch off",
                f"Switch off '{item.text()}'? It stays on old records but is no longer offered on new reports.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self._run(lambda: self._services.lists.set_active(kind, item_id, not active)):
            self.message.setText(f"'{item.text()}' switched {'off' if active else 'on'}.")


class SynonymsEditor(QWidget):
    """The words care staff use for the selected category ("fell", "found on floor"), comma-separated."""

    def __init__(self) -> None:
        super().__init__()
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("e.g. fell, found on floor, slipped and fell")
        self.edit.setAccessibleName("Words people use for the category")
        self.save_button = QPushButton("Sa&ve words")
        self.label = QLabel("&Words people use")
        self.label.setBuddy(self.edit)
        self.hint = QLabel("Choose a category to see and edit the words the report form finds it by.")
        self.hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.label)
        row.addWidget(self.edit, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        self.edit.returnPressed.connect(self.save_button.click)
        self.show_category(None, "")

    def show_category(self, name: str | None, synonyms: str) -> None:
        self.edit.setText(synonyms)
        for w in (self.edit, self.save_button):
            w.setEnabled(name is not None)
        self.hint.setText(
            f"Separate words with commas. Typing any of them in the report form's category box offers {name}."
            if name
            else "Choose a category to see and edit the words the report form finds it by."
        )


class PersonDialog(QDialog):
    def __init__(self, ref: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a person supported")
        self.code = QLineEdit()
        self.code.setPlaceholderText("e.g. WB-061")
        self.name = QLineEdit()
        self.service = QComboBox()
        for s in ref.services:
            self.service.addItem(s.name, s.id)
        form = QFormLayout(self)
        form.addRow("&ID code", self.code)
        form.addRow("&Name", self.name)
        form.addRow("&Service", self.service)
        form.addRow(QLabel("The ID code is used instead of the name in exports and pseudonymised packs."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, int | None]:
        return self.code.text(), self.name.text(), self.service.currentData()


class ListsPage(QWidget):
    def __init__(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        super().__init__()
        self._services = services
        self.services_editor = ListEditor(
            services,
            events,
            "service",
            "location",
            "Homes and services, with the places inside them that reports can name.",
        )
        self.people_editor = ListEditor(
            services,
            events,
            "person",
            None,
            "People supported. Reports and exports use the ID code; the name is shown only inside CareLog.",
        )
        self.categories_editor = ListEditor(
            services,
            events,
            "category",
            "subcategory",
            "What reports are about. Keep categories broad and comparable over time; add subcategories for detail.",
        )
        tabs = QTabWidget()
        tabs.addTab(self.services_editor, "S&ervices and locations")
        tabs.addTab(self.people_editor, "&People supported")
        tabs.addTab(self.categories_editor, "&Categories")
        self.occupancy_editor = OccupancyEditor(services)
        tabs.addTab(self.occupancy_editor, "&Occupancy")
        self.tabs = tabs
        self._runner = runner
        self.import_button = QPushButton("&Import incidents from a file…")
        self.import_button.setToolTip("Bring in incidents from a CSV file or an Excel workbook (can be undone)")
        self.import_button.clicked.connect(self._on_import_clicked)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(tabs)
        events.reference_data_changed.connect(self.reload)
        events.identity_changed.connect(self.reload)
        self.reload()

    def open_import_wizard(self) -> ImportWizard:
        wizard = ImportWizard(self._services, self._runner, self)
        wizard.open()  # window-modal: the lists behind it refresh when it has imported
        return wizard

    def _on_import_clicked(self) -> None:
        self.open_import_wizard()

    def reload(self) -> None:
        if not allowed(self._services.ctx.actor, Permission.EDIT_LISTS):
            ref = ReferenceData((), (), (), ())  # not an administrator: the tab is hidden and holds nothing
        else:
            ref = self._services.lists.all_items()
        for editor in (self.services_editor, self.people_editor, self.categories_editor):
            editor.fill(ref)
        self.occupancy_editor.fill(ref)


def _item(text: str, kind: str, item_id: int, active: bool) -> QStandardItem:
    item = QStandardItem(text)
    item.setData(kind, KIND_ROLE)
    item.setData(item_id, ID_ROLE)
    item.setData(active, ACTIVE_ROLE)
    if not active:
        item.setForeground(OFF)
    return item
