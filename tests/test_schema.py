"""A database upgraded from empty through every migration has exactly the schema the models describe.

Alembic's autogenerate comparison does not see CHECK constraints, so an enum member added to a model
without a migration would pass it and then be refused by the user's database. This comparison reflects
both databases with SQLAlchemy's inspector (columns, primary keys, foreign keys, indexes, unique and
CHECK constraints) and also compares SQLite's own CREATE statements, clause by clause, for anything the
inspector does not report (ON DELETE, COLLATE, partial indexes, triggers).
"""

import enum
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    Engine,
    ForeignKeyConstraint,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    inspect,
    text,
)

from crisisapp.models import load_all
from crisisapp.models.base import str_enum
from crisisapp.storage import database
from crisisapp.storage.database import configure_engine, create_private_file, upgrade
from crisisapp.storage.migrations import IrreversibleMigrationError
from crisisapp.storage.revision import REVISIONS

#: Per table (indexes and triggers under their table): the facts that describe it, as readable text.
Schema = dict[str, frozenset[str]]

_OWN_TABLES = "name NOT LIKE 'sqlite_%' AND tbl_name <> 'alembic_version'"


def _without_identifier_quotes(sql: str) -> str:
    # A table rebuilt by a batch migration is renamed into place, and SQLite then quotes its name.
    parts = re.split(r"('(?:[^']|'')*')", sql)
    return "".join(part if part.startswith("'") else part.replace('"', "") for part in parts)


def _normalised(sql: str) -> str:
    sql = _without_identifier_quotes(sql)
    sql = re.sub(r"\s+", " ", sql).strip()
    return re.sub(r"\s*\)", ")", re.sub(r"\s*([(,])\s*", r"\1", sql))


def _top_level_clauses(body: str) -> list[str]:
    clauses, depth, quoted, start = [], 0, False, 0
    for position, char in enumerate(body):
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif not quoted and depth == 0 and char == ",":
            clauses.append(body[start:position])
            start = position + 1
    clauses.append(body[start:])
    return [clause.strip() for clause in clauses if clause.strip()]


def _statement_facts(kind: str, sql: str) -> set[str]:
    """A CREATE TABLE as its column and constraint clauses in any order (migrations add them in their own
    order); any other statement whole."""
    sql = _normalised(sql)
    if kind != "table":
        return {f"sql: {sql}"}
    opening = sql.index("(")
    head, body, tail = sql[:opening], sql[opening + 1 : sql.rindex(")")], sql[sql.rindex(")") + 1 :]
    return {f"sql: {head}(… {clause} …){tail}" for clause in _top_level_clauses(body)}


def schema_of(connection: Connection) -> Schema:
    inspector = inspect(connection)
    facts: dict[str, set[str]] = {}
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        found = facts.setdefault(table, set())
        for column in inspector.get_columns(table):
            found.add(
                f"column {column['name']} {column['type']} {'NULL' if column['nullable'] else 'NOT NULL'} "
                f"default={column['default']} primary_key={column.get('primary_key', 0)}"
            )
        primary = inspector.get_pk_constraint(table)
        found.add(f"primary key {primary['name']} ({', '.join(primary['constrained_columns'])})")
        for key in inspector.get_foreign_keys(table):
            found.add(
                f"foreign key {key['name']} ({', '.join(key['constrained_columns'])}) → "
                f"{key['referred_table']} ({', '.join(key['referred_columns'])}) {sorted(key['options'].items())}"
            )
        for index in inspector.get_indexes(table):
            columns = ", ".join(map(str, index["column_names"]))
            found.add(f"{'unique ' if index['unique'] else ''}index {index['name']} ({columns})")
        for unique in inspector.get_unique_constraints(table):
            found.add(f"unique {unique['name']} ({', '.join(unique['column_names'])})")
        for check in inspector.get_check_constraints(table):
            found.add(f"check {check['name']}: {_normalised(check['sqltext'])}")
    if connection.dialect.name != "sqlite":
        return {table: frozenset(found) for table, found in facts.items()}
    rows = connection.execute(
        text(f"SELECT type, tbl_name, sql FROM sqlite_master WHERE {_OWN_TABLES} AND sql IS NOT NULL")
    )
    for kind, table, sql in rows:
        facts.setdefault(table, set()).update(_statement_facts(kind, sql))
    return {table: frozenset(found) for table, found in facts.items()}


