"""Hashing of staff PINs and passwords with argon2 (argon2-cffi). Plain secrets are never stored or logged."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()


def hash_secret(secret: str) -> str:
    return _hasher.hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """True if `secret` matches `stored_hash`. A missing or damaged hash never matches."""
    if not stored_hash:
        return False
    try:
        return bool(_hasher.verify(stored_hash, secret))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def use_fast_parameters_for_tests() -> None:
    """Cheap argon2 parameters so test suites that create many accounts stay quick. Never used by the app."""
    global _hasher
    _hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


_dummy_hash: str | None = None


def burn_time() -> None:
    """Verify against a throwaway hash, so an unknown username takes as long as a wrong PIN."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("carelog-no-such-user")
    verify_secret(_dummy_hash, "not-it")
