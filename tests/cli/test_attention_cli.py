"""`carelog attention --db URL --as-of DATE [--service NAME] --json` prints the attention items of planted data."""

from __future__ import annotations

import json

import pytest

from carelog.cli import run
from carelog.services.registry import Services
from tests.conftest import Home, seed_staff
from tests.services.plant_attention import plant


@pytest.fixture(autouse=True)
def _manager_signs_in(sqlite_services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """The seeded manager gets a PIN, and the command signs in as them (the command line needs a sign-in)."""
    from datetime import datetime

    from carelog.core import passwords
    from carelog.db.repositories import users

    passwords.use_fast_parameters_for_tests()
    seed_staff(sqlite_services)
    with sqlite_services.ctx.unit() as session:
        users.set_secret(session, 1, passwords.hash_secret("1357"), "pin", datetime(2026, 1, 1))
    monkeypatch.setenv("CARELOG_USER", "manager")
    monkeypatch.setenv("CARELOG_SECRET", "1357")


def test_attention_json_on_planted_data(sqlite_services: Services, sqlite_home: Home, sqlite_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    p = plant(sqlite_services, sqlite_home)
    assert run(["attention", "--db", sqlite_url, "--as-of", "2026-03-16", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["as_of"] == "2026-03-16T23:59" and out["services"] == ["Birch Court", "Oak House"]
    by_kind: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for item in out["items"]:
        assert {"kind", "due", "overdue", "reference", "text", "opens", "id"} <= set(item)
        by_kind.setdefault(item["kind"], []).append(item)
    (overdue,) = by_kind["notification_overdue"]
    assert overdue["id"] == p.death and overdue["overdue"] is True and overdue["opens"] == "incident"
    assert overdue["reference"] == "INC-2026-0001" and overdue["due"] == "2026-02-27T23:59"
    assert "CQC Regulation 16" in overdue["text"]
    assert {i["id"] for i in by_kind["notification_never_made"]} == {p.safeguarding_closed}
    (late,) = by_kind["notification_late"]
    assert late["id"] == p.late_cqc and late["overdue"] is False and "made late" in late["text"]
    assert [i["id"] for i in by_kind["awaiting_triage"]] == [p.death, p.new_fall]
    assert by_kind["review_past_target"][0] == {
        **by_kind["review_past_target"][0],
        "id": p.review_id,
        "opens": "review",
        "overdue": True,
    }
    assert [i["id"] for i in by_kind["action_not_effective"]] == [p.not_effective_action]
    assert [i["id"] for i in by_kind["action_overdue"]] == [p.overdue_action]
    assert out["totals"]["awaiting_triage"] == 2
    ack, response = by_kind["complaint_step"]  # the planted complaint: not acknowledged within 3 working days
    assert {k: ack[k] for k in ("id", "overdue", "due", "opens", "reference", "service")} == {
        "id": p.complaint, "overdue": True, "due": "2026-03-12T23:59", "opens": "complaint",
        "reference": f"C-{p.complaint}", "service": "Oak House",
    }  # fmt: skip
    assert ack["text"] == (
        f"Complaint C-{p.complaint} (incident INC-2026-0003): Acknowledge the complaint. Due by Thu 12 Mar 2026: "
        "4 days overdue."
    )
    assert response["overdue"] is False and response["due"] == "2026-04-08T23:59"
    assert out["totals"]["complaint_step"] == 2
    falls = next(s for s in out["summary"] if s["service"] == "Oak House" and s["measure"] == "Falls")
    assert falls["this_month"] == 1 and falls["last_month"] == 1


def test_attention_for_one_service_and_unknown_service(
    sqlite_services: Services, sqlite_home: Home, sqlite_url: str, capsys
) -> None:  # type: ignore[no-untyped-def]
    plant(sqlite_services, sqlite_home)
    assert run(["attention", "--db", sqlite_url, "--as-of", "2026-03-16", "--service", "Birch Court", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["items"] == [] and {s["service"] for s in out["summary"]} == {"Birch Court"}
    assert run(["attention", "--db", sqlite_url, "--service", "Elm"]) == 2
    assert "No service called 'Elm'" in capsys.readouterr().err
    assert run(["attention", "--db", sqlite_url, "--as-of", "2026-03-16"]) == 0
    text = capsys.readouterr().out
    assert "Awaiting triage (2)" in text and "! CQC notification for INC-2026-0001" in text
    assert "Complaints, safeguarding and Duty of Candour (2)" in text
    assert "! Complaint C-1 (incident INC-2026-0003): Acknowledge the complaint. Due by Thu 12 Mar" in text
