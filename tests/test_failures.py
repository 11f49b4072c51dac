"""Failures in words, and nothing half-saved: full disk, read-only file, a file gone, a failing upgrade, a
second process, a network share."""

import hashlib
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from crisisapp.context import AppContext
from crisisapp.errors import DatabaseFileError
from crisisapp.models.programme import ProgressStatus
from crisisapp.services import programme
from crisisapp.storage import backup, database
from crisisapp.storage.database import StorageError, open_database, storage_error
from crisisapp.storage.location import filesystem_type, is_network_path
from crisisapp.storage.lock import DatabaseInUseError

pytestmark = pytest.mark.file_only("the failures of a database file: its disk, its rights, its lock, SQLite's codes")

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def rows(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def limit_connections(context: AppContext, pragma: str) -> None:
    """Every new connection of the context's engine gets ``pragma`` (the pool is emptied first)."""
    engine = context.database.engine
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _limit(dbapi_connection, _record):
        dbapi_connection.execute(pragma)


def test_disk_full_fails_cleanly(context):
    context.execute(programme.SetProgress("6.1.1", ProgressStatus.BEZIG, "bestaand", NOW))
    pages = rows(context.database.path, "PRAGMA page_count")[0][0]
    limit_connections(context, f"PRAGMA max_page_count={pages}")
    with pytest.raises(StorageError, match="De schijf is vol") as failure:
        context.execute(programme.SetProgress("6.1.2", ProgressStatus.GEREED, "x" * 500_000, NOW))
    assert "niets half opgeslagen" in str(failure.value)
    context.database.engine.dispose()
    path = context.database.path
    assert rows(path, "SELECT action_code FROM programme_action_progress") == [("6.1.1",)]
    assert rows(path, "SELECT count(*) FROM audit_entry WHERE record_id = '2'") == [(0,)]
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]


def test_read_only_database_says_so(context):
    limit_connections(context, "PRAGMA query_only=ON")
    with pytest.raises(StorageError, match="alleen-lezen"):
        context.execute(programme.SetProgress("6.1.2", ProgressStatus.GEREED, "niet opgeslagen", NOW))


@pytest.mark.parametrize("connections", ["kept open", "reopened"])
def test_a_file_moved_away_while_open_gets_nothing_half_written(context, tmp_path, connections):
    moved = tmp_path / "verplaatst.sqlite3"
    context.execute(programme.SetProgress("6.1.1", ProgressStatus.BEZIG, "bestaand", NOW))
    if connections == "reopened":
        context.database.engine.dispose()
    context.database.path.rename(moved)
    with pytest.raises(StorageError, match=r"verplaatst, verwijderd|niet meer goed bereikbaar"):
        context.execute(programme.SetProgress("6.1.2", ProgressStatus.GEREED, "verloren", NOW))
    context.database.engine.dispose()
    assert not context.database.path.exists()  # never created anew, empty
    # Put back where it was (with its write-ahead log, where SQLite kept the last commits): all is there.
    moved.rename(context.database.path)
    assert rows(context.database.path, "SELECT action_code FROM programme_action_progress") == [("6.1.1",)]
    assert rows(context.database.path, "PRAGMA integrity_check") == [("ok",)]


