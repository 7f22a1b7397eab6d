"""The frozen (PyInstaller) build starts and works. Slow (a build takes about a minute), so it runs only when asked:

    CARELOG_TEST_FROZEN=1 pytest -q tests/test_frozen_smoke.py

Builds dist/CareLog with installer/build.py (needs the build extra: pip install -e ".[build]"), runs the frozen
program with --smoke headless, and checks that nothing is ever written inside the program folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP_DIR = ROOT / "dist" / "CareLog"
EXE = APP_DIR / ("CareLog.exe" if sys.platform == "win32" else "CareLog")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("CARELOG_TEST_FROZEN") != "1", reason="frozen build test: set CARELOG_TEST_FROZEN=1 to run"
    ),
]


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def frozen_app() -> Path:
    result = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "build.py"), "--no-installer"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert EXE.is_file()
    assert (APP_DIR / "_internal" / "resources" / "carelog.png").is_file()
    assert (APP_DIR / "_internal" / "carelog" / "db" / "migrations" / "versions" / "0001_foundation.py").is_file()
    return EXE


def _headless_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "CARELOG_DATA_DIR"}}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if sys.platform.startswith("linux"):  # keep the default per-user folders inside the test's folder
        env["HOME"] = str(tmp_path / "home")
        env["XDG_DATA_HOME"] = str(tmp_path / "home" / "data")
        env["XDG_CACHE_HOME"] = str(tmp_path / "home" / "cache")
        env["XDG_CONFIG_HOME"] = str(tmp_path / "home" / "config")
    return env


def test_frozen_app_passes_the_smoke_test_and_writes_nothing_beside_itself(frozen_app: Path, tmp_path: Path) -> None:
    before = _snapshot(APP_DIR)
    shot = tmp_path / "frozen-smoke.png"
    started = time.perf_counter()
    result = subprocess.run(
        [str(frozen_app), "--smoke", "--screenshot", str(shot)],
        env=_headless_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    if sys.platform != "win32":  # a windowed Windows program has no console to print to
        assert "smoke test passed" in result.stdout
    print(f"frozen smoke run: {elapsed:.1f} s\n{result.stdout}")
    header = shot.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE
    assert int.from_bytes(header[16:20], "big") >= 1000
    assert shot.stat().st_size > 20_000
    assert _snapshot(APP_DIR) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="redirects the per-user folders with XDG variables")
def test_frozen_app_keeps_its_database_in_the_per_user_data_folder(frozen_app: Path, tmp_path: Path) -> None:
    before = _snapshot(APP_DIR)
    env = _headless_env(tmp_path)
    out = tmp_path / "report.pdf"
    result = subprocess.run(
        [str(frozen_app), "pack", "--monthly", "--from", "2025-01-01", "--to", "2025-01-31", "--out", str(out)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert (Path(env["XDG_DATA_HOME"]) / "CareLog" / "carelog.db").is_file()
    assert _snapshot(APP_DIR) == before


def test_console_twin_runs_the_command_line(frozen_app: Path, tmp_path: Path) -> None:
    """carelog-cli is the same program built as a console exe, so subcommands print on Windows too."""
    cli = APP_DIR / ("carelog-cli.exe" if sys.platform == "win32" else "carelog-cli")
    result = subprocess.run(
        [str(cli), "--version"], env=_headless_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("CareLog ")
