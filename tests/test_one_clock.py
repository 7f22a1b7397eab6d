"""One clock: nothing in carelog/ reads the wall clock except carelog/core/clock.py (system_clock), so every
"now" and "today" comes from the injected clock (ServiceContext.clock; services.ctx.clock in the UI)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "carelog"
ALLOWED = {PACKAGE / "core" / "clock.py"}
# datetime.now/today/utcnow, date.today, QDate.currentDate, QDateTime.currentDateTime/currentSecsSinceEpoch, QTime...
WALL_CLOCK_METHODS = {
    "now",
    "today",
    "utcnow",
    "currentDate",
    "currentDateTime",
    "currentDateTimeUtc",
    "currentTime",
    "currentSecsSinceEpoch",
    "currentMSecsSinceEpoch",
}


def wall_clock_reads(source: str) -> list[tuple[int, str]]:
    """(line, call) for every read of the wall clock in the source: X.now(), date.today(), time.time()..."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        owner = node.func.value
        if name in WALL_CLOCK_METHODS or (name == "time" and isinstance(owner, ast.Name) and owner.id == "time"):
            found.append((node.lineno, ast.unparse(node.func)))
    return sorted(found)


def test_the_checker_finds_each_way_of_reading_the_wall_clock() -> None:
    source = "\n".join(
        [
            "datetime.now()",
            "dt.datetime.now().date()",
            "date.today()",
            "QDate.currentDate().addDays(30)",
            "QDateTime.currentDateTime()",
            "time.time()",
            "self._ctx.clock()",
            "time.perf_counter()",
        ]
    )
    assert sorted(line for line, _ in wall_clock_reads(source)) == [1, 2, 3, 4, 5, 6]


def test_only_core_clock_reads_the_wall_clock() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {call}()"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in ALLOWED
        for line, call in wall_clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "Take 'now' from the injected clock (ctx.clock / services.ctx.clock):\n" + "\n".join(
        offenders
    )
