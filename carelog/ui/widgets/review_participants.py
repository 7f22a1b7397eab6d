"""Who took part in a review: one line each with a name, who they are (staff, the person, family...) and a role."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carelog.core.review_dto import Participant, ParticipantInput, ParticipantKind


class _Row:
    def __init__(self) -> None:
        self.name = QLineEdit()
        self.name.setPlaceholderText("Name (or ID code for the person supported)")
        self.kind = QComboBox()
        for kind in ParticipantKind:
            self.kind.addItem(kind.label, kind)
        self.role = QLineEdit()
        self.role.setPlaceholderText("Role, e.g. night senior, daughter, district nurse")
        self.remove = QPushButton("Remove")


class ReviewParticipantsEditor(QWidget):
    participants_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._grid = QGridLayout()
        self._grid.addWidget(QLabel("<b>Name</b>"), 0, 0)
        self._grid.addWidget(QLabel("<b>Took part as</b>"), 0, 1)
        self._grid.addWidget(QLabel("<b>Role</b>"), 0, 2)
        self._grid.setColumnStretch(0, 2)
        self._grid.setColumnStretch(2, 2)
        self.add_button = QPushButton("&Add someone who took part")
        self.add_button.clicked.connect(lambda: self.add_row())
        intro = QLabel(
            "Include the staff involved, and the person supported or their family where they took part: "
            "their view of what happened is part of the learning."
        )
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self._grid)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def add_row(self, participant: ParticipantInput | None = None) -> None:
        row = _Row()
        if participant is not None:
            row.name.setText(participant.name)
            row.kind.setCurrentIndex(row.kind.findData(participant.kind))
            row.role.setText(participant.role)
        index = len(self._rows) + 1
        self._grid.addWidget(row.name, index, 0)
        self._grid.addWidget(row.kind, index, 1)
        self._grid.addWidget(row.role, index, 2)
        self._grid.addWidget(row.remove, index, 3)
        row.remove.clicked.connect(lambda: self._remove(row))
        row.name.textEdited.connect(self.participants_changed)
        row.role.textEdited.connect(self.participants_changed)
        row.kind.activated.connect(self.participants_changed)
        self._rows.append(row)
        self.participants_changed.emit()

    def _remove(self, row: _Row) -> None:
        self.set_participants([self._value(r) for r in self._rows if r is not row])
        self.participants_changed.emit()

    @staticmethod
    def _value(row: _Row) -> ParticipantInput:
        return ParticipantInput(
            row.name.text().strip(), ParticipantKind(row.kind.currentData()), row.role.text().strip()
        )

    def set_participants(self, participants: Sequence[Participant | ParticipantInput]) -> None:
        for row in self._rows:
            for w in (row.name, row.kind, row.role, row.remove):
                self._grid.removeWidget(w)
                w.deleteLater()
        self._rows = []
        for p in participants:
            self.add_row(ParticipantInput(p.name, p.kind, p.role))

    def participants(self) -> tuple[ParticipantInput, ...]:
        """Lines with nothing typed are left out."""
        return tuple(v for v in (self._value(r) for r in self._rows) if v.name or v.role)

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        for row in self._rows:
            row.name.setReadOnly(read_only)
            row.role.setReadOnly(read_only)
            row.kind.setEnabled(not read_only)
            row.remove.setEnabled(not read_only)
