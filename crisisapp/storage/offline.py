"""Writing an offline copy: an SQLite file made by the normal migrations, holding what the server lets the
connecting role read, moved into place only when whole.

The rows are read in one REPEATABLE READ transaction (one consistent moment of the server) through the user's
own connection, so grants and row-level security decide what goes into the copy: a table the role may not read
stays empty, and a row that points at a row the role may not see (a person of another municipality, say) is left
out, so that the copy's references all hold. Except where a copied row points at such a person (they hold a function,
were invited to a drill, were called in an incident): they stand in the copy without name or numbers, as the app
shows them on the server, so that the field sees the staffing as it is. Their ids are noted in the copy
(:data:`STAND_INS_KEY`), so that its lists leave them out as the server's do.
"""

import contextlib
import json
import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, MetaData, create_engine, select, text, union
from sqlalchemy.exc import SQLAlchemyError

from crisisapp.errors import CrisisAppError, os_reason
from crisisapp.models import load_all
from crisisapp.storage.backup import SETTING_BACKUP_FOLDER
from crisisapp.storage.database import (
    _sqlite_url,
    configure_engine,
    create_private_file,
    integrity_problems,
    upgrade,
    with_companions,
)
from crisisapp.storage.identity import COPIED_FROM_KEY, PLACE_KEY
from crisisapp.storage.roles import stand_in_name
from crisisapp.storage.schema import DATABASE_ID_KEY
from crisisapp.storage.server import server_reason

#: Settings of the server that are not the copy's: its identity and where its backups go.
OWN_SETTINGS = frozenset({DATABASE_ID_KEY, PLACE_KEY, COPIED_FROM_KEY, SETTING_BACKUP_FOLDER})
#: The server's receipts of field records sent from earlier copies: a new copy's journal starts empty.
NOT_COPIED = frozenset({"field_record"})
#: The setting that lists (JSON) the people a copy holds only as stand-ins: whom its role may not see on the server.
STAND_INS_KEY = "offline_stand_ins"
BATCH = 2_000


class OfflineCopyError(CrisisAppError):
    """An offline copy that could not be written; nothing was left at its place."""


@dataclass(frozen=True, slots=True)
class Written:
    """What went into a copy: rows per table, the tables the role may not read, rows left out for their links."""

    rows: Mapping[str, int]
    unreadable: tuple[str, ...]
    left_out: int


def _readable(server: Connection, table: str) -> bool:
    return bool(server.execute(text("SELECT has_table_privilege(:table, 'SELECT')"), {"table": table}).scalar())


def _fill(server: Connection, copy: Connection, settings: Mapping[str, str]) -> Written:
    metadata = load_all()
    for table in reversed(metadata.sorted_tables):  # what the migrations seeded makes way for the server's rows
        if table.name != "app_setting":
            copy.execute(table.delete())
    counts: dict[str, int] = {}
    unreadable: list[str] = []
    for table in metadata.sorted_tables:
        if table.name in NOT_COPIED:
            continue
        if not _readable(server, table.name):
            unreadable.append(table.name)
            continue
        if table.name == "app_setting":
            copy.execute(table.delete().where(table.c.key.not_in(OWN_SETTINGS)))
        counts[table.name] = 0
        result = server.execution_options(stream_results=True, yield_per=BATCH).execute(select(table))
        for batch in result.mappings().partitions(BATCH):  # ten years of audit trail never all held at once
            rows = [dict(row) for row in batch if table.name != "app_setting" or row["key"] not in OWN_SETTINGS]
            if rows:
                copy.execute(table.insert(), rows)
            counts[table.name] += len(rows)
    setting = metadata.tables["app_setting"]
    for key, value in settings.items():
        copy.execute(setting.delete().where(setting.c.key == key))
        copy.execute(setting.insert().values(key=key, value=value))
    _add_stand_ins(server, copy, metadata)
    left_out = 0
    # Rows whose parent the role may not see go, until every reference holds (a child of a child, too).
    while violations := copy.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
        for table_name, rowid, *_ in {(v[0], v[1]) for v in violations}:
            copy.exec_driver_sql(f'DELETE FROM "{table_name}" WHERE rowid = ?', (rowid,))
            left_out += 1
    return Written(counts, tuple(unreadable), left_out)


