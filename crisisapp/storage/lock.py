"""One writer per database file: operating-system locks, gone when the process is.

Two locks, both taken at once and never waited for. ``<file>.lock`` beside the file guards the name (also
while no file exists yet, at creation). The second lock belongs to the file itself, so that a second path, a
symbolic link or a hard link to the same database meets it. On POSIX that is a ``flock`` of the database file
(which SQLite's own ``fcntl`` locks never meet). Windows locks are mandatory byte-range locks that SQLite's
reads would run into, so there the file's own lock is a lock file named after the file's identity: its volume
serial number and file index (``os.stat``'s ``st_dev`` and ``st_ino`` on Windows), in a folder private to
the user. The lock files are their owner's only (0600); the name's holds a process id and a time, no user or
host name.
"""

import json
import os
import stat
import sys
import tempfile
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
    return _try_lock_descriptor(handle.fileno())


def _try_lock_descriptor(descriptor: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        position = os.lseek(descriptor, 0, os.SEEK_CUR)
        os.lseek(descriptor, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(descriptor, position, os.SEEK_SET)
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def identity_lock_path(database: Path) -> Path:
    """The lock file of the file ``database`` itself, named after its volume and its number on it: every name
    and hard link of one file leads to the same lock file (Windows; the user's own temporary folder)."""
    info = database.stat()
    return Path(tempfile.gettempdir()) / "crisisapp-vergrendeling" / f"{info.st_dev:x}-{info.st_ino:x}.lock"


def _open_database_itself(database: Path) -> int:
    return os.open(database, os.O_RDONLY)


def _open_identity_lock_file(database: Path) -> int:
    where = identity_lock_path(database)
    where.parent.mkdir(mode=stat.S_IRWXU, exist_ok=True)
    return _private_descriptor(where)


#: A descriptor whose lock is the lock of the database file itself (OSError when the file is missing).
open_file_lock = _open_identity_lock_file if sys.platform == "win32" else _open_database_itself


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


def _private_descriptor(path: Path) -> int:
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, stat.S_IRUSR | stat.S_IWUSR)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(descriptor, stat.S_IRUSR | stat.S_IWUSR)  # also an older lock file that was 0644
    except OSError:
        pass  # another user's lock file: locking it says who has the database
    return descriptor


def _open_private(path: Path) -> IO[str]:
    return os.fdopen(_private_descriptor(path), "r+", encoding="utf-8")


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
        """Lock the database file itself, if it exists; called again once a new file is made."""
        if self._file is not None:
            return
        try:
            descriptor = open_file_lock(database)
        except OSError:
            return  # not there yet: the name's lock guards its creation
        if not _try_lock_descriptor(descriptor):
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
