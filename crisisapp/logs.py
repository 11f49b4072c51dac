"""Logging: a rotating file in the user's data folder, warnings on stderr, and a trace of hard crashes.

The log is what support asks for when something went wrong on a laptop, so it goes to a file that outlives
the process. A hard crash (a segfault in Qt) never reaches ``logging``: ``faulthandler`` writes its stack
from the signal handler straight into a file of its own, and the next start moves that into the log.
"""

import faulthandler
import io
import logging
import logging.handlers
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

LOG_FILENAME = "crisisapp.log"
CRASH_FILENAME = "crisisapp-crash.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
#: The loggers whose information (not only their warnings) belongs in the file: the app's own and the schema
#: upgrades. SQLAlchemy is left out on purpose: its engine logger at INFO writes every SQL statement.
INFO_LOGGERS = ("crisisapp", "alembic.runtime.migration")
#: Like the database, the log may hold personal data (a name in a message): readable by its owner only.
PRIVATE = 0o600

log = logging.getLogger(__name__)

#: ``extra=FILE_ONLY`` keeps a record off stderr: it is for support, not for whoever runs this command.
FILE_ONLY = {"file_only": True}

_DUTCH_LEVELS = {logging.WARNING: "waarschuwing", logging.ERROR: "fout", logging.CRITICAL: "ernstige fout"}


class _DutchFormatter(logging.Formatter):
    """Warnings on stderr the way the command line writes its errors: ``crisisapp: fout: …``."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        level = _DUTCH_LEVELS.get(record.levelno, record.levelname.lower())
        return f"crisisapp: {level}: {record.getMessage()}"


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Creates the log, and each new one after a rollover, readable by its owner only (POSIX)."""

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)  # noqa: PTH123 - a descriptor


@dataclass
class Logging:
    """What :func:`setup` installed, so that :meth:`close` (tests, mostly) can take it away again."""

    #: The log file, or None when the data folder cannot be written (then only stderr logs).
    file: Path | None
    crash_file: Path | None
    _handlers: list[logging.Handler] = field(default_factory=list)
    _levels: dict[str, int] = field(default_factory=dict)
    _crash_handle: IO[str] | None = None

    def close(self) -> None:
        root = logging.getLogger()
        for handler in self._handlers:
            root.removeHandler(handler)
            handler.close()
        for name, level in self._levels.items():
            logging.getLogger(name).setLevel(level)
        if self._crash_handle is not None:
            faulthandler.disable()
            self._crash_handle.close()
        self._handlers.clear()
        self._crash_handle = None


def setup(folder: Path, *, stderr: bool = True, crashes: bool = True) -> Logging:
    """Log to ``folder``/crisisapp.log (1 MB, five old files kept) and warnings to stderr; crashes to a file.

    A folder that cannot be written costs the log file, never the start of the app.
    """
    root = logging.getLogger()
    installed = Logging(file=None, crash_file=None)
    if stderr:
        to_stderr = logging.StreamHandler(sys.stderr)
        to_stderr.setLevel(logging.WARNING)
        to_stderr.addFilter(lambda record: not getattr(record, "file_only", False))
        to_stderr.setFormatter(_DutchFormatter())
        installed._handlers.append(to_stderr)
    problem = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        to_file = _PrivateRotatingFileHandler(
            folder / LOG_FILENAME, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        problem = exc
    else:
        to_file.setFormatter(logging.Formatter(FORMAT))
        installed._handlers.append(to_file)
        installed.file = folder / LOG_FILENAME
    for handler in installed._handlers:
        root.addHandler(handler)
    for name in INFO_LOGGERS:
        logger = logging.getLogger(name)
        installed._levels[name] = logger.level
        logger.setLevel(logging.INFO)
    if problem is not None:
        log.warning(
            "Het logbestand in %s kan niet worden geschreven (%s); er wordt niet naar een bestand gelogd.",
            folder,
            problem,
        )
    elif crashes:
        _enable_faulthandler(installed, folder / CRASH_FILENAME)
    return installed


def _enable_faulthandler(installed: Logging, path: Path) -> None:
    """Let a hard crash (a segfault in Qt) leave its Python stack in ``path``; move an earlier one into the log."""
    try:
        earlier = path.read_text("utf-8", errors="replace") if path.exists() else ""
        if earlier.strip():
            log.warning("Een eerder gestarte CrisisApp is hard afgebroken:\n%s", earlier.rstrip(), extra=FILE_ONLY)
            path.write_text("", "utf-8")
        handle = open(  # noqa: PTH123, SIM115 - a descriptor, open while the process lives
            os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE), "a", encoding="utf-8"
        )
    except OSError as exc:
        log.warning("Het crashbestand %s kan niet worden geschreven (%s).", path, exc)
        return
    faulthandler.enable(handle, all_threads=True)
    installed._crash_handle = handle
    installed.crash_file = path
