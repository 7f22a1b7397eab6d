"""Refuse a SQLite database file on a network location (the rules are in core.network_paths; this module asks the
operating system for the facts: Windows drive types, the Linux mount table)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from carelog.core.errors import CareLogError
from carelog.core.network_paths import Mount, NetworkLocation, drive_letter, network_location, parse_mounts

logger = logging.getLogger(__name__)
MOUNT_TABLE = Path("/proc/mounts")
DRIVE_REMOTE = 4  # GetDriveTypeW


class NetworkLocationRefused(CareLogError):
    """The SQLite file is on a shared folder, a network drive or a network mount."""


def _remote_drives(path: str) -> list[str]:  # pragma: no cover - Windows only
    drive = drive_letter(path)
    if drive is None:
        return []
    import ctypes

    kind = ctypes.windll.kernel32.GetDriveTypeW(f"{drive}\\")  # type: ignore[attr-defined]
    return [drive] if kind == DRIVE_REMOTE else []


def _mounts() -> list[Mount]:
    try:
        return parse_mounts(MOUNT_TABLE.read_text(encoding="utf-8", errors="replace"))
    except OSError:  # no /proc (macOS, BSD): nothing known, so nothing refused
        return []


def check_location(path: str | Path, given: str | None = None) -> NetworkLocation | None:
    """Where `path` (and `given`, the spelling the user typed, if any) is on a network location, else None."""
    windows = sys.platform == "win32"
    for candidate in dict.fromkeys(p for p in (given, str(path)) if p):
        if windows:
            found = network_location(candidate, windows=True, remote_drives=_remote_drives(candidate))
        else:
            real = os.path.realpath(candidate) if not candidate.startswith(("//", "\\\\")) else candidate
            found = network_location(real, windows=False, mounts=_mounts())
        if found is not None:
            return found
    return None


def refuse_network_location(path: str | Path, given: str | None = None) -> None:
    found = check_location(path, given)
    if found is not None:
        logger.warning("Refused a SQLite database on a network location")
        raise NetworkLocationRefused(found.message())
