"""One place turns what services changed into the app's signals: no page emits a data-change signal by hand."""

from __future__ import annotations

import re
from pathlib import Path

from carelog.core.changes import Aggregate, Changes
from carelog.ui.events import AppEvents

UI = Path(__file__).resolve().parents[2] / "carelog" / "ui"
DATA_SIGNALS = ("incidents", "reviews", "actions", "users", "reference_data", "settings")


def test_no_ui_module_emits_a_data_change_signal_itself() -> None:
    pattern = re.compile(r"events\.(" + "|".join(DATA_SIGNALS) + r")_changed\.emit\(")
    offenders = [
        str(p.relative_to(UI)) for p in UI.rglob("*.py") if p.name != "events.py" and pattern.search(p.read_text())
    ]
    assert offenders == []


def test_apply_emits_each_changed_aggregate_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    events = AppEvents()
    heard: list[str] = []
    events.incidents_changed.connect(lambda: heard.append("incidents"))
    events.reviews_changed.connect(lambda: heard.append("reviews"))
    events.actions_changed.connect(lambda: heard.append("actions"))
    events.apply(Changes.of(Aggregate.REVIEWS, Aggregate.INCIDENTS))
    assert heard == ["incidents", "reviews"]
