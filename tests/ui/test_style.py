"""Messages look the same everywhere: the error and success colours live only in carelog/ui/style.py."""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "carelog" / "ui"
MESSAGE_COLOUR = re.compile(r"""setStyleSheet\(\s*f?["']color:\s*#|^(ERROR|OK)_STYLE\s*=""", re.MULTILINE)
HINT = re.compile(r"""setStyleSheet\(\s*["']color:\s*#(555|606060);?["']""")  # grey hints are not messages


def test_message_styles_come_from_ui_style() -> None:
    offenders = [
        f"{path.relative_to(UI)}:{source[: m.start()].count(chr(10)) + 1}"
        for path in sorted(UI.rglob("*.py"))
        if path.name != "style.py"
        for source in [HINT.sub("", path.read_text(encoding="utf-8"))]
        for m in MESSAGE_COLOUR.finditer(source)
    ]
    assert not offenders, "Use carelog.ui.style (ERROR_STYLE, OK_STYLE, show_message): " + ", ".join(offenders)
