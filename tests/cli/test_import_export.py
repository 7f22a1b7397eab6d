"""`carelog import` and `carelog export` as a user runs them: good files, bad files, all or nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from carelog.cli import run
from carelog.core.dto import IncidentFilter
from carelog.services.registry import open_services
from tests.conftest import seed_home

HEADER = "occurred_at,service,location,kind,category,harm,description"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'home.db'}"
    seed_home(open_services(url))
    return url


def _write(tmp_path: Path, text: str, name: str = "in.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_good_file_imports_every_row_and_reports_unknown_columns(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path,
        "Description,OCCURRED_AT,Service,Location,Kind,Category,Harm,Person,Reference,Shoe size\n"
        '"Slipped on the wet floor, by the patio door",2026-03-04 14:20,Oak House,Main lounge,incident,Fall,low,'
        "OH-014,INC-2025-0100,9\n"
        "Wrong tablets picked up; stopped by photo check,04/03/2026 22:05,oak house,,Near miss,Medication,none,,,\n"
        "Resident died peacefully in their sleep,05/03/2026 04:10,Oak House,Bedroom corridor,incident,Death,death,"
        "OH-022,,\n",
    )
    assert run(["import", str(path), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Ignored unknown column 'Shoe size'" in out
    assert "Imported 3 incidents" in out
    services = open_services(db)
    rows = services.incidents.list(IncidentFilter(descending=False))
    assert len(rows) == 3
    refs = {r.reference for r in rows}
    assert "INC-2025-0100" in refs
    death = next(r for r in rows if r.category == "Death")
    assert death.physical_harm.value == "fatal"
    slipped = services.incidents.get(next(r.id for r in rows if r.reference == "INC-2025-0100"))
    assert [p.code for p in slipped.people] == ["OH-014"]
    assert slipped.data.account.startswith("Slipped on the wet floor, by")


def test_bad_file_writes_nothing_and_lists_every_problem(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path,
        HEADER + "\n"
        "2026-03-04 14:20,Oak House,Main lounge,incident,Fall,low,A perfectly good row of text\n"
        "2026-13-04 14:20,Oak House,Main lounge,incident,Fall,low,Month thirteen does not exist\n"
        "2026-03-04 14:20,Oak Hose,Main lounge,accident,Fal,bad,short\n"
        "2026-03-04 14:20,Oak House,Garden,incident,Fall,low,Location is not in this home\n",
    )
    assert run(["import", str(path), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err
    assert "line 3, column occurred_at" in err
    for column in ("kind", "harm", "category", "service", "description"):
        assert f"line 4, column {column}" in err
    assert "line 5, column location: 'Garden' is not a location of Oak House" in err
    assert "line 2" not in err
    assert open_services(db).incidents.count(IncidentFilter()) == 0


def test_missing_columns_and_bad_encoding_are_explained(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "occurred_at,service,kind\n2026-03-04 14:20,Oak House,incident\n")
    assert run(["import", str(path), "--db", db]) == 1
    assert "location, category, harm, description: Required column missing" in capsys.readouterr().err
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\n2026-03-04 14:20,Oak House,,incident,Fall,low,Caf\xe9 spill\n").encode("latin-1"))
    assert run(["import", str(latin), "--db", db]) == 1
    assert "not UTF-8" in capsys.readouterr().err


def test_create_missing_adds_services_locations_and_people(db: str, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEADER + ",person\n2026-03-04 14:20,Elm Lodge,Conservatory,incident,Fall,low,Found on the floor,EL-007\n",
    )
    assert run(["import", str(path), "--db", db, "--create-missing"]) == 0
    services = open_services(db)
    ref = services.incidents.reference_data()
    assert "Elm Lodge" in {s.name for s in ref.services}
    row = services.incidents.list(IncidentFilter())[0]
    assert (row.service, row.location) == ("Elm Lodge", "Conservatory")


def test_export_csv_round_trips_and_uses_codes_not_names(db: str, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEADER + ",person\n2026-03-04 14:20,Oak House,Main lounge,incident,Fall,low,"
        "Found on the floor by the window,OH-014\n2025-01-04 09:00,Oak House,,complaint,Complaint,none,"
        "Laundry went missing again this week\n",
    )
    assert run(["import", str(path), "--db", db]) == 0
    out = tmp_path / "out.csv"
    assert run(["export", "--db", db, "--format", "csv", "--out", str(out), "--from", "2026-01-01"]) == 0
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1
    assert rows[0]["person"] == "OH-014"
    assert "Edith" not in out.read_text(encoding="utf-8-sig")
    xlsx = tmp_path / "out.xlsx"
    assert run(["export", "--db", db, "--format", "xlsx", "--out", str(xlsx)]) == 0
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet.max_row == 3 and sheet["A1"].value == "reference"
    # the exported file imports again into a fresh database
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    seed_home(open_services(fresh))
    assert run(["import", str(out), "--db", fresh]) == 0


def test_export_refuses_reversed_dates(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["export", "--db", db, "--out", str(tmp_path / "x.csv"), "--from", "2026-02-01", "--to", "2026-01-01"])
    assert code == 2
    assert "swap them" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_near_miss_as_a_category_is_explained(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, HEADER + "\n2026-03-04 14:20,Oak House,,incident,Near miss,none,Wrong tablets picked up\n")
    assert run(["import", str(path), "--db", db]) == 1
    assert "line 2, column category: A near miss is a kind, not a category" in capsys.readouterr().err


def test_an_oversized_field_is_a_problem_on_its_line_not_a_crash(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = "x" * 10_000_000  # 10 MB in one field: an unclosed quote in a real file looks like this
    path = _write(
        tmp_path,
        HEADER + "\n"
        "2026-03-04 14:20,Oak House,Main lounge,incident,Fall,low,A perfectly good row of text\n"
        f"2026-03-04 15:20,Oak House,Main lounge,incident,Fall,low,{huge}\n"
        "2026-03-04 16:20,Oak House,Main lounge,incident,Fal,low,Another row with a typo in the category\n",
    )
    assert run(["import", str(path), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "line 3: A value on this line is longer than CareLog accepts" in err and "quote" in err
    assert "line 4, column category" in err  # the lines after it are still read and checked
    assert "Traceback" not in err
    assert open_services(db).incidents.count(IncidentFilter()) == 0


def test_a_semicolon_separated_file_is_read(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(
        tmp_path,
        "occurred_at;service;location;kind;category;harm;description\n"
        '04/03/2026 14:20;Oak House;Main lounge;incident;Fall;low;"Slipped by the patio door; no injury, sat up"\n'
        "05/03/2026 09:10;Oak House;;near miss;Medication;none;Wrong tablets picked up, stopped by photo check\n",
    )
    assert run(["import", str(path), "--db", db]) == 0
    assert "Imported 2 incidents" in capsys.readouterr().out
    rows = open_services(db).incidents.list(IncidentFilter(descending=False))
    assert [r.category for r in rows] == ["Fall", "Medication"]


def test_the_delimiter_is_found_from_the_header_line() -> None:
    from carelog.core.csv_import import detect_delimiter

    assert detect_delimiter(HEADER + "\n1;2;3\n") == ","
    assert detect_delimiter("occurred_at;service;description\n2026-03-04 14:20,5;Oak House;a, b, c\n") == ";"
    assert detect_delimiter("description\nno separator at all\n") == ","
