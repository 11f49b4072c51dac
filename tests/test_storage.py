import hashlib
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from crisisapp.errors import DatabaseFileError
from crisisapp.storage import database
from crisisapp.storage.database import open_database
from crisisapp.storage.revision import HEAD, REVISIONS
from crisisapp.storage.schema import APPLICATION_ID


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _script_directory() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(Path(database.__file__).with_name("migrations")))
    return ScriptDirectory.from_config(config)


@pytest.mark.file_only("SQLite's own settings (pragmas)")
def test_every_connection_gets_the_sqlite_settings(context):
    engine = context.database.engine
    with engine.connect() as first, engine.connect() as second:
        for connection in (first, second):
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("foreign_keys", "journal_mode", "busy_timeout", "secure_delete")
            }
            assert pragma == {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 5000, "secure_delete": 1}


def test_new_file_is_created_at_head(db_path):
    db = open_database(db_path)
    db.close()
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]


def test_revision_chain_is_linear_and_matches_the_known_list():
    scripts = _script_directory()
    assert len(scripts.get_heads()) == 1
    chain = [script.revision for script in scripts.walk_revisions()][::-1]
    assert tuple(chain) == REVISIONS
    assert scripts.get_current_head() == HEAD
    for script in scripts.walk_revisions():
        assert script.down_revision is None or isinstance(script.down_revision, str)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "leeg"),
        (b"Naam;Telefoon\nJan;0612345678\n", "geen SQLite-database"),
        (bytes(range(256)) * 40, "geen SQLite-database"),
        (b"SQLite format 3\x00" + b"\xff" * 4000, "beschadigd"),
    ],
    ids=["empty", "csv", "random", "broken-header"],
)
def test_bad_files_are_refused_and_left_unchanged(tmp_path, content, reason):
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(content)
    before = _digest(path)
    with pytest.raises(DatabaseFileError, match=reason) as refusal:
        open_database(path)
    assert "niet gewijzigd" in str(refusal.value)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.sqlite3"]


def test_a_newer_schema_is_refused_and_left_unchanged(db_path):
    open_database(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()
    before = _digest(db_path)
    with pytest.raises(DatabaseFileError, match=r"nieuwere versie van CrisisApp.*9999_from_the_future"):
        open_database(db_path)
    assert _digest(db_path) == before


def test_a_database_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.close()
    before = _digest(path)
    with pytest.raises(DatabaseFileError, match="ander programma"):
        open_database(path)
    assert _digest(path) == before


def _legacy_file(path: Path, note: str) -> None:
    """A file as CrisisApp 0009 left it: no application id, no database id."""
    database.create_private_file(path)
    database.upgrade(path, "0009_event_meetings_and_carried_points")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO programme_action_progress (action_code, status, note, updated_at) VALUES (?, ?, ?, ?)",
            ("6.1.1", "bezig", note, "2026-11-26 09:00:00"),
        )
    connection.close()


def test_an_older_file_is_backed_up_beside_it_before_the_upgrade(db_path):
    _legacy_file(db_path, "gegevens van voor de upgrade")
    db = open_database(db_path, now=datetime(2026, 11, 26, 10, 15, 0))
    db.close()
    backup = db_path.with_name(
        f"{db_path.name}.voor-upgrade-0009_event_meetings_and_carried_points-20261126-101500.bak"
    )
    assert backup.exists()
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT note FROM programme_action_progress").fetchall() == [
            ("gegevens van voor de upgrade",)
        ]
        assert copy.execute("PRAGMA application_id").fetchone() == (0,)
    copy.close()
    with sqlite3.connect(db_path) as upgraded:
        assert upgraded.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
        assert upgraded.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        identity = upgraded.execute("SELECT value FROM app_setting WHERE key = 'database_id'").fetchone()[0]
        assert len(identity) == 32
    upgraded.close()


def test_a_second_upgrade_in_the_same_second_and_a_killed_copy_leave_no_trouble(tmp_path):
    moment = datetime(2026, 11, 26, 10, 15, 0)
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    _legacy_file(first, "een")
    _legacy_file(second, "twee")
    name = f"{second.name}.voor-upgrade-0009_event_meetings_and_carried_points-20261126-101500.bak"
    (tmp_path / name).write_bytes(b"een eerdere kopie met dezelfde naam")
    (tmp_path / f".{second.name}.voor-upgrade.tmp").write_bytes(b"half geschreven")  # a killed start
    open_database(first, now=moment).close()
    open_database(second, now=moment).close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert not [n for n in names if n.endswith(".tmp")]
    assert f"{name[: -len('.bak')]}-2.bak" in names
    assert (tmp_path / name).read_bytes() == b"een eerdere kopie met dezelfde naam"


def test_the_application_id_in_the_migration_is_the_apps():
    from crisisapp.storage import schema

    scripts = _script_directory()
    module = scripts.get_revision("0010_file_identity").module
    assert module.APPLICATION_ID == schema.APPLICATION_ID


def test_a_current_file_opens_without_importing_alembic(db_path):
    import subprocess
    import sys

    open_database(db_path).close()
    code = (
        "import sys\nfrom pathlib import Path\nfrom crisisapp.storage.database import open_database\n"
        f"open_database(Path({str(db_path)!r})).close()\n"
        "print('alembic' in sys.modules, 'reportlab' in sys.modules, 'crisisapp.models.oto' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False", "False"]  # nor every model: the schema check needs none


def test_every_model_module_is_listed_for_load_all():
    import crisisapp.models as models

    modules = {p.stem for p in Path(models.__file__).parent.glob("*.py")} - {"__init__", "base"}
    assert set(models.AREAS) == modules
