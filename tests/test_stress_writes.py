"""A small run of benchmarks/stress_writes.py: writer and importer processes on one SQLite file, then kill -9
while they write. Nothing acknowledged is lost, no traceback, no duplicate reference, the database is clean. Then
two restores killed with kill -9 (one at a random moment, one while it replaces the file): the database opens, is
sound and holds exactly its content from before or exactly the backup's."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "stress_writes.py"


def _stress() -> ModuleType:
    spec = importlib.util.spec_from_file_location("stress_writes", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _assert_clean(figures: dict[str, object]) -> None:
    for key in ("lost reports", "lost or overwritten edits", "tracebacks", "duplicate references"):
        assert figures[key] == 0, (key, figures)
    assert figures["carelog check"] == "clean" and figures["PRAGMA integrity_check"] == "ok", figures


@pytest.mark.slow
def test_parallel_writers_importer_and_kills_lose_nothing(tmp_path: Path) -> None:
    stress = _stress()
    db = f"sqlite:///{tmp_path / 'stress.db'}"
    figures = stress.run_concurrent(db, tmp_path, 2, 20, 1, 1)
    _assert_clean(figures)
    assert figures["acknowledged reports"] == 2 * 20 + stress.IMPORT_ROWS
    assert figures["incidents in database"] == figures["acknowledged reports"] + stress.SHARED_INCIDENTS
    assert figures["processes that failed"] == 0
    killed = stress.run_kills(db, tmp_path, 2, fresh=False, writers=1)  # kill -9 a writer and an importer
    _assert_clean(killed)
    assert killed["kills"] == 2 and killed["acknowledged reports"] >= figures["acknowledged reports"]


@pytest.mark.slow
def test_restores_killed_leave_the_old_or_the_backup_content(tmp_path: Path) -> None:
    stress = _stress()
    figures = stress.run_restore_kills(f"sqlite:///{tmp_path / 'restores.db'}", tmp_path, 2)
    assert figures["kills"] == 2 and figures["of them after 'Replacing the database'"] == 1, figures
    for key in stress.RESTORE_FAILURES:
        assert figures[key] == 0, (key, figures)
    killed = [v for k, v in figures.items() if k.startswith("killed ") and k.endswith(("kept", "content"))]
    assert sum(killed) == 2, figures  # each kill left the old content or the backup's, checked above: no mix
