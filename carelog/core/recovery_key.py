"""The backup recovery key: the 256-bit backup key as text a person can write down and type in again.

56 letters and digits in 14 groups of four (base32 of the key plus a 3-byte checksum), for example
`ABCD-EFGH-...`. Typing is forgiving: case, spaces and dashes do not matter, and 0/1/8 are read as O/I/B. A typing
mistake is caught by the checksum and reported as such, not as a wrong key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from carelog.core.errors import ValidationError

KEY_BYTES = 32
_CHECK_BYTES = 3
_GROUP = 4
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def _check(key: bytes) -> bytes:
    return hashlib.sha256(b"carelog recovery key" + key).digest()[:_CHECK_BYTES]


def format_recovery_key(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("a backup key has 32 bytes")
    text = base64.b32encode(key + _check(key)).decode("ascii").rstrip("=")
    return "-".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))


def parse_recovery_key(text: str) -> bytes:
    """The key behind a typed recovery key. Raises ValidationError saying what to fix."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\r\n").translate(_LOOKALIKES)
    expected = len(format_recovery_key(bytes(KEY_BYTES)).replace("-", ""))
    if len(cleaned) != expected:
        raise ValidationError(
            {
                "recovery_key": f"A recovery key has {expected} letters and digits ({expected // _GROUP} groups of "
                f"{_GROUP}); this one has {len(cleaned)}. Check it against the printed copy."
            }
        )
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError):
        raise ValidationError(
            {"recovery_key": "A recovery key has only the letters A-Z and the digits 2-7; check for typing mistakes."}
        ) from None
    key, check = raw[:KEY_BYTES], raw[KEY_BYTES:]
    if _check(key) != check:
        raise ValidationError(
            {"recovery_key": "This recovery key has a typing mistake; check each group against the printed copy."}
        )
    return key
