"""Where CareLog keeps its files: the per-user data folder (never next to the program)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path, user_data_path

from carelog import APP_NAME, APP_ORG

ENV_DATA_DIR = "CARELOG_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    path = Path(override) if override else user_data_path(APP_NAME, APP_ORG, roaming=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "carelog.db"


def logs_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Per-user cache (rebuildable files such as matplotlib's font list); CARELOG_DATA_DIR moves it too."""
    override = os.environ.get(ENV_DATA_DIR)
    path = Path(override) / "cache" if override else user_cache_path(APP_NAME, APP_ORG)
    path.mkdir(parents=True, exist_ok=True)
    return path