def _add_stand_ins(server: Connection, copy: Connection, metadata: MetaData) -> None:
    """A person the role may not see still holds their functions in the field, so that the copy's crisis
    organisation has no false gaps: a stand-in without name or numbers (as the app shows them on the server) for
    each such person a copied row points at, for a user of CrisisApp's groups, who may read every person's staffing
    facts. Nobody else: on the server such a person shows nowhere but where a row points at them."""
    if not server.execute(text("SELECT has_function_privilege('crisisapp_bezetting()', 'EXECUTE')")).scalar():
        return
    person = metadata.tables["person"]
    pointing = [
        key.parent for table in metadata.sorted_tables for key in table.foreign_keys if key.column is person.c.id
    ]
    wanted = set(copy.execute(union(*(select(column) for column in pointing))).scalars())
    wanted -= set(copy.execute(select(person.c.id)).scalars())
    facts = server.execute(text("SELECT id, municipality, archived FROM crisisapp_bezetting()")).all()
    stand_ins = [
        {"id": i, "name": stand_in_name(municipality), "municipality": municipality, "archived": archived}
        for i, municipality, archived in facts
        if i in wanted
    ]
    if stand_ins:
        copy.execute(person.insert(), stand_ins)
        noted = json.dumps(sorted(stand_in["id"] for stand_in in stand_ins))
        copy.execute(metadata.tables["app_setting"].insert().values(key=STAND_INS_KEY, value=noted))


def write_copy(source: Engine, out: Path, settings: Mapping[str, str]) -> Written:
    """Write a new offline copy of the server database of ``source`` at ``out`` (which must not exist yet), with
    ``settings`` (the mark) added; the file is 0600 from its creation and appears only when whole."""
    temporary = out.with_name(f".{out.name}.offline.tmp")
    for leftover in with_companions(temporary):
        leftover.unlink(missing_ok=True)
    if out.exists():
        raise OfflineCopyError(
            f"{out} bestaat al; er is niets gewijzigd. Kies een nieuwe naam (een oude kopie met registraties die nog "
            "niet zijn gesynchroniseerd wilt u niet overschrijven)."
        )
    try:
        create_private_file(temporary)
        upgrade(temporary)
        engine = configure_engine(create_engine(_sqlite_url(temporary)), foreign_keys=False)
        try:
            with (
                source.connect().execution_options(isolation_level="REPEATABLE READ") as server,
                server.begin(),
                engine.begin() as copy,
            ):
                server.execute(text("SET TRANSACTION READ ONLY"))
                written = _fill(server, copy, settings)
        finally:
            engine.dispose()
        with contextlib.closing(sqlite3.connect(temporary)) as connection:  # one file: no write-ahead log beside it
            connection.execute("PRAGMA journal_mode=DELETE")
        if problems := integrity_problems(temporary):
            raise OfflineCopyError(f"De offline kopie is niet goed geschreven ({problems[0]}); er is niets gewijzigd.")
        descriptor = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        try:
            os.link(temporary, out)  # never over a file that appeared meanwhile
        except FileExistsError as exc:
            raise OfflineCopyError(f"{out} bestaat al; er is niets gewijzigd.") from exc
        except OSError:  # a file system without hard links
            temporary.replace(out)
    except OSError as exc:
        raise OfflineCopyError(f"De offline kopie {out} kan niet worden geschreven: {os_reason(exc)}.") from exc
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise OfflineCopyError(
            f"De offline kopie {out} is niet gemaakt; er is niets gewijzigd ({server_reason(exc)})."
        ) from exc
    finally:
        for leftover in with_companions(temporary):
            leftover.unlink(missing_ok=True)
    return written
