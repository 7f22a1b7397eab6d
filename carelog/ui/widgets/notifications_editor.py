"""Who was told: one row per notification kind with a tick, the time and a reference.

A notification's note (written by imports or earlier versions; no field here) is kept as it was and shown as the
row's tooltip, so saving the form never drops it."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QGridLayout, QLabel, QLineEdit, QWidget

from carelog.core.clock import Clock
from carelog.core.dto import NotificationInput
from carelog.core.enums import NotificationKind
from carelog.ui.qt_time import qdatetime, to_minute


class NotificationsEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, clock: Clock) -> None:
        super().__init__(parent)
        self._clock = clock
        self._notes: dict[NotificationKind, str] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("<b>Told</b>"), 0, 0)
        grid.addWidget(QLabel("<b>When</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Reference</b>"), 0, 2)
        self._rows: dict[NotificationKind, tuple[QCheckBox, QDateTimeEdit, QLineEdit]] = {}
        for r, kind in enumerate(NotificationKind, start=1):
            check = QCheckBox(kind.label)
            when = QDateTimeEdit(self._now())
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
                made_at = to_minute(when.dateTime())
                out.append(NotificationInput(kind, made_at, ref.text().strip(), self._notes.get(kind, "")))
        return tuple(out)

    def set_notifications(self, items: tuple[NotificationInput, ...]) -> None:
        given = {n.kind: n for n in items}
        self._notes = {kind: n.note for kind, n in given.items() if n.note}
        for kind, (check, when, ref) in self._rows.items():
            n = given.get(kind)
            check.setChecked(n is not None)
            ref.setText(n.reference if n else "")
            check.setToolTip(f"Note: {n.note}" if n is not None and n.note else "")
            if n is not None and n.made_at is not None:
                when.setDateTime(qdatetime(n.made_at))
            elif n is None:
                when.setDateTime(self._now())

    def _now(self) -> QDateTime:
        return qdatetime(self._clock().replace(second=0))
