"""Imports read only regular files of bounded size and length; special files are refused before reading."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crisisapp.app import NOW_ENV
from crisisapp.errors import CrisisAppError
from crisisapp.files import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, read_import_file
from tests.clock import NOW

HEADER = b"naam;gemeente;afdeling;mobiel;telefoon;e-mail;opmerkingen\n"


def test_a_file_of_the_largest_allowed_length_is_read(tmp_path):
    path = tmp_path / "personen.csv"
    path.write_bytes(HEADER + b"Jan;Maassluis;;;;;\n" * MAX_IMPORT_ROWS)
    assert read_import_file(path).count(b"\n") == MAX_IMPORT_ROWS + 1


def test_one_row_too_many_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "personen.csv"
    path.write_bytes(HEADER + b"Jan;Maassluis;;;;;\n" * (MAX_IMPORT_ROWS + 1))
    with pytest.raises(CrisisAppError, match=r"hoogstens 100\.000"):
        read_import_file(path)


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "groot.csv"
    with path.open("wb") as stream:  # sparse: takes no disk space
        stream.truncate(MAX_IMPORT_BYTES + 1)
    with pytest.raises(CrisisAppError, match="groter dan 50 MB"):
        read_import_file(path)


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_special_files_are_refused_before_reading(tmp_path, kind):
    if kind == "fifo":
        path = tmp_path / "pijp.csv"
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    else:
        path = tmp_path
    started = time.monotonic()
    with pytest.raises(CrisisAppError, match=r"geen gewoon bestand|een map"):
        read_import_file(path)
    assert time.monotonic() - started < 5


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
def test_piket_import_of_dev_zero_and_a_fifo_says_so_in_dutch(tmp_path):
    fifo = tmp_path / "pijp.csv"
    os.mkfifo(fifo)
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env[NOW_ENV] = NOW.isoformat()
    db = tmp_path / "db.sqlite3"
    assert subprocess.run([sys.executable, "-m", "crisisapp", "init", "--db", str(db)], env=env).returncode == 0
    for source in ("/dev/zero", str(fifo)):
        result = subprocess.run(
            [sys.executable, "-m", "crisisapp", "piket", "import", source, "--db", str(db)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert result.returncode == 1
        assert "geen gewoon bestand" in result.stderr and "Traceback" not in result.stderr


def test_a_large_people_list_is_written_in_steps_and_each_written_row_keeps_only_what_undo_needs(context):
    from sqlalchemy import event

    from crisisapp.services import organisation as org
    from crisisapp.storage.audit import row_changes

    rows = org.IMPORT_FLUSH_ROWS * 2 + 10
    data = HEADER + b"".join(f"Persoon {n};Vlaardingen;;06{n:08d};;;\n".encode() for n in range(rows))
    at_once: list[int] = []
    held: list[int] = []
    session = context.database.sessions

    def before_flush(flushing, _context, _instances):
        at_once.append(len(flushing.new))

    def after_flush(flushing, _context):
        held.append(sum(change.after is not None for change in row_changes(flushing)))

    event.listen(session, "before_flush", before_flush)
    event.listen(session, "after_flush", after_flush)
    try:
        done = context.execute(org.ImportPeople(data))
    finally:
        event.remove(session, "before_flush", before_flush)
        event.remove(session, "after_flush", after_flush)
    assert len(done.result.adds) == rows
    assert max(at_once) == org.IMPORT_FLUSH_ROWS, "never the whole list in the session at once"
    assert set(held) == {0}, "the values after a write go to the audit trail, not kept per row"
    undone = context.execute(done.inverse)
    assert undone.result is None and not context.call(org.list_people)
