"""Backups that belong to one database, restores and backups killed at every step, statements that cannot hang."""

import getpass
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from crisisapp.app import NOW_ENV
from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.models.programme import ProgressStatus
from crisisapp.services import programme
from crisisapp.storage import backup, database, identity
from crisisapp.storage.database import open_database, storage_error
from tests.clock import NOW

MOMENT = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def note_of(path: Path) -> str | None:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT note FROM programme_action_progress WHERE action_code = '6.1.1'").fetchone()
    finally:
        connection.close()
    return row[0] if row else None


def _with_note(path: Path, note: str) -> None:
    context = AppContext(open_database(path), clock=lambda: MOMENT)
    context.execute(programme.SetProgress("6.1.1", ProgressStatus.BEZIG, note, MOMENT))
    context.close()


def test_two_databases_sharing_a_folder_for_a_month_keep_their_own_backups(tmp_path):
    """Two laptops, both with a file called crisisapp.sqlite3, back up into one network folder."""
    folder = tmp_path / "gedeeld"
    laptops = [tmp_path / "laptop-a" / "crisisapp.sqlite3", tmp_path / "laptop-b" / "crisisapp.sqlite3"]
    for number, path in enumerate(laptops):
        path.parent.mkdir()
        _with_note(path, f"laptop {number}")
    start = MOMENT - timedelta(days=31)
    for hour in range(0, 31 * 24, 3):  # a month of backups every three hours, the laptops taking turns
        moment = start + timedelta(hours=hour)
        backup.backup_into_folder(laptops[hour // 3 % 2], folder, moment, "wijzigingen")
    for number, path in enumerate(laptops):
        own = backup.list_backups(folder, path)
        assert own, "every laptop keeps backups of its own"
        assert {note_of(b.path) for b in own} == {f"laptop {number}"}
        other = laptops[1 - number]
        assert not {b.path for b in own} & {b.path for b in backup.list_backups(folder, other)}
        # thinning kept each laptop's last 24 hours and its newest per day: its own, not the other's
        days = {b.created.date() for b in own}
        assert len(days) >= 12
        text_about_others = backup.others_in_folder(folder, path)
        assert text_about_others is not None and "1 andere database" in text_about_others
    assert len(list(folder.iterdir())) == sum(len(backup.list_backups(folder, p)) for p in laptops)


def test_a_renamed_database_keeps_its_backups_and_a_copy_restored_keeps_the_live_id(tmp_path):
    live = tmp_path / "crisisapp.sqlite3"
    _with_note(live, "eigen")
    folder = tmp_path / "back-ups"
    mine = backup.backup_into_folder(live, folder, MOMENT, backup.MANUAL)
    other = tmp_path / "ander.sqlite3"
    _with_note(other, "ander")
    theirs = backup.backup_into_folder(other, folder, MOMENT, backup.MANUAL)
    renamed = tmp_path / "hernoemd.sqlite3"
    live.rename(renamed)
    listed = {b.path for b in backup.list_backups(folder, renamed)}
    assert mine in listed and theirs not in listed
    backup.restore(theirs, renamed, folder, MOMENT + timedelta(minutes=1))
    assert note_of(renamed) == "ander"
    assert backup.database_id(renamed) != backup.database_id(other)
    assert mine in [b.path for b in backup.list_backups(folder, renamed)]


def test_a_copy_of_a_database_gets_its_own_id_and_never_thins_the_originals_backups(tmp_path, monkeypatch):
    folder = tmp_path / "gedeeld"
    original = tmp_path / "laptop1" / "crisisapp.sqlite3"
    original.parent.mkdir()
    _with_note(original, "origineel")
    _set_backup_folder(original, folder)
    alone = tmp_path / "alleen"  # the same schedule in a folder nobody shares: what the original should keep
    backup.backup_into_folder(original, folder, MOMENT, "automatisch")
    backup.backup_into_folder(original, alone, MOMENT, "automatisch")
    copy = tmp_path / "laptop2" / "crisisapp.sqlite3"  # the same name and settings, copied to a second laptop
    copy.parent.mkdir()
    shutil.copy2(original, copy)
    assert identity.database_id(copy) == identity.database_id(original)
    monkeypatch.setattr(socket, "gethostname", lambda: "laptop2")
    _with_note(copy, "kopie")  # the first opening for writing gives the copy an id of its own
    assert identity.database_id(copy) != identity.database_id(original)
    assert identity.copied_from(copy) == identity.database_id(original)
    for day in range(40):  # both laptops back up into the shared folder every day; each thins only its own
        moment = MOMENT + timedelta(days=day, hours=1)
        backup.backup_into_folder(original, folder, moment, "automatisch")
        backup.backup_into_folder(original, alone, moment, "automatisch")
        backup.backup_into_folder(copy, folder, moment + timedelta(minutes=1), "automatisch")
    own_original = backup.list_backups(folder, original)
    own_copy = backup.list_backups(folder, copy)
    assert [b.path.name for b in own_original] == [b.path.name for b in backup.list_backups(alone, original)]
    assert len(own_copy) == len(own_original) >= 12
    assert {note_of(b.path) for b in own_original} == {"origineel"}
    assert {note_of(b.path) for b in own_copy} == {"kopie"}
    said = backup.others_in_folder(folder, copy)
    assert said is not None
    assert f"{len(own_original)} back-up(s) van de database waarvan dit bestand een kopie is" in said
    # opened again it stays the same database, and a restore keeps it so: no new id at every start
    own = identity.database_id(copy)
    _with_note(copy, "kopie, later")
    backup.restore(own_copy[-1].path, copy, folder, MOMENT + timedelta(days=41))
    _with_note(copy, "na terugzetten")
    assert identity.database_id(copy) == own


def test_a_database_moved_on_its_disk_keeps_its_id_and_its_backups(tmp_path):
    live = tmp_path / "crisisapp.sqlite3"
    _with_note(live, "eigen")
    own = identity.database_id(live)
    moved = tmp_path / "elders" / "crisis.sqlite3"
    moved.parent.mkdir()
    live.rename(moved)
    _with_note(moved, "verplaatst")
    assert identity.database_id(moved) == own and identity.copied_from(moved) is None


def test_a_copy_backed_up_or_restored_from_the_command_line_before_it_was_opened_is_its_own(tmp_path):
    original = tmp_path / "a" / "crisisapp.sqlite3"
    original.parent.mkdir()
    _with_note(original, "origineel")
    copy = tmp_path / "b" / "crisisapp.sqlite3"
    copy.parent.mkdir()
    shutil.copy2(original, copy)
    made = _cli("backup", "--db", str(copy))
    assert made.returncode == 0, made.stderr
    assert identity.database_id(copy) not in (None, identity.database_id(original))
    assert [b.path.name for b in backup.list_backups(copy.parent / "back-ups", copy)] == [
        Path(made.stdout.split(": ", 1)[1].strip()).name
    ]
    second = tmp_path / "c" / "crisisapp.sqlite3"
    second.parent.mkdir()
    shutil.copy2(original, second)
    restored = _cli("restore", str(made.stdout.split(": ", 1)[1].strip()), "--db", str(second))
    assert restored.returncode == 0, restored.stderr
    assert identity.database_id(second) not in (identity.database_id(original), identity.database_id(copy))


def _set_backup_folder(path: Path, folder: Path) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("INSERT INTO app_setting (key, value) VALUES ('backup_folder', ?)", (str(folder),))
    connection.close()


CHILD = """
import sys
from crisisapp.storage import faults
from crisisapp.app import main
operation, step = sys.argv[1], int(sys.argv[2])
faults.kill_at(operation, step)
sys.exit(main(sys.argv[3:]))
"""

WRITE_AND_VANISH = """
import os, sys
from pathlib import Path
from crisisapp.context import AppContext
from crisisapp.models.programme import ProgressStatus
from crisisapp.services import programme
from crisisapp.storage.database import open_database
context = AppContext(open_database(Path(sys.argv[1])))
context.execute(programme.SetProgress("6.1.1", ProgressStatus.GEREED, sys.argv[2], context.now()))
os._exit(0)  # no close, no checkpoint: the committed change is only in the -wal
"""


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env[NOW_ENV] = NOW.isoformat()
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, timeout=120)


RESTORE_STEPS = 5
BACKUP_STEPS = 3


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("step", range(1, RESTORE_STEPS + 1))
def test_a_restore_killed_at_any_step_leaves_the_old_or_the_new_state(tmp_path, step):
    live = tmp_path / "live.sqlite3"
    _with_note(live, "oud")
    saved = backup.backup_into_folder(live, tmp_path / "back-ups", MOMENT, backup.MANUAL)
    assert _run(WRITE_AND_VANISH, str(live), "vastgelegd").returncode == 0
    assert live.with_name("live.sqlite3-wal").stat().st_size > 0  # the change is committed in the WAL only
    result = _run(CHILD, "restore", str(step), "restore", str(saved), "--db", str(live))
    assert result.returncode == -signal.SIGKILL, result.stderr
    state = note_of(live)
    assert state == ("oud" if step == RESTORE_STEPS else "vastgelegd"), f"stap {step}: {state}"
    open_database(live).close()  # openable, and the next start tidies up
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert note_of(live) == state
    if step >= 2:  # the state before the restore was saved first, committed change included
        kept = [b for b in backup.list_backups(tmp_path / "back-ups", live) if b.reason == backup.BEFORE_RESTORE]
        assert kept and note_of(kept[0].path) == "vastgelegd"


UPGRADE = """
import sys
from pathlib import Path
from crisisapp.storage import faults
from crisisapp.storage.database import open_database
faults.kill_at("upgrade", int(sys.argv[2]))
open_database(Path(sys.argv[1])).close()
"""
UPGRADE_STEPS = 3


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("step", range(1, UPGRADE_STEPS + 1))
def test_an_upgrade_killed_at_any_step_leaves_no_partial_copy_and_opens_next_time(tmp_path, step):
    from tests.test_storage import _legacy_file

    live = tmp_path / "oud.sqlite3"
    _legacy_file(live, "van voor de upgrade")
    result = _run(UPGRADE, str(live), str(step))
    assert result.returncode == -signal.SIGKILL, result.stderr
    copies = list(tmp_path.glob("oud.sqlite3.voor-upgrade-*.bak"))
    assert len(copies) == (0 if step == 1 else 1)
    assert all(backup.integrity_problems(copy) == () and note_of(copy) == "van voor de upgrade" for copy in copies)
    open_database(live).close()  # upgraded now (or already), the unfinished copy removed
    assert note_of(live) == "van voor de upgrade"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("step", range(1, BACKUP_STEPS + 1))
def test_a_backup_killed_at_any_step_leaves_a_whole_backup_or_none(tmp_path, step):
    live = tmp_path / "live.sqlite3"
    _with_note(live, "gegevens")
    before = hashlib.sha256(live.read_bytes()).hexdigest()
    result = _run(CHILD, "backup", str(step), "backup", "--db", str(live))
    assert result.returncode == -signal.SIGKILL, result.stderr
    folder = tmp_path / "back-ups"
    made = [b for b in backup.list_backups(folder, live) if b.reason == backup.MANUAL]
    assert len(made) == (1 if step == BACKUP_STEPS else 0)
    assert all(backup.integrity_problems(b.path) == () and note_of(b.path) == "gegevens" for b in made)
    assert hashlib.sha256(live.read_bytes()).hexdigest() == before
    open_database(live).close()  # the next start removes the unfinished copy
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_statement_that_runs_too_long_is_stopped_with_a_dutch_message(db_path, monkeypatch):
    monkeypatch.setattr(database, "STATEMENT_LIMIT_S", 0.5)
    db = open_database(db_path)
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    try:
        with db.sessions() as session, pytest.raises(Exception) as stopped:
            session.execute(text(endless))
        message = str(storage_error(stopped.value, db.path))
        assert "duurde langer dan" in message and "afgebroken" in message
        with db.sessions() as session:  # the next statement gets its own time again
            assert session.execute(text("SELECT 1")).scalar() == 1
    finally:
        db.close()


def test_a_restore_onto_a_missing_database_still_works_and_a_bad_one_changes_nothing(tmp_path):
    live = tmp_path / "live.sqlite3"
    _with_note(live, "bewaard")
    saved = backup.make_backup(live, tmp_path / "kopie.sqlite3")
    gone = tmp_path / "weg.sqlite3"
    backup.restore(saved, gone, tmp_path / "back-ups", MOMENT)
    assert note_of(gone) == "bewaard"
    with pytest.raises(CrisisAppError):
        backup.restore(tmp_path / "bestaat-niet.sqlite3", live, tmp_path / "back-ups", MOMENT)


@pytest.mark.skipif(sys.platform == "win32", reason="hard links and flock are POSIX here")
@pytest.mark.parametrize("way", ["posix", "windows"])
def test_one_writer_per_file_whatever_path_leads_to_it(tmp_path, monkeypatch, way):
    from crisisapp.storage import lock as locks
    from crisisapp.storage.lock import DatabaseInUseError, lock_path

    if way == "windows":  # Windows' way: a lock file named after the file's identity (here with flock)
        monkeypatch.setattr(locks, "open_file_lock", locks._open_identity_lock_file)
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tijdelijk"))
        (tmp_path / "tijdelijk").mkdir()
    live = tmp_path / "crisisapp.sqlite3"
    holder = open_database(live)
    other_folder = tmp_path / "elders"
    other_folder.mkdir()
    hard_link = other_folder / "zelfde.sqlite3"
    os.link(live, hard_link)
    symlink = other_folder / "koppeling.sqlite3"
    symlink.symlink_to(live)
    copy = other_folder / "kopie.sqlite3"
    shutil.copy2(live, copy)
    assert locks.identity_lock_path(hard_link) == locks.identity_lock_path(live) != locks.identity_lock_path(copy)
    for path, said in ((hard_link, "via een andere naam of koppeling"), (symlink, "in gebruik")):
        with pytest.raises(DatabaseInUseError, match=said):
            open_database(path)
    open_database(copy).close()  # a copy is another file: its own lock
    holder.close()
    open_database(hard_link).close()  # released with its holder
    lock = lock_path(live)
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600
    content = lock.read_text("utf-8")
    assert set(json.loads(content)) == {"pid", "since"}
    assert getpass.getuser() not in content and socket.gethostname() not in content


def test_files_and_folders_the_app_makes_are_private_whatever_the_umask(tmp_path):
    previous = os.umask(0)
    try:
        live = tmp_path / "nieuw" / "map" / "live.sqlite3"
        _with_note(live, "privé")
        made = backup.backup_into_folder(live, tmp_path / "back-ups" / "diep", MOMENT, backup.MANUAL)
        damaged = backup._target(live, tmp_path / "back-ups" / "diep", MOMENT, backup.DAMAGED)
        database.copy_private(live, damaged)
    finally:
        os.umask(previous)
    for path in (live, made, damaged, live.with_name("live.sqlite3.lock")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (live.parent, live.parent.parent, made.parent, made.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    live.chmod(0o644)
    open_database(live).close()
    assert stat.S_IMODE(live.stat().st_mode) == 0o600


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env[NOW_ENV] = NOW.isoformat()
    return subprocess.run(
        [sys.executable, "-m", "crisisapp", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_while_the_app_has_the_file_reading_commands_read_and_writing_ones_say_who_has_it(tmp_path):
    live = tmp_path / "live.sqlite3"
    assert _cli("demo", "--db", str(live)).returncode == 0
    exported = tmp_path / "rooster.csv"
    assert _cli("piket", "export", "--format", "csv", "--out", str(exported), "--db", str(live)).returncode == 0
    holder = AppContext(open_database(live), clock=lambda: MOMENT)  # the app has it open
    try:
        holder.execute(programme.SetProgress("6.1.1", ProgressStatus.BEZIG, "net gewijzigd", MOMENT))
        now = _cli("piket", "now", "--db", str(live))
        assert now.returncode == 0, now.stderr
        assert "Op " in now.stdout
        listed = _cli("events", "list", "--db", str(live))
        assert listed.returncode == 0 and listed.stdout.strip(), listed.stderr
        printed = _cli("print", "programme", "--out", str(tmp_path / "p.pdf"), "--db", str(live))
        assert printed.returncode == 0, printed.stderr
        # during an incident the OvD-Bz prints a sitrap from the command line while the app keeps the log
        incidents = _cli("incident", "list", "--db", str(live))
        assert incidents.returncode == 0 and incidents.stdout.strip(), incidents.stderr
        number = incidents.stdout.split()[0]
        sitrap = _cli(
            "print", "incident", "--incident", number, "--sitrap", "--out", str(tmp_path / "s.pdf"), "--db", str(live)
        )
        assert sitrap.returncode == 0, sitrap.stderr
        export = tmp_path / "incident.json"
        exported_incident = _cli(
            "incident", "export", "--incident", number, "--format", "json", "--out", str(export), "--db", str(live)
        )
        assert exported_incident.returncode == 0 and export.exists(), exported_incident.stderr
        # a backup and a check while the app has the file: the last committed state, taken beside it
        made = _cli("backup", "--db", str(live))
        assert made.returncode == 0 and "laatst opgeslagen stand" in made.stdout, made.stderr
        copy = Path(made.stdout.split(": ", 1)[1].split(" (")[0])
        assert note_of(copy) == "net gewijzigd"
        checked = _cli("check", "--db", str(live))
        assert checked.returncode == 0 and "in orde" in checked.stdout, checked.stderr
        imported = _cli("piket", "import", str(exported), "--db", str(live))
        assert imported.returncode == 1
        assert re.search(r"in gebruik door een ander CrisisApp-proces \(proces \d+", imported.stderr)
        assert holder.call(programme.progress_of, "6.1.1").note == "net gewijzigd"
    finally:
        holder.close()


def _scribble_over_a_table_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size * 2 + 8 : page_size * 3] = b"\xa5" * (page_size - 8)
    path.write_bytes(bytes(data))


def test_a_damaged_database_opens_with_a_warning_on_the_command_line(tmp_path):
    live = tmp_path / "live.sqlite3"
    assert _cli("demo", "--db", str(live)).returncode == 0
    _scribble_over_a_table_page(live)
    result = _cli("events", "list", "--db", str(live))
    assert "crisisapp: waarschuwing: De database" in result.stderr and "beschadigd" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_full_disk_is_said_in_dutch_for_a_backup(tmp_path, monkeypatch):
    live = tmp_path / "live.sqlite3"
    _with_note(live, "vol")

    def full(*_args: object) -> None:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(backup, "backup_to", full)
    with pytest.raises(backup.BackupError) as refused:
        backup.make_backup(live, tmp_path / "kopie.sqlite3")
    assert "De schijf is vol" in str(refused.value) and "disk is full" not in str(refused.value)


def test_a_command_line_change_whose_backup_fails_says_so(tmp_path):
    live = tmp_path / "live.sqlite3"
    (tmp_path / "back-ups").write_text("geen map")  # the backup folder cannot be made
    result = _cli("demo", "--db", str(live))
    assert result.returncode == 0  # the change itself is saved
    assert "crisisapp: waarschuwing:" in result.stderr and "back-up" in result.stderr.lower()


def test_backups_of_an_earlier_version_are_mentioned_not_offered_nor_thinned(tmp_path):
    live = tmp_path / "crisisapp.sqlite3"
    _with_note(live, "nu")
    folder = tmp_path / "back-ups"
    older = folder / "crisisapp-20240101-120000-handmatig.sqlite3"
    backup.make_backup(live, older)
    for day in range(40):
        backup.backup_into_folder(live, folder, MOMENT - timedelta(days=day), "wijzigingen")
    assert older.exists()
    assert older not in {b.path for b in backup.list_backups(folder, live)}
    text = backup.others_in_folder(folder, live)
    assert text is not None and "1 back-up(s) van een eerdere CrisisApp-versie" in text


def test_restore_without_a_backup_lists_only_this_databases_backups(tmp_path):
    folder = tmp_path / "back-ups"
    mine, theirs = tmp_path / "crisisapp.sqlite3", tmp_path / "elders" / "crisisapp.sqlite3"
    theirs.parent.mkdir()
    _with_note(mine, "mijn")
    _with_note(theirs, "hun")
    own = backup.backup_into_folder(mine, folder, MOMENT, backup.MANUAL)
    other = backup.backup_into_folder(theirs, folder, MOMENT, backup.MANUAL)
    result = _cli("restore", "--db", str(mine))
    assert result.returncode == 0, result.stderr
    assert str(own) in result.stdout and str(other) not in result.stdout
    assert "andere database" in result.stdout
