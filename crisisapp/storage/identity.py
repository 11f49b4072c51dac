"""Which database a file is: its own id (set by migration 0010), which its backups carry in their names.

A copy of a file would carry the same id, and two laptops with copies of one database sharing a backup folder
would thin each other's backups. So the file also remembers where it lives: this computer and the file's own
number on its disk (its inode; on Windows the file index). A rename or move on the same disk keeps that
number, and with it the id and the backups. A copy (to another laptop, another folder, a USB stick and back)
has a new number: the first process that opens it for writing gives it an id of its own and notes the id it
was copied from, so that its folder listing can say whose backups those are.
"""

import contextlib
import hashlib
import re
import socket
import sqlite3
import uuid
from pathlib import Path

from crisisapp.errors import CrisisAppError
from crisisapp.storage.database import READ_ERRORS, inspect_file, read_only
from crisisapp.storage.revision import HEAD
from crisisapp.storage.schema import DATABASE_ID_KEY

ID_LENGTH = 12
#: The setting holding where the file lives (see :func:`place_of`).
PLACE_KEY = "database_place"
#: The setting holding the id of the database this file was copied from.
COPIED_FROM_KEY = "copied_from"


def _setting(database: Path, key: str) -> str | None:
    try:
        with read_only(database) as connection:
            row = connection.execute("SELECT value FROM app_setting WHERE key = ?", (key,)).fetchone()
    except READ_ERRORS:
        return None
    value = str(row[0]).lower() if row and row[0] else ""
    return value[:ID_LENGTH] if re.fullmatch(r"[0-9a-f]{12,}", value) else None


def database_id(database: Path) -> str | None:
    """The id of ``database`` as its backups' names carry it (read-only; None for a file that has none)."""
    return _setting(database, DATABASE_ID_KEY)


def copied_from(database: Path) -> str | None:
    """The id of the database ``database`` is a copy of, or None."""
    return _setting(database, COPIED_FROM_KEY)


def place_of(database: Path) -> str:
    """Where the file ``database`` is, as a short fingerprint: this computer and the file's number on its disk.

    The disk's own number is left out: on Linux it can change between two starts of the computer.
    """
    where = f"{socket.gethostname().lower()}\0{database.stat().st_ino}"
    return hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()[:ID_LENGTH]


def _put(connection: sqlite3.Connection, key: str, value: str) -> None:
    connection.execute("DELETE FROM app_setting WHERE key = ?", (key,))
    connection.execute("INSERT INTO app_setting (key, value) VALUES (?, ?)", (key, value))


def note_place(connection: sqlite3.Connection, database: Path) -> None:
    """Record in ``connection`` (open on the file ``database``, in a transaction) that the file lives here."""
    _put(connection, PLACE_KEY, place_of(database))


def claim(database: Path) -> str | None:
    """Give ``database`` an id of its own if it is a copy; returns the id it was copied from, else None.

    Only by the process that holds the database's lock, after it was created or upgraded.
    """
    here = place_of(database)
    with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=rw", uri=True)) as connection:
        settings = dict(
            connection.execute(
                "SELECT key, value FROM app_setting WHERE key IN (?, ?)", (DATABASE_ID_KEY, PLACE_KEY)
            ).fetchall()
        )
        if settings.get(PLACE_KEY) == here:
            return None
        original = settings.get(DATABASE_ID_KEY) if PLACE_KEY in settings else None
        with connection:
            if original is not None:  # it lived elsewhere: a copy, which from now on is a database of its own
                _put(connection, COPIED_FROM_KEY, str(original))
                _put(connection, DATABASE_ID_KEY, uuid.uuid4().hex)
            note_place(connection, database)
    return None if original is None else str(original)[:ID_LENGTH]


def claim_if_sound(database: Path) -> str | None:
    """:func:`claim` for a file that may be anything (the commands that back up, check or restore it): only a
    sound file of the current schema is written to; any other is left as it is."""
    try:
        if inspect_file(database).revision != HEAD:
            return None
        return claim(database)
    except (CrisisAppError, sqlite3.Error, OSError):
        return None
