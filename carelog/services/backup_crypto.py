"""The encrypted backup file: a short readable header, then the backup zip encrypted with AES-256-GCM in chunks.

Layout: MAGIC, the header length (4 bytes), the header (JSON: format, key id, salt, nonce prefix, chunk size, when
and by which CareLog; no names or records), then chunks of ciphertext. Each file gets its own key, derived from the
database's backup key with HKDF and a random salt. Chunk i is sealed with the nonce prefix + i + a last-chunk flag,
and the whole header as associated data, so a changed byte anywhere, a forged header, chunks swapped, cut off or
added, and a wrong key are all refused before anything is restored. A key check value in the header tells a wrong
key apart from a damaged file.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from carelog.core.errors import CareLogError

MAGIC = b"CARELOG-BACKUP\x00\x02"
FORMAT = "carelog-backup"
FORMAT_VERSION = 2
CIPHER = "AES-256-GCM/HKDF-SHA256"
CHUNK = 1 << 20
TAG = 16
MAX_HEADER = 64 * 1024
MAX_CHUNK = 64 << 20
_INFO = b"carelog backup file key v2"


class BackupError(CareLogError):
    """A backup could not be written or restored. The message says why; nothing was changed."""


class WrongBackupKey(BackupError):
    """The backup was made with a different key than the one offered."""


@dataclass(frozen=True)
class BackupHeader:
    key_id: str
    created_at: str
    app_version: str
    salt: bytes
    nonce_prefix: bytes
    key_check: str
    chunk_size: int

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "cipher": CIPHER,
            "key_id": self.key_id,
            "key_check": self.key_check,
            "salt": self.salt.hex(),
            "nonce_prefix": self.nonce_prefix.hex(),
            "chunk_size": self.chunk_size,
            "created_at": self.created_at,
            "app_version": self.app_version,
        }


def key_check(key: bytes) -> str:
    """A short value that shows whether a key is the right one without revealing it."""
    return hmac.new(key, b"carelog backup key check", hashlib.sha256).hexdigest()[:16]


def _file_key(key: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_INFO).derive(key)


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">I?", index, last)


def _preamble(header: BackupHeader) -> bytes:
    body = json.dumps(header.to_json(), sort_keys=True).encode("utf-8")
    return MAGIC + struct.pack(">I", len(body)) + body


def encrypt_file(plain: Path, out: Path, key: bytes, key_id: str, created_at: str, app_version: str) -> None:
    """Encrypt `plain` (the backup zip) into `out`, created with owner-only permissions."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = BackupHeader(key_id, created_at, app_version, os.urandom(16), os.urandom(7), key_check(key), CHUNK)
    aad = _preamble(header)
    aead = AESGCM(_file_key(key, header.salt))
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with plain.open("rb") as src, os.fdopen(fd, "wb") as dst:
        dst.write(aad)
        index = 0
        chunk = src.read(header.chunk_size)
        while True:
            following = src.read(header.chunk_size)
            last = not following
            dst.write(aead.encrypt(_nonce(header.nonce_prefix, index, last), chunk, aad))
            if last:
                break
            chunk, index = following, index + 1
        dst.flush()
        os.fsync(dst.fileno())


def read_header(fh: BinaryIO) -> tuple[BackupHeader, bytes]:
    """The header of an open backup file and the exact bytes it was sealed with. Raises BackupError."""
    magic = fh.read(len(MAGIC))
    if magic != MAGIC:
        if magic.startswith(b"PK"):
            raise BackupError(
                "This is an unencrypted backup from an earlier CareLog. It cannot be checked for tampering, so "
                "CareLog does not restore it. Restore a backup made by this version instead."
            )
        raise BackupError("This file is damaged or is not a CareLog backup.")
    raw_len = fh.read(4)
    if len(raw_len) != 4 or struct.unpack(">I", raw_len)[0] > MAX_HEADER:
        raise BackupError("This backup file is damaged: its header cannot be read.")
    (length,) = struct.unpack(">I", raw_len)
    body = fh.read(length)
    try:
        raw = json.loads(body)
        if raw.get("format") != FORMAT:
            raise BackupError("This file is not a CareLog backup.")
        if int(raw["format_version"]) > FORMAT_VERSION or raw.get("cipher") != CIPHER:
            raise BackupError("This backup was made by a newer version of CareLog. Install the latest CareLog.")
        header = BackupHeader(
            key_id=str(raw["key_id"]),
            created_at=str(raw["created_at"]),
            app_version=str(raw["app_version"]),
            salt=bytes.fromhex(raw["salt"]),
            nonce_prefix=bytes.fromhex(raw["nonce_prefix"]),
            key_check=str(raw["key_check"]),
            chunk_size=int(raw["chunk_size"]),
        )
    except BackupError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BackupError("This backup file is damaged: its header cannot be read.") from None
    if len(header.nonce_prefix) != 7 or not 0 < header.chunk_size <= MAX_CHUNK:
        raise BackupError("This backup file is damaged: its header cannot be read.")
    return header, magic + raw_len + body


def peek_header(path: Path) -> BackupHeader:
    try:
        with path.open("rb") as fh:
            return read_header(fh)[0]
    except FileNotFoundError:
        raise BackupError(f"There is no file at {path}.") from None
    except OSError as exc:
        raise BackupError(f"The backup file cannot be read ({exc.strerror}).") from None


def decrypt_file(path: Path, key: bytes, out: Path) -> BackupHeader:
    """Check and decrypt the backup at `path` into `out` (owner-only). Raises BackupError; `out` is then removed."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        with path.open("rb") as src:
            header, aad = read_header(src)
            if not hmac.compare_digest(header.key_check, key_check(key)):
                raise WrongBackupKey(
                    "This backup was made with a different backup key (another database, or a key that was "
                    "replaced). Give the recovery key printed when that database was set up. Nothing was changed."
                )
            aead = AESGCM(_file_key(key, header.salt))
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as dst:
                index = 0
                sealed = src.read(header.chunk_size + TAG)
                while True:
                    following = src.read(header.chunk_size + TAG)
                    last = not following
                    try:
                        dst.write(aead.decrypt(_nonce(header.nonce_prefix, index, last), sealed, aad))
                    except (InvalidTag, ValueError):
                        raise BackupError(
                            "This backup file has been changed or damaged since it was written (its seal does not "
                            "match), or it is incomplete. It cannot be trusted, so nothing was restored."
                        ) from None
                    if last:
                        break
                    sealed, index = following, index + 1
        return header
    except FileNotFoundError:
        raise BackupError(f"There is no file at {path}.") from None
    except BaseException:
        out.unlink(missing_ok=True)
        raise
