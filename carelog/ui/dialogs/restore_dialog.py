"""Restore a backup in the app (administrators): choose it, see what it holds, confirm, then everyone signs in again.

The backup is checked completely before anything is shown as restorable, and again by the restore itself. The
database as it was is kept (a copy of the SQLite file, or a backup of the server's database) and named at the end.
Refusals (a damaged or foreign backup, the wrong recovery key, the database open in another CareLog) are shown as
the command line words them; nothing is changed then.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carelog import APP_NAME
from carelog.ui.style import show_message
from carelog.ui.task_runner import TaskRunner

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.backup import BackupManifest, RestoreResult
    from carelog.services.registry import Services

# what the backup holds, in the words a manager uses (other tables count towards "records in all")
HOLDS = (
    ("incidents", "incident", "incidents"),
    ("users", "staff account", "staff accounts"),
    ("people", "person supported", "people supported"),
    ("reviews", "review", "reviews"),
    ("actions", "action", "actions"),
    ("complaints", "complaint", "complaints"),
    ("safeguarding_concerns", "safeguarding concern", "safeguarding concerns"),
    ("audit_log", "audit trail entry", "audit trail entries"),
)


def describe(manifest: BackupManifest) -> str:
    counts = manifest.row_counts
    parts = [
        f"{counts[table]:,} {one if counts[table] == 1 else many}" for table, one, many in HOLDS if counts.get(table, 0)
    ]
    holds = ", ".join(parts) if parts else "no incidents or accounts"
    return (
        f"Backup made on {manifest.created_at:%d/%m/%Y at %H:%M} by CareLog {manifest.app_version} from a "
        f"{'shared database server' if manifest.source_backend == 'postgresql' else 'database on one PC'}. It holds "
        f"{holds}: "
        f"{manifest.total_rows:,} records in all."
    )


class RestoreDialog(QDialog):
    restored = Signal(str)  # what was restored, in a line for the lock screen; emitted once the restore is done

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self.manifest: BackupManifest | None = None
        self.outcome: RestoreResult | None = None
        self.setWindowTitle(f"{APP_NAME}: restore a backup")
        intro = QLabel(
            "Restoring replaces every record in this database with the backup's. Use it after a disk failure or "
            "when the database was damaged; the backup is checked completely first."
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setAccessibleName("Backup file")
        self.choose_button = QPushButton("&Choose backup…")
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        self.key_edit = QLineEdit()
        self.key_edit.setAccessibleName("Recovery key")
        self.key_edit.setPlaceholderText("the recovery key written down when that database was set up")
        self.key_label = QLabel("Recovery &key:")
        self.key_label.setBuddy(self.key_edit)
        self.check_button = QPushButton("C&heck the backup")
        form = QFormLayout()
        file_label = QLabel("Backup &file:")
        file_label.setBuddy(self.choose_button)
        form.addRow(file_label, file_row)
        form.addRow(self.key_label, self.key_edit)
        self.holds = QLabel()
        self.holds.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.confirm = QCheckBox("I understand that every record in this database is re&placed by the backup's")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.check_button)
        layout.addWidget(self.holds)
        layout.addWidget(self.warning)
        layout.addWidget(self.confirm)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)
        self._show_key(False)
        self._set_checked(None)

        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.check_button.clicked.connect(self.check)
        self.key_edit.returnPressed.connect(self.check)
        self.confirm.toggled.connect(self._update_buttons)
        self.restore_button.clicked.connect(self.restore)
        self.close_button.clicked.connect(self.reject)

    # ------------------------------------------------------------------------------------------ choose and check
    def _on_choose_clicked(self) -> None:
        folder = str(self._services.backup.folder())
        path, _ = QFileDialog.getOpenFileName(self, "Choose a backup", folder, "CareLog backup (*.carelog-backup)")
        if path:
            self.choose(Path(path))

    def choose(self, path: Path) -> None:
        """A backup file was chosen: ask for its recovery key if this computer does not have it, else check it."""
        self.path_edit.setText(str(path))
        self._set_checked(None)
        self.status.clear()
        try:
            on_this_computer = self._services.backup.key_on_this_computer(path)
        except Exception as exc:  # not a CareLog backup, unreadable: say so, nothing else happens
            show_message(self.status, f"This file cannot be restored: {exc}", ok=False)
            return
        self._show_key(not on_this_computer)
        if on_this_computer:
            self.check()
        else:
            show_message(
                self.status,
                "This backup was made from another database or computer: type its recovery key, then Check.",
                ok=False,
            )
            self.key_edit.setFocus()

    def check(self) -> None:
        text = self.path_edit.text()
        if not text:
            show_message(self.status, "Choose the backup file first.", ok=False)
            return
        path, key = Path(text), self.key_edit.text().strip() or None
        if self.key_edit.isVisible() and key is None:
            show_message(self.status, "Type the backup's recovery key, then Check.", ok=False)
            self.key_edit.setFocus()
            return
        self.check_button.setEnabled(False)
        show_message(self.status, "Checking every record in the backup…", ok=True)
        backup = self._services.backup
        handle = self._runner.submit(lambda _h: backup.inspect(path, key))
        handle.finished.connect(self._on_checked)
        handle.failed.connect(self._on_check_failed)

    def _on_checked(self, manifest: BackupManifest) -> None:
        self.check_button.setEnabled(True)
        self._set_checked(manifest)
        show_message(self.status, "The backup is complete and undamaged.", ok=True)
        self.confirm.setFocus()

    def _on_check_failed(self, message: str) -> None:
        self.check_button.setEnabled(True)
        self._set_checked(None)
        show_message(self.status, f"This backup cannot be restored: {message} Nothing was changed.", ok=False)

    def _set_checked(self, manifest: BackupManifest | None) -> None:
        self.manifest = manifest
        self.holds.setText(describe(manifest) if manifest is not None else "")
        self.holds.setVisible(manifest is not None)
        self.confirm.setChecked(False)
        self.confirm.setVisible(manifest is not None)
        self.warning.setVisible(manifest is not None)
        if manifest is not None:
            show_message(
                self.warning,
                "Every record now in this database will be replaced by the backup's. CareLog keeps a copy of the "
                "database as it is now and names it when the restore has finished. Everyone is signed out "
                "afterwards and signs in again with the accounts in the backup.",
                ok=False,
            )
        self.progress.setVisible(False)
        self._update_buttons()

    def _show_key(self, visible: bool) -> None:
        self.key_label.setVisible(visible)
        self.key_edit.setVisible(visible)
        if not visible:
            self.key_edit.clear()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.manifest is not None and self.confirm.isChecked())

    # ------------------------------------------------------------------------------------------ restore
    def restore(self) -> None:
        if self.manifest is None or not self.confirm.isChecked():
            return
        path, key = Path(self.path_edit.text()), self.key_edit.text().strip() or None
        for w in (self.restore_button, self.check_button, self.choose_button, self.confirm, self.close_button):
            w.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        show_message(self.status, "Restoring… do not switch the computer off.", ok=True)
        backup = self._services.backup
        handle = self._runner.submit(lambda h: backup.restore_from(path, key, lambda p, m: h.report(p, m)))
        handle.progressed.connect(self._on_progressed)
        handle.finished.connect(self._on_restored)
        handle.failed.connect(self._on_restore_failed)

    def _on_progressed(self, percent: int, message: str) -> None:
        self.progress.setValue(percent)
        self.status.setText(message)

    def _on_restored(self, result: RestoreResult) -> None:
        self.outcome = result
        self.progress.setValue(100)
        m = result.manifest
        lines = [f"Restored the backup of {m.created_at:%d/%m/%Y %H:%M}: {m.total_rows:,} records."]
        if result.previous_copy is not None:
            lines.append(f"The database as it was before is kept at {result.previous_copy}.")
        if result.upgraded_from:
            lines.append(f"The backup's records were upgraded from schema {result.upgraded_from} to this CareLog.")
        if result.counters_kept:
            lines.append("References already issued after the backup was made will not be issued again.")
        lines.extend(result.notes)
        lines.append("When you close this window, everyone signs in again.")
        show_message(self.status, " ".join(lines), ok=True)
        self.close_button.setEnabled(True)
        self.close_button.setFocus()
        kept = f" The database as it was is kept at {result.previous_copy}." if result.previous_copy else ""
        self.restored.emit(f"The backup of {m.created_at:%d/%m/%Y %H:%M} was restored.{kept} Sign in again.")

    def _on_restore_failed(self, message: str) -> None:
        for w in (self.check_button, self.choose_button, self.confirm, self.close_button):
            w.setEnabled(True)
        self.progress.setVisible(False)
        self._update_buttons()
        show_message(self.status, f"The backup was not restored: {message}", ok=False)
