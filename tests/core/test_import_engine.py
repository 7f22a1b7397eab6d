"""The import engine without a database: reading CSV and Excel, finding columns, matching values, every problem."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import pytest

from carelog.core.dto import CategoryRef, LocationRef, PersonRef, ReferenceData, ServiceRef
from carelog.core.enums import Kind, PhysicalHarm
from carelog.core.import_mapping import CREATE, IGNORE, ColumnMap, auto_map, guess_field
from carelog.core.import_plan import build_plan, questions
from carelog.core.import_source import UTF8, WINDOWS_1252, SourceError, decode, read_csv
from carelog.core.import_xlsx import read_xlsx, sheet_names
from carelog.core.value_matching import category_matcher, harm_matcher, kind_matcher

NOW = datetime(2026, 6, 1, 12, 0)
REF = ReferenceData(
    services=(ServiceRef(1, "Oak House"), ServiceRef(2, "Birch Court")),
    locations=(
        LocationRef(10, 1, "Main lounge"), LocationRef(11, 1, "Bedroom corridor"), LocationRef(12, 2, "Dining room"),
    ),
    people=(PersonRef(20, "OH-014", "Edith Marsh", 1),),
    categories=(
        CategoryRef(1, "Fall", code="fall", synonyms=("fell", "found on floor")),
        CategoryRef(2, "Medication", code="medication", synonyms=("tablets", "missed dose")),
        CategoryRef(3, "Skin tear / unexplained bruise", code="skin_tear_bruise", synonyms=("bruise",)),
        CategoryRef(4, "Complaint", code="complaint"),
    ),
)  # fmt: skip


def test_utf8_with_and_without_bom_and_windows_1252_is_reported_for_confirmation() -> None:
    assert decode(b"a,b\n1,2\n").encoding == UTF8
    with_bom = decode("\ufeffDate,Home\n".encode())
    assert with_bom.encoding == UTF8 and with_bom.text.startswith("Date")
    latin = decode("Date,What happened\n2026-05-01 10:00,Caf\xe9 spill in the salle \xe0 manger\n".encode("cp1252"))
    assert latin.encoding == WINDOWS_1252 and latin.needs_confirmation
    assert "Café" in latin.sample and "Café spill" in latin.text
    with pytest.raises(SourceError, match="Excel workbook"):
        decode(b"PK\x03\x04rest of a zip")


def test_semicolon_files_are_split_on_semicolons_and_keep_line_numbers() -> None:
    table = read_csv("Date;Home;What happened\n\n01/05/2026;Oak House;Found on floor, by the bed\n")
    assert table.headers == ("Date", "Home", "What happened")
    assert [(r.number, r.cells) for r in table.rows] == [(3, ("01/05/2026", "Oak House", "Found on floor, by the bed"))]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Date", "date"), ("TIME", "time"), ("Date/Time", "occurred_at"), ("occurred_at", "occurred_at"),
        ("Home", "service"), ("Unit", "location"), ("Room", "location"), ("Area", "location"), ("Type", "kind"),
        ("Category", "category"), ("What happened?", "description"), ("Details", "description"),
        ("Severity", "harm"), ("Harm", "harm"), ("Resident", "person"), ("ID", "person"),
        ("Action taken", "immediate_action"), ("Immediate action", "immediate_action"), ("Reported by", "reported_by"),
        ("Witness", "witnesses"), ("Catgory", "category"), ("Shoe size", IGNORE), ("subcategory", IGNORE),
        ("psychological_harm", IGNORE), ("status", IGNORE),
    ],
)  # fmt: skip
def test_columns_are_found_from_common_headers(header: str, field: str) -> None:
    assert guess_field(header) == field


def test_a_field_goes_to_the_first_column_naming_it_and_a_mapping_round_trips_as_json() -> None:
    cmap = auto_map(["Description", "Details", "Home"])
    assert cmap.columns == {"Description": "description", "Details": IGNORE, "Home": "service"}
    cmap.columns["Details"] = "immediate_action"
    cmap.choose("category", "Falls", "Fall")
    cmap.choose("service", "Elm Lodge", CREATE)
    again = ColumnMap.from_json(cmap.to_json())
    assert again == cmap
    reused = auto_map(["Details", "Description", "New column"], again)
    assert reused.columns == {"Details": "immediate_action", "Description": "description", "New column": IGNORE}
    assert reused.choice("category", "Falls") == "Fall"
    with pytest.raises(ValueError, match="not a CareLog column mapping"):
        ColumnMap.from_json('{"columns": {}}')
    with pytest.raises(ValueError, match="fields CareLog does not have: shoe_size"):
        ColumnMap.from_json('{"carelog_map": 1, "columns": {"Shoe": "shoe_size"}}')


def test_values_match_through_case_spaces_plurals_synonyms_and_harm_wording() -> None:
    categories = category_matcher(REF.categories)
    assert categories.find("Falls").target == "Fall"
    assert categories.find("  FALL ").target == "Fall"
    assert categories.find("Medication error").target == "Medication"
    assert categories.find("Missed dose").target == "Medication"
    assert categories.find("Bruises").target == "Skin tear / unexplained bruise"
    nothing = categories.find("Medicaton")
    assert nothing.target is None and nothing.suggestions[0] == "Medication"
    harms = harm_matcher()
    assert {w: harms.find(w).target for w in ("No harm", "Low harm", "moderate", "Severe harm", "Death")} == {
        "No harm": PhysicalHarm.NONE.label,
        "Low harm": PhysicalHarm.LOW.label,
        "moderate": PhysicalHarm.MODERATE.label,
        "Severe harm": PhysicalHarm.SEVERE.label,
        "Death": PhysicalHarm.FATAL.label,
    }
    kinds = kind_matcher()
    assert kinds.find("Near-miss").target == Kind.NEAR_MISS.label
    assert kinds.find("low_level_concern").target == Kind.LOW_LEVEL_CONCERN.label
    assert kinds.find("Incidents").target == Kind.INCIDENT.label


SPREADSHEET = (
    "Date,Time,Home,Unit,Type,Category,Severity,What happened,Resident\n"
    "01/05/2026,14:20,oak house,main lounge,Incident,Falls,No harm,Found on the floor by the window,oh-014\n"
    "02/05/2026,9.05,Oak House,,incident,Medication error,Low harm,Evening tablets given an hour late,\n"
)


def test_a_spreadsheet_with_its_own_words_plans_without_any_choices() -> None:
    table = read_csv(SPREADSHEET)
    plan = build_plan(table, auto_map(table.headers), REF, NOW)
    assert plan.problems == []
    first, second = (item.data for item in plan.items)
    assert (first.occurred_at, first.service_id, first.location_id, first.category_id) == (
        datetime(2026, 5, 1, 14, 20), 1, 10, 1,
    )  # fmt: skip
    assert (first.physical_harm, first.person_ids, first.kind) == (PhysicalHarm.NONE, (20,), Kind.INCIDENT)
    assert (second.occurred_at, second.category_id, second.physical_harm) == (
        datetime(2026, 5, 2, 9, 5), 2, PhysicalHarm.LOW,
    )  # fmt: skip


def test_every_problem_names_its_line_column_and_what_to_fix_and_nothing_is_planned() -> None:
    text = (
        "Date,Time,Home,Unit,Type,Category,Severity,What happened\n"
        "31/02/2026,14:20,Oak House,,Incident,Fall,none,The thirty-first of February\n"
        "01/05/2026,,Oak House,Garden,Incident,Fal,none,No time and a garden that is not there\n"
        "01/05/2026,10:00,Oak Hose,,accident,Fall,purple,Misspelt home with an unknown kind and harm\n"
        "01/05/2026,10:00,Oak House,,Incident,Near miss,none,Near miss is a kind\n"
    )
    table = read_csv(text)
    plan = build_plan(table, auto_map(table.headers), REF, NOW)
    assert plan.items == []
    got = {(p.line, p.column) for p in plan.problems}
    assert got == {
        (2, "Date"), (3, "Time"), (3, "Category"), (3, "Unit"), (4, "Home"), (4, "Type"), (4, "Severity"),
        (5, "Category"),
    }  # fmt: skip
    text_of = {(p.line, p.column): str(p) for p in plan.problems}
    assert text_of[(3, "Category")].startswith("line 3, column Category: 'Fal' is not a category")
    assert "The nearest: Fall" in text_of[(3, "Category")]
    assert "'Garden' is not a location of Oak House" in text_of[(3, "Unit")]
    assert "The nearest: Oak House" in text_of[(4, "Home")]
    assert "A near miss is a kind" in text_of[(5, "Category")]


def test_unmatched_values_become_questions_and_choices_answer_them() -> None:
    text = SPREADSHEET.replace("Falls", "Tumble").replace("Oak House,,", "Elm Lodge,Conservatory,")
    table = read_csv(text)
    cmap = auto_map(table.headers)
    asked = {(q.field, q.raw): q for q in questions(table, cmap, REF)}
    assert set(asked) == {("service", "Elm Lodge"), ("category", "Tumble")}
    assert asked[("service", "Elm Lodge")].can_create and not asked[("category", "Tumble")].can_create
    cmap.choose("category", "Tumble", "Fall")
    cmap.choose("service", "Elm Lodge", CREATE)
    assert questions(table, cmap, REF) == []
    plan = build_plan(table, cmap, REF, NOW)
    assert plan.problems == []
    assert plan.missing_services == {"Elm Lodge"} and plan.missing_locations == {("Elm Lodge", "Conservatory")}
    assert plan.items[0].data.category_id == 1


def test_required_columns_missing_or_mapped_twice_are_one_problem_on_the_header() -> None:
    table = read_csv("Home,Notes\nOak House,x\n")
    problem = build_plan(table, auto_map(table.headers), REF, NOW).problems
    assert len(problem) == 1 and problem[0].line == 1
    assert problem[0].column == "occurred_at, location, kind, category, harm"
    table = read_csv(SPREADSHEET)
    cmap = auto_map(table.headers)
    cmap.columns["Resident"] = "description"
    (twice,) = build_plan(table, cmap, REF, NOW).problems
    assert twice.column == "What happened" and "Two columns" in twice.message


def _workbook(rows: list[list[object]], title: str = "Incidents 2026") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Notes"
    ws.append(["Nothing to see here"])
    data = wb.create_sheet(title)
    data.append([])  # an empty first row: the header is the first row with something in it
    for row in rows:
        data.append(row)
    for cell in data["B"][2:]:
        cell.number_format = "hh:mm"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_workbook_sheet_with_date_and_time_cells_in_separate_columns() -> None:
    raw = _workbook(
        [
            ["Date", "Time", "Home", "Location", "Kind", "Category", "Harm", "Details"],
            [date(2026, 5, 1), time(14, 20), "Oak House", "Main lounge", "Incident", "Fall", "No harm", "On the floor"],
            [datetime(2026, 5, 3), 0.25, "Oak House", None, "Near miss", "Medication", "none", "Wrong pot spotted"],
            [datetime(2026, 5, 4), time(8, 0), "Oak House", None, "Incident", "Fall", "low", None],
        ]
    )
    assert sheet_names(raw) == ["Notes", "Incidents 2026"]
    table = read_xlsx(raw, "Incidents 2026")
    assert table.unit == "row" and table.header_number == 2
    plan = build_plan(table, auto_map(table.headers), REF, NOW)
    assert [item.data.occurred_at for item in plan.items] == [datetime(2026, 5, 1, 14, 20), datetime(2026, 5, 3, 6, 0)]
    (problem,) = plan.problems
    assert str(problem).startswith("sheet row 5, column Details:")
    with pytest.raises(SourceError, match="no sheet called 'Summary'; its sheets are: Notes, Incidents 2026"):
        read_xlsx(raw, "Summary")
    with pytest.raises(SourceError, match="not an Excel workbook"):
        read_xlsx(b"Date,Time\n")
