"""Start-up: the window appears before the database opens; a database that cannot be opened is explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from carelog import app as app_module


@pytest.fixture(autouse=True)
def _keep_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_gui installs CareLog's crash dialog as sys.excepthook; give pytest-qt its own back afterwards."""
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


def test_unreadable_database_gets_a_clear_message(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("these are not the records you are looking for" * 100)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append(f"{title}: {text}"))
    assert app_module.run_gui(str(not_a_db)) == 2
    assert "cannot open the database" in shown[0] and "notes.db" in shown[0]
    assert not_a_db.read_text().startswith("these are not")  # left as it was


def test_newer_schema_is_refused_with_advice(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from carelog.db.engine import open_database

    db = tmp_path / "new.db"
    engine, _ = open_database(db)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append(text))
    assert app_module.run_gui(str(db)) == 2
    assert "newer version of CareLog" in shown[0]


@pytest.mark.parametrize(
    ("db", "label"),
    [
        ("/home/x/carelog.db", "carelog.db"),
        ("sqlite:////tmp/a/b.db", "b.db"),
        ("postgresql+psycopg://carelog:secret@db.example/carelog", "db.example/carelog"),
    ],
)
def test_title_label_never_shows_a_password(db: str, label: str) -> None:
    assert app_module._db_label(db) == label  # noqa: SLF001


def test_nothing_is_loaded_behind_the_sign_in_dialog(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The window appears at once, but its pages (and any record) only after someone has signed in."""
    from PySide6.QtWidgets import QApplication, QDialog

    from carelog.demo import fill_demo
    from carelog.services.registry import open_services
    from carelog.ui.dialogs.sign_in_dialog import SignInDialog
    from carelog.ui.main_window import MainWindow

    db = tmp_path / "home.db"
    fill_demo(open_services(db), incidents=60)
    seen: dict[str, object] = {}

    def fake_exec(dialog: SignInDialog) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        seen["pages_before"] = window.page_keys()
        seen["actor_before"] = dialog.form._services.ctx.actor.name  # noqa: SLF001
        dialog.form._services.accounts.sign_in("manager", "2345")  # noqa: SLF001
        seen["window"] = window
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SignInDialog, "exec", fake_exec)
    # no real event loop: quitting one would leave Qt's quit flag set and stall later tests' waits
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)
    assert app_module.run_gui(str(db)) == 0
    assert seen["pages_before"] == []
    assert seen["actor_before"] == "Nobody signed in"
    window = seen["window"]
    assert isinstance(window, MainWindow)
    # a manager, not an admin
    assert window.page_keys() == [
        "home",
        "log",
        "review",
        "trends",
        "actions",
        "concerns",
        "reports",
    ]  # a manager, not an admin
    assert list(window.built_pages()) == ["home"]  # only the tab on screen (Home) is built
    app = QApplication.instance()
    guard = app.property("session_guard")
    guard.stop()  # leave no idle lock or backup timer behind for the next tests
    app.setProperty("session_guard", None)
    window.hide()
    window.deleteLater()


def test_the_database_opens_off_the_gui_thread_which_keeps_running(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """First start and migrations run in a worker; the window keeps handling events and shows what is happening."""
    import threading

    from PySide6.QtCore import QTimer

    from carelog.services import registry
    from carelog.ui.main_window import MainWindow
    from carelog.ui.task_runner import TaskRunner

    real_open = registry.open_services
    gui_ticked = threading.Event()
    seen: dict[str, object] = {}
    texts: set[str] = set()

    def slow_open(target: str):  # type: ignore[no-untyped-def]
        seen["thread"] = threading.current_thread()
        seen["gui_ran_meanwhile"] = gui_ticked.wait(10)  # only set if the GUI thread handles events meanwhile
        return real_open(target)

    monkeypatch.setattr(registry, "open_services", slow_open)
    window = MainWindow("test")
    qtbot.addWidget(window)
    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(lambda: (gui_ticked.set(), texts.add(window._loading_text.text())))  # noqa: SLF001
    ticker.start()
    services = app_module._open_in_background(window, TaskRunner(), str(tmp_path / "new.db"), False)  # noqa: SLF001
    ticker.stop()
    assert seen["thread"] is not threading.main_thread() and seen["gui_ran_meanwhile"] is True
    assert any("Preparing the database" in text for text in texts)
    assert not isinstance(services, BaseException) and services.accounts.needs_first_admin()
