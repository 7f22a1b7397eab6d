"""Suggested groupings and the factor checklist: pure functions, no database."""

from __future__ import annotations

from datetime import datetime, timedelta

from carelog.core.enums import Shift
from carelog.core.factors import PROMPTS, SeipsHeading, YcffDomain, prompts_under
from carelog.core.groupings import GroupingIncident, GroupingKind, best_windows, suggest_groupings

T0 = datetime(2026, 3, 1, 14, 0)


def _inc(
    i: int,
    days: float,
    category: str = "Fall",
    location: str = "Main lounge",
    shift: Shift = Shift.LATE,
    people: tuple[str, ...] = (),
) -> GroupingIncident:
    return GroupingIncident(
        i, f"INC-2026-{i:04d}", T0 + timedelta(days=days), category, "Oak House", location, shift, people
    )


def test_every_heading_has_prompts_and_codes_are_unique() -> None:
    assert len({p.code for p in PROMPTS}) == len(PROMPTS)
    for heading in SeipsHeading:
        assert len(prompts_under(heading)) >= 3
    # every YCFF causal domain is reachable from some prompt, so data stays comparable
    assert {p.ycff_domain for p in PROMPTS} == set(YcffDomain)


def test_best_windows_takes_the_fullest_window_first() -> None:
    items = [_inc(1, 0), _inc(2, 40), _inc(3, 45), _inc(4, 50), _inc(5, 90)]
    clusters = best_windows(items, timedelta(days=28), 3)
    assert [[i.id for i in c] for c in clusters] == [[2, 3, 4]]


def test_same_category_and_location_within_window() -> None:
    items = [_inc(1, 0), _inc(2, 5), _inc(3, 20), _inc(4, 3, location="Dining room"), _inc(5, 60)]
    groups = suggest_groupings(items, window_days=28, min_size=3)
    place = [g for g in groups if g.kind == GroupingKind.CATEGORY_LOCATION]
    assert len(place) == 1
    assert place[0].incident_ids == (1, 2, 3)
    assert place[0].title == "Fall: Main lounge, Oak House"
    assert place[0].reason.startswith("3 fall incidents in Main lounge within 21 days")
    shift = [g for g in groups if g.kind == GroupingKind.SHIFT_PATTERN]
    assert [g.incident_ids for g in shift] == [(1, 4, 2, 3)]  # falls on lates anywhere, in time order


def test_same_person_any_category() -> None:
    items = [
        _inc(1, 0, category="Fall", location="Bedroom 4", people=("OH-014",)),
        _inc(2, 4, category="Medication", location="Bedroom 4", people=("OH-014",)),
        _inc(3, 9, category="Skin tear", location="Bathroom", shift=Shift.EARLY, people=("OH-014", "OH-022")),
        _inc(4, 9, category="Fall", location="Garden", people=("OH-022",)),
    ]
    groups = suggest_groupings(items, min_size=3)
    assert [(g.kind, g.incident_ids) for g in groups] == [(GroupingKind.PERSON, (1, 2, 3))]
    assert groups[0].title == "Incidents involving OH-014"


def test_shift_pattern_and_identical_sets_are_not_repeated() -> None:
    rooms = ["Bedroom 1", "Bedroom 2", "Bedroom 3", "Bedroom 4"]
    items = [_inc(i, i * 3, category="Medication", location=rooms[i - 1], shift=Shift.NIGHT) for i in range(1, 5)]
    groups = suggest_groupings(items, min_size=3)
    assert [g.kind for g in groups] == [GroupingKind.SHIFT_PATTERN]
    assert groups[0].title == "Medication on night shifts, Oak House"
    # the same incidents in one location on one shift: only the (more specific) place suggestion is shown
    same_room = [_inc(i, i, shift=Shift.NIGHT) for i in range(1, 4)]
    assert [g.kind for g in suggest_groupings(same_room, min_size=3)] == [GroupingKind.CATEGORY_LOCATION]


def test_nothing_suggested_for_scattered_incidents() -> None:
    items = [_inc(i, i * 40) for i in range(1, 6)]
    assert suggest_groupings(items) == []
