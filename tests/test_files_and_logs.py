"""The data folder and its files are private to the user; logs hold no personal data, also on errors; temporary
files a killed CareLog left behind are removed at the next start."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from carelog import logging_setup, paths
from carelog.core.enums import ServiceType
from carelog.core.errors import ValidationError
from carelog.db.repositories import organisation
from carelog.services.registry import open_services

NAME = "Edith Marsh"
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes exist only where the OS has them")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def log_file(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """CareLog's real log configuration, writing into this test's data folder."""
    monkeypatch.setattr(logging_setup, "_configured", False)
    factory = logging.getLogRecordFactory()
    root = logging.getLogger()
    before = list(root.handlers)
    logging_setup.configure_logging()
    yield paths.logs_dir() / "carelog.log"
    for handler in root.handlers:
        if handler not in before:
            handler.close()
            root.removeHandler(handler)
    logging.setLogRecordFactory(factory)


@posix_only
def test_data_folder_and_its_files_are_private(log_file: Path) -> None:
    services = open_services(paths.default_db_path())
    services.backup  # noqa: B018 - the service exists; the folder is made on first use
    logging.getLogger("carelog.test").info("opened")
    for folder in (paths.data_dir(), paths.logs_dir(), paths.backups_dir(), paths.temp_root()):
        assert _mode(folder) == 0o700, folder
    assert _mode(paths.default_db_path()) == 0o600
    assert _mode(log_file) == 0o600
    assert _mode(paths.process_temp_dir()) == 0o700


def _duplicate_person(services) -> IntegrityError:  # type: ignore[no-untyped-def]
    with services.ctx.unit() as session:
        sid = organisation.add_service(session, "Oak House", ServiceType.CARE_HOME, 40)
        organisation.add_person(session, "OH-014", "Walter Bright", sid)
    try:
        with services.ctx.unit() as session:
            organisation.add_person(session, "OH-014", NAME, sid)
    except IntegrityError as exc:
        return exc
    raise AssertionError("the duplicate code was accepted")


def test_no_name_reaches_the_log_when_saving_fails(
    qapp, log_file: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from carelog import app

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    services = open_services(paths.default_db_path())
    db_error = _duplicate_person(services)
    assert NAME not in str(db_error)  # hide_parameters: SQL parameters never appear in the error text
    # An error whose own text names someone (as PostgreSQL's "Key (...)=(...)" detail or a validation message can)
    named = ValidationError({"username": f"{NAME} already has an account"})
    app.install_excepthook()
    with caplog.at_level(logging.INFO):
        for exc in (db_error, named):
            try:
                raise RuntimeError("while saving") from exc
            except RuntimeError as outer:
                sys.excepthook(type(outer), outer, outer.__traceback__)
        logging.getLogger("carelog.test").warning("Import failed: %s", named)
        logging.getLogger("carelog.test").error("Background task failed", exc_info=named)
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = log_file.read_text(encoding="utf-8")
    assert "IntegrityError" in written and "ValidationError" in written and "_duplicate_person" in written
    assert NAME not in written and "Edith" not in written
    assert len([r for r in caplog.records if r.name.startswith("carelog")]) >= 4 and NAME not in caplog.text
    assert "may not have been saved" in shown[0] and "safe" not in shown[0]


def test_the_crash_dialog_never_claims_the_last_action_was_saved() -> None:
    from carelog.app import unexpected_error_text

    text = unexpected_error_text(RuntimeError, RuntimeError("disk I/O error"))
    assert "may not have been saved" in text and "still on screen" in text
    assert "records are safe" not in text


_HOLDER = """
import sys, time
from carelog.paths import process_temp_dir, make_temp_dir
folder = make_temp_dir("pack-")
(folder / "pack.pdf").write_bytes(b"%PDF personal data")
print(process_temp_dir(), flush=True)
time.sleep(60)
"""


def test_temporary_files_of_a_killed_carelog_are_swept_at_the_next_start_but_not_a_running_ones() -> None:
    env = dict(os.environ)
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert holder.stdout is not None
        running = Path(holder.stdout.readline().strip())
        assert running.is_dir()
        mine = paths.make_temp_dir("restore-")
        assert paths.sweep_stale_temp() == 0  # both CareLogs still run: nothing is removed
        assert running.is_dir() and mine.is_dir()
        holder.kill()  # like kill -9: no clean-up code runs
        holder.wait()
        assert running.is_dir()
        assert paths.sweep_stale_temp() == 1
        assert not running.exists() and mine.is_dir()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_the_command_line_sweeps_at_start() -> None:
    from carelog.cli import run

    stale = paths.temp_root() / "4242-left-by-a-crash"
    stale.mkdir()
    (stale / "restore.db").write_bytes(b"scratch copy")
    run(["check", "--db", str(paths.default_db_path())])
    assert not stale.exists()


def test_a_carelog_that_exits_normally_removes_its_temporary_files_itself() -> None:
    script = "from carelog.paths import make_temp_dir\nprint(make_temp_dir('pack-'))\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    folder = Path(out.strip())
    assert folder.parent.parent == paths.temp_root()
    assert not folder.parent.exists()
