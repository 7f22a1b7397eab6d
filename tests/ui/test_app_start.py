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
        qtbot.waitUntil(lambda: dialog.form.services is not None)  # on screen while the database opened
        services = dialog.form.services
        seen["actor_before"] = services.ctx.actor.name
        services.accounts.sign_in("manager", "2345")
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


def test_the_sign_in_screen_needs_no_sqlalchemy(tmp_path: Path) -> None:
    """Start-up time: everything up to the sign-in dialog on screen loads without SQLAlchemy or the models."""
    import subprocess
    import sys

    from carelog.core import passwords
    from carelog.services.registry import open_services
    from tests.services.test_accounts import _team

    passwords.use_fast_parameters_for_tests()
    db = tmp_path / "home.db"
    _team(open_services(db))
    code = (
        "import sys\n"
        "from carelog.app import has_accounts, ServicesLater\n"
        "from carelog.ui.qt_app import ensure_qapp\n"
        "from carelog.ui.dialogs.sign_in_dialog import SignInDialog\n"
        "app = ensure_qapp()\n"
        "dialog = SignInDialog(ServicesLater())\n"
        "dialog.show()\n"
        "app.processEvents()\n"
        f"print(has_accounts({str(db)!r}), has_accounts({str(tmp_path / 'new.db')!r}),"
        " [m for m in sys.modules if m.startswith(('sqlalchemy', 'carelog.db', 'carelog.services'))])\n"
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.split("\n")[0] == "True False []"


def test_a_sign_in_pressed_before_the_database_is_open_goes_through_once_it_is(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from carelog.core import passwords
    from carelog.services import registry
    from carelog.ui.dialogs.sign_in_dialog import SignInDialog
    from carelog.ui.main_window import MainWindow
    from carelog.ui.task_runner import TaskRunner
    from tests.services.test_accounts import _team

    passwords.use_fast_parameters_for_tests()
    db = tmp_path / "home.db"
    _team(registry.open_services(db))
    release = threading.Event()
    real_open = registry.open_services
    monkeypatch.setattr(registry, "open_services", lambda target: (release.wait(10), real_open(target))[1])
    window = MainWindow("test")
    qtbot.addWidget(window)
    later = app_module.open_in_background(window, TaskRunner(), str(db), False, signed_out=True)
    dialog = SignInDialog(later)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.username.setText("sam")
    dialog.form.secret.setText("8642")
    assert dialog.form.submit() is False  # not open yet: nothing is lost, nothing can be typed twice
    assert dialog.form.error.text() == "Opening the database… you are signed in as soon as it is open."
    assert not dialog.form.username.isEnabled() and dialog.actor is None
    assert dialog.form.submit() is False  # a second Return while waiting changes nothing
    release.set()
    qtbot.waitUntil(lambda: dialog.actor is not None, timeout=10_000)
    assert dialog.actor.name == "Sam Okafor" and dialog.result() == 1
    assert later.value is not None and later.value.ctx.actor.name == "Sam Okafor"


def test_start_up_housekeeping_runs_off_the_gui_thread_and_cannot_stop_the_start(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The log file and the sweep of stale temporary files (cli) run in the worker after the window is painted,
    before the database opens; if they fail, CareLog still opens the database."""
    import threading

    from carelog.ui.main_window import MainWindow
    from carelog.ui.task_runner import TaskRunner

    seen: list[threading.Thread] = []

    def housekeeping() -> None:
        seen.append(threading.current_thread())
        raise OSError("the log folder cannot be written")

    window = MainWindow("test")
    qtbot.addWidget(window)
    later = app_module.open_in_background(window, TaskRunner(), str(tmp_path / "new.db"), False, first=housekeeping)
    services = later.wait()
    assert len(seen) == 1 and seen[0] is not threading.main_thread()
    assert not isinstance(services, BaseException) and services.accounts.needs_first_admin()


def test_the_gui_command_hands_its_housekeeping_to_run_gui(monkeypatch: pytest.MonkeyPatch) -> None:
    from carelog import cli

    passed: dict[str, object] = {}
    monkeypatch.setattr(
        app_module, "run_gui", lambda db, demo=False, housekeeping=None: passed.update(h=housekeeping) or 0
    )
    assert cli.run([]) == 0
    assert passed["h"] is cli._start_gui_housekeeping  # noqa: SLF001


@pytest.mark.parametrize("dialog_shown", [True, False])
def test_a_held_open_starts_when_the_sign_in_dialog_is_on_screen_or_after_a_moment(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialog_shown: bool
) -> None:
    """hold=True (run_gui with accounts): loading SQLAlchemy waits until the sign-in dialog is painted, so the two
    do not share the interpreter while the dialog is put up; without a dialog it starts after HOLD_AT_MOST_MS."""
    import time

    from carelog.services import registry
    from carelog.ui.dialogs.sign_in_dialog import SignInDialog
    from carelog.ui.main_window import MainWindow
    from carelog.ui.task_runner import TaskRunner

    monkeypatch.setattr(app_module, "HOLD_AT_MOST_MS", 2000)  # far apart from the dialog's release on a busy machine
    started: list[float] = []
    real_open = registry.open_services
    monkeypatch.setattr(
        registry, "open_services", lambda target: (started.append(time.monotonic()), real_open(target))[1]
    )
    window = MainWindow("test")
    qtbot.addWidget(window)
    later = app_module.open_in_background(window, TaskRunner(), str(tmp_path / "new.db"), False, hold=True)
    qtbot.wait(100)
    assert started == []  # held
    held_since = time.monotonic()
    if dialog_shown:
        dialog = SignInDialog(later)
        qtbot.addWidget(dialog)
        dialog.show()
    qtbot.waitUntil(lambda: later.done, timeout=10_000)
    assert len(started) == 1 and not isinstance(later.wait(), BaseException)
    if dialog_shown:
        assert started[0] - held_since < 1.0  # released by the dialog
    else:
        assert started[0] - held_since >= 1.5  # (the 2 s began before the 0.1 s wait)