def differences(migrated: Schema, modelled: Schema) -> list[str]:
    """What is only in the migrated database or only in the models' database, table by table."""
    found = []
    for table in sorted(migrated.keys() | modelled.keys()):
        if table not in modelled:
            found.append(f"{table}: table only after the migrations")
        elif table not in migrated:
            found.append(f"{table}: table only in the models")
        else:
            found += [
                f"{table}: only after the migrations: {fact}" for fact in sorted(migrated[table] - modelled[table])
            ]
            found += [f"{table}: only in the models: {fact}" for fact in sorted(modelled[table] - migrated[table])]
    return found


def schema_of_models(metadata: MetaData) -> Schema:
    engine = create_engine("sqlite://")
    try:
        metadata.create_all(engine)
        with engine.connect() as connection:
            return schema_of(connection)
    finally:
        engine.dispose()


def _file_engine(path: Path) -> Engine:
    return configure_engine(create_engine(f"sqlite+pysqlite:///{path}"), foreign_keys=False)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path = tmp_path_factory.mktemp("schema") / "migrated.sqlite3"
    create_private_file(path)
    upgrade(path)
    engine = _file_engine(path)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def migrated_schema(migrated: Engine) -> Schema:
    with migrated.connect() as connection:
        return schema_of(connection)


def test_schema_at_head_matches_the_models_exactly(migrated_schema):
    assert differences(migrated_schema, schema_of_models(load_all())) == []


def test_alembic_finds_no_difference_either(migrated):
    with migrated.connect() as connection:
        migration = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
        assert compare_metadata(migration, load_all()) == []


def test_every_table_enum_and_index_is_compared(migrated_schema):
    """The comparison has something to compare: every model table, its CHECKs with their values."""
    assert set(migrated_schema) == set(load_all().tables)
    facts = migrated_schema["oto_participant"]
    assert "check ck_oto_participant_presence: presence IN('verwacht','gereageerd','afwezig','afgemeld')" in facts
    assert "index ix_oto_participant_activity_id (activity_id)" in facts
    assert "unique uq_oto_participant_activity_id (activity_id, person_id)" in facts
    assert any(
        fact.startswith("foreign key fk_oto_participant_person_id_person (person_id) → person (id)") for fact in facts
    )


# --- The comparison bites: each change to a copy of the models, made without a migration, is reported. ---


def _copy(metadata: MetaData) -> MetaData:
    copy = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.sorted_tables:
        table.to_metadata(copy)
    return copy


def _add_enum_member(metadata: MetaData) -> None:
    table = metadata.tables["programme_action_progress"]
    members = [*table.c.status.type.enums, "uitgesteld"]  # type: ignore[attr-defined]
    grown = enum.StrEnum("GrownStatus", {member.upper(): member for member in members})  # type: ignore[misc]
    for constraint in [c for c in table.constraints if getattr(c, "_type_bound", False)]:
        table.constraints.discard(constraint)
    table.append_column(Column("status", str_enum(grown, "progress_status", 16), nullable=False), replace_existing=True)


def _add_check(metadata: MetaData) -> None:
    metadata.tables["person"].append_constraint(CheckConstraint("length(name) > 0", name="name_not_empty"))


def _add_index(metadata: MetaData) -> None:
    Index("ix_person_name", metadata.tables["person"].c.name)


def _make_index_unique(metadata: MetaData) -> None:
    table = metadata.tables["nye_task"]
    index = next(index for index in table.indexes if index.name == "ix_nye_task_year")
    index.unique = True


def _add_unique(metadata: MetaData) -> None:
    metadata.tables["person"].append_constraint(UniqueConstraint("email"))


def _cascade_a_foreign_key(metadata: MetaData) -> None:
    table = metadata.tables["piket_share"]
    key = next(c for c in table.constraints if isinstance(c, ForeignKeyConstraint))
    table.constraints.discard(key)
    table.append_constraint(ForeignKeyConstraint(["rota_id"], ["piket_rota.id"], ondelete="CASCADE"))


def _refer_elsewhere(metadata: MetaData) -> None:
    table = metadata.tables["oto_finding"]
    key = next(c for c in table.constraints if isinstance(c, ForeignKeyConstraint))
    table.constraints.discard(key)
    table.append_constraint(ForeignKeyConstraint(["activity_id"], ["event.id"]))


def _allow_null(metadata: MetaData) -> None:
    metadata.tables["person"].c.email.nullable = True


