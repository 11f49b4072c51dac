"""Backups of a server database with pg_dump and pg_restore, through the command line, on the real test server
(skipped without one, tests/conftest.py), and what is said when PostgreSQL's tools are missing or too old."""

import os
import stat
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from crisisapp.storage import server_backup
from crisisapp.storage.server import server_url
from crisisapp.storage.server_backup import ServerBackupError, pg_tool
from tests.server_databases import ScratchServer
from tests.test_cli import crisisapp


def _contents(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    engine = create_engine(server_url(url))
    try:
        with engine.connect() as connection:
            tables = sorted(inspect(connection).get_table_names())
            return {
                table: sorted(map(tuple, connection.execute(text(f'SELECT * FROM "{table}"')).all()), key=repr)
                for table in tables
            }
    finally:
        engine.dispose()


@pytest.fixture
def empty_database(postgres: ScratchServer):
    """A database with no tables at all (createdb), dropped afterwards."""
    url = postgres.create()
    yield url
    postgres.drop(url)


def test_backup_and_restore_into_a_fresh_database(server_database, empty_database, tmp_path):
    source = server_database("demo")
    made = crisisapp("backup", "--db", source, "--out", str(tmp_path / "server.dump"))
    assert made.returncode == 0, made.stderr
    assert "gecontroleerd" in made.stdout and (tmp_path / "server.dump").stat().st_size > 0
    assert not [p for p in tmp_path.iterdir() if p.name != "server.dump"]  # no temporary file left behind

    restored = crisisapp("restore", str(tmp_path / "server.dump"), "--db", empty_database)
    assert restored.returncode == 0, restored.stderr
    assert "teruggezet" in restored.stdout
    assert _contents(empty_database) == _contents(source)
    # and the restored database works as any: a start-like open and a command
    listed = crisisapp("events", "list", "--db", empty_database)
    assert listed.returncode == 0 and listed.stdout == crisisapp("events", "list", "--db", source).stdout


def test_a_backup_goes_into_the_backup_folder_named_after_database_and_moment(server_database):
    source = server_database("empty")
    made = crisisapp("backup", "--db", source)
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip().rsplit(": ", 1)[1])
    database = source.rsplit("/", 1)[1]
    assert path.parent.name == "server-back-ups" and path.name.startswith(f"{database}-") and path.suffix == ".dump"
    listed = crisisapp("restore", "--db", source)
    assert listed.returncode == 0 and str(path) in listed.stdout
    path.unlink()


