"""`python -m carelog --smoke` starts the real app headless on demo data, saves a screenshot and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _smoke_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["CARELOG_DATA_DIR"] = str(data_dir)
    return env


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


@pytest.mark.slow
def test_smoke_shows_the_window_on_demo_data_and_saves_a_screenshot(tmp_path: Path) -> None:
    shot = tmp_path / "shots" / "smoke.png"
    data_dir = tmp_path / "user-data"
    result = subprocess.run(
        [sys.executable, "-m", "carelog", "--smoke", "--screenshot", str(shot)],
        env=_smoke_env(data_dir),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke test passed" in result.stdout
    width, height = _png_size(shot)
    assert (width, height) >= (1000, 600)
    assert shot.stat().st_size > 20_000  # a painted window with a table, not a blank image
    # The run used a temporary folder: nothing was left in the user's data folder or the working folder.
    assert not data_dir.exists() or not any(data_dir.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shots"]


@pytest.mark.slow
def test_smoke_keeps_an_existing_database_and_reports_failure_codes(tmp_path: Path) -> None:
    db = tmp_path / "existing.db"
    shot = tmp_path / "smoke.png"
    env = _smoke_env(tmp_path / "user-data")
    first = subprocess.run(
        [sys.executable, "-m", "carelog", "--smoke", "--db", str(db), "--screenshot", str(shot)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert first.returncode == 0, first.stdout + first.stderr
    assert "demo data added" in first.stdout
    second = subprocess.run(
        [sys.executable, "-m", "carelog", "--smoke", "--db", str(db), "--screenshot", str(shot)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert second.returncode == 0, second.stdout + second.stderr
    assert "existing data kept" in second.stdout
    broken = tmp_path / "not-a-database.db"
    broken.write_text("this is not SQLite", encoding="utf-8")
    failed = subprocess.run(
        [sys.executable, "-m", "carelog", "--smoke", "--db", str(broken), "--screenshot", str(tmp_path / "x.png")],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert failed.returncode == 1
    assert "smoke test FAILED" in failed.stderr
