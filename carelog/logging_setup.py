"""Configure logging once: a rotating file in the data folder. Log lines never carry personal data."""

from __future__ import annotations

import logging
import logging.handlers

from carelog.paths import logs_dir

_configured = False


def configure_logging(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    handler = logging.handlers.RotatingFileHandler(
        logs_dir() / "carelog.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    _configured = True
