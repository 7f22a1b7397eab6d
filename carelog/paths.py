"""Where CareLog keeps its files: the per-user data folder (never next to the program).

The data folder and the folders in it are private to the user (0700 where the OS has modes; on Windows the
per-user AppData folder already is). Temporary files holding personal data (built PDFs, restore scratch copies)
go in one folder per running CareLog under `tmp/` in the data folder; `sweep_stale_temp()` removes the folders of
CareLog processes that are no longer running (killed, crashed), and is called at every start.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO

from platformdirs import user_cache_path, user_data_path

from carelog import APP_NAME, APP_ORG

ENV_DATA_DIR = "CARELOG_DATA_DIR"
_LOCK_NAME = "in-use.lock"
_held_lock: IO[bytes] | None = None  # this process's temp folder lock, open for as long as the process runs
_own_temp: Path | None = None


def private_folder(path: Path) -> Path:
    """Create `path` (and parents) and make it readable by its owner only, where the OS has modes."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    restrict(path, 0o700)
    return path


def restrict(path: Path | str, mode: int = 0o600) -> None:
    """chmod a file or folder we own; quietly leave alone what we may not change (Windows, shares)."""
    if os.name != "posix":
        return
    try:
        if os.stat(path).st_uid == os.getuid():
            os.chmod(path, mode)
    except OSError:
        pass


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    path = Path(override) if override else user_data_path(APP_NAME, APP_ORG, roaming=False)
    return private_folder(path)


def default_db_path() -> Path:
    return data_dir() / "carelog.db"


def logs_dir() -> Path:
    return private_folder(data_dir() / "logs")


def backups_dir() -> Path:
    return private_folder(data_dir() / "backups")


def cache_dir() -> Path:
    """Per-user cache (rebuildable files such as matplotlib's font list); CARELOG_DATA_DIR moves it too."""
    override = os.environ.get(ENV_DATA_DIR)
    path = Path(override) / "cache" if override else user_cache_path(APP_NAME, APP_ORG)
    path.mkdir(parents=True, exist_ok=True)
    return path


# ------------------------------------------------------------------------------------------ temporary files
def temp_root() -> Path:
    return private_folder(data_dir() / "tmp")


def process_temp_dir() -> Path:
    """This process's private temporary folder, marked in use by a lock held until the process ends."""
    global _held_lock, _own_temp
    if _own_temp is not None and _own_temp.is_dir() and _own_temp.parent == temp_root():
        return _own_temp
    folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=temp_root()))
    restrict(folder, 0o700)
    lock = open(folder / _LOCK_NAME, "wb")  # noqa: SIM115 - held open for the life of the process
    if os.name == "posix":
        import fcntl

        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    _held_lock, _own_temp = lock, folder
    atexit.register(_remove_own_temp, folder, lock)
    return folder


def _remove_own_temp(folder: Path, lock: IO[bytes]) -> None:
    """At a normal exit: this process's temporary files go at once (a kill leaves them to the next sweep)."""
    lock.close()
    shutil.rmtree(folder, ignore_errors=True)


def make_temp_dir(prefix: str) -> Path:
    """A new private folder inside this process's temporary folder (remove it when done)."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=process_temp_dir()))


def _in_use(folder: Path) -> bool:
    lock_file = folder / _LOCK_NAME
    if not lock_file.exists():
        return False
    if os.name == "posix":
        import fcntl

        with open(lock_file, "rb") as probe:
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True  # its CareLog is still running
            fcntl.flock(probe, fcntl.LOCK_UN)
        return False
    try:  # Windows: a file another process holds open cannot be deleted
        lock_file.unlink()
    except OSError:
        return True
    return False


def sweep_stale_temp() -> int:
    """Remove temporary folders left by CareLog processes that were killed or crashed. Returns how many."""
    root = temp_root()
    removed = 0
    for folder in root.iterdir():
        if folder == _own_temp or not folder.is_dir() or _in_use(folder):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += not folder.exists()
    return removed
