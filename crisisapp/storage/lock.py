"""One writer per database file: an operating-system lock on ``<file>.lock``, gone when the process is."""

import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import IO

from crisisapp.errors import CrisisAppError, os_reason
from crisisapp.timeutil import format_datetime, utcnow


class DatabaseInUseError(CrisisAppError):
    """Another process has the database open."""


def lock_path(database: Path) -> Path:
    return database.with_name(f"{database.name}.lock")


# Windows locks byte ranges (and refuses reads of them): one byte far past the holder's details.
WINDOWS_LOCK_OFFSET = 1 << 20


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            handle.seek(0)
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text("utf-8") or "{}")
        since = format_datetime(datetime.fromisoformat(info["since"]))
        return f" door {info['user']} op {info['host']} (proces {info['pid']}, sinds {since})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


class DatabaseLock:
    """Held while a process has the database open; never blocks: a second taker is refused at once."""

    def __init__(self, database: Path, user: str) -> None:
        self.path = lock_path(database)
        self._handle: IO[str] | None = None
        try:
            handle = self.path.open("a+", encoding="utf-8")
        except OSError as exc:
            raise CrisisAppError(f"Kan het vergrendelbestand {self.path} niet aanmaken: {os_reason(exc)}.") from exc
        if not _try_lock(handle):
            handle.close()
            raise DatabaseInUseError(
                f"De database {database} is in gebruik{_holder(self.path)}. Sluit CrisisApp daar eerst, "
                "of open een ander bestand. Er is niets gewijzigd."
            )
        handle.seek(0)
        handle.truncate()
        info = {"user": user, "host": socket.gethostname(), "pid": os.getpid(), "since": utcnow().isoformat()}
        handle.write(json.dumps(info))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        # The file stays: deleting it would let a third process lock a fresh file while a second waits on the old.
        if self._handle is not None:
            self._handle.close()
            self._handle = None
