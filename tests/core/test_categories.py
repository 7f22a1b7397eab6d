"""Categories as people say them: codes, synonyms and the matcher behind the form's category box."""

from __future__ import annotations

from carelog.core.categories import (
    DEFAULTS,
    CategoryCode,
    best_category,
    infer_category,
    match_categories,
    parse_synonyms,
    slug_code,
)
from carelog.core.dto import CategoryRef

CATEGORIES = tuple(CategoryRef(n, d.name, (), True, d.code.value, d.synonyms) for n, d in enumerate(DEFAULTS, start=1))


def codes(text: str) -> list[str]:
    return [m.category.code for m in match_categories(text, CATEGORIES)]


def test_every_default_has_a_unique_code_and_plain_synonyms() -> None:
    assert len({d.code for d in DEFAULTS}) == len(DEFAULTS)
    assert len({d.name.lower() for d in DEFAULTS}) == len(DEFAULTS)
    assert "Near miss" not in {d.name for d in DEFAULTS}  # a near miss is a kind, not a category
    for d in DEFAULTS:
        assert d.synonyms, d.name
        assert all("," not in s and s == s.strip() for s in d.synonyms), d.name


def test_what_people_type_finds_the_category_they_mean() -> None:
    assert codes("wet")[0] == CategoryCode.SLIP_TRIP_HAZARD
    assert codes("wet floor")[0] == CategoryCode.SLIP_TRIP_HAZARD
    assert codes("slipped")[0] == CategoryCode.SLIP_TRIP_HAZARD
    assert codes("spill")[0] == CategoryCode.SLIP_TRIP_HAZARD
    assert codes("trip")[0] == CategoryCode.SLIP_TRIP_HAZARD
    assert codes("tablets")[0] == CategoryCode.MEDICATION
    assert codes("MAR")[0] == CategoryCode.MEDICATION
    assert codes("missed dose")[0] == CategoryCode.MEDICATION
    assert codes("fell")[0] == CategoryCode.FALL
    assert codes("Found on floor")[0] == CategoryCode.FALL
    assert codes("fall")[0] == CategoryCode.FALL


def test_matching_ignores_case_and_finds_text_inside_names_and_synonyms() -> None:
    assert codes("TABLETS") == codes("tablets")
    assert CategoryCode.PRESSURE_ULCER in codes("ulcer")  # a word inside the name
    assert CategoryCode.MEDICATION in codes("ablet")  # anywhere inside a synonym
    assert codes("xyzzy") == []


def test_a_name_match_comes_before_a_synonym_match_and_says_which_word_matched() -> None:
    found = match_categories("slipped", CATEGORIES)
    assert [m.category.code for m in found[:2]] == [CategoryCode.SLIP_TRIP_HAZARD, CategoryCode.FALL]
    assert found[0].by_synonym and found[0].matched == "slipped"
    assert found[1].matched == "slipped and fell"
    first = match_categories("med", CATEGORIES)[0]
    assert first.category.code == CategoryCode.MEDICATION and not first.by_synonym


def test_empty_text_lists_every_category_in_order() -> None:
    assert codes("  ") == [c.code for c in CATEGORIES]


def test_best_category_only_when_the_text_is_clear() -> None:
    assert best_category("tablets", CATEGORIES).code == CategoryCode.MEDICATION  # type: ignore[union-attr]
    assert best_category("wet floor", CATEGORIES).code == CategoryCode.SLIP_TRIP_HAZARD  # type: ignore[union-attr]
    assert best_category("s", CATEGORIES) is None
    assert best_category("", CATEGORIES) is None


def test_infer_category_from_an_account() -> None:
    assert infer_category("Wet floor by the sink after a spill, mopped before anyone slipped", CATEGORIES).code == (  # type: ignore[union-attr]
        CategoryCode.SLIP_TRIP_HAZARD
    )
    assert infer_category("Wrong tablets picked up; MAR chart checked", CATEGORIES).code == CategoryCode.MEDICATION  # type: ignore[union-attr]
    assert infer_category("Nothing in particular", CATEGORIES) is None


def test_slug_codes_for_administrators_categories_are_unique() -> None:
    assert slug_code("Visitors' concerns", []) == "visitors_concerns"
    assert slug_code("Fall", ["fall"]) == "fall_2"
    assert slug_code("Fall", ["fall", "fall_2"]) == "fall_3"
    assert slug_code("!!!", []) == "category"


def test_synonyms_typed_by_an_administrator() -> None:
    assert parse_synonyms(" wet floor, Slipped ,, slipped, spill ") == ("wet floor", "Slipped", "spill")
