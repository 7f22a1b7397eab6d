"""Who was told: one row per notification kind with a tick, the time and a reference."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QGridLayout, QLabel, QLineEdit, QWidget

from carelog.core.dto import NotificationInput
from carelog.core.enums import NotificationKind


class NotificationsEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("<b>Told</b>"), 0, 0)
        grid.addWidget(QLabel("<b>When</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Reference</b>"), 0, 2)
        self._rows: dict[NotificationKind, tuple[QCheckBox, QDateTimeEdit, QLineEdit]] = {}
        for r, kind in enumerate(NotificationKind, start=1):
            check = QCheckBox(kind.label)
            when = QDateTimeEdit(QDateTime.currentDateTime())
            when.setDisplayFormat("dd/MM/yyyy HH:mm")
            when.setCalendarPopup(True)
            when.setEnabled(False)
            ref = QLineEdit()
            ref.setEnabled(False)
            ref.setPlaceholderText("crime no., CQC or HSE ref…")
            ref.setMinimumWidth(80)
            ref.setAccessibleName(f"{kind.label} reference")
            when.setAccessibleName(f"{kind.label}: when told")
            check.toggled.connect(when.setEnabled)
            check.toggled.connect(ref.setEnabled)
            check.toggled.connect(self.changed)
            when.dateTimeChanged.connect(self.changed)
            ref.textChanged.connect(self.changed)
            grid.addWidget(check, r, 0)
            grid.addWidget(when, r, 1)
            grid.addWidget(ref, r, 2)
            self._rows[kind] = (check, when, ref)
        grid.setColumnStretch(2, 1)

    def notifications(self) -> tuple[NotificationInput, ...]:
        out = []
        for kind, (check, when, ref) in self._rows.items():
            if check.isChecked():
                out.append(NotificationInput(kind, when.dateTime().toPython().replace(second=0), ref.text().strip()))
        return tuple(out)

    def set_notifications(self, items: tuple[NotificationInput, ...]) -> None:
        given = {n.kind: n for n in items}
        for kind, (check, when, ref) in self._rows.items():
            n = given.get(kind)
            check.setChecked(n is not None)
            ref.setText(n.reference if n else "")
            if n is not None and n.made_at is not None:
                when.setDateTime(QDateTime(n.made_at))
            elif n is None:
                when.setDateTime(QDateTime.currentDateTime())

    def to_values(self) -> list[dict[str, str]]:
        return [
            {"kind": n.kind.value, "made_at": n.made_at.isoformat() if n.made_at else "", "reference": n.reference}
            for n in self.notifications()
        ]

    def set_values(self, values: list[dict[str, str]]) -> None:
        items = []
        for v in values:
            try:
                made = datetime.fromisoformat(v["made_at"]) if v.get("made_at") else None
                items.append(NotificationInput(NotificationKind(v["kind"]), made, v.get("reference", "")))
            except (KeyError, ValueError):
                continue
        self.set_notifications(tuple(items))