def test_a_non_empty_database_is_replaced_only_when_asked(server_database, tmp_path):
    source, target = server_database("demo"), server_database("empty")
    dump = tmp_path / "demo.dump"
    assert crisisapp("backup", "--db", source, "--out", str(dump)).returncode == 0
    before = _contents(target)
    refused = crisisapp("restore", str(dump), "--db", target)
    assert refused.returncode == 1 and "is niet leeg" in refused.stderr and "--replace" in refused.stderr
    assert _contents(target) == before

    replaced = crisisapp("restore", str(dump), "--db", target, "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert _contents(target) == _contents(source)
    safety = Path(replaced.stdout.split("De vorige gegevens staan in ", 1)[1].rstrip().rstrip("."))
    assert safety.exists() and safety.suffix == ".dump"  # the replaced data, kept first
    safety.unlink()


#: A pg_dump newer than any (so CrisisApp chooses it) that writes down, as it starts, the mode of the file it is to
#: write, and then runs the real one, under the umask most systems have: what it makes itself, all may read.
WATCHING_PG_DUMP = """#!{python}
import os, stat, sys
if sys.argv[1:] == ["--version"]:
    print("pg_dump (PostgreSQL) 99.0")
    sys.exit(0)
os.umask(0o022)
target = next(argument.split("=", 1)[1] for argument in sys.argv[1:] if argument.startswith("--file="))
with open({seen!r}, "a") as seen:
    seen.write((oct(stat.S_IMODE(os.stat(target).st_mode)) if os.path.exists(target) else "geen-bestand") + "\\n")
os.execv({real!r}, [{real!r}, *sys.argv[1:]])
"""


@pytest.mark.skipif(os.name == "nt", reason="file modes are POSIX's")
def test_every_server_backup_is_its_owners_only_from_its_creation(server_database, tmp_path):
    """The dumps hold everyone's personal data: --out, the backup folder and the copy kept before a restore are
    0600 (the folder the app makes 0700), and already so when pg_dump opens them, before it writes a byte."""
    tools, seen = tmp_path / "bin", tmp_path / "gezien"
    tools.mkdir()
    watching = tools / "pg_dump"
    real = str(pg_tool("pg_dump", 0))
    watching.write_text(WATCHING_PG_DUMP.format(python=sys.executable, seen=str(seen), real=real))
    watching.chmod(0o755)
    env = {"PATH": f"{tools}{os.pathsep}{os.environ['PATH']}", "XDG_DATA_HOME": str(tmp_path / "data")}
    source, target = server_database("demo"), server_database("demo")

    out = tmp_path / "uit" / "server.dump"
    made = crisisapp("backup", "--db", source, "--out", str(out), env_extra=env)
    assert made.returncode == 0, made.stderr
    into_folder = crisisapp("backup", "--db", source, env_extra=env)
    assert into_folder.returncode == 0, into_folder.stderr
    in_folder = Path(into_folder.stdout.strip().rsplit(": ", 1)[1])
    replaced = crisisapp("restore", str(out), "--db", target, "--replace", env_extra=env)
    assert replaced.returncode == 0, replaced.stderr
    safety = Path(replaced.stdout.split("De vorige gegevens staan in ", 1)[1].rstrip().rstrip("."))

    assert seen.read_text().split() == ["0o600"] * 3  # each dump's file was private before pg_dump wrote to it
    for dump in (out, in_folder, safety):
        assert stat.S_IMODE(dump.stat().st_mode) == 0o600, dump
    assert in_folder.parent == safety.parent and in_folder.parent.name == "server-back-ups"
    assert stat.S_IMODE(in_folder.parent.stat().st_mode) == 0o700


def test_a_file_that_is_no_server_backup_is_refused(server_database, tmp_path):
    target = server_database("empty")
    before = _contents(target)
    not_a_dump = tmp_path / "kapot.dump"
    not_a_dump.write_bytes(b"PGDMP maar niet echt")
    refused = crisisapp("restore", str(not_a_dump), "--db", target, "--replace")
    assert refused.returncode == 1 and "mislukt" in refused.stderr
    missing = crisisapp("restore", str(tmp_path / "weg.dump"), "--db", target)
    assert missing.returncode == 1 and "is er niet" in missing.stderr
    assert _contents(target) == before


def _fake_tool(folder: Path, name: str, version: str) -> None:
    folder.mkdir(exist_ok=True)
    tool = folder / name
    tool.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version}'\n")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for pg_dump")
def test_missing_or_older_tools_are_named_in_dutch(tmp_path, monkeypatch):
    monkeypatch.setattr(server_backup, "TOOL_FOLDERS", ())
    monkeypatch.setenv("PATH", str(tmp_path / "leeg"))
    with pytest.raises(ServerBackupError, match=r"pg_dump is niet gevonden.*postgresql-client-16"):
        pg_tool("pg_dump", 16)
    _fake_tool(tmp_path / "oud", "pg_dump", "14.11 (Debian 14.11-1)")
    monkeypatch.setenv("PATH", str(tmp_path / "oud"))
    with pytest.raises(ServerBackupError, match="van PostgreSQL 14, de server van PostgreSQL 16"):
        pg_tool("pg_dump", 16)
    _fake_tool(tmp_path / "nieuw", "pg_dump", "17.2")
    monkeypatch.setenv("PATH", f"{tmp_path / 'oud'}{os.pathsep}{tmp_path / 'nieuw'}")
    assert pg_tool("pg_dump", 16) == tmp_path / "nieuw" / "pg_dump"  # the newest one found
