"""Create or edit one golden-thread record (complaint, compliment, safeguarding concern, Duty of Candour, debrief,
follow-up audit). The form is built from core.thread_records.FIELD_SPECS; care staff see only the raise fields."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carelog.core.errors import CareLogError, ValidationError
from carelog.core.permissions import Permission, allowed
from carelog.core.thread_records import FIELD_SPECS, INPUT_TYPES, START_FIELD, FieldSpec, RecordKind, RecordView
from carelog.ui.style import ERROR_STYLE

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

NO_DATE = QDate(2000, 1, 1)


class RecordDialog(QDialog):
    """Saves through ThreadRecordService; on success `saved` holds the saved record."""

    def __init__(
        self, services: Services, kind: RecordKind, record: RecordView | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._kind = kind
        self._record = record
        self.saved: RecordView | None = None
        manager = allowed(services.ctx.actor, Permission.MANAGE_CONCERNS)
        self.setWindowTitle(f"{kind.label} {record.label}" if record else f"New {kind.label.lower()}")
        self.widgets: dict[str, QWidget] = {}
        self._specs = [s for s in FIELD_SPECS[kind] if manager or s.raise_field]
        self._labels = {s.name: s.label for s in FIELD_SPECS[kind]}
        body = QWidget()
        body_layout = QVBoxLayout(body)
        forms: dict[str, QFormLayout] = {}
        for spec in self._specs:
            if spec.section not in forms:
                box = QGroupBox(spec.section) if spec.section else QWidget()
                forms[spec.section] = QFormLayout(box)
                body_layout.addWidget(box)
            widget = self._widget(spec)
            self.widgets[spec.name] = widget
            forms[spec.section].addRow(spec.label, widget)
        if not manager:
            note = QLabel("A manager will acknowledge, investigate and respond; you will not need to do more here.")
            note.setWordWrap(True)
            body_layout.addWidget(note)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)
        self.resize(640, 720 if len(self._specs) > 8 else 480)
        self._fill(record.data if record else INPUT_TYPES[kind](**_today_start(kind, services.ctx.clock().date())))

    # ------------------------------------------------------------------------------------------ widgets
    def _widget(self, spec: FieldSpec) -> QWidget:
        if spec.kind == "date":
            w = QDateEdit()
            w.setCalendarPopup(True)
            w.setDisplayFormat("dd MMM yyyy")
            w.setMinimumDate(NO_DATE)
            w.setSpecialValueText("Not yet")
            return w
        if spec.kind == "long":
            t = QPlainTextEdit()
            t.setFixedHeight(64)
            return t
        if spec.kind == "choice":
            c = QComboBox()
            if not any(v == "" for v, _l in spec.choices):
                c.addItem("Choose…", "")
            for value, label in spec.choices:
                c.addItem(label, value)
            return c
        if spec.kind == "combo":
            c = QComboBox()
            c.setEditable(True)
            c.addItems(["", *spec.suggestions])
            return c
        if spec.kind == "bool":
            return QCheckBox()
        if spec.kind == "percent":
            s = QSpinBox()
            s.setRange(-1, 100)
            s.setSpecialValueText("Not scored")
            s.setSuffix(" %")
            return s
        if spec.kind == "review":
            c = QComboBox()
            c.addItem("None", None)
            for choice in self._services.actions.reviews():
                c.addItem(choice.label, choice.id)
            return c
        if spec.kind == "actions":
            lst = QListWidget()
            lst.setFixedHeight(96)
            for choice in self._services.records.action_choices():
                item = QListWidgetItem(f"{choice.id}: {choice.label}")
                item.setData(Qt.ItemDataRole.UserRole, choice.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                lst.addItem(item)
            return lst
        line = QLineEdit()
        if spec.kind == "incident":
            line.setPlaceholderText("e.g. INC-2026-0042 (leave blank if none)")
        return line

    def _fill(self, data: Any) -> None:
        for spec in self._specs:
            w, value = self.widgets[spec.name], getattr(data, spec.name)
            if isinstance(w, QDateEdit):
                w.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
            elif isinstance(w, QPlainTextEdit):
                w.setPlainText(value or "")
            elif isinstance(w, QComboBox) and w.isEditable():
                w.setCurrentText(value or "")
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(value)))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QSpinBox):
                w.setValue(-1 if value is None else int(value))
            elif isinstance(w, QListWidget):
                for i in range(w.count()):
                    item = w.item(i)
                    ticked = item.data(Qt.ItemDataRole.UserRole) in value
                    item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            elif isinstance(w, QLineEdit):
                w.setText(self._record.incident_reference if spec.kind == "incident" and self._record else value or "")
                if spec.kind == "incident" and value is None:
                    w.setText("")

    def collect(self) -> Any:
        """The input dataclass from the form; fields care staff do not see keep their stored (or blank) values."""
        base = self._record.data if self._record else INPUT_TYPES[self._kind]()
        values = {f.name: getattr(base, f.name) for f in fields(base)}
        for spec in self._specs:
            w = self.widgets[spec.name]
            if isinstance(w, QDateEdit):
                d = w.date()
                values[spec.name] = None if d == NO_DATE else date(d.year(), d.month(), d.day())
            elif isinstance(w, QPlainTextEdit):
                values[spec.name] = w.toPlainText()
            elif isinstance(w, QComboBox) and w.isEditable():
                values[spec.name] = w.currentText()
            elif isinstance(w, QComboBox):
                values[spec.name] = w.currentData()
            elif isinstance(w, QCheckBox):
                values[spec.name] = w.isChecked()
            elif isinstance(w, QSpinBox):
                values[spec.name] = None if w.value() < 0 else w.value()
            elif isinstance(w, QListWidget):
                values[spec.name] = tuple(
                    int(w.item(i).data(Qt.ItemDataRole.UserRole))
                    for i in range(w.count())
                    if w.item(i).checkState() == Qt.CheckState.Checked
                )
            elif isinstance(w, QLineEdit) and spec.kind == "incident":
                ref = w.text().strip()
                values[spec.name] = self._services.actions.resolve_references([ref])[0] if ref else None
            elif isinstance(w, QLineEdit):
                values[spec.name] = w.text()
        return INPUT_TYPES[self._kind](**values)

    def save(self) -> None:
        try:
            data = self.collect()
            records = self._services.records
            if self._record is None:
                self.saved = records.create(self._kind, data)
            else:
                self.saved = records.update(self._kind, self._record.id, data, self._record.version)
        except ValidationError as exc:
            self.show_errors({self._labels.get(k, k.replace("_", " ").capitalize()): v for k, v in exc.errors.items()})
            return
        except CareLogError as exc:
            self.show_errors({"Not saved": str(exc)})
            return
        self.accept()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.errors.setText("Not saved yet. Please fix:\n" + "\n".join(f"• {k}: {v}" for k, v in errors.items()))
        self.errors.show()


def _today_start(kind: RecordKind, today: date) -> dict[str, Any]:
    """A new record starts today (Duty of Candour starts from its incident instead)."""
    return {} if kind == RecordKind.CANDOUR else {START_FIELD[kind]: today}