def _lengthen(metadata: MetaData) -> None:
    metadata.tables["person"].c.mobile.type = String(40)


def _default(metadata: MetaData) -> None:
    metadata.tables["person"].append_column(
        Column("remarks", Text, nullable=False, server_default=""), replace_existing=True
    )


def _new_column(metadata: MetaData) -> None:
    metadata.tables["team"].append_column(Column("colour", String(20), nullable=True))


CHANGES: dict[str, tuple[Callable[[MetaData], None], str, str]] = {
    "enum member": (_add_enum_member, "programme_action_progress", "'uitgesteld'"),
    "check": (_add_check, "person", "check ck_person_name_not_empty: length(name) > 0"),
    "index": (_add_index, "person", "index ix_person_name (name)"),
    "unique index": (_make_index_unique, "nye_task", "unique index ix_nye_task_year (year)"),
    "unique constraint": (_add_unique, "person", "unique uq_person_email (email)"),
    "on delete": (_cascade_a_foreign_key, "piket_share", "ON DELETE CASCADE"),
    "referred table": (_refer_elsewhere, "oto_finding", "→ event (id)"),
    "nullability": (_allow_null, "person", "column email VARCHAR(200) NULL"),
    "type": (_lengthen, "person", "column mobile VARCHAR(40)"),
    "default": (_default, "person", "default=''"),
    "column": (_new_column, "team", "column colour"),
}


def test_an_unchanged_copy_of_the_models_matches(migrated_schema):
    """So that the cases below fail for their change alone, not for the copying."""
    assert differences(migrated_schema, schema_of_models(_copy(load_all()))) == []


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_to_the_models_without_a_migration_is_reported(migrated_schema, change):
    alter, table, expected = change
    metadata = _copy(load_all())
    alter(metadata)
    found = differences(migrated_schema, schema_of_models(metadata))
    assert found, "the comparison did not notice the change"
    assert all(line.startswith(f"{table}: ") for line in found)
    assert any("only in the models" in line and expected in line for line in found), found


# --- Migrations only go forward. ---


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(database.MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _dump(path: Path) -> list[tuple[object, ...]]:
    """The schema, the revision and every row of ``path``."""
    with sqlite3.connect(path) as connection:
        found = connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            found += sorted(connection.execute(f"SELECT '{table}', * FROM \"{table}\"").fetchall(), key=repr)
    connection.close()
    return found


def _revision(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        found = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    connection.close()
    return found


# Rows in the first revisions' tables (later ones seed their own), so that a step down must keep data.
DATA = {
    "0001_programme_progress": "INSERT INTO programme_action_progress (action_code, status, note, updated_at) "
    "VALUES ('6.1.1', 'bezig', 'crisisplan', '2026-11-26 09:30:00')",
    "0002_audit_and_settings": "INSERT INTO app_setting VALUES ('backup_folder', '/media/usb')",
    "0003_organisation": "INSERT INTO person (name, municipality, organisation, mobile, phone, email, remarks, "
    "archived) VALUES ('J. de Vries', 'Maassluis', 'Gemeente', '', '', '', '', 0)",
}


def test_every_downgrade_refuses_or_comes_back_whole(tmp_path):
    """Stepwise on a database with data: at each revision one step down either refuses and changes
    nothing, or works, and the step up again gives the same database back."""
    path = tmp_path / "stepwise.sqlite3"
    create_private_file(path)
    engine = _file_engine(path)
    try:
        for previous, revision in zip((None, *REVISIONS), REVISIONS, strict=False):
            with engine.begin() as connection:
                command.upgrade(_alembic_config(connection), revision)
                if revision in DATA:
                    connection.execute(text(DATA[revision]))
            before = _dump(path)
            assert _revision(path) == [(revision,)]
            try:
                with engine.begin() as connection:
                    command.downgrade(_alembic_config(connection), "-1")
            except IrreversibleMigrationError as refusal:
                assert f"{revision} wordt niet teruggedraaid" in str(refusal)
                assert _dump(path) == before
                continue
            assert _revision(path) == ([(previous,)] if previous else [])
            with engine.begin() as connection:
                command.upgrade(_alembic_config(connection), revision)
            assert _dump(path) == before
    finally:
        engine.dispose()


def test_the_schema_files_are_checked_against_is_the_models():
    from crisisapp.storage.schema import expected_schema, models_schema

    assert expected_schema() == models_schema(), "run: .venv/bin/python -m crisisapp.storage.schema"
