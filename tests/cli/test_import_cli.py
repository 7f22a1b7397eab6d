"""`carelog import` with a workbook, a saved mapping, a dry run, a confirmed encoding, and `--undo BATCH`."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest

from carelog.cli import run
from carelog.core.dto import IncidentFilter
from carelog.core.import_mapping import ColumnMap
from carelog.services.registry import open_services
from tests.conftest import seed_home

HEADER = ["When", "Time", "Care home", "Unit", "Record", "Type of incident", "Severity", "Account"]


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'home.db'}"
    seed_home(open_services(url))
    return url


def _workbook(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Cover"
    ws.append(["Incident log, fictional demo data"])
    data = wb.create_sheet("Log")
    data.append(HEADER)
    data.append(
        [
            datetime(2025, 3, 4),
            time(14, 20),
            "Oak House",
            "Main lounge",
            "Incident",
            "Falls",
            "No harm",
            "Found on the floor",
        ]
    )
    data.append(
        [
            datetime(2025, 3, 5),
            time(9, 5),
            "Oak House",
            None,
            "Near miss",
            "Medication error",
            "none",
            "Wrong pot spotted",
        ]
    )
    wb.save(path)
    return path


def test_workbook_with_saved_mapping_dry_run_then_import_then_undo(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _workbook(tmp_path / "log.xlsx")
    assert run(["import", str(book), "--db", db, "--sheet", "Log"]) == 1
    assert "Required column missing" in capsys.readouterr().err  # "When", "Record" are not common headers
    mapping = ColumnMap({"When": "date", "Time": "time", "Record": "kind", "Type of incident": "category"})
    map_file = tmp_path / "MAP.json"
    map_file.write_text(mapping.to_json(), encoding="utf-8")
    assert run(["import", str(book), "--db", db, "--sheet", "Log", "--map", str(map_file), "--dry-run"]) == 0
    assert "Dry run: 2 incidents would be imported" in capsys.readouterr().out
    assert open_services(db).incidents.count(IncidentFilter()) == 0
    assert run(["import", str(book), "--db", db, "--sheet", "Log", "--map", str(map_file)]) == 0
    out = capsys.readouterr().out
    assert "Imported 2 incidents" in out and "as batch 1" in out and "carelog import --undo 1" in out
    rows = open_services(db).incidents.list(IncidentFilter(descending=False))
    assert [(r.category, r.occurred_at) for r in rows] == [
        ("Fall", datetime(2025, 3, 4, 14, 20)),
        ("Medication", datetime(2025, 3, 5, 9, 5)),
    ]
    assert run(["import", "--list", "--db", db]) == 0
    assert "batch 1: 2 incidents from log.xlsx" in capsys.readouterr().out
    assert run(["import", "--undo", "1", "--db", db]) == 0
    assert "Undid import batch 1: removed 2 incidents." in capsys.readouterr().out
    assert open_services(db).incidents.count(IncidentFilter()) == 0
    assert run(["import", "--undo", "1", "--db", db]) == 1
    assert "already undone" in capsys.readouterr().err


def test_unknown_sheet_and_windows_1252_are_explained(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _workbook(tmp_path / "log.xlsx")
    assert run(["import", str(book), "--db", db, "--sheet", "Summary"]) == 1
    assert "no sheet called 'Summary'; its sheets are: Cover, Log" in capsys.readouterr().err
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        "Date,Time,Home,Location,Kind,Category,Harm,Description\n"
        "04/03/2025,14:20,Oak House,,incident,Fall,low,Café spill by the door\n".encode("cp1252")
    )
    assert run(["import", str(latin), "--db", db]) == 1
    assert "it would read: Café" in capsys.readouterr().err
    assert run(["import", str(latin), "--db", db, "--encoding", "windows-1252"]) == 0
    assert "Imported 1 incidents" in capsys.readouterr().out
