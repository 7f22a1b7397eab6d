"""Audit scores on the Trends tab: one series per type of audit in the period, annotated with the completed actions
they test; with a service chosen, the audits of that service's actions (and those linked to none)."""

from __future__ import annotations

from datetime import datetime, timedelta

from carelog.core.action_dto import ActionInput, ActionStatus
from carelog.core.action_strength import ActionStrength
from carelog.core.thread_records import AuditInput, RecordKind
from carelog.core.trend_data import TrendFilter
from carelog.services.registry import Services
from tests.conftest import Home


def test_audit_scores_per_type_with_linked_actions(services: Services, home: Home) -> None:
    today = services.ctx.clock().date()
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    done = datetime.combine(day(75), datetime.min.time())

    def action(title: str, service_id: int, completed: datetime | None) -> int:
        data = ActionInput(title, lead_name="R. Lead", due_date=day(-30), strength=ActionStrength.INTERMEDIATE,
                           service_id=service_id)  # fmt: skip
        status = ActionStatus.DONE if completed else ActionStatus.IN_PROGRESS
        return services.actions.create_many([(data, status, completed)])[0]

    tabards = action("Do-not-disturb tabards on the medicines round", home.service_id, done)
    other = action("Second checker on the evening round", home.other_service_id, None)
    for ago, score in ((120, 72), (90, 80), (60, 91), (30, 94)):
        services.records.create(
            RecordKind.AUDIT, AuditInput("MAR chart audit", day(ago), score, "", "Deputy", (tabards,))
        )
    services.records.create(RecordKind.AUDIT, AuditInput("Care plan audit", day(40), 66, "", "Deputy", (other,)))
    services.records.create(RecordKind.AUDIT, AuditInput("Mobility assessments", day(50), 70))  # linked to none
    services.records.create(RecordKind.AUDIT, AuditInput("Mobility assessments", day(400), 50))  # before the period

    scores = services.trends.audit_scores(TrendFilter(day(365), today))
    assert [s.audit_type for s in scores.series] == ["Care plan audit", "MAR chart audit", "Mobility assessments"]
    assert scores.as_mapping()["MAR chart audit"] == [(day(120), 72), (day(90), 80), (day(60), 91), (day(30), 94)]
    assert scores.as_mapping()["Mobility assessments"] == [(day(50), 70)]
    # only the completed action is marked (the other is still in progress)
    assert [(m.action_id, m.completed) for m in scores.actions] == [(tabards, day(75))] and scores.note == ""

    mine = services.trends.audit_scores(TrendFilter(day(365), today, service_id=home.service_id))
    assert [s.audit_type for s in mine.series] == ["MAR chart audit", "Mobility assessments"]
    assert "linked to no action" in mine.note

    changes = services.records.audit_changes(tabards, day(75))
    assert [c.describe() for c in changes] == [
        f"MAR chart audit: 80% on {day(90).day} {day(90):%b %Y} before the action was done ({day(75).day} "
        f"{day(75):%b %Y}); 94% on {day(30).day} {day(30):%b %Y} after: up 14 points."
    ]


def test_audit_chart_draws_a_line_per_type_and_marks_the_actions() -> None:
    from datetime import date

    from carelog.core.trend_data import ActionMark
    from carelog.reports.charts import audit_scores_figure

    series = {
        "MAR chart audit": [(date(2026, 8, 1), 78), (date(2026, 10, 1), 95)],
        "Mobility": [(date(2026, 9, 1), 70)],
    }
    mark = ActionMark(4, "Do-not-disturb tabards", date(2026, 9, 12), "Done")
    fig = audit_scores_figure(series, [mark])
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")] == list(series)
    assert [list(line.get_ydata()) for line in ax.get_lines()[:2]] == [[78, 95], [70]]
    texts = [t.get_text() for t in ax.texts] + [t.get_text() for t in fig.texts]
    assert "A1" in texts and any(t.startswith("A1: Do-not-disturb tabards (12 Sep 2026)") for t in texts)
    assert "95%" in texts
