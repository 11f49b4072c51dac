"""A corpus of hostile database files, generated (never checked in): each must be refused by ``--db``, restore
and check, left byte for byte as it was, and none may hang.

Run on its own to write the corpus into a folder: ``python -m tests.hostile_files MAP``.
"""

import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from crisisapp.storage.database import create_private_file, open_database, upgrade
from crisisapp.storage.revision import HEAD
from crisisapp.storage.schema import APPLICATION_ID


def _good(path: Path) -> None:
    """A sound, current CrisisApp database with a person in it, closed (no -wal beside it)."""
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO person (name, municipality, organisation, mobile, phone, email, remarks, archived) "
            "VALUES ('Jan Jansen', 'Maassluis', 'OOV', '', '', '', '', 0)"
        )
    connection.close()
    for suffix in ("-wal", "-shm", ".lock"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _edit(*statements: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        _good(path)
        connection = sqlite3.connect(path)
        try:
            for statement in statements:
                connection.execute(statement)
            connection.commit()
        finally:
            connection.close()

    return make


def _plain(*statements: str, application_id: int = 0) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        connection = sqlite3.connect(path)
        try:
            connection.execute(f"PRAGMA application_id = {application_id}")
            for statement in statements:
                connection.execute(statement)
            connection.commit()
        finally:
            connection.close()

    return make


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data) and None


def _truncated(path: Path) -> None:
    _good(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


VERSION = "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"
ENDLESS = (
    "CREATE VIEW person AS WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n) "
    "SELECT id, 'x' AS name, 'x' AS municipality, '' AS organisation, '' AS mobile, '' AS phone, '' AS email, "
    "'' AS remarks, 0 AS archived FROM n"
)

#: name → how to make it. Every one claims to be (or could pass for) a CrisisApp database.
CORPUS: dict[str, Callable[[Path], None]] = {
    "alleen-alembic-version": _plain(VERSION, f"INSERT INTO alembic_version VALUES ('{HEAD}')"),
    "alleen-lege-alembic-version": _plain(VERSION),
    "trigger-leegt-logboek": _edit("CREATE TRIGGER wis AFTER INSERT ON audit_entry BEGIN DELETE FROM audit_entry; END"),
    "eindeloze-view-als-person": _edit(
        "PRAGMA foreign_keys=OFF", "PRAGMA legacy_alter_table=ON", "ALTER TABLE person RENAME TO person_oud", ENDLESS
    ),
    "extra-view": _edit("CREATE VIEW alles AS SELECT * FROM person"),
    "onbekende-tabel": _edit("CREATE TABLE geheim (x)"),
    "extra-kolom": _edit("ALTER TABLE person ADD COLUMN bsn TEXT"),
    "ontbrekende-tabel": _edit("PRAGMA foreign_keys=OFF", "DROP TABLE access_obstacle"),
    "ander-programma-lege-alembic": _plain(VERSION, "CREATE TABLE contacts (name TEXT)"),
    "ander-alembic-programma": _plain(
        VERSION, "INSERT INTO alembic_version VALUES ('ae1027a6acf')", "CREATE TABLE users (id INTEGER)"
    ),
    "ander-application-id": _edit("PRAGMA application_id = 1598903374"),
    "nieuwere-crisisapp": _plain(
        VERSION, "INSERT INTO alembic_version VALUES ('0099_uit_de_toekomst')", application_id=APPLICATION_ID
    ),
    "leeg-bestand": _bytes(b""),
    "lege-sqlite-database": _plain(),
    "csv-als-database": _bytes(b"naam;mobiel\nJan;0612345678\n"),
    "afgekapt": _truncated,
    "kapotte-kop": _bytes(b"SQLite format 3\x00" + b"\xff" * 4000),
}


#: Sound in every other way, but a row points at a person who does not exist: restore and check refuse it.
broken_reference = _edit(
    "PRAGMA foreign_keys=OFF",
    "INSERT INTO assignment (person_id, function_id, role, rank, start) "
    "SELECT 999, min(id), 'primair', 0, '2026-01-01' FROM crisis_function",
)


def _older_with(*statements: str) -> Callable[[Path], None]:
    """A file as CrisisApp 0009 left it (no application id yet), changed by ``statements``."""

    def make(path: Path) -> None:
        create_private_file(path)
        upgrade(path, "0009_event_meetings_and_carried_points")
        connection = sqlite3.connect(path)
        try:
            for statement in statements:
                connection.execute(statement)
            connection.commit()
        finally:
            connection.close()

    return make


#: Older CrisisApp files that pass for one until they are upgraded: the upgrade's own check refuses them.
OLDER: dict[str, Callable[[Path], None]] = {
    "oud-met-extra-kolom": _older_with("ALTER TABLE person ADD COLUMN bsn TEXT"),
    "oud-met-trigger": _older_with("CREATE TRIGGER t AFTER INSERT ON audit_entry BEGIN DELETE FROM audit_entry; END"),
}
CORPUS.update(OLDER)


def special_files(folder: Path) -> dict[str, Path]:
    """Files no command may read at all: a FIFO (reading waits forever), a folder, a link to itself."""
    made = {}
    if hasattr(os, "mkfifo"):
        fifo = folder / "fifo.sqlite3"
        os.mkfifo(fifo)
        made["fifo"] = fifo
    directory = folder / "map.sqlite3"
    directory.mkdir()
    made["map"] = directory
    loop = folder / "lus.sqlite3"
    loop.symlink_to(loop)
    made["lus"] = loop
    return made


def make_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for name, make in CORPUS.items():
        path = folder / f"{name}.sqlite3"
        make(path)
        made[name] = path
    return made


if __name__ == "__main__":
    for name, path in make_corpus(Path(sys.argv[1])).items():
        print(name, path)
