"""The PIN check started while the person is still at the keyboard, its answer kept for the sign-in that follows.

Checking a PIN (argon2) is deliberately slow. Between the last digit and Return a person takes a moment; the sign-in
screen uses it to run the check on what is typed so far (`AccountService.check_ahead`). The answer is kept here for
exactly that username, that PIN and that stored hash, and only for one sign-in. An answer kept here is never shown
and never counted: nothing is audited, no failure is counted and no pause is decided until the person presses Return,
and then `sign_in` decides all of it as before, in its own write transaction. Only the slow part is taken from here.

The typed text itself is not kept: only a keyed digest of it (a new random key per process).
"""

from __future__ import annotations

import hmac
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from hashlib import blake2b

_KEY = os.urandom(32)


def _digest(secret: str) -> bytes:
    return blake2b(secret.encode("utf-8"), key=_KEY, digest_size=32).digest()


@dataclass(frozen=True)
class _Kept:
    name: str
    stored_hash: str | None  # None: no account has this name (the check burned the same time)
    secret: bytes
    answer: Future[bool]

    def is_for(self, name: str, stored_hash: str | None, secret: bytes) -> bool:
        return self.name == name and self.stored_hash == stored_hash and hmac.compare_digest(self.secret, secret)


class VerifyAhead:
    """One answer at a time: the newest check replaces the one before (what was typed before is no longer wanted)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: _Kept | None = None

    def check(self, name: str, stored_hash: str | None, secret: str, verify: Callable[[], bool]) -> None:
        """Run `verify` (in the caller's thread) and keep its answer for `take` with the same three values."""
        digest = _digest(secret)
        with self._lock:
            if self._kept is not None and self._kept.is_for(name, stored_hash, digest):
                return  # already checked, or being checked
            answer: Future[bool] = Future()
            self._kept = _Kept(name, stored_hash, digest, answer)
        try:
            answer.set_result(bool(verify()))
        except BaseException as exc:  # the sign-in checks again itself
            answer.set_exception(exc)

    def take(self, name: str, stored_hash: str | None, secret: str) -> bool | None:
        """The kept answer for these values (waiting for it if the check is still running), once; None if there is
        none, or its check failed (the caller then checks itself)."""
        digest = _digest(secret)
        with self._lock:
            kept = self._kept
            if kept is None or not kept.is_for(name, stored_hash, digest):
                return None
            self._kept = None
        try:
            return kept.answer.result()
        except Exception:
            return None

    def forget(self) -> None:
        with self._lock:
            self._kept = None
