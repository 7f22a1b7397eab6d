"""Paths to bundled resources (icons), working both from source and from a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def app_icon() -> str:
    return str(resources_dir() / "carelog.png")
