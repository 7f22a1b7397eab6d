"""The Admin tab (administrators only): staff accounts and roles, settings, and the database (check, back up)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carelog.core.errors import CareLogError, ValidationError
from carelog.core.permissions import Permission, allowed
from carelog.core.settings import REGISTRY, SettingValue
from carelog.core.users import REPEATED_PAUSE_DAYS, UserSummary
from carelog.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from carelog.ui.dialogs.restore_dialog import RestoreDialog
from carelog.ui.dialogs.user_dialog import UserDialog
from carelog.ui.events import AppEvents
from carelog.ui.models.user_table_model import UserTableModel
from carelog.ui.style import ERROR_STYLE, show_message
from carelog.ui.task_runner import TaskRunner

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.core.audit_chain import Seal
    from carelog.services.backup import BackupManifest
    from carelog.services.integrity import IntegrityReport
    from carelog.services.registry import Services


class AdminPage(QWidget):
    lock_requested = Signal(str)  # the reason: after a restore everyone signs in again (the session guard locks)

    def __init__(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        super().__init__()
        self._services = services
        self._events = events
        self._runner = runner
        self.model = UserTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton("&Add a person…")
        self.edit_button = QPushButton("&Edit…")
        self.toggle_button = QPushButton("Switch &off")
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.toggle_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        users_box = QGroupBox("Staff accounts")
        ul = QVBoxLayout(users_box)
        ul.addWidget(
            _note(
                "Everyone signs in with their own account so reports and changes are recorded under their name. "
                "Switch off the account of someone who leaves; their records stay."
            )
        )
        ul.addWidget(self.table, 1)
        ul.addLayout(buttons)
        self.lockouts_label = _note("")
        self.lockouts_label.setStyleSheet(ERROR_STYLE)
        self.lockouts_label.hide()
        ul.addWidget(self.lockouts_label)

        self.setting_widgets: dict[str, QSpinBox | QCheckBox] = {}
        settings_box = QGroupBox("Settings (shared by every PC using this database)")
        sl = QFormLayout(settings_box)
        sl.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a long label puts its field below it
        for key, spec in REGISTRY.items():
            widget: QSpinBox | QCheckBox
            if spec.type is bool:
                widget = QCheckBox(spec.label)
            else:
                widget = QSpinBox()
                widget.setRange(spec.minimum or 0, spec.maximum or 10_000)
                if spec.unit:
                    widget.setSuffix(f" {spec.unit}")
            widget.setToolTip(spec.doc)
            self.setting_widgets[key] = widget
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(_note(spec.doc))
            sl.addRow("" if spec.type is bool else spec.label, column)
        self.save_settings_button = QPushButton("Save se&ttings")
        self.settings_status = QLabel()
        self.settings_status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.save_settings_button)
        row.addWidget(self.settings_status, 1)
        sl.addRow(row)

        db_box = QGroupBox("Database")
        dl = QVBoxLayout(db_box)
        self.check_button = QPushButton("&Check the database and audit trail")
        self.backup_button = QPushButton("&Back up now…")
        self.restore_button = QPushButton("Restore a bac&kup…")
        self.restore_dialog: RestoreDialog | None = None
        self.database_button = QPushButton("Database setti&ngs (this PC or a shared server)…")
        self.recovery_key_dialog: RecoveryKeyDialog | None = None  # shown once when a backup made the key
        self.db_status = QLabel()
        self.db_status.setWordWrap(True)
        self.db_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # copy the seal
        dl.addWidget(self.check_button)
        dl.addWidget(self.backup_button)
        dl.addWidget(self.restore_button)
        dl.addWidget(self.database_button)
        dl.addWidget(self.db_status)

        # the settings list is longer than a laptop screen: it scrolls, the database buttons stay in view
        settings_scroll = QScrollArea()
        settings_scroll.setWidgetResizable(True)
        settings_scroll.setFrameShape(QFrame.Shape.NoFrame)
        settings_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        settings_scroll.setWidget(settings_box)
        right = QVBoxLayout()
        right.addWidget(settings_scroll, 1)
        right.addWidget(db_box)
        layout = QHBoxLayout(self)
        layout.addWidget(users_box, 3)
        layout.addLayout(right, 2)

        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.toggle_button.clicked.connect(self._on_toggle_clicked)
        self.table.doubleClicked.connect(self._on_edit_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.save_settings_button.clicked.connect(self.save_settings)
        self.check_button.clicked.connect(self.run_check)
        self.backup_button.clicked.connect(self._on_backup_clicked)
        self.restore_button.clicked.connect(self.open_restore)
        self.database_button.clicked.connect(self.open_database_settings)
        events.users_changed.connect(self.refresh)
        events.identity_changed.connect(self.refresh)
        self.refresh()

    # ------------------------------------------------------------------------------------------ users
    def refresh(self) -> None:
        if not allowed(self._services.ctx.actor, Permission.MANAGE_USERS):
            self.model.set_rows([])
            return
        self.model.set_rows(self._services.accounts.list_users())
        self._show_lockouts()
        for key, value in self._services.settings.values().items():
            widget = self.setting_widgets[key]
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            else:
                widget.setValue(int(value))
        self._update_buttons()

    def _show_lockouts(self) -> None:
        rows = self._services.accounts.repeated_lockouts()
        self.lockouts_label.setVisible(bool(rows))
        if rows:
            who = "; ".join(
                f"{r.user.display_name} ({r.user.username}): {r.pauses} times, last {r.last_paused_at:%d/%m %H:%M}"
                for r in rows
            )
            self.lockouts_label.setText(
                f"Paused again and again after wrong PINs in the last {REPEATED_PAUSE_DAYS} days: {who}. "
                "Ask the person whether it was them; if not, reset their PIN (Edit…)."
            )

    def selected_user(self) -> UserSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def select_user(self, user_id: int) -> None:
        row = self.model.row_of(user_id)
        if row >= 0:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        user = self.selected_user()
        self.edit_button.setEnabled(user is not None)
        self.toggle_button.setEnabled(user is not None)
        self.toggle_button.setText("Switch &on" if user is not None and not user.active else "Switch &off")

    def _on_add_clicked(self) -> None:
        self._open_dialog(UserDialog(self._services, None, self))

    def _on_edit_clicked(self) -> None:
        user = self.selected_user()
        if user is not None:
            self._open_dialog(UserDialog(self._services, user, self))

    def _open_dialog(self, dialog: UserDialog) -> None:
        if dialog.exec() and dialog.saved is not None:
            self.select_user(dialog.saved.id)

    def _on_toggle_clicked(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        try:
            if user.active:
                self._services.accounts.deactivate(user.id)
            else:
                self._services.accounts.reactivate(user.id)
        except CareLogError as exc:
            message = " ".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc)
            QMessageBox.warning(self, "CareLog", message)
            return
        self.select_user(user.id)

    # ------------------------------------------------------------------------------------------ settings
    def save_settings(self) -> bool:
        values: dict[str, SettingValue] = {
            key: w.isChecked() if isinstance(w, QCheckBox) else w.value() for key, w in self.setting_widgets.items()
        }
        try:
            self._services.settings.set_many(values)
        except ValidationError as exc:
            self._status(self.settings_status, " ".join(exc.errors.values()), ok=False)
            return False
        except CareLogError as exc:
            self._status(self.settings_status, str(exc), ok=False)
            return False
        self._status(self.settings_status, f"Settings saved at {self._services.ctx.clock():%H:%M}.", ok=True)
        return True

    # ------------------------------------------------------------------------------------------ database
    def run_check(self) -> None:
        """Check in the background: the check reads every record and audit entry (seconds on a large database)."""
        self.check_button.setEnabled(False)
        self._status(self.db_status, "Checking every record and audit entry…", ok=True)
        integrity = self._services.integrity
        handle = self._runner.submit(lambda _h: (integrity.check(), integrity.seal()))
        handle.finished.connect(self._on_check_finished)
        handle.failed.connect(self._on_check_failed)

    def _on_check_finished(self, result: tuple[IntegrityReport, Seal]) -> None:
        report, seal = result
        self.check_button.setEnabled(True)
        self.db_status.setToolTip("\n".join(line for line in report.lines() if line))
        if not report.ok:
            self._status(self.db_status, "Problems found: point at this line for the details.", ok=False)
            return
        self._status(
            self.db_status,
            f"No problems found. Audit seal: {seal.text}. Write it down or keep it outside CareLog: "
            "with it, carelog check --seal proves later that nothing recorded up to now was rewritten.",
            ok=True,
        )

    def _on_check_failed(self, message: str) -> None:
        self.check_button.setEnabled(True)
        self._status(self.db_status, f"The check could not be run: {message}", ok=False)

    def _on_backup_clicked(self) -> None:
        now = self._services.ctx.clock()
        default = self._services.backup.folder() / f"carelog-{now:%Y-%m-%d-%H%M}.carelog-backup"
        path, _ = QFileDialog.getSaveFileName(
            self, "Back up CareLog", str(default), "CareLog backup (*.carelog-backup)"
        )
        if path:
            self.backup_to(Path(path))

    def backup_to(self, path: Path) -> None:
        self.backup_button.setEnabled(False)
        self._status(self.db_status, "Writing the backup…", ok=True)
        backup = self._services.backup
        handle = self._runner.submit(lambda h: backup.backup_to(path, lambda p, m: h.report(p, m)))
        handle.finished.connect(lambda m: self._on_backup_finished(path, m))
        handle.failed.connect(self._on_backup_failed)

    def _on_backup_finished(self, path: Path, manifest: BackupManifest) -> None:
        self.backup_button.setEnabled(True)
        self._status(self.db_status, f"Backup written: {path.name} ({manifest.total_rows:,} records).", ok=True)
        if manifest.new_key is not None:  # a database from before encrypted backups: its key was made just now
            self.recovery_key_dialog = RecoveryKeyDialog(manifest.new_key, self)
            self.recovery_key_dialog.open()

    def _on_backup_failed(self, message: str) -> None:
        self.backup_button.setEnabled(True)
        self._status(self.db_status, f"The backup could not be written: {message}", ok=False)

    def open_restore(self) -> RestoreDialog:
        """The restore dialog; once a restore has finished and the dialog is closed, everyone signs in again."""
        dialog = RestoreDialog(self._services, self._runner, self)
        done: list[str] = []
        dialog.restored.connect(done.append)
        dialog.finished.connect(lambda _code: self.lock_requested.emit(done[0]) if done else None)
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    def open_database_settings(self) -> QDialog:
        from carelog.ui.dialogs.database_dialog import DatabaseDialog

        dialog = DatabaseDialog(self._services, self._runner, self)
        dialog.open()
        return dialog

    @staticmethod
    def _status(label: QLabel, text: str, ok: bool) -> None:
        show_message(label, text, ok=ok)


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label
