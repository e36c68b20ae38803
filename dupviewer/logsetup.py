"""Logging for the app: a rotating log file in the data folder, since a windowed (frozen) app
has no console to print to, plus stderr when there is one.

`setup_logging()` is called once by `dupviewer.__main__` before the GUI starts. It also installs
hooks so an uncaught exception in any thread ends up in the log with its traceback; the GUI may
chain its own `sys.excepthook` (a dialog) after this one.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path
from types import TracebackType

from dupviewer.engine import paths

LOG_NAME = "dupviewer.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(processName)s %(name)s: %(message)s"
_log = logging.getLogger("dupviewer")


def log_dir() -> Path:
    """Where the log files go: `<data folder>/logs`."""
    return paths.data_dir() / "logs"


def setup_logging(level: int = logging.INFO, console: bool = True) -> Path | None:
    """Send dupviewer's log records to `log_dir()/dupviewer.log` (and stderr if it exists).

    Never raises: if the log folder cannot be written, logging falls back to stderr only.

    Returns:
        The log file in use, or None when only stderr could be used.
    """
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_dupviewer", False):  # a second call replaces, never duplicates
            root.removeHandler(handler)
            handler.close()

    formatter = logging.Formatter(_FORMAT)
    log_file: Path | None = log_dir() / LOG_NAME
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        file_handler = logging.NullHandler()
        log_file = None
        if sys.stderr is not None:
            print(f"dupviewer: cannot write the log file: {exc}", file=sys.stderr)
    _add(root, file_handler, formatter)

    # A windowed frozen app on Windows has sys.stderr = None.
    if console and sys.stderr is not None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(logging.WARNING)
        _add(root, stream, formatter)

    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
    _log.info(
        "dupviewer starting (python %s, frozen=%s)",
        sys.version.split()[0],
        getattr(sys, "frozen", False),
    )
    return log_file


def _add(root: logging.Logger, handler: logging.Handler, formatter: logging.Formatter) -> None:
    handler.setFormatter(formatter)
    handler._dupviewer = True  # type: ignore[attr-defined]
    root.addHandler(handler)


def _log_uncaught(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """`sys.excepthook`: log the traceback (Ctrl+C in a terminal stays quiet)."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    _log.critical("uncaught exception", exc_info=(exc_type, exc, tb))


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    _log.critical(
        "uncaught exception in thread %s",
        args.thread.name if args.thread else "?",
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
    )
