"""Admin > Database settings: this PC only (a SQLite file) or a shared database server (PostgreSQL), Test
connection, saving for just me or every user of the PC, and moving this PC's records onto the server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carelog.core.connection_check import ConnectionCheck
from carelog.core.db_config import DEFAULT_PORT, ConfigError, DatabaseConfig, DatabaseKind, Scope, validate
from carelog.core.errors import CareLogError
from carelog.ui.style import show_message
from carelog.ui.task_runner import TaskRunner

if TYPE_CHECKING:
    from carelog.core.database_move import MoveResult
    from carelog.services.database_setup import DatabaseSettingsView
    from carelog.services.registry import Services

ENCRYPTION_CHOICES = (
    ("prefer", "When the server offers it (a server on this office network)"),
    ("require", "Always encrypted (required for a server outside the office)"),
    ("verify-full", "Always encrypted, and the server's certificate checked (hosted servers)"),
)
RESTART_NOTE = "CareLog uses the new settings the next time it starts on this PC: close CareLog and open it again."


class DatabaseDialog(QDialog):
    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Database settings")
        self._services = services
        self._runner = runner
        self.view: DatabaseSettingsView = services.database_setup.current()
        self.saved_to: str | None = None
        self.moved: MoveResult | None = None

        intro = _note(f"This window has open: {self.view.open_now}.\nChoose the database this PC opens. {RESTART_NOTE}")
        self.local_choice = QRadioButton("&This PC only: a database file on this PC's own disk")
        self.server_choice = QRadioButton("Shared database se&rver (PostgreSQL): several PCs use the same records")
        kinds = QButtonGroup(self)
        kinds.addButton(self.local_choice)
        kinds.addButton(self.server_choice)

        self.file = QLineEdit()
        self.file.setPlaceholderText("carelog.db in your CareLog data folder")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._on_browse_clicked)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.local_box = QGroupBox("Database file")
        ll = QVBoxLayout(self.local_box)
        ll.addLayout(file_row)
        ll.addWidget(_note("Not on a shared folder or network drive: CareLog refuses those (use a server)."))

        self.host = QLineEdit()
        self.host.setPlaceholderText("office-pc or 192.168.1.20")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit("carelog")
        self.user = QLineEdit()
        self.user.setPlaceholderText("carelog_app")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.encryption = QComboBox()
        for mode, label in ENCRYPTION_CHOICES:
            self.encryption.addItem(label, mode)
        self.root_cert = QLineEdit()
        self.root_cert.setPlaceholderText("the certificate authority's root.crt (verify-full only)")
        self.server_box = QGroupBox("Database server")
        sf = QFormLayout(self.server_box)
        sf.addRow("Server &name:", self.host)
        sf.addRow("&Port:", self.port)
        sf.addRow("&Database:", self.database)
        sf.addRow("&User name:", self.user)
        sf.addRow("Pass&word:", self.password)
        sf.addRow("", _note("Kept in your own credential store (Windows: Credential Manager), never in a file."))
        sf.addRow("&Encryption:", self.encryption)
        sf.addRow("Root cert&ificate:", self.root_cert)
        self.test_button = QPushButton("Test &connection")
        self.move_button = QPushButton("&Move this PC's records to the server…")
        self.progress = QProgressBar()
        self.progress.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.test_button)
        actions.addWidget(self.move_button)
        actions.addStretch(1)
        sf.addRow(actions)
        sf.addRow(self.progress)
        self.server_status = QLabel()
        self.server_status.setWordWrap(True)
        sf.addRow(self.server_status)

        self.for_me = QRadioButton("&Just me")
        self.for_everyone = QRadioButton("E&very user of this PC (a shared terminal; needs a PC administrator)")
        scopes = QButtonGroup(self)
        scopes.addButton(self.for_me)
        scopes.addButton(self.for_everyone)
        scope_box = QGroupBox("Save for")
        scl = QVBoxLayout(scope_box)
        scl.addWidget(self.for_me)
        scl.addWidget(self.for_everyone)
        scl.addWidget(
            _note(
                "Your own settings win over the PC's; a --db in a shortcut wins over both. Every user of a shared "
                "terminal types the server password once, the first time CareLog starts for them."
            )
        )
        self.status = QLabel()
        self.status.setWordWrap(True)
        if self.view.problem:
            show_message(self.status, self.view.problem, ok=False)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.local_choice)
        layout.addWidget(self.local_box)
        layout.addWidget(self.server_choice)
        layout.addWidget(self.server_box)
        layout.addWidget(scope_box)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        self._fill(self.view)
        self.local_choice.toggled.connect(self._update)
        self.encryption.currentIndexChanged.connect(self._update)
        self.test_button.clicked.connect(self.test_connection)
        self.move_button.clicked.connect(self._on_move_clicked)
        self.save_button.clicked.connect(self.save)
        self._update()
        self.resize(640, self.sizeHint().height())

    # ------------------------------------------------------------------------------------------ the form
    def _fill(self, view: DatabaseSettingsView) -> None:
        config = view.config
        (self.server_choice if config.is_server else self.local_choice).setChecked(True)
        (self.for_everyone if view.scope is Scope.MACHINE else self.for_me).setChecked(True)
        self.file.setText(config.sqlite_path)
        if config.is_server:
            self.host.setText(config.host)
            self.port.setValue(config.port)
            self.database.setText(config.database)
            self.user.setText(config.user)
            self.root_cert.setText(config.sslrootcert)
            self.encryption.setCurrentIndex(max(self.encryption.findData(config.sslmode), 0))
            if view.has_password:
                self.password.setPlaceholderText("(saved: leave empty to keep it)")

    def config(self) -> DatabaseConfig:
        if self.local_choice.isChecked():
            return DatabaseConfig(DatabaseKind.SQLITE, sqlite_path=self.file.text())
        return DatabaseConfig(
            DatabaseKind.POSTGRESQL,
            host=self.host.text(),
            port=self.port.value(),
            database=self.database.text(),
            user=self.user.text(),
            sslmode=str(self.encryption.currentData()),
            sslrootcert=self.root_cert.text().strip(),
        )

    def scope(self) -> Scope:
        return Scope.MACHINE if self.for_everyone.isChecked() else Scope.USER

    def _password(self, config: DatabaseConfig) -> str | None:
        typed = self.password.text()
        return typed if typed else self._services.database_setup.stored_password(config)

    def _update(self) -> None:
        server = self.server_choice.isChecked()
        self.local_box.setEnabled(not server)
        self.server_box.setEnabled(server)
        self.root_cert.setEnabled(self.encryption.currentData() == "verify-full")
        self.move_button.setEnabled(server and self.view.open_is_sqlite)
        self.move_button.setToolTip(
            "Copies every record of the database file open now into an empty database on the server."
            if self.view.open_is_sqlite
            else "The database open now is already on a server."
        )

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "CareLog database file", self.file.text(), "CareLog database (*.db)", "",
            QFileDialog.Option.DontConfirmOverwrite,
        )  # fmt: skip
        if path:
            self.file.setText(path)

    # ------------------------------------------------------------------------------------------ test, save
    def _checked_server(self) -> tuple[DatabaseConfig, str | None] | None:
        """The server settings and password as typed, or None after saying what to fix."""
        try:
            config = validate(self.config())
            return config, self._password(config)
        except ConfigError as exc:
            show_message(self.server_status, str(exc), ok=False)
            return None

    def test_connection(self) -> None:
        if (checked := self._checked_server()) is None:
            return
        config, password = checked
        self.test_button.setEnabled(False)
        show_message(self.server_status, "Connecting to the server…", ok=True)
        setup = self._services.database_setup
        handle = self._runner.submit(lambda _h: setup.test_connection(config, password))
        handle.finished.connect(self._on_tested)
        handle.failed.connect(self._on_test_failed)

    def _on_tested(self, result: ConnectionCheck) -> None:
        self.test_button.setEnabled(True)
        show_message(self.server_status, result.message, ok=result.ok)

    def _on_test_failed(self, message: str) -> None:
        self.test_button.setEnabled(True)
        show_message(self.server_status, message, ok=False)

    def save(self) -> bool:
        config = self.config()
        try:
            path = self._services.database_setup.save(config, self.password.text() or None, self.scope())
        except (ConfigError, CareLogError) as exc:
            show_message(self.status, str(exc), ok=False)
            return False
        self.saved_to = str(path)
        if config.is_server and not self.password.text() and not self.view.has_password:
            note = " No password was given: CareLog asks for it when it starts."
        else:
            note = ""
        show_message(self.status, f"Saved for {self.scope().value} in {path}. {RESTART_NOTE}{note}", ok=True)
        return True

    # ------------------------------------------------------------------------------------------ move
    def _on_move_clicked(self) -> None:
        answer = QMessageBox.question(
            self,
            "Move the records to the server",
            "CareLog will copy every record of the database file open now into the database on the server, which "
            "must be empty. The file on this PC is kept as it was. Ask everyone to stop saving on this PC "
            "until the move has finished.\n\nMove the records now?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.move_records()

    def move_records(self) -> None:
        if (checked := self._checked_server()) is None:
            return
        config, password = checked
        self.move_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        setup = self._services.database_setup
        handle = self._runner.submit(lambda h: setup.move_to(config, password, lambda p, m: h.report(p, m)))
        handle.progressed.connect(self._on_move_progress)
        handle.finished.connect(self._on_moved)
        handle.failed.connect(self._on_move_failed)

    def _on_move_progress(self, percent: int, text: str) -> None:
        self.progress.setValue(percent)
        show_message(self.server_status, text, ok=True)

    def _on_moved(self, result: MoveResult) -> None:
        self.moved = result
        self.progress.hide()
        self._update()
        text = (
            f"Moved {result.total_rows:,} records to the server; its audit trail checked "
            f"({result.audit_checked:,} entries, {result.audit_breaks} breaks)."
        )
        show_message(self.server_status, text, ok=result.audit_breaks == 0)
        answer = QMessageBox.question(
            self,
            "Use the server from now on?",
            f"{text}\n\nSave the server as this PC's database ({self.scope().value}) now? {RESTART_NOTE}",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.save()

    def _on_move_failed(self, message: str) -> None:
        self.progress.hide()
        self._update()
        show_message(self.server_status, f"The move did not finish: {message}", ok=False)


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label
