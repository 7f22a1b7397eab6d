"""`carelog pack`: writes the pack or the monthly report; clear messages for a wrong service or period."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from carelog.cli import run
from carelog.services.registry import Services
from tests.conftest import Home
from tests.reports.pack_seed import seed_records


def _text(path: Path) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(str(path)).pages).split())


def test_pack_for_one_service_pseudonymised(
    services: Services, home: Home, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_records(services, home, count=40)
    out = tmp_path / "pack.pdf"
    argv = ["pack", "--db", db_url, "--from", "2026-01-01", "--to", "2026-03-31", "--out", str(out)]
    code = run([*argv, "--service", "oak house", "--pseudonymise", "--produced-by", "Jo Bramley"])
    assert code == 0
    assert "Wrote the inspection pack" in capsys.readouterr().out
    text = _text(out)
    assert "Oak House" in text and "Jo Bramley" in text and "Birch Court" not in text
    assert "Edith Marsh" not in text and "OH-014" in text
    assert "All records in the period 40" in text


def test_pack_for_a_commissioner_is_pseudonymised(
    services: Services, home: Home, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_records(services, home, count=30)
    out = tmp_path / "commissioner.pdf"
    argv = ["pack", "--db", db_url, "--from", "2026-01-01", "--to", "2026-03-31", "--out", str(out)]
    assert run([*argv, "--for-commissioner"]) == 0
    assert "for a commissioner (pseudonymised)" in capsys.readouterr().out
    text = _text(out)
    assert "OH-014" in text and "Edith" not in text and "Marsh" not in text and "Walter" not in text
    assert run([*argv, "--for-commissioner", "--monthly"]) == 2
    assert "leave out --monthly" in capsys.readouterr().err


def test_monthly_report(services: Services, home: Home, db_url: str, tmp_path: Path) -> None:
    seed_records(services, home, count=40)
    out = tmp_path / "month.pdf"
    code = run(["pack", "--db", db_url, "--from", "01/01/2026", "--to", "31/01/2026", "--out", str(out), "--monthly"])
    assert code == 0
    text = _text(out)
    assert "Monthly governance report" in text and "All services" in text
    assert "Setup administrator" in text  # no accounts yet: the command line acts as the setup administrator


def test_monthly_report_prints_the_months_meeting(services: Services, home: Home, db_url: str, tmp_path: Path) -> None:
    from datetime import date

    from carelog.core.meeting_dto import AttendeeInput, DecisionInput, MeetingInput

    seed_records(services, home, count=40)
    services.meetings.create(
        MeetingInput(date(2026, 1, 28), None, (AttendeeInput("Test Manager"), AttendeeInput("Dana Deputy")), (),
                     (DecisionInput("Audit the call bells"),))
    )  # fmt: skip
    out = tmp_path / "month.pdf"
    code = run(["pack", "--db", db_url, "--from", "01/01/2026", "--to", "31/01/2026", "--out", str(out), "--monthly"])
    assert code == 0
    text = _text(out)
    assert "Governance meeting, 28 January 2026" in text
    assert "Test Manager, Dana Deputy" in text and "Audit the call bells Not an action" in text
    assert "January 2026 against last month and the year" in text


def test_unknown_service_is_named(
    services: Services, home: Home, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    code = run(
        ["pack", "--db", db_url, "--from", "2026-01-01", "--to", "2026-01-31", "--out", str(out), "--service", "Elm"]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "no service called 'Elm'" in err and "Oak House" in err
    assert not out.exists()


def test_backwards_period_is_refused(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    assert run(["pack", "--db", db_url, "--from", "2026-02-01", "--to", "2026-01-01", "--out", str(out)]) == 2
    assert "end of the period is before its start" in capsys.readouterr().err
    assert not out.exists()


def test_bad_date_is_explained(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["pack", "--db", db_url, "--from", "yesterday", "--to", "2026-01-01", "--out", str(tmp_path / "x.pdf")])
    assert "is not a date" in capsys.readouterr().err


def test_warnings_go_to_stderr_and_log_and_seed_are_options(
    services: Services,
    home: Home,
    db_url: str,
    clock,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import carelog.services.registry as registry
    from tests.reports.plant_checks import plant

    planted = plant(services, home, clock)
    opened = registry.open_services
    monkeypatch.setattr(registry, "open_services", lambda db, identity=None, **_kw: opened(db, identity, clock))
    r = planted.request
    argv = ["pack", "--db", db_url, "--from", r.date_from.isoformat(), "--to", r.date_to.isoformat()]
    out = tmp_path / "pack.pdf"
    assert run([*argv, "--out", str(out), "--service", "Oak House", "--seed", "3"]) == 0
    captured = capsys.readouterr()
    warnings = [line for line in captured.err.splitlines() if line.startswith("carelog pack: warning:")]
    assert len(warnings) == 2
    assert any(f"Case study '{planted.review_title}'" in w and "the records rose" in w for w in warnings)
    assert any("'Second signature on the MAR chart'" in w for w in warnings)
    assert "2 warnings: read them" in captured.out and "Wrote the inspection pack" in captured.out
    text = _text(out)
    assert "Random seed 3" in text and "Incident log (appendix)" not in text
    logged = tmp_path / "log.pdf"
    assert run([*argv, "--out", str(logged), "--with-log"]) == 0
    assert "Incident log (appendix)" in _text(logged)


def test_negative_seed_is_refused(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    argv = ["pack", "--db", db_url, "--from", "2026-01-01", "--to", "2026-01-31", "--out", str(out), "--seed", "-1"]
    assert run(argv) == 2
    assert "--seed must be 0 or more" in capsys.readouterr().err and not out.exists()
