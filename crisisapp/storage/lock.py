"""One writer per database file: operating-system locks, gone when the process is.

Two locks, both taken at once and never waited for. ``<file>.lock`` beside the file guards the name (also
while no file exists yet, at creation). On POSIX the database file itself is locked too (``flock``, which
SQLite's own ``fcntl`` locks never meet): that lock belongs to the file's device and inode, so a second
path, a symbolic link or a hard link to the same database meets it. The lock file is its owner's only (0600)
and holds a process id and a time, no user or host name.
"""

import json
import os
import stat
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
    return _try_flock(handle.fileno())


def _try_flock(descriptor: int) -> bool:
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text("utf-8") or "{}")
        since = format_datetime(datetime.fromisoformat(info["since"]))
        return f" door een ander CrisisApp-proces (proces {int(info['pid'])}, sinds {since})"
    except (OSError, ValueError, KeyError, TypeError):
        return " door een ander CrisisApp-proces"


def _in_use(database: Path, holder: str) -> DatabaseInUseError:
    return DatabaseInUseError(
        f"De database {database} is in gebruik{holder}. Sluit CrisisApp daar eerst, of open een ander bestand. "
        "Er is niets gewijzigd."
    )


def _open_private(path: Path) -> IO[str]:
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, stat.S_IRUSR | stat.S_IWUSR)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(descriptor, stat.S_IRUSR | stat.S_IWUSR)  # also an older lock file that was 0644
    except OSError:
        pass  # another user's lock file: locking it says who has the database
    return os.fdopen(descriptor, "r+", encoding="utf-8")


class DatabaseLock:
    """Held while a process has the database open; never blocks: a second taker is refused at once."""

    def __init__(self, database: Path, _user: str | None = None) -> None:
        self.path = lock_path(database)
        self._handle: IO[str] | None = None
        self._file: int | None = None
        try:
            handle = _open_private(self.path)
        except OSError as exc:
            raise CrisisAppError(f"Kan het vergrendelbestand {self.path} niet aanmaken: {os_reason(exc)}.") from exc
        if not _try_lock(handle):
            handle.close()
            raise _in_use(database, _holder(self.path))
        self._handle = handle
        self.lock_file(database)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "since": utcnow().isoformat()}))
        handle.flush()

    def lock_file(self, database: Path) -> None:
        """Lock the database file itself (its inode), if it exists; called again once a new file is made."""
        if sys.platform == "win32" or self._file is not None:
            return
        try:
            descriptor = os.open(database, os.O_RDONLY)
        except OSError:
            return  # not there yet: the name's lock guards its creation
        if not _try_flock(descriptor):
            os.close(descriptor)
            self.release()
            raise _in_use(database, " door een ander CrisisApp-proces, via een andere naam of koppeling")
        self._file = descriptor

    def release(self) -> None:
        # The file stays: deleting it would let a third process lock a fresh file while a second waits on the old.
        if self._file is not None:
            os.close(self._file)
            self._file = None
        if self._handle is not None:
            self._handle.close()
            self._handle = None