def test_a_migration_that_fails_halfway_changes_nothing(tmp_path, monkeypatch, db_path):
    ctx = AppContext(open_database(db_path), clock=lambda: NOW)
    ctx.execute(programme.SetProgress("6.1.1", ProgressStatus.GEREED, "blijft staan", NOW))
    ctx.close()
    before = rows(db_path, "SELECT type, name, sql FROM sqlite_master ORDER BY name")
    data_before = rows(db_path, "SELECT * FROM programme_action_progress")

    scripts = tmp_path / "migrations"
    shutil.copytree(database.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_fails.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '9999_fails'\ndown_revision = {database.HEAD!r}\nbranch_labels = None\ndepends_on = None\n\n"
        "def upgrade():\n"
        "    op.create_table('half', sa.Column('id', sa.Integer, primary_key=True))\n"
        "    op.execute(\"UPDATE programme_action_progress SET note = 'half overschreven'\")\n"
        "    with op.batch_alter_table('programme_action_progress') as batch:\n"
        "        batch.add_column(sa.Column('extra', sa.Text))\n"
        "    raise RuntimeError('halverwege mislukt')\n\n"
        "def downgrade():\n    pass\n"
    )
    monkeypatch.setattr(database, "MIGRATIONS", scripts)
    monkeypatch.setattr(database, "REVISIONS", (*database.REVISIONS, "9999_fails"))
    monkeypatch.setattr(database, "HEAD", "9999_fails")
    with pytest.raises(DatabaseFileError, match=r"halverwege mislukt.*niet gewijzigd"):
        open_database(db_path)
    assert rows(db_path, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == before
    assert rows(db_path, "SELECT * FROM programme_action_progress") == data_before
    backups = list(tmp_path.glob("crisisapp.sqlite3.voor-upgrade-*.bak"))
    assert len(backups) == 1
    assert rows(backups[0], "SELECT note FROM programme_action_progress") == [("blijft staan",)]


def test_a_second_opener_is_refused_at_once_with_who_has_it(context):
    with pytest.raises(DatabaseInUseError, match=r"in gebruik door .* \(proces \d+, sinds"):
        open_database(context.database.path)


def test_a_second_process_gets_in_gebruik_immediately(context, tmp_path):
    """Refused, never queued: a process that waited for the lock would wait here for as long as this test holds
    the database, so the timeout catches that fault without measuring how fast this machine is today."""
    saved = backup.make_backup(context.database.path, tmp_path / "eerder.sqlite3")
    digest = hashlib.sha256(context.database.path.read_bytes()).hexdigest()
    result = subprocess.run(
        [sys.executable, "-m", "crisisapp", "restore", str(saved), "--db", str(context.database.path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "is in gebruik" in result.stderr
    assert hashlib.sha256(context.database.path.read_bytes()).hexdigest() == digest


def test_network_shares_are_recognised_and_refused(tmp_path):
    mounts = (
        "/dev/vda / ext4 rw 0 0\n"
        "//fileserver/afdeling /mnt/afdeling cifs rw 0 0\n"
        "server:/export /mnt/nfs\\040share nfs4 rw 0 0\n"
        "tmpfs /mnt/afdeling/lokaal tmpfs rw 0 0\n"
    )
    assert filesystem_type(Path("/mnt/afdeling/crisis/app.sqlite3"), mounts) == "cifs"
    assert filesystem_type(Path("/mnt/nfs share/app.sqlite3"), mounts) == "nfs4"
    assert filesystem_type(Path("/mnt/afdeling/lokaal/app.sqlite3"), mounts) == "tmpfs"
    assert filesystem_type(Path("/home/ovd/app.sqlite3"), mounts) == "ext4"
    assert is_network_path(Path("//fileserver/afdeling/app.sqlite3"))
    assert not is_network_path(tmp_path / "app.sqlite3")
    with pytest.raises(DatabaseFileError, match="netwerkschijf"):
        open_database(Path("//fileserver/afdeling/app.sqlite3"))


def test_an_interrupted_first_start_leaves_no_file_behind(tmp_path, monkeypatch):
    path = tmp_path / "nieuw.sqlite3"

    def fail(_path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(database, "upgrade", fail)
    with pytest.raises(DatabaseFileError, match="kan niet worden geopend"):
        open_database(path)
    assert not path.exists() and not list(tmp_path.glob(".*tmp*"))
    monkeypatch.undo()
    open_database(path).close()  # and the next start simply makes it


def test_the_last_of_two_mounts_on_one_point_counts():
    mounts = "/dev/vda / ext4 rw 0 0\nauto.home /home autofs rw 0 0\nserver:/home /home nfs4 rw 0 0\n"
    assert filesystem_type(Path("/home/ovd/app.sqlite3"), mounts) == "nfs4"


def test_a_database_busy_in_another_program_says_so(context):
    """SQLITE_BUSY, for real: another connection holds the write lock and the app is told not to wait."""
    limit_connections(context, "PRAGMA busy_timeout=0")
    other = sqlite3.connect(context.database.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StorageError, match="bezet door een ander programma"):
            context.execute(programme.SetProgress("6.1.2", ProgressStatus.GEREED, "wacht niet", NOW))
    finally:
        other.close()


@pytest.mark.parametrize(
    ("code", "told"),
    [
        (sqlite3.SQLITE_FULL, "De schijf is vol"),
        (sqlite3.SQLITE_READONLY_DIRECTORY, "alleen-lezen"),
        (sqlite3.SQLITE_READONLY_DBMOVED, "niet meer goed bereikbaar"),
        (sqlite3.SQLITE_IOERR_WRITE, "niet meer goed bereikbaar"),
        (sqlite3.SQLITE_BUSY_SNAPSHOT, "bezet door een ander programma"),
        (sqlite3.SQLITE_CORRUPT_INDEX, "beschadigd"),
        (sqlite3.SQLITE_ERROR, r"De database meldt: database is locked \(SQLITE_ERROR\)"),
    ],
)
def test_failures_are_told_by_sqlite_result_code_never_by_message_text(code, told, tmp_path):
    """SQLite's English text differs between versions and builds; its result code does not."""
    misleading = sqlite3.OperationalError("database is locked")
    misleading.sqlite_errorcode = code
    misleading.sqlite_errorname = "SQLITE_ERROR" if code == sqlite3.SQLITE_ERROR else "SQLITE_OTHER"
    wrapped = OperationalError("INSERT INTO …", {}, misleading)
    message = str(storage_error(wrapped, tmp_path / "crisis.sqlite3"))
    assert re.search(told, message)
    assert message.startswith("De wijziging is niet opgeslagen; er is niets half opgeslagen.")
