"""Start-up: the window appears before the database opens; a database that cannot be opened is explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from carelog import app as app_module


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
    [("/home/x/carelog.db", "carelog.db"), ("sqlite:////tmp/a/b.db", "b.db"),
     ("postgresql+psycopg://carelog:secret@db.example/carelog", "db.example/carelog")],
)
def test_title_label_never_shows_a_password(db: str, label: str) -> None:
    assert app_module._db_label(db) == label  # noqa: SLF001
