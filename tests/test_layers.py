"""The layers of STYLE.md, enforced: only ui/ and app.py import PySide6; ui/ never imports sqlalchemy;
core/, db/ and reports/ never import PySide6."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "carelog"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _files(sub: str) -> list[Path]:
    return sorted((PACKAGE / sub).rglob("*.py"))


@pytest.mark.parametrize("layer", ["core", "db", "reports"])
def test_lower_layers_do_not_import_qt(layer: str) -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in _files(layer) if "PySide6" in _imports(p)]
    assert offenders == []


def test_ui_does_not_import_sqlalchemy() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in _files("ui") if "sqlalchemy" in _imports(p)]
    assert offenders == []


def test_only_ui_and_app_import_qt() -> None:
    allowed = {PACKAGE / "app.py"}
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "PySide6" in _imports(p) and p not in allowed and "ui" not in p.relative_to(PACKAGE).parts
    ]
    assert offenders == []
