"""The layers of docs/ARCHITECTURE.md, enforced: imports run ui -> services -> reports/db -> core, never back up.

- core imports no other CareLog layer; db and reports import only core; services import core, db and reports.
- Only ui/ and app.py import PySide6.
- ui/ never imports carelog.db or SQLAlchemy: not directly, and not through any module it imports at module level
  (imports under `if TYPE_CHECKING:` and inside functions are not followed: they do not run at start-up).
- ui/screenshot.py and ui/smoke_window.py do not import carelog.app.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "carelog"
ROOT = PACKAGE.parent

# layer -> the CareLog layers it may import (besides itself); `carelog` alone (version, app name) is always allowed
ALLOWED = {
    "core": set(),
    "db": {"core"},
    "reports": {"core"},
    "services": {"core", "db", "reports", "paths"},  # paths: where the data folder is (platformdirs)
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve_relative(module: str | None, level: int, path: Path) -> str:
    base = _module_name(path).split(".")
    if path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join(base + ([module] if module else []))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.Module, module_level_only: bool) -> list[ast.Import | ast.ImportFrom]:
    if not module_level_only:
        return [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.append(node)
            elif isinstance(node, ast.If):
                if not _is_type_checking(node):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)

    visit(tree.body)
    return found


def _imported_names(path: Path, module_level_only: bool = False) -> set[str]:
    """Dotted names a file imports; for `from a import b` both `a` and `a.b` (b may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in _import_nodes(tree, module_level_only):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        else:
            base = node.module or "" if node.level == 0 else _resolve_relative(node.module, node.level, path)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _file_of(module: str) -> Path | None:
    if not module.startswith("carelog"):
        return None
    rel = Path(*module.split("."))
    for candidate in (ROOT / rel.with_suffix(".py"), ROOT / rel / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


@cache
def _startup_closure(path: Path) -> frozenset[str]:
    """Every module a file brings in when it is imported, following CareLog modules' module-level imports."""
    seen: set[str] = set()
    todo = [path]
    visited: set[Path] = set()
    while todo:
        current = todo.pop()
        if current in visited:
            continue
        visited.add(current)
        for name in _imported_names(current, module_level_only=True):
            seen.add(name)
            parts = name.split(".")
            for i in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__ too
                target = _file_of(".".join(parts[:i]))
                if target is not None and target not in visited:
                    todo.append(target)
    return frozenset(seen)


def _files(sub: str) -> list[Path]:
    return sorted((PACKAGE / sub).rglob("*.py"))


def _layer_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if parts[0] == "carelog" and len(parts) > 1 else None


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_the_layers_below(layer: str) -> None:
    allowed = ALLOWED[layer] | {layer}
    offenders = sorted(
        f"{p.relative_to(PACKAGE)} imports {name}"
        for p in _files(layer)
        for name in _imported_names(p)
        if name.startswith("carelog.") and _file_of(name) is not None and _layer_of(name) not in allowed
    )
    assert offenders == []


@pytest.mark.parametrize("layer", ["core", "db", "reports", "services"])
def test_lower_layers_do_not_import_qt(layer: str) -> None:
    offenders = [
        str(p.relative_to(PACKAGE)) for p in _files(layer) if any(n.startswith("PySide6") for n in _imported_names(p))
    ]
    assert offenders == []


def test_only_ui_and_app_import_qt() -> None:
    allowed = {PACKAGE / "app.py"}
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if any(n.startswith("PySide6") for n in _imported_names(p))
        and p not in allowed
        and "ui" not in p.relative_to(PACKAGE).parts
    ]
    assert offenders == []


def test_ui_never_imports_db_or_sqlalchemy_directly() -> None:
    offenders = sorted(
        f"{p.relative_to(PACKAGE)} imports {name}"
        for p in _files("ui")
        for name in _imported_names(p)
        if name.split(".")[0] == "sqlalchemy" or name.startswith("carelog.db")
    )
    assert offenders == []


def test_ui_does_not_reach_db_or_sqlalchemy_through_its_start_up_imports() -> None:
    offenders = sorted(
        f"{p.relative_to(PACKAGE)} reaches {name}"
        for p in _files("ui")
        for name in _startup_closure(p)
        if name.split(".")[0] == "sqlalchemy" or name.startswith(("carelog.db", "carelog.services"))
    )
    assert offenders == []


@pytest.mark.parametrize("module", ["ui/screenshot.py", "ui/smoke_window.py"])
def test_screenshot_and_smoke_do_not_import_the_app(module: str) -> None:
    assert "carelog.app" not in _imported_names(PACKAGE / module)


def test_the_closure_follows_imports() -> None:
    """The checker itself: a module-level import chain is followed, a TYPE_CHECKING one is not."""
    closure = _startup_closure(PACKAGE / "services" / "registry.py")
    assert "sqlalchemy.orm" in closure  # registry -> context -> sqlalchemy.orm
    window = _startup_closure(PACKAGE / "ui" / "main_window.py")
    assert "carelog.services.registry" not in window  # only under TYPE_CHECKING there
