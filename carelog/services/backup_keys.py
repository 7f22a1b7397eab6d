"""Where the backup key of a database is kept, and how a backup finds it again.

Each database gets a random id (the settings table, so it travels with the data and its backups) and a random
256-bit key, kept in the operating system's credential store through `keyring` (service "CareLog", one entry per
database id: the Windows Credential Manager on Windows). Where no credential store is usable (Linux without a
keyring daemon), the key goes into an owner-only file in the data folder and CareLog says so. CARELOG_BACKUP_KEY
(a recovery key) overrides both, for scripts and tests. The key is shown once, as a recovery key, to write down.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from carelog.core.recovery_key import KEY_BYTES, format_recovery_key, parse_recovery_key

logger = logging.getLogger(__name__)

ENV_KEY = "CARELOG_BACKUP_KEY"
KEYRING_SERVICE = "CareLog"
DATABASE_ID_SETTING = "backup.database_id"
SHOWN_SETTING = "backup.recovery_key_shown"  # the database id whose recovery key an administrator has seen
CREDENTIAL_STORE = "the operating system's credential store (Windows: Credential Manager)"


@dataclass(frozen=True)
class NewBackupKey:
    """A key just created: show `recovery_key` once, and say where the key is kept."""

    recovery_key: str
    stored_in: str
    key_file: Path | None = None  # set when no credential store was usable and the key went into a file

    @property
    def message(self) -> str:
        where = (
            f"No credential store is available on this computer, so the key is kept in the file {self.key_file} "
            "(readable by your user account only). Keep that folder private and back it up separately."
            if self.key_file is not None
            else f"The key is kept in {self.stored_in}."
        )
        return (
            "Backups of this database are encrypted. Write down or print this recovery key and keep it somewhere "
            "safe, away from the computer. Without it, a backup cannot be restored on another computer. It is "
            f"shown only once.\n\n{where}"
        )


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_database_id() -> str:
    return secrets.token_hex(8)


def _entry(key_id: str) -> str:
    return f"backup-key-{key_id}"


class KeyStore:
    """Reads and writes backup keys: CARELOG_BACKUP_KEY, then the credential store, then the key file."""

    def __init__(self, keys_folder: Callable[[], Path] | None = None) -> None:
        self._folder = keys_folder

    def folder(self) -> Path:
        if self._folder is not None:
            path = self._folder()
        else:
            from carelog.paths import data_dir

            path = data_dir() / "keys"
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path

    @staticmethod
    def from_environment() -> bytes | None:
        text = os.environ.get(ENV_KEY, "").strip()
        return parse_recovery_key(text) if text else None

    def load(self, key_id: str) -> bytes | None:
        env = self.from_environment()
        if env is not None:
            return env
        stored = self._keyring_get(key_id)
        if stored is None:
            file = self._file(key_id)
            stored = file.read_text(encoding="ascii").strip() if file.is_file() else None
        return parse_recovery_key(stored) if stored else None

    def save(self, key_id: str, key: bytes) -> Path | None:
        """Keep the key; returns the key file when no credential store was usable (None: credential store)."""
        text = format_recovery_key(key)
        if self._keyring_set(key_id, text):
            return None
        file = self._file(key_id)
        tmp = file.with_name(file.name + ".partial")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(text + "\n")
        tmp.replace(file)
        logger.warning("No usable credential store: the backup key is kept in a file in the data folder")
        return file

    def _file(self, key_id: str) -> Path:
        return self.folder() / f"{_entry(key_id)}.txt"

    def key_file(self, key_id: str) -> Path | None:
        """The key file of a database, if its key is kept in one (no credential store)."""
        file = self._file(key_id)
        return file if file.is_file() else None

    @staticmethod
    def _keyring_get(key_id: str) -> str | None:
        try:
            import keyring

            return keyring.get_password(KEYRING_SERVICE, _entry(key_id))
        except Exception as exc:  # no backend (NoKeyringError), a locked or broken one: fall back to the file
            logger.info("Credential store not usable (%s)", exc.__class__.__name__)
            return None

    @staticmethod
    def _keyring_set(key_id: str, text: str) -> bool:
        try:
            import keyring
            from keyring.backends import fail

            if isinstance(keyring.get_keyring(), fail.Keyring):
                return False
            keyring.set_password(KEYRING_SERVICE, _entry(key_id), text)
            return keyring.get_password(KEYRING_SERVICE, _entry(key_id)) == text
        except Exception as exc:
            logger.info("Credential store not usable (%s)", exc.__class__.__name__)
            return False
