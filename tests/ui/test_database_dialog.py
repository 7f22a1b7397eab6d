"""Admin > Database settings: the dialog fills from the saved settings, Test connection shows the plain-English
outcome, Save writes the chosen file (password to the fake credential store), and Move copies this PC's records to
an empty server database and then offers to switch to it."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from carelog.core import passwords
from carelog.core.db_config import DatabaseConfig, DatabaseKind, Scope
from carelog.core.dto import IncidentFilter
from carelog.services import database_config as files
from carelog.services.registry import Services, open_services
from carelog.ui.dialogs.database_dialog import DatabaseDialog
from carelog.ui.events import AppEvents
from carelog.ui.pages.admin_page import AdminPage
from tests.conftest import PG_ADMIN_URL, _pg_database
from tests.services.test_accounts import _team


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    passwords.use_fast_parameters_for_tests()


@pytest.fixture
def dialog(qtbot, sqlite_services: Services, runner) -> DatabaseDialog:  # type: ignore[no-untyped-def]
    _team(sqlite_services)  # signed in as the first administrator
    d = DatabaseDialog(sqlite_services, runner)
    qtbot.addWidget(d)
    return d


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fill_server(dialog: DatabaseDialog, host: str, port: int, database: str, user: str, password: str) -> None:
    dialog.server_choice.setChecked(True)
    dialog.host.setText(host)
    dialog.port.setValue(port)
    dialog.database.setText(database)
    dialog.user.setText(user)
    dialog.password.setText(password)


def test_opens_on_this_pc_and_renders(dialog: DatabaseDialog, tmp_path: Path) -> None:
    assert dialog.local_choice.isChecked() and not dialog.server_box.isEnabled()
    assert dialog.for_me.isChecked() and dialog.move_button.isEnabled() is False
    assert "test.db" in dialog.view.open_now
    dialog.show()
    assert dialog.grab().save(str(tmp_path / "database-dialog-local.png"))


def test_test_connection_says_the_server_is_down(qtbot, dialog: DatabaseDialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _fill_server(dialog, "127.0.0.1", _free_port(), "carelog", "carelog_app", "pw")
    assert dialog.server_box.isEnabled() and dialog.move_button.isEnabled()
    dialog.test_connection()
    qtbot.waitUntil(lambda: "No database server answers" in dialog.server_status.text(), timeout=10_000)
    assert dialog.test_button.isEnabled()
    dialog.show()
    assert dialog.grab().save(str(tmp_path / "database-dialog-server-down.png"))


def test_missing_server_name_says_what_to_type(qtbot, dialog: DatabaseDialog) -> None:  # type: ignore[no-untyped-def]
    _fill_server(dialog, " ", 5432, "carelog", "carelog_app", "pw")
    dialog.test_connection()
    assert "Type the name or address of the database server" in dialog.server_status.text()
    assert not dialog.save() and "Type the name or address" in dialog.status.text()


def test_save_for_every_user_keeps_the_password_out_of_the_file(
    dialog: DatabaseDialog, keyring_store: dict[tuple[str, str], str]
) -> None:
    _fill_server(dialog, "office-pc", 5432, "carelog", "carelog_app", "Tr1cky pass")
    dialog.encryption.setCurrentIndex(dialog.encryption.findData("require"))
    dialog.for_everyone.setChecked(True)
    assert dialog.save()
    assert "next time it starts" in dialog.status.text() and str(files.machine_config_file()) in dialog.status.text()
    saved = files.load(Scope.MACHINE)
    assert saved == DatabaseConfig(
        DatabaseKind.POSTGRESQL, host="office-pc", database="carelog", user="carelog_app", sslmode="require"
    )
    assert "Tr1cky" not in files.machine_config_file().read_text(encoding="utf-8")
    assert list(keyring_store.values()) == ["Tr1cky pass"]


def test_reopened_dialog_shows_the_saved_server(qtbot, sqlite_services: Services, runner) -> None:  # type: ignore[no-untyped-def]
    _team(sqlite_services)
    config = DatabaseConfig(DatabaseKind.POSTGRESQL, host="db.example.org", database="care", user="app")
    sqlite_services.database_setup.save(config, "pw", Scope.USER)
    dialog = DatabaseDialog(sqlite_services, runner)
    qtbot.addWidget(dialog)
    assert dialog.server_choice.isChecked() and dialog.host.text() == "db.example.org"
    assert dialog.password.text() == "" and "saved" in dialog.password.placeholderText()
    assert dialog.config() == config


def test_admin_page_opens_it(qtbot, sqlite_services: Services, runner) -> None:  # type: ignore[no-untyped-def]
    _team(sqlite_services)
    page = AdminPage(sqlite_services, AppEvents().listen_to(sqlite_services.ctx), runner)
    qtbot.addWidget(page)
    opened = page.open_database_settings()
    assert isinstance(opened, DatabaseDialog) and opened.isVisible()
    opened.close()


@pytest.mark.skipif(not PG_ADMIN_URL, reason="needs PostgreSQL (CARELOG_TEST_PG_URL)")
def test_move_button_copies_the_records_and_saves_the_server(  # type: ignore[no-untyped-def]
    qtbot, dialog: DatabaseDialog, sqlite_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.engine import make_url

    from tests.conftest import seed_home
    from tests.services.test_accounts import _incident

    home = seed_home(sqlite_services)
    for _ in range(3):
        sqlite_services.incidents.report(_incident(home, sqlite_services))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    for target in _pg_database():
        url = make_url(target)
        _fill_server(dialog, url.host or "", url.port or 5432, url.database or "", url.username or "", "")
        dialog._on_move_clicked()
        qtbot.waitUntil(
            lambda: dialog.moved is not None or "did not finish" in dialog.server_status.text(), timeout=60_000
        )
        assert dialog.moved is not None, dialog.server_status.text()
        assert dialog.moved.audit_breaks == 0 and "Moved" in dialog.server_status.text()
        assert files.load(Scope.USER) is not None and files.load(Scope.USER).host == url.host  # type: ignore[union-attr]
        on_server = open_services(target)
        on_server.accounts.sign_in("admin", "2580")
        assert on_server.incidents.count(IncidentFilter()) == 3
        assert not on_server.integrity.check().results or on_server.integrity.check().ok
        on_server.ctx.sessions.kw["bind"].dispose()


def test_access_keys_are_unique_in_the_dialog(dialog: DatabaseDialog) -> None:
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    mnemonic = re.compile(r"(?<!&)&([^&\s])")
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)]
    texts += [w.title() for w in dialog.findChildren(QGroupBox)]
    letters = [m.group(1).lower() for t in texts if (m := mnemonic.search(t))]
    assert len(letters) == len(set(letters)) >= 14, letters
