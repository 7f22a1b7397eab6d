"""The contributing-factor checklist: SEIPS headings, care-home prompts with a tick box, YCFF domain, a note."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTreeView, QVBoxLayout, QWidget

from carelog.core.factors import SeipsHeading, prompts_under
from carelog.core.review_dto import FactorInput, ReviewFactor

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
COL_PROMPT, COL_DOMAIN, COL_NOTE = range(3)


class ReviewFactorsEditor(QWidget):
    factors_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(
            ["Contributing factor (tick all that played a part)", "YCFF domain", "Note"]
        )
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setUniformRowHeights(True)
        header = self.view.header()
        header.setSectionResizeMode(COL_PROMPT, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.setColumnWidth(COL_PROMPT, 430)
        self.view.setColumnWidth(COL_DOMAIN, 220)
        hint = QLabel(
            "Tick a factor with the space bar or a click; double-click the Note column to say how it played a part."
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addWidget(self.view)
        self._items: dict[str, tuple[QStandardItem, QStandardItem]] = {}
        self._loading = False
        self._build()
        self.model.itemChanged.connect(self._on_model_item_changed)

    def _build(self) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        for heading in SeipsHeading:
            head = QStandardItem(heading.label)
            head.setFont(bold)
            head.setEditable(False)
            head.setSelectable(False)
            filler = [QStandardItem(""), QStandardItem("")]
            for f in filler:
                f.setEditable(False)
            for p in prompts_under(heading):
                item = QStandardItem(p.text)
                item.setCheckable(True)
                item.setEditable(False)
                item.setData(p.code, CODE_ROLE)
                domain = QStandardItem(p.ycff_domain.label)
                domain.setEditable(False)
                note = QStandardItem("")
                note.setEditable(True)
                note.setData(p.code, CODE_ROLE)
                head.appendRow([item, domain, note])
                self._items[p.code] = (item, note)
            self.model.appendRow([head, *filler])
        self.view.expandAll()

    def set_factors(self, factors: Sequence[ReviewFactor]) -> None:
        self._loading = True
        try:
            chosen = {f.prompt_code: f.note for f in factors}
            for code, (item, note) in self._items.items():
                item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
                note.setText(chosen.get(code, ""))
                note.setToolTip(chosen.get(code, ""))
        finally:
            self._loading = False

    def factors(self) -> tuple[FactorInput, ...]:
        return tuple(
            FactorInput(code, note.text().strip())
            for code, (item, note) in self._items.items()
            if item.checkState() == Qt.CheckState.Checked
        )

    def set_checked(self, code: str, checked: bool, note: str = "") -> None:
        item, note_item = self._items[code]
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        if note:
            note_item.setText(note)

    def set_read_only(self, read_only: bool) -> None:
        for item, note in self._items.values():
            item.setCheckable(not read_only)
            item.setEnabled(True)
            note.setEditable(not read_only)

    def _on_model_item_changed(self, item: QStandardItem) -> None:
        if self._loading:
            return
        code = item.data(CODE_ROLE)
        if code and item.column() == COL_NOTE and item.toolTip() != item.text():
            item.setToolTip(item.text())
        if code and item.column() == COL_NOTE and item.text().strip():
            # writing a note ticks the factor: the note only makes sense for a factor that played a part
            box = self._items[code][0]
            if box.checkState() != Qt.CheckState.Checked:
                box.setCheckState(Qt.CheckState.Checked)
        self.factors_changed.emit()
