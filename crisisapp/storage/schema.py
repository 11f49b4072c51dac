"""What makes a file a CrisisApp database: its application id and a schema that matches the models.

A revision string alone proves nothing: a file can claim the current revision and still carry triggers that
empty the audit trail, a view in place of a table that never ends, or tables of another program. Every file
is compared with the models before anything touches it.
"""

import sqlite3
from functools import cache

#: ``PRAGMA application_id`` of every CrisisApp database ("CrMs"), set by migration 0010.
APPLICATION_ID = 0x43724D73
#: The setting that holds a database's own id (a UUID), set by migration 0010: its backups carry it.
DATABASE_ID_KEY = "database_id"
#: Tables SQLite and Alembic keep beside the models.
BOOKKEEPING_TABLES = frozenset({"alembic_version", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4"})


@cache
def expected_schema() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """Per table of the models its column names, and the names of the models' indexes."""
    from crisisapp.models import load_all

    metadata = load_all()
    tables = {name: frozenset(column.name for column in table.columns) for name, table in metadata.tables.items()}
    indexes = frozenset(str(index.name) for table in metadata.tables.values() for index in table.indexes)
    return tables, indexes


def _kind_problems(objects: list[tuple[str, str, str | None]], known_tables: frozenset[str]) -> list[str]:
    problems = []
    for kind, name, sql in objects:
        if kind == "trigger":
            problems.append(f"een trigger ({name}) die CrisisApp niet heeft gemaakt")
        elif kind == "view":
            problems.append(f"een view ({name}) die CrisisApp niet heeft gemaakt")
        elif kind == "table" and name not in known_tables | BOOKKEEPING_TABLES:
            problems.append(f"een onbekende tabel ({name})")
        elif kind == "table" and (sql or "").upper().startswith("CREATE VIRTUAL"):
            problems.append(f"een virtuele tabel ({name})")
    return problems


def structure_problems(connection: sqlite3.Connection, *, complete: bool) -> list[str]:
    """What in the file's schema is not CrisisApp's, in Dutch; empty when it matches.

    ``complete``: the file claims the current revision, so every table, column and index must be exactly the
    models'. Otherwise (an older CrisisApp file, about to be upgraded and then checked completely) only what
    no CrisisApp ever made counts: triggers, views and unknown tables.
    """
    tables, indexes = expected_schema()
    objects = [
        (str(kind), str(name), sql)
        for kind, name, sql in connection.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    ]
    problems = _kind_problems(objects, frozenset(tables))
    if problems or not complete:
        return problems
    present = {name for kind, name, _sql in objects if kind == "table"}
    problems += [f"de tabel {name} ontbreekt" for name in sorted(set(tables) - present)]
    for name in sorted(set(tables) & present):
        columns = frozenset(str(row[1]) for row in connection.execute(f'PRAGMA table_xinfo("{name}")'))
        if columns != tables[name]:
            problems.append(f"de tabel {name} heeft andere kolommen dan CrisisApp verwacht")
    present_indexes = {name for kind, name, _sql in objects if kind == "index" and not name.startswith("sqlite_")}
    problems += [f"een onbekende index ({name})" for name in sorted(present_indexes - indexes)]
    problems += [f"de index {name} ontbreekt" for name in sorted(indexes - present_indexes)]
    return problems


def application_id(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA application_id").fetchone()[0])
