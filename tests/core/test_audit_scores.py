"""Follow-up audit scores: one series per type, and an action's before / after scores for its effectiveness check."""

from __future__ import annotations

from datetime import date

from carelog.core.audit_scores import AuditPoint, before_after, group_series


def _series():  # type: ignore[no-untyped-def]
    return group_series(
        [
            ("MAR chart audit", AuditPoint(date(2026, 10, 1), 88, 2)),
            ("MAR chart audit", AuditPoint(date(2026, 8, 1), 70, 1)),
            ("MAR chart audit", AuditPoint(date(2026, 9, 1), 78, 3)),
            ("MAR chart audit", AuditPoint(date(2026, 11, 1), 95, 4)),
            ("Mobility assessments", AuditPoint(date(2026, 8, 20), 70, 5)),
        ]
    )


def test_series_per_type_oldest_first() -> None:
    series = _series()
    assert [s.audit_type for s in series] == ["MAR chart audit", "Mobility assessments"]
    assert [p.score for p in series[0].points] == [70, 78, 88, 95]
    assert series[0].latest == AuditPoint(date(2026, 11, 1), 95, 4)


def test_latest_before_against_latest_after_completion() -> None:
    mar, mobility = before_after(_series(), date(2026, 9, 12))
    assert (mar.before and mar.before.score, mar.after and mar.after.score, mar.change) == (78, 95, 17)
    assert mar.describe() == (
        "MAR chart audit: 78% on 1 Sep 2026 before the action was done (12 Sep 2026); 95% on 1 Nov 2026 after: "
        "up 17 points."
    )
    assert mobility.after is None and mobility.change is None
    assert "no audit since: plan one to see whether the change stuck" in mobility.describe()


def test_an_audit_on_the_day_of_completion_counts_as_after_and_none_before_is_said() -> None:
    (mar, _mobility) = before_after(_series(), date(2026, 8, 1))
    assert mar.before is None and mar.after is not None and mar.after.score == 95
    assert (
        mar.describe() == "MAR chart audit: no audit before the action was done (1 Aug 2026); 95% on 1 Nov 2026 since."
    )


def test_not_done_yet_compares_first_and_latest() -> None:
    mar, mobility = before_after(_series(), None)
    assert mar.describe() == (
        "MAR chart audit: 70% on 1 Aug 2026, 95% on 1 Nov 2026 (up 25 points); the action is not done yet."
    )
    assert mobility.describe() == "Mobility assessments: 70% on 20 Aug 2026; the action is not done yet."
    drop = before_after(
        group_series([("X", AuditPoint(date(2026, 1, 1), 90, 1)), ("X", AuditPoint(date(2026, 2, 1), 89, 2))]),
        date(2026, 1, 15),
    )
    assert drop[0].describe().endswith("after: down 1 point.")
