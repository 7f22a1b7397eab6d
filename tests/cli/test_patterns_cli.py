"""`carelog patterns --db URL [--as-of DATE] --json` prints the detected signals."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from carelog.cli import run
from carelog.core.dto import IncidentInput, LoadItem
from carelog.core.enums import Kind
from carelog.services.registry import Services
from tests.conftest import Home


def _plant(services: Services, home: Home) -> None:
    fall = next(c.id for c in services.incidents.reference_data().categories if c.name == "Fall")
    services.incidents.load_many(
        [
            LoadItem(
                IncidentInput(
                    kind=Kind.INCIDENT,
                    category_id=fall,
                    occurred_at=datetime(2026, 2, day, 3, 0),
                    service_id=home.service_id,
                    location_id=home.lounge_id,
                    account="Found on the lounge floor.",
                )
            )
            for day in (2, 9, 16)
        ]
    )


def test_patterns_json(sqlite_services: Services, sqlite_home: Home, sqlite_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    _plant(sqlite_services, sqlite_home)
    assert run(["patterns", "--db", sqlite_url, "--as-of", "2026-02-28", "--json"]) == 0
    signals = json.loads(capsys.readouterr().out)
    cluster = next(s for s in signals if s["type"] == "location_cluster")
    assert cluster["category"] == "Fall" and cluster["location"] == "Main lounge, Oak House"
    assert cluster["count"] == 3 and cluster["period"] == {"from": "2026-02-02", "to": "2026-02-16"}
    assert cluster["incident_references"] == ["INC-2026-0001", "INC-2026-0002", "INC-2026-0003"]
    assert "3 fall incidents in Main lounge" in cluster["explanation"]
    assert {"type", "category", "location", "count", "period", "explanation", "incident_ids"} <= set(cluster)


def test_patterns_text_and_nothing_found(sqlite_services: Services, sqlite_home: Home, sqlite_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    _plant(sqlite_services, sqlite_home)
    assert run(["patterns", "--db", sqlite_url, "--as-of", "2026-02-28"]) == 0
    assert "Cluster in one place: Fall - Main lounge, Oak House" in capsys.readouterr().out
    assert run(["patterns", "--db", sqlite_url, "--as-of", "2025-01-31", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run(["patterns", "--db", sqlite_url, "--as-of", "2025-01-31"]) == 0
    assert "No patterns found" in capsys.readouterr().out


def test_bad_date(sqlite_url: str) -> None:
    with pytest.raises(SystemExit):
        run(["patterns", "--db", sqlite_url, "--as-of", "last tuesday"])
