"""The pack's claim rule and tallies (core/pack_claims.py): simple, documented, and independent of names."""

from __future__ import annotations

from datetime import date, datetime

from carelog.core.deadlines import Outcome
from carelog.core.pack_claims import (
    Assessed,
    ClaimCheck,
    Direction,
    claimed_direction,
    compliance,
    data_direction,
    default_seed,
    how_long,
)


def test_claimed_direction_reads_the_verbs_not_the_names() -> None:
    assert claimed_direction("Night falls in the Rose Lounge fell from five a month to one.") == Direction.FALL
    assert claimed_direction("Fewer late doses since the change.") == Direction.FALL
    assert claimed_direction("Reported near misses increased, as we hoped.") == Direction.RISE
    assert claimed_direction("Rose to twelve a month.") == Direction.RISE  # a sentence's first word is a word
    assert claimed_direction("No late time-critical doses in six weeks.") == Direction.NONE
    assert claimed_direction("Falls fell but complaints rose.") == Direction.NONE  # both: nothing to check
    assert claimed_direction("Staff at the Lower Mill site feel supported.") == Direction.NONE


def test_a_claim_is_contradicted_only_when_the_data_move_the_other_way_or_not_at_all() -> None:
    def check(narrative: str, before: int, after: int, days: int = 91) -> ClaimCheck:
        return ClaimCheck(1, "R", narrative, claimed_direction(narrative), date(2026, 5, 1), days, before, after)

    assert check("Falls fell.", 18, 23).contradicted
    assert check("Falls fell.", 18, 18).contradicted
    assert not check("Falls fell.", 18, 6).contradicted
    assert check("Reporting increased.", 10, 4).contradicted
    assert not check("No falls since.", 18, 23).contradicted  # no claim of a rise or fall to check
    assert not check("Falls fell.", 18, 23, days=20).contradicted  # too early: not compared
    assert check("Falls fell.", 18, 23, days=20).data_text().startswith("Too early to compare")
    assert check("Falls fell.", 18, 23).before_rate == 18 * 30 / 91
    assert data_direction(3, 1) == Direction.FALL and data_direction(1, 1) == Direction.SAME
    unsigned = ClaimCheck(1, "R", "Falls fell.", Direction.FALL, None)
    assert not unsigned.contradicted and "not signed off" in unsigned.data_text()


def test_compliance_counts_by_type_and_lists_all_but_the_on_time_ones() -> None:
    at = datetime(2026, 3, 1, 10, 0)
    due = datetime(2026, 3, 1, 23, 59, 59)
    assessed = [
        Assessed("INC-1", at, "CQC", due, datetime(2026, 3, 1, 12, 0), Outcome.ON_TIME),
        Assessed("INC-2", at, "CQC", due, datetime(2026, 3, 4, 0, 0), Outcome.LATE),
        Assessed("INC-3", at, "CQC", due, None, Outcome.NEVER_MADE),
        Assessed("INC-4", at, "RIDDOR", due, None, Outcome.OVERDUE),
        Assessed("INC-5", at, "RIDDOR", None, None, Outcome.DUE),
    ]
    rows, items = compliance(assessed, ("RIDDOR", "CQC", "Duty of Candour"), datetime(2026, 3, 11, 0, 0))
    by_type = {r.type_label: r for r in rows}
    assert [r.type_label for r in rows] == ["RIDDOR", "CQC", "Duty of Candour"]
    cqc = by_type["CQC"]
    assert (cqc.required, cqc.made, cqc.on_time, cqc.late, cqc.not_made, cqc.still_in_time) == (3, 2, 1, 1, 1, 0)
    assert by_type["Duty of Candour"].required == 0
    assert [i.reference for i in items] == ["INC-2", "INC-3", "INC-4", "INC-5"]
    assert items[0].late_by == "2 days" and items[0].state == "Made late"
    assert items[1].late_by == "9 days" and items[1].state == "Not made (record closed)"
    assert items[3].late_by == "" and items[3].state == "Not made yet, still in time"
    assert how_long(datetime(2026, 3, 1, 0, 0), datetime(2026, 3, 1, 5, 30)) == "5 hours"


def test_default_seed_depends_only_on_the_request() -> None:
    seed = default_seed(date(2026, 1, 1), date(2026, 12, 31), None)
    assert seed == default_seed(date(2026, 1, 1), date(2026, 12, 31), None)
    assert seed != default_seed(date(2026, 1, 1), date(2026, 12, 31), 2)
    assert 0 <= seed < 1_000_000
