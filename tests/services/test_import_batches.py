"""Import as a use case: round trips through the exporter, all or nothing, one batch per import, undo as one unit.
(The integrity check runs after every test here: tests/services/conftest.py.)"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from carelog.core.dto import SYSTEM_ACTOR, IncidentFilter
from carelog.core.import_mapping import CREATE, auto_map
from carelog.core.import_source import read_csv
from carelog.db.repositories import audit
from carelog.services.importer import ImportFailed, LoadedFile, UndoRefused, read_bytes, read_file
from carelog.services.registry import Services
from tests.conftest import Home

COLUMNS = ("occurred_at", "kind", "category", "service", "location", "harm", "person", "description")


def _day(services: Services, days: int, hour: int = 14) -> datetime:
    now = services.ctx.clock()
    return (now - timedelta(days=days)).replace(hour=hour, minute=20, second=0, microsecond=0)


def _rows(services: Services) -> list[dict[str, str]]:
    when = [_day(services, d).strftime("%Y-%m-%d %H:%M") for d in (40, 30, 20)]
    return [
        dict(zip(COLUMNS, v, strict=True))
        for v in (
            (when[0], "incident", "Fall", "Oak House", "Main lounge", "low", "OH-014", "Found on the floor by the TV"),
            (when[1], "near_miss", "Medication", "Oak House", "", "none", "", "Wrong pot spotted before giving"),
            (when[2], "complaint", "Complaint", "Birch Court", "Dining room", "none", "", "Cold lunch again"),
        )
    ]


def _csv(rows: list[dict[str, str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _loaded(text: str, name: str = "in.csv") -> LoadedFile:
    return read_bytes(name, text.encode("utf-8"))


def _import(services: Services, text: str, **kw: object) -> tuple[int, tuple[str, ...]]:
    loaded = _loaded(text)
    result = services.importer.run(loaded, auto_map(loaded.table.headers), **kw)  # type: ignore[arg-type]
    assert result.batch_id is not None
    return result.batch_id, result.references


def test_csv_round_trip_through_carelog_and_the_exporter(services: Services, home: Home, tmp_path: Path) -> None:
    rows = _rows(services)
    _import(services, _csv(rows, delimiter=";"))
    services.ctx.identity.actor = SYSTEM_ACTOR
    out = tmp_path / "out.csv"
    assert services.exporter.export(out, "csv") == 3
    with out.open(encoding="utf-8-sig", newline="") as fh:
        exported = [{c: r[c] for c in COLUMNS} for r in csv.DictReader(fh)]
    assert exported == rows


def test_xlsx_round_trip_with_date_and_time_cells(services: Services, home: Home, tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    rows = _rows(services)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Date", "Time", "Home", "Room", "Type", "Category", "Severity", "Resident", "What happened"])
    for r in rows:
        when = datetime.strptime(r["occurred_at"], "%Y-%m-%d %H:%M")
        harm = {"low": "Low harm", "none": "No harm"}[r["harm"]]
        ws.append(
            [when.replace(hour=0, minute=0), when.time(), r["service"], r["location"] or None, r["kind"],
             r["category"], harm, r["person"] or None, r["description"]]
        )  # fmt: skip
    src = tmp_path / "in.xlsx"
    wb.save(src)
    loaded = read_file(src)
    assert loaded.kind == "xlsx" and loaded.sheets == ("Sheet",)
    services.importer.run(loaded, auto_map(loaded.table.headers))
    services.ctx.identity.actor = SYSTEM_ACTOR
    out = tmp_path / "out.xlsx"
    services.exporter.export(out, "xlsx")
    sheet = load_workbook(out).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in values[0]]
    exported = [{c: ("" if row[header.index(c)] is None else str(row[header.index(c)])) for c in COLUMNS} for row in
                values[1:]]  # fmt: skip
    assert exported == rows


def test_windows_1252_file_needs_its_encoding_confirmed(services: Services, home: Home, tmp_path: Path) -> None:
    rows = _rows(services)
    rows[0]["description"] = "Café trolley tipped over in the lounge"
    path = tmp_path / "excel.csv"
    path.write_bytes(_csv(rows).encode("cp1252"))
    with pytest.raises(ImportFailed) as refused:
        services.importer.import_file(path)
    assert "looks like Windows-1252 (it would read: Café" in refused.value.problems[0].message
    assert services.incidents.count(IncidentFilter()) == 0
    result = services.importer.import_file(path, encoding_confirmed=True)
    detail = services.incidents.get(services.incidents.list(IncidentFilter(descending=False))[0].id)
    assert detail.data.account == "Café trolley tipped over in the lounge" and len(result.references) == 3


def test_bad_rows_write_nothing_and_each_problem_names_line_and_column(services: Services, home: Home) -> None:
    rows = _rows(services)
    rows[1]["category"] = "Medicaton"
    rows[2]["occurred_at"] = "yesterday"
    with pytest.raises(ImportFailed) as failed:
        _import(services, _csv(rows))
    assert [str(p).split(":")[0] for p in failed.value.problems] == [
        "line 3, column category",
        "line 4, column occurred_at",
    ]
    assert "The nearest: Medication" in failed.value.problems[0].message
    assert services.incidents.count(IncidentFilter()) == 0


def test_cancel_and_dry_run_write_nothing(services: Services, home: Home) -> None:
    class Stop(Exception):
        pass

    def cancel_when_writing(percent: int, message: str) -> None:
        if message.startswith("Writing"):
            raise Stop

    loaded = _loaded(_csv(_rows(services)))
    with pytest.raises(Stop):
        services.importer.run(loaded, auto_map(loaded.table.headers), progress=cancel_when_writing)
    dry = services.importer.run(loaded, auto_map(loaded.table.headers), dry_run=True)
    assert dry.dry_run and dry.batch_id is None and len(dry.references) == 3
    assert services.incidents.count(IncidentFilter()) == 0
    assert services.importer.batches() == []


def test_an_import_is_one_batch_and_undo_removes_it_with_what_it_created(services: Services, home: Home) -> None:
    services.ctx.identity.actor = SYSTEM_ACTOR  # creating list items needs an administrator
    rows = _rows(services)
    rows[2].update(service="Elm Lodge", location="Conservatory", person="EL-007")
    text = _csv(rows)
    loaded = _loaded(text)
    cmap = auto_map(loaded.table.headers)
    cmap.choose("service", "Elm Lodge", CREATE)
    with pytest.raises(ImportFailed, match=r"problem"):
        services.importer.run(loaded, auto_map(loaded.table.headers))  # Elm Lodge unknown, no choice made
    try:
        result = services.importer.run(loaded, cmap, create_missing=True)
    except ImportFailed as exc:
        raise AssertionError([str(p) for p in exc.problems]) from None
    assert result.batch_id is not None
    assert sorted(result.created) == ["location Conservatory (Elm Lodge)", "person EL-007", "service Elm Lodge"]
    assert services.incidents.count(IncidentFilter()) == 3
    with services.ctx.read() as session:
        (entry,) = [e for e in audit.history(session, "import_batch", result.batch_id)]
    assert entry.action == "import" and entry.new_value == "3 incidents from in.csv"
    (batch,) = services.importer.batches()
    assert (batch.id, batch.row_count, batch.undone_at) == (result.batch_id, 3, None)

    undone = services.importer.undo(result.batch_id)
    assert undone.incidents == 3 and len(undone.created_removed) == 3
    assert services.incidents.count(IncidentFilter()) == 0
    assert "Elm Lodge" not in {s.name for s in services.incidents.reference_data().services}
    assert services.importer.batches()[0].undone_at == services.ctx.clock()
    with pytest.raises(Exception, match="already undone"):
        services.importer.undo(result.batch_id)
    # the same file can be imported again afterwards
    again, _refs = _import(services, text.replace("Elm Lodge", "Oak House").replace("Conservatory", "Main lounge")
                           .replace("EL-007", "OH-022"))  # fmt: skip
    assert again != result.batch_id


def test_undo_is_refused_naming_the_records_changed_since(services: Services, home: Home) -> None:
    batch_id, refs = _import(services, _csv(_rows(services)))
    first = services.incidents.list(IncidentFilter(descending=False))[0]
    detail = services.incidents.get(first.id)
    services.incidents.update(first.id, replace(detail.data, witnesses="Night nurse"), detail.version)
    with pytest.raises(UndoRefused) as refused:
        services.importer.undo(batch_id)
    assert refused.value.records == [f"incident {first.reference}"]
    assert f"1 of its records was changed after the import (incident {first.reference})" in str(refused.value)
    assert "Nothing was removed" in str(refused.value)
    assert services.incidents.count(IncidentFilter()) == 3


def test_undo_is_refused_while_a_later_record_uses_what_the_import_created(services: Services, home: Home) -> None:
    services.ctx.identity.actor = SYSTEM_ACTOR
    rows = _rows(services)
    rows[2].update(service="Elm Lodge", location="")
    first_batch, _ = _import(services, _csv(rows), create_missing=True)
    later = [dict(rows[2], occurred_at=_day(services, 5).strftime("%Y-%m-%d %H:%M"), description="Later, by hand")]
    _import(services, _csv(later))
    with pytest.raises(UndoRefused, match="is now used by other records .service Elm Lodge."):
        services.importer.undo(first_batch)
    assert services.incidents.count(IncidentFilter()) == 4


def test_the_old_text_entry_still_plans_and_writes(services: Services, home: Home) -> None:
    table = read_csv(_csv(_rows(services)))
    assert table.headers == COLUMNS
    result = services.importer.import_text(_csv(_rows(services)))
    assert len(result.references) == 3 and result.batch_id is not None
