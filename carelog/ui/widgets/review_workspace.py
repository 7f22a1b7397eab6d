"""The workspace of one review: factors, fishbone, 5 whys, findings and learning, who took part, learning shared,
sign-off and case study, history. Edits are kept on screen until Save; nothing is half-written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carelog.core.errors import CareLogError, ValidationError
from carelog.core.permissions import Permission, allowed
from carelog.core.review_dto import CaseStudy, ResponseType, ReviewDetail, ReviewInput
from carelog.ui.dialogs.review_case_study_dialog import ReviewCaseStudyDialog
from carelog.ui.dialogs.review_shared_dialog import ReviewSharedDialog
from carelog.ui.models.audit_table_model import AuditTableModel
from carelog.ui.models.review_shared_model import ReviewSharedModel
from carelog.ui.style import show_message
from carelog.ui.widgets.fishbone import FishboneView
from carelog.ui.widgets.review_factors import ReviewFactorsEditor
from carelog.ui.widgets.review_participants import ReviewParticipantsEditor

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

WHYS = 5
FIELD_NAMES = {
    "title": "Title",
    "factors": "Contributing factors",
    "participants": "Who took part",
    "findings": "Findings",
    "learning_points": "Learning points",
    "status": "Status",
}


def _text_box(placeholder: str, height: int = 0) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    if height:
        box.setMinimumHeight(height)
    return box


class ReviewWorkspace(QWidget):
    review_changed = Signal(int)  # saved, signed off, reopened, learning shared or case study saved

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.review: ReviewDetail | None = None
        # header
        self.title = QLineEdit()
        self.response = QComboBox()
        for kind in ResponseType:
            self.response.addItem(kind.label, kind)
        self.status_label = QLabel()
        self.incidents_label = QLabel()
        self.incidents_label.setWordWrap(True)
        self.incidents_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # factors and fishbone
        self.factors = ReviewFactorsEditor()
        self.fishbone = FishboneView()
        # 5 whys
        self.problem = QLineEdit()
        self.problem.setPlaceholderText("The problem, e.g. 'Mrs A fell in the lounge when no staff were present'")
        self.whys = [QLineEdit() for _ in range(WHYS)]
        # findings and learning
        self.went_well = _text_box("What went well: good practice to keep (e.g. quick first aid, family told)", 70)
        self.findings = _text_box("What the review found: how work was really done, and why it made sense then", 90)
        self.learning = _text_box("One learning point per line", 70)
        # participants
        self.participants = ReviewParticipantsEditor()
        # learning shared
        self.shared_model = ReviewSharedModel(self)
        self.shared_view = QTableView()
        self.shared_view.setModel(self.shared_model)
        self.shared_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.shared_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.shared_view.verticalHeader().setVisible(False)
        self.shared_view.horizontalHeader().setStretchLastSection(True)
        self.shared_view.setWordWrap(True)
        for col, width in enumerate((90, 170, 330, 130)):
            self.shared_view.setColumnWidth(col, width)
        self.share_button = QPushButton("&Record learning shared…")
        self.unshare_button = QPushButton("Remove record")
        # sign-off and case study
        self.signoff_label = QLabel()
        self.signoff_label.setWordWrap(True)
        self.signoff_button = QPushButton("Sign &off review")
        self.reopen_button = QPushButton("Reopen review")
        self.case_parts = {
            "context": _text_box("Context: what happened and why it mattered", 60),
            "learning_process": _text_box("How we learned: who took part, how the review was done", 60),
            "improvement_actions": _text_box("What we changed: the improvement actions", 60),
            "outcome": _text_box("Outcome: what difference it made (fewer falls, staff feedback...)", 60),
        }
        self.case_save_button = QPushButton("Save &case study")
        self.case_view_button = QPushButton("&View case study")
        # history
        self.audit_model = AuditTableModel(self)
        self.audit_view = QTableView()
        self.audit_view.setModel(self.audit_model)
        self.audit_view.verticalHeader().setVisible(False)
        self.audit_view.horizontalHeader().setStretchLastSection(True)
        self.audit_view.setWordWrap(True)
        for col, width in enumerate((110, 110, 70, 170, 160)):
            self.audit_view.setColumnWidth(col, width)
        # bottom
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton("&Save review")
        self.save_button.setDefault(True)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.factors, "Contributing &factors")
        self.tabs.addTab(self.fishbone, "Fish&bone")
        self.tabs.addTab(self._whys_tab(), "5 &whys")
        self.tabs.addTab(self._learning_tab(), "Findings and &learning")
        self.tabs.addTab(self.participants, "Who took &part")
        self.tabs.addTab(self._shared_tab(), "Learning s&hared")
        self.tabs.addTab(self._signoff_tab(), "Sign-off and case s&tudy")
        self.tabs.addTab(self.audit_view, "Histor&y")

        header = QFormLayout()
        header.addRow("Review &title", self.title)
        top = QHBoxLayout()
        top.addWidget(QLabel("Learning response"))
        top.addWidget(self.response, 1)
        top.addSpacing(12)
        top.addWidget(self.status_label)
        header.addRow(top)
        header.addRow("Incidents", self.incidents_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        self.save_button.clicked.connect(self.save)
        self.signoff_button.clicked.connect(self.sign_off)
        self.reopen_button.clicked.connect(self.reopen)
        self.share_button.clicked.connect(self.record_shared)
        self.unshare_button.clicked.connect(self.remove_shared)
        self.case_save_button.clicked.connect(self.save_case_study)
        self.case_view_button.clicked.connect(self.view_case_study)
        self.factors.factors_changed.connect(self._on_factors_changed)
        self.problem.textChanged.connect(self._on_factors_changed)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    # ------------------------------------------------------------------------------------------ layout
    def _whys_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        intro = QLabel(
            "Start from the problem and ask 'why?' until you reach something the home can change. "
            "Stop early if the chain ends; there can be fewer than five."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        form.addRow("&Problem", self.problem)
        for i, box in enumerate(self.whys, start=1):
            box.setPlaceholderText("Because…")
            form.addRow(f"Why? {i}", box)
        return tab

    def _learning_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        form.addRow("What went &well", self.went_well)
        form.addRow("F&indings", self.findings)
        form.addRow("Learning &points", self.learning)
        return tab

    def _shared_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        intro = QLabel("How each learning point reached staff, when, and who confirmed they read it.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.shared_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.share_button)
        buttons.addWidget(self.unshare_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return tab

    def _signoff_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        sign = QGroupBox("Sign-off")
        sl = QHBoxLayout(sign)
        sl.addWidget(self.signoff_label, 1)
        sl.addWidget(self.signoff_button)
        sl.addWidget(self.reopen_button)
        layout.addWidget(sign)
        case = QGroupBox("Case study (four parts; printed in the inspection pack)")
        cl = QFormLayout(case)
        for (name, box), label in zip(
            self.case_parts.items(), ("Context", "How we learned", "What we changed", "Outcome"), strict=True
        ):
            cl.addRow(label, box)
            box.setObjectName(f"case_{name}")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.case_view_button)
        buttons.addWidget(self.case_save_button)
        cl.addRow(buttons)
        layout.addWidget(case, 1)
        return tab

    # ------------------------------------------------------------------------------------------ state
    def show_review(self, review: ReviewDetail | None) -> None:
        self.review = review
        self.setEnabled(review is not None)
        if review is None:
            return
        self.title.setText(review.title)
        self.response.setCurrentIndex(self.response.findData(review.response_type))
        self.incidents_label.setText(
            ", ".join(
                f"{i.reference} ({i.category}, {i.occurred_at:%d/%m/%Y}, {i.status.label.lower()})"
                for i in review.incidents[:8]
            )
            + (f" and {len(review.incidents) - 8} more" if len(review.incidents) > 8 else "")
        )
        self.factors.set_factors(review.factors)
        self.problem.setText(review.problem_statement)
        for i, box in enumerate(self.whys):
            box.setText(review.whys[i] if i < len(review.whys) else "")
        self.went_well.setPlainText(review.what_went_well)
        self.findings.setPlainText(review.findings)
        self.learning.setPlainText("\n".join(review.learning_points))
        self.participants.set_participants(review.participants)
        self.shared_model.set_rows(review.learning_shared)
        for name, part in self.case_parts.items():
            part.setPlainText(getattr(review.case_study, name))
        self.audit_model.set_rows(review.audit)
        self._update_fishbone()
        self._update_state()

    def _update_state(self) -> None:
        review = self.review
        if review is None:
            return
        signed = review.is_signed_off
        can_sign = allowed(self._services.ctx.actor, Permission.SIGN_OFF_REVIEW)
        self.status_label.setText(f"<b>{review.status.label}</b>")
        for widget in (self.title, self.problem, *self.whys):
            widget.setReadOnly(signed)
        for box in (self.went_well, self.findings, self.learning):
            box.setReadOnly(signed)
        self.response.setEnabled(not signed)
        self.factors.set_read_only(signed)
        self.participants.set_read_only(signed)
        self.save_button.setEnabled(not signed)
        self.signoff_button.setVisible(not signed)
        self.signoff_button.setEnabled(can_sign)
        self.reopen_button.setVisible(signed and can_sign)
        self.case_view_button.setEnabled(signed)
        if signed and review.signed_off_at:
            self.signoff_label.setText(
                f"Signed off by <b>{review.signed_off_by}</b> on {review.signed_off_at:%d/%m/%Y at %H:%M}. "
                "Learning shared and the case study can still be added."
            )
        elif can_sign:
            self.signoff_label.setText(
                "Save your changes, then sign off when the findings and learning points are written. "
                "The incidents will then move to 'actions in progress' (or 'closed' if no actions are planned)."
            )
        else:
            self.signoff_label.setText("Only a manager can sign off a review.")

    def current_input(self) -> ReviewInput:
        return ReviewInput(
            title=self.title.text(),
            response_type=ResponseType(self.response.currentData()),
            factors=self.factors.factors(),
            problem_statement=self.problem.text(),
            whys=tuple(box.text() for box in self.whys),
            what_went_well=self.went_well.toPlainText(),
            findings=self.findings.toPlainText(),
            learning_points=tuple(self.learning.toPlainText().splitlines()),
            participants=self.participants.participants(),
        )

    def has_unsaved_changes(self) -> bool:
        if self.review is None or self.review.is_signed_off:
            return False
        saved = self.review.to_input()
        now = self.current_input()
        return _normalised(saved) != _normalised(now)

    def _update_fishbone(self) -> None:
        from carelog.core.factors import prompt
        from carelog.core.review_dto import ReviewFactor

        factors = [
            ReviewFactor(
                0,
                f.prompt_code,
                prompt(f.prompt_code).heading,
                prompt(f.prompt_code).text,
                prompt(f.prompt_code).ycff_domain,
                f.note,
            )
            for f in self.factors.factors()
        ]
        problem = self.problem.text().strip() or (self.review.title if self.review else "")
        self.fishbone.set_content(problem, factors)

    def _on_factors_changed(self) -> None:
        self._update_fishbone()

    # ------------------------------------------------------------------------------------------ actions
    def _show_error(self, exc: CareLogError, verb: str = "Not saved") -> None:
        if isinstance(exc, ValidationError):
            text = " ".join(f"{FIELD_NAMES.get(k, k)}: {v}" for k, v in exc.errors.items())
        else:
            text = str(exc)
        show_message(self.message, f"{verb}: {text}", ok=False)

    def _done(self, review: ReviewDetail, text: str) -> None:
        self.show_review(review)
        show_message(self.message, text, ok=True)
        self.review_changed.emit(review.id)

    def save(self) -> bool:
        if self.review is None or self.review.is_signed_off:
            return False
        try:
            saved = self._services.reviews.save(self.review.id, self.current_input(), self.review.version)
        except CareLogError as exc:
            self._show_error(exc)
            return False
        self._done(saved, f"Saved at {saved.updated_at:%H:%M}.")
        return True

    def sign_off(self) -> None:
        if self.review is None:
            return
        if self.has_unsaved_changes() and not self.save():
            return
        assert self.review is not None
        try:
            signed = self._services.reviews.sign_off(self.review.id, self.review.version)
        except CareLogError as exc:
            self._show_error(exc, "Not signed off")
            return
        self._done(signed, "Signed off. Write the case study when the actions have had time to work.")

    def reopen(self) -> None:
        if self.review is None:
            return
        answer = QMessageBox.question(
            self, "Reopen review", "Reopen this review? Its incidents go back to 'under review'."
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            review = self._services.reviews.reopen(self.review.id, self.review.version)
        except CareLogError as exc:
            self._show_error(exc, "Not reopened")
            return
        self._done(review, "Reopened.")

    def record_shared(self) -> None:
        if self.review is None:
            return
        if self.has_unsaved_changes() and not self.save():
            return
        assert self.review is not None
        dialog = ReviewSharedDialog(self._services, self.review, self._services.ctx.clock().date(), self)
        if dialog.exec() and dialog.saved is not None:
            self._done(dialog.saved, "Learning shared recorded.")

    def remove_shared(self) -> None:
        rows = self.shared_view.selectionModel().selectedRows()
        if self.review is None or not rows:
            self.message.setText("Choose a record to remove first.")
            return
        record = self.shared_model.row_object(rows[0].row())
        if record is None:
            return
        try:
            review = self._services.reviews.remove_learning_shared(self.review.id, record.id)
        except CareLogError as exc:
            self._show_error(exc, "Not removed")
            return
        self._done(review, "Record removed.")

    def case_study(self) -> CaseStudy:
        return CaseStudy(**{name: box.toPlainText() for name, box in self.case_parts.items()})

    def save_case_study(self) -> None:
        if self.review is None:
            return
        try:
            review = self._services.reviews.save_case_study(self.review.id, self.case_study(), self.review.version)
        except CareLogError as exc:
            self._show_error(exc)
            return
        self._done(review, "Case study saved.")

    def view_case_study(self) -> None:
        if self.review is not None:
            ReviewCaseStudyDialog(self.review, self).exec()


def _normalised(data: ReviewInput) -> tuple[object, ...]:
    strip = tuple(s.strip() for s in data.whys if s.strip())
    points = tuple(s.strip() for s in data.learning_points if s.strip())
    return (
        data.title.strip(),
        data.response_type,
        tuple(sorted((f.prompt_code, f.note.strip()) for f in data.factors)),
        data.problem_statement.strip(),
        strip,
        data.what_went_well.strip(),
        data.findings.strip(),
        points,
        data.participants,
    )
