"""Start-up follows the saved database settings: a shared terminal with machine-wide settings starts on the server
without any --db; a user who has not stored the server password is asked once (kept in the fake credential store);
a server that is down is explained in plain English with the file that chose it."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from carelog import app as app_module
from carelog.core.db_config import DatabaseConfig, DatabaseKind, Scope
from carelog.services import database_config as files
from carelog.services.database_config import KEYRING_SERVICE


@pytest.fixture(autouse=True)
def _keep_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVER = DatabaseConfig(DatabaseKind.POSTGRESQL, host="127.0.0.1", port=5432, database="carelog", user="terminal")


def test_machine_settings_choose_the_server_and_the_password_is_asked_once(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    keyring_store: dict[tuple[str, str], str],  # type: ignore[no-untyped-def]
) -> None:
    files.save(SERVER, Scope.MACHINE)
    asked: list[str] = []

    def ask(_parent, _title, text, _echo):  # type: ignore[no-untyped-def]
        asked.append(text)
        return "t3rminal", True

    monkeypatch.setattr(QInputDialog, "getText", ask)
    target, code = app_module._startup_target(None)
    assert code == 0 and target == "postgresql+psycopg://terminal:t3rminal@127.0.0.1:5432/carelog?sslmode=prefer"
    assert "this PC's database settings for every user" in asked[0]
    assert keyring_store[(KEYRING_SERVICE, SERVER.credential_name())] == "t3rminal"
    again, _code = app_module._startup_target(None)
    assert again == target and len(asked) == 1  # from the credential store now
    assert app_module._startup_target("/given.db") == ("/given.db", 0)  # --db wins over every file


def test_cancelled_password_prompt_opens_nothing(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    files.save(SERVER, Scope.USER)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a: ("", False))
    assert app_module._startup_target(None) == (None, 0)


def test_damaged_settings_file_is_explained(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    files.user_config_file().write_text("[database]\nkind = postgresql\n", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert app_module._startup_target(None) == (None, 2)
    assert "name or address of the database server" in shown[0] and str(files.user_config_file()) in shown[0]


def test_server_down_at_start_is_explained_with_the_file_that_chose_it(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    keyring_store: dict[tuple[str, str], str],  # type: ignore[no-untyped-def]
) -> None:
    down = DatabaseConfig(**{**SERVER.__dict__, "port": _free_port()})
    files.save(down, Scope.USER)
    keyring_store[(KEYRING_SERVICE, down.credential_name())] = "pw"
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert app_module.run_gui(None) == 2
    assert f"No database server answers at 127.0.0.1:{down.port}" in shown[0]
    assert "your own database settings" in shown[0] and str(files.user_config_file()) in shown[0]
    assert "pw@" not in shown[0]


def test_sqlite_file_on_a_share_is_refused_at_start(qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert app_module.run_gui("//office-pc/CareLog/carelog.db") == 2
    assert "shared network folder" in shown[0] and "shared database server" in shown[0]
