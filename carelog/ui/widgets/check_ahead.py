"""Checks the PIN typed so far in one worker thread, so that after Return the person waits for little but the
sign-in itself (AccountService.check_ahead, core/verify_ahead.py). Only the newest username and PIN are checked:
what was typed while a check was running replaces anything still waiting."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carelog.services.accounts import AccountService

logger = logging.getLogger(__name__)


class CheckAhead:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wanted: tuple[AccountService, str, str] | None = None
        self._running = False

    def want(self, accounts: AccountService, username: str, secret: str) -> None:
        with self._lock:
            self._wanted = (accounts, username, secret)
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="carelog-check-ahead", daemon=True).start()

    def drop(self) -> None:
        """Nothing waiting is checked (a check already running finishes: argon2 cannot be stopped halfway)."""
        with self._lock:
            self._wanted = None

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._running

    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._wanted = self._wanted, None
                if job is None:
                    self._running = False
                    return
            accounts, username, secret = job
            try:
                accounts.check_ahead(username, secret)
            except Exception as exc:  # only time is lost: the sign-in checks for itself
                logger.warning("The PIN check ahead of Return failed (%s); Return checks it", type(exc).__name__)
