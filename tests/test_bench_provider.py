"""A small run of benchmarks/bench_provider.py on the test PostgreSQL (CARELOG_TEST_PG_URL): it fills a few
services with COPY, migrates, and prints every measure beside its bare SQL. Checks the run and the table, not speed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PG_ADMIN_URL

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_provider.py"
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(not PG_ADMIN_URL, reason="needs PostgreSQL (CARELOG_TEST_PG_URL)"),
]


def test_bench_provider_runs_at_a_small_size() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    args = ["--url", PG_ADMIN_URL, "--incidents", "2000", "--services", "5", "--runs", "1", "--fresh", "--no-pack"]
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=600, check=False
    )
    assert done.returncode in (0, 1), done.stderr  # 1 only says a figure is over its target
    out = done.stdout
    assert "writing 2,000 incidents over 5 services" in out and "writing 400 incidents over 1 services" in out
    for measure in ("Log list", "filter (one service", "search (", "Trends, one service", "Trends, all services",
                    "Home (attention list"):  # fmt: skip
        line = next((x for x in out.splitlines() if x.startswith(measure)), "")
        assert line.count("s ") >= 2, f"{measure}: no figure beside its bare SQL in:\n{out}"
    assert "5 services, 2,000 incidents" in out
