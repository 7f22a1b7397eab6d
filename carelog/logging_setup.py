"""Configure logging once: a rotating file in the data folder (0600). Log lines never carry personal data.

Exception texts can quote the data being saved (PostgreSQL's "Key (code)=(...) already exists", a validation
message naming a username), so the log formatter writes an exception as its type, error code and the places in
CareLog's code it passed through: never its message, never SQL parameters, never source lines.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

_configured = False  # (logging.handlers and the data folder's paths load only when the log file is opened)


def describe_exception(exc: BaseException) -> str:
    """The type of an exception and, for database errors, the driver's error class and code; no message."""
    name = type(exc).__qualname__
    orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's exception
    if orig is not None:
        code = getattr(orig, "sqlite_errorname", None) or getattr(orig, "sqlstate", None) or ""
        name += f" ({type(orig).__module__}.{type(orig).__qualname__}{' ' + code if code else ''})"
    return name


def private_traceback(exc: BaseException) -> str:
    """Frames (file, line, function) of an exception and the exceptions chained to it, without any message."""
    blocks: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.extract_tb(current.__traceback__)
        lines = [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in frames]
        blocks.append("\n".join(["Traceback (most recent call last):", *lines, describe_exception(current)]))
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\n\nwhile handling or caused by:\n".join(reversed(blocks))


def _private_record_factory(base: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    """Every record, before any handler sees it: exception arguments become their type, and an attached
    exception becomes its private traceback in the message."""

    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        if isinstance(record.args, tuple) and any(isinstance(a, BaseException) for a in record.args):
            record.args = tuple(describe_exception(a) if isinstance(a, BaseException) else a for a in record.args)
        if record.exc_info and isinstance(record.exc_info[1], BaseException):
            record.msg = f"{record.getMessage()}\n{private_traceback(record.exc_info[1])}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return record

    make.carelog_private = True  # type: ignore[attr-defined]
    return make


def install_private_records() -> None:
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "carelog_private", False):
        logging.setLogRecordFactory(_private_record_factory(factory))


def private_file_handler() -> logging.Handler:
    """The rotating log file in the data folder, readable by its owner only."""
    import logging.handlers

    from carelog.paths import logs_dir, restrict

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self):  # type: ignore[no-untyped-def]
            stream = super()._open()
            restrict(self.baseFilename)
            return stream

    return PrivateRotatingFileHandler(logs_dir() / "carelog.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")


def configure_logging(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    handler = private_file_handler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    install_private_records()
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    _configured = True


def log_exception(logger: logging.Logger, message: str, exc: BaseException, level: int = logging.ERROR) -> None:
    """Log an error with its private traceback: the record itself (seen by every handler) holds no data."""
    logger.log(level, "%s\n%s", message, private_traceback(exc))
