"""The incident report form: the essentials first (done in under a minute by keyboard), more details below.

Used for new reports (with an autosaved draft) and for editing an existing record. Validation messages from
the service appear in red under the field they concern.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from carelog.core import incident_codec as codec
from carelog.core.categories import best_category
from carelog.core.clock import Clock
from carelog.core.dto import IncidentInput, ReferenceData
from carelog.core.enums import Kind, PhysicalHarm, PsychologicalHarm
from carelog.core.risk import CONSEQUENCES, LIKELIHOODS, risk_band, risk_score
from carelog.ui.theme import FOCUS_RING, NOTE_STYLE, error_style, ok_style
from carelog.ui.widgets.body_map import BodyMap
from carelog.ui.widgets.category_completer import CategoryCompleter
from carelog.ui.widgets.combo_line_edit import combo_line_edit
from carelog.ui.widgets.notifications_editor import NotificationsEditor
from carelog.ui.widgets.people_picker import PeoplePicker
from carelog.ui.widgets.when_edit import WhenEdit


class IncidentForm(QWidget):
    """Emits `changed` on every edit and `submitted` when the user asks to save (button, Ctrl+Enter, Ctrl+S).

    Tab order follows the page top to bottom, one stop per field: kind, category, subcategory, what happened,
    when (one text field, "now" by default), service, location, people, immediate action, harm."""

    changed = Signal()
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None, *, clock: Clock, editing: bool = False) -> None:
        super().__init__(parent)
        self._clock = clock
        self._ref: ReferenceData | None = None
        self._loading = False
        self._errors: dict[str, QLabel] = {}
        self._status_is_confirmation = False
        self.editing = editing

        self.kind = QComboBox()
        for k in Kind:
            self.kind.addItem(k.label, k.value)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo_line_edit(self.category).setPlaceholderText("Type to find, e.g. fell, tablets, wet floor…")
        self.category_completer = CategoryCompleter(self.category)
        self.subcategory = QComboBox()
        self.occurred_at = WhenEdit(clock)
        self.now_button = self.occurred_at.now_button
        self.service = QComboBox()
        self.location = QComboBox()
        self.people = PeoplePicker()
        self.account = _text_edit("Facts only: what you saw and heard, where, who was there.")
        self.immediate_action = _text_edit("First aid, who you called, how you made the person safe.")
        self.physical_harm = QComboBox()
        for h in PhysicalHarm:
            self.physical_harm.addItem(h.label, h.value)
        self.psychological_harm = QComboBox()
        for ph in PsychologicalHarm:
            self.psychological_harm.addItem(ph.label, ph.value)

        self.reporter_name = QLineEdit()
        self.witnesses = QLineEdit()
        self.witnesses.setPlaceholderText("Names of staff or visitors who saw it")
        self.injury = QCheckBox("There is an injury (mark it on the body map)")
        self.body_map = BodyMap()
        self.post_fall = _text_edit("Observations after a fall: pulse, blood pressure, neuro checks and times.")
        self.consequence = QComboBox()
        self.likelihood = QComboBox()
        self.consequence.addItem("Not rated", None)
        self.likelihood.addItem("Not rated", None)
        for n, label in CONSEQUENCES.items():
            self.consequence.addItem(f"{n} {label}", n)
        for n, label in LIKELIHOODS.items():
            self.likelihood.addItem(f"{n} {label}", n)
        self.risk_band = QLabel("")
        self.consequence.setToolTip("Consequence (1-5) × likelihood (1-5), NPSA risk matrix")
        self.notifications = NotificationsEditor(clock=clock)
        self.risk_assessment_reviewed = QCheckBox("Risk assessment reviewed")
        self.care_plan_reviewed = QCheckBox("Care plan reviewed")

        self.save_button = QPushButton("Save changes" if editing else "Save report")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Ctrl+Enter or Ctrl+S")
        self.clear_button = QPushButton("Clear form")
        self.clear_button.setVisible(not editing)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.banner.setStyleSheet(NOTE_STYLE)
        self.discard_draft_button = QPushButton("Discard the restored draft")
        self.discard_draft_button.setVisible(False)

        self.setStyleSheet(FOCUS_RING)
        self._build_layout()
        self._connect()
        self._update_risk()
        self.injury.setChecked(False)
        self.body_map.setEnabled(False)

    # ------------------------------------------------------------------------------------------ layout
    def _build_layout(self) -> None:
        essentials = QGroupBox("Report: the essentials")
        form = QFormLayout(essentials)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        harm_row = QHBoxLayout()
        harm_row.addWidget(self.physical_harm, 1)
        harm_row.addWidget(_buddy_label("Ps&ychological", self.psychological_harm))
        harm_row.addWidget(self.psychological_harm, 1)
        self._add_row(form, "&What kind *", self.kind, "kind")
        self._add_row(form, "&Category *", self.category, "category_id")
        self._add_row(form, "S&ubcategory", self.subcategory, "subcategory_id")
        self._add_row(form, "What h&appened *", self.account, "account")
        self._add_row(form, "W&hen it happened *", self.occurred_at, "occurred_at", buddy=self.occurred_at.edit)
        self._add_row(form, "Ser&vice *", self.service, "service_id")
        self._add_row(form, "&Location", self.location, "location_id")
        self._add_row(form, "&People involved", self.people, "person_ids", buddy=self.people.search)
        self._add_row(form, "&Immediate action", self.immediate_action, "immediate_action")
        self._add_row(form, "Physical har&m", _wrap(harm_row), "physical_harm", buddy=self.physical_harm)

        self.more_toggle = QToolButton()
        self.more_toggle.setObjectName("moreToggle")
        self.more_toggle.setText("More details (optional): witnesses, injury, risk, who was told")
        self.more_toggle.setCheckable(True)
        self.more_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.more = QGroupBox("More details")
        more = QFormLayout(self.more)
        more.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add_row(more, "Reported &by", self.reporter_name, "reporter_name")
        self._add_row(more, "Wi&tnesses", self.witnesses, "witnesses")
        more.addRow("", self.injury)
        self._add_row(more, "Body map", self.body_map, "body_sites")
        self._add_row(more, "Post-fall observations", self.post_fall, "post_fall_observations")
        risk_row = QHBoxLayout()
        risk_row.addWidget(self.consequence, 1)
        risk_row.addWidget(_buddy_label("× li&kelihood", self.likelihood))
        risk_row.addWidget(self.likelihood, 1)
        risk_row.addWidget(self.risk_band)
        self._add_row(more, "&Risk rating", _wrap(risk_row), "risk", buddy=self.consequence)
        told_label = QLabel("<b>Who was told</b> (tick, then give the time and any reference)")
        more.addRow(told_label)
        more.addRow(self.notifications)
        self._errors["notifications"] = self._error_label("notifications")
        more.addRow(self._errors["notifications"])
        checks = QHBoxLayout()
        checks.addWidget(self.risk_assessment_reviewed)
        checks.addWidget(self.care_plan_reviewed)
        checks.addStretch(1)
        more.addRow("", _wrap(checks))
        self.more.setVisible(self.editing)
        self.more_toggle.setChecked(self.editing)

        inner = QWidget()
        col = QVBoxLayout(inner)
        col.addWidget(self.banner)
        col.addWidget(self.discard_draft_button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addWidget(essentials)
        col.addWidget(self.more_toggle)
        col.addWidget(self.more)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll, self._inner = scroll, inner
        self._fit_width()
        buttons = QHBoxLayout()
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)
        self._set_tab_order()

    def _fit_width(self) -> None:
        """As wide as the fields need at the current font size: never a sideways scroll bar, even at large text."""
        bar = self._scroll.verticalScrollBar().sizeHint().width()
        self._scroll.setMinimumWidth(self._inner.minimumSizeHint().width() + bar + 4)

    def _set_tab_order(self) -> None:
        """Tab goes down the page as it reads (what happened comes right after the category)."""
        chain: list[QWidget] = [
            self.kind,
            self.category,
            self.subcategory,
            self.account,
            self.occurred_at.edit,
            self.service,
            self.location,
            self.people.search,
            self.people.list,
            self.immediate_action,
            self.physical_harm,
            self.psychological_harm,
            self.more_toggle,
            self.reporter_name,
            self.witnesses,
            self.injury,
            self.body_map,
            self.post_fall,
            self.consequence,
            self.likelihood,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _add_row(self, form: QFormLayout, label: str, field: QWidget, key: str, buddy: QWidget | None = None) -> None:
        lab = _buddy_label(label, buddy or field)
        error = self._error_label(key)
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(1)
        v.addWidget(field)
        v.addWidget(error)
        form.addRow(lab, box)
        self._errors[key] = error

    def _error_label(self, key: str) -> QLabel:
        error = QLabel()
        error.setStyleSheet(error_style(self))
        error.setWordWrap(True)
        error.setVisible(False)
        error.setObjectName(f"error_{key}")
        return error

    def _connect(self) -> None:
        self.category.currentIndexChanged.connect(self._on_category_changed)
        self.service.currentIndexChanged.connect(self._on_service_changed)
        self.injury.toggled.connect(self.body_map.setEnabled)
        self.consequence.currentIndexChanged.connect(self._update_risk)
        self.likelihood.currentIndexChanged.connect(self._update_risk)
        self.more_toggle.toggled.connect(self._on_more_toggled)
        self.save_button.clicked.connect(self.submitted)
        self.clear_button.clicked.connect(self.clear)
        for seq in ("Ctrl+Return", "Ctrl+Enter", QKeySequence.StandardKey.Save):
            QShortcut(QKeySequence(seq), self, self.submitted.emit)
        for combo in (
            self.kind,
            self.category,
            self.subcategory,
            self.service,
            self.location,
            self.physical_harm,
            self.psychological_harm,
            self.consequence,
            self.likelihood,
        ):
            combo.currentIndexChanged.connect(self._emit_changed)
        for edit in (self.account, self.immediate_action, self.post_fall):
            edit.textChanged.connect(self._emit_changed)
        for line in (self.reporter_name, self.witnesses):
            line.textChanged.connect(self._emit_changed)
        for check in (self.injury, self.risk_assessment_reviewed, self.care_plan_reviewed):
            check.toggled.connect(self._emit_changed)
        self.occurred_at.changed.connect(self._emit_changed)
        self.people.changed.connect(self._emit_changed)
        self.body_map.sites_changed.connect(self._emit_changed)
        self.notifications.changed.connect(self._emit_changed)

    # ------------------------------------------------------------------------------------------ choices
    def set_reference_data(self, ref: ReferenceData) -> None:
        shown = self.to_input()
        self._loading = True
        self._ref = ref
        self.category.clear()
        self.category.addItem("", None)
        for c in ref.categories:
            self.category.addItem(c.name, c.id)
        self.category_completer.set_categories(ref.categories)
        self.service.clear()
        for s in ref.services:
            self.service.addItem(s.name, s.id)
        self._loading = False
        self.set_input(shown)

    def _on_category_changed(self) -> None:
        self.subcategory.clear()
        self.subcategory.addItem("", None)
        cat = self._ref.category(self.category.currentData()) if self._ref else None
        if cat:
            for s in cat.subcategories:
                self.subcategory.addItem(s.name, s.id)

    def _on_service_changed(self) -> None:
        sid = self.service.currentData()
        self.location.clear()
        self.location.addItem("", None)
        if self._ref is not None:
            for loc in self._ref.locations_for(sid):
                self.location.addItem(loc.name, loc.id)
            chosen = self.people.person_ids()
            self.people.set_people(self._ref.people_for(sid))
            self.people.set_person_ids([p for p in chosen if p in {x.id for x in self._ref.people_for(sid)}])

    def _on_more_toggled(self, shown: bool) -> None:
        self.more.setVisible(shown)
        self._fit_width()
        self.more_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _update_risk(self) -> None:
        c, lk = self.consequence.currentData(), self.likelihood.currentData()
        if c and lk:
            score = risk_score(c, lk)
            band = risk_band(score)
            self.risk_band.setText(f"  {score} {band.name}  ")
            self.risk_band.setStyleSheet(f"background: {band.colour}; color: black; border-radius: 3px;")
        else:
            self.risk_band.setText("")
            self.risk_band.setStyleSheet("")

    def _emit_changed(self) -> None:
        if not self._loading:
            if self._status_is_confirmation:  # "Saved as ..." belongs to the last report, not this one
                self._status_is_confirmation = False
                self.status_label.setText("")
            self.changed.emit()

    # ------------------------------------------------------------------------------------------ values
    def to_input(self) -> IncidentInput:
        category_id = self.category.currentData()
        if category_id is None and self.category.currentText().strip():
            category_id = self._match_category(self.category.currentText())
        return IncidentInput(
            kind=_enum(Kind, self.kind.currentData()),
            category_id=category_id,
            subcategory_id=self.subcategory.currentData(),
            occurred_at=self.occurred_at.value(),
            service_id=self.service.currentData(),
            location_id=self.location.currentData(),
            reporter_name=self.reporter_name.text().strip(),
            person_ids=self.people.person_ids(),
            witnesses=self.witnesses.text(),
            account=self.account.toPlainText(),
            immediate_action=self.immediate_action.toPlainText(),
            injury=self.injury.isChecked(),
            body_sites=self.body_map.sites() if self.injury.isChecked() else (),
            post_fall_observations=self.post_fall.toPlainText(),
            physical_harm=_enum(PhysicalHarm, self.physical_harm.currentData()) or PhysicalHarm.NONE,
            psychological_harm=_enum(PsychologicalHarm, self.psychological_harm.currentData())
            or PsychologicalHarm.NONE,
            risk_consequence=self.consequence.currentData(),
            risk_likelihood=self.likelihood.currentData(),
            notifications=self.notifications.notifications(),
            risk_assessment_reviewed=self.risk_assessment_reviewed.isChecked(),
            care_plan_reviewed=self.care_plan_reviewed.isChecked(),
        )

    def _match_category(self, text: str) -> int | None:
        if self._ref is None:
            return None
        chosen = best_category(text, self._ref.categories)
        return chosen.id if chosen else None

    def set_input(self, data: IncidentInput) -> None:
        """Show `data`; an empty time, service or reporter name keeps what the form shows."""
        self._loading = True
        try:
            _select(self.kind, data.kind)
            _select(self.category, data.category_id)
            self._on_category_changed()
            _select(self.subcategory, data.subcategory_id)
            if data.occurred_at is not None:
                self.occurred_at.set_value(data.occurred_at)
            if data.service_id is not None:
                _select(self.service, data.service_id)
            self._on_service_changed()
            _select(self.location, data.location_id)
            self.people.set_person_ids(list(data.person_ids))
            self.reporter_name.setText(data.reporter_name or self.reporter_name.text())
            self.witnesses.setText(data.witnesses)
            self.account.setPlainText(data.account)
            self.immediate_action.setPlainText(data.immediate_action)
            self.injury.setChecked(data.injury)
            self.body_map.set_sites(list(data.body_sites))
            self.post_fall.setPlainText(data.post_fall_observations)
            _select(self.physical_harm, data.physical_harm)
            _select(self.psychological_harm, data.psychological_harm)
            _select(self.consequence, data.risk_consequence)
            _select(self.likelihood, data.risk_likelihood)
            self.notifications.set_notifications(data.notifications)
            self.risk_assessment_reviewed.setChecked(data.risk_assessment_reviewed)
            self.care_plan_reviewed.setChecked(data.care_plan_reviewed)
        finally:
            self._loading = False

    def to_values(self) -> dict[str, Any]:
        """Plain JSON-able values (for the autosaved draft)."""
        return codec.to_draft(self.to_input()) | {"more_open": self.more_toggle.isChecked()}

    def set_values(self, values: dict[str, Any]) -> None:
        """Show an autosaved draft (see to_values)."""
        self.set_input(codec.from_draft(values))
        if values.get("more_open"):
            self.more_toggle.setChecked(True)

    def clear(self) -> None:
        service = self.service.currentData()
        reporter = self.reporter_name.text()
        self.set_values({"kind": Kind.INCIDENT.value, "service_id": service, "reporter_name": reporter})
        self._loading = True
        self.occurred_at.set_now()
        self._loading = False
        self.account.clear()
        self.show_errors({})
        self.hide_banner()
        self.changed.emit()
        self.focus_first_field()

    def focus_first_field(self) -> None:
        """Put the keyboard in the first field, so typing goes straight into the report."""
        self.kind.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_default_service(self, service_id: int | None) -> None:
        """Preselect the reporter's usual service (no change is signalled: nothing has been typed yet)."""
        if service_id is None or self.service.findData(service_id) < 0:
            return
        self._loading = True
        try:
            _select(self.service, service_id)
        finally:
            self._loading = False

    def local_problems(self) -> dict[str, str]:
        """What the form itself can tell is wrong before saving (text it could not read)."""
        problem = self.occurred_at.problem()
        return {"occurred_at": problem} if problem else {}

    # ------------------------------------------------------------------------------------------ feedback
    def show_errors(self, errors: dict[str, str]) -> None:
        first: QWidget | None = None
        for key, label in self._errors.items():
            message = errors.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
            if message and first is None:
                first = label.parentWidget()
        if any(k in errors for k in ("witnesses", "body_sites", "risk", "notifications", "reporter_name")):
            self.more_toggle.setChecked(True)
        unknown = [m for k, m in errors.items() if k not in self._errors]
        self._status_is_confirmation = False
        self.status_label.setStyleSheet(error_style(self) if errors else "")
        if errors:
            self.status_label.setText(
                " ".join(unknown) if unknown else "Please check the fields marked in red, then save again."
            )
            if first is not None:
                first.setFocus()
        else:
            self.status_label.setText("")

    def error_text(self, key: str) -> str:
        label = self._errors.get(key)
        return label.text() if label is not None and label.isVisible() else ""

    def show_status(self, text: str) -> None:
        """A confirmation (green); it clears itself at the first edit of the next report."""
        self.status_label.setStyleSheet(ok_style(self))
        self.status_label.setText(text)
        self._status_is_confirmation = True

    def show_banner(self, text: str, discardable: bool = True) -> None:
        self.banner.setText(text)
        self.banner.setVisible(True)
        self.discard_draft_button.setVisible(discardable)

    def hide_banner(self) -> None:
        self.banner.setVisible(False)
        self.discard_draft_button.setVisible(False)


def _buddy_label(text: str, field: QWidget) -> QLabel:
    """A label that names its field for screen readers and moves the focus there with Alt+letter."""
    label = QLabel(text)
    label.setBuddy(field)
    if not field.accessibleName():
        field.setAccessibleName(text.replace("&", "").replace(" *", "").replace("× ", "").strip().capitalize())
    return label


def _text_edit(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(60)
    edit.setMaximumHeight(110)
    return edit


def _wrap(layout: QHBoxLayout) -> QWidget:
    layout.setContentsMargins(0, 0, 0, 0)
    w = QWidget()
    w.setLayout(layout)
    return w


def _select(combo: QComboBox, value: object) -> None:
    value = getattr(value, "value", value)
    i = combo.findData(value) if value is not None else -1
    if i < 0 and value is None:
        i = combo.findData(None)
    combo.setCurrentIndex(i if i >= 0 else (0 if combo.count() else -1))


def _enum(cls: Any, value: object) -> Any:
    try:
        return cls(value) if value is not None else None
    except ValueError:
        return None
