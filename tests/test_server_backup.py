"""Backups of a server database with pg_dump and pg_restore, through the command line, on the real test server
(skipped without one, tests/conftest.py), and what is said when PostgreSQL's tools are missing or too old."""

import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QDialog
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL

from crisisapp.context import AppContext, DatabaseReplacedError
from crisisapp.errors import CrisisAppError
from crisisapp.services import events, hulpdiensten, organisation
from crisisapp.storage import server_backup
from crisisapp.storage.revision import REVISIONS
from crisisapp.storage.server import ServerDatabaseError, open_server, server_url, shown, upgrade_server
from crisisapp.storage.server_backup import ServerBackupError, pg_tool
from crisisapp.ui import interaction
from crisisapp.ui.incident.page import IncidentPage
from crisisapp.ui.mainwindow import OTHERS_MS
from crisisapp.ui.organisation.page import OrganisationPage
from tests.clock import NOW, fixed_clock
from tests.questions import DISCARD, answering
from tests.server_databases import ScratchServer
from tests.test_cli import crisisapp
from tests.test_gui_mainwindow import window_on


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


@pytest.fixture
def medewerker(postgres: ScratchServer) -> Iterator[str]:
    """A login role of a Maassluis medewerker, as `crisisapp gebruiker toevoegen` makes one (the server's trust lets it
    in), dropped afterwards."""
    role = f"mw_{uuid.uuid4().hex[:8]}"
    engine = create_engine(server_url(postgres.url.render_as_string(False)), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN IN ROLE crisisapp_medewerker, crisisapp_gemeente_maassluis"))
    yield role
    with engine.connect() as connection:
        connection.execute(text(f"DROP OWNED BY {role}"))  # and its grants on databases
        connection.execute(text(f"DROP ROLE {role}"))
    engine.dispose()


def _as(url: str, role: str) -> str:
    return server_url(url).set(drivername="postgresql", username=role).render_as_string(False)


def _window_like(url: str) -> AppContext:
    """What an app window holds on a server database: a connection that reads and one that listens."""
    context = AppContext(open_server(url), clock=fixed_clock)
    context.watch_other_instances()
    context.call(events.list_events)
    return context


def _heard_replaced(context: AppContext, seconds: float = 5) -> bool:
    """Whether ``context`` learns within ``seconds``, looking as the window does, that its database was replaced."""
    deadline = time.monotonic() + seconds
    while not context.database_replaced and time.monotonic() < deadline:
        context.hear_other_instances()
        time.sleep(0.05)
    return context.database_replaced


SESSION = r"  {role} vanaf 127\.0\.0\.1, sinds \w\w \d\d-\d\d-\d{{4}} \d\d:\d\d \(CrisisApp [^)]+\)"


def test_a_restore_is_refused_while_others_are_connected_and_ends_their_sessions_only_when_asked(
    server_database, medewerker, tmp_path
):
    """Two windows, four sessions: the restore names each (role, address, since when) and changes nothing; with
    --disconnect-others it ends them first, and both windows learn that their data was replaced."""
    source, target = server_database("demo"), server_database("empty")
    dump = tmp_path / "demo.dump"
    assert crisisapp("backup", "--db", source, "--out", str(dump)).returncode == 0
    windows = [_window_like(_as(target, medewerker)) for _ in range(2)]
    try:
        before = _contents(target)
        refused = crisisapp("restore", str(dump), "--db", target, "--replace")
        assert refused.returncode == 1
        lines = refused.stderr.splitlines()
        assert lines[0].startswith("crisisapp: fout: Er zijn nog 4 andere verbindingen met postgresql://postgres@")
        assert "er is niets gewijzigd" in lines[0]
        # one line for the user's four connections (two windows of one program on one computer)
        assert re.fullmatch(SESSION.format(role=medewerker) + ", 4 verbindingen", lines[1]), lines
        assert "--disconnect-others" in lines[2] and len(lines) == 3
        assert _contents(target) == before
        assert not any(_heard_replaced(window, 1) for window in windows)  # they work on as before
        windows[0].execute(hulpdiensten.AddMeeting(NOW.date(), "Uitleg AED-kaart", 12))

        replaced = crisisapp("restore", str(dump), "--db", target, "--replace", "--disconnect-others")
        assert replaced.returncode == 0, replaced.stderr
        assert f"Eerst beëindigd: {medewerker} vanaf 127.0.0.1, sinds " in replaced.stdout
        assert replaced.stdout.count(f"{medewerker} vanaf 127.0.0.1") == 1 and ", 4 verbindingen." in replaced.stdout
        assert _contents(target) == _contents(source)
        for window in windows:
            assert _heard_replaced(window)
            with pytest.raises(DatabaseReplacedError, match="vervangen door een teruggezette back-up"):
                window.execute(hulpdiensten.AddMeeting(NOW.date(), "Na het terugzetten", 12))
        assert _contents(target) == _contents(source)
    finally:
        for window in windows:
            window.close()


def test_a_window_that_connected_again_before_the_restore_hears_of_it_when_the_restore_commits(
    server_database, tmp_path, monkeypatch
):
    """A window reconnects within a second of its sessions being ended, while the restore is still under way (its
    safety backup): it sees the old tables then, and hears of the replacement when the restore is done. (Only a
    superuser's can: the restore keeps everyone else out meanwhile.)"""
    source, target = server_database("demo"), server_database("empty")
    dump = server_backup.backup_server(server_url(source), tmp_path / "demo.dump")
    safety_backup, windows = server_backup.backup_server, [_window_like(target)]

    def and_meanwhile_a_window_connects(url: URL, path: Path) -> Path:
        made = safety_backup(url, path)
        windows.append(_window_like(target))
        return made

    monkeypatch.setattr(server_backup, "backup_server", and_meanwhile_a_window_connects)
    try:
        done = server_backup.restore_server(
            server_url(target), dump, replace=True, disconnect=True, safety_folder=tmp_path, now=NOW
        )
        assert "Eerst beëindigd: postgres" in done and len(windows) == 2
        assert _heard_replaced(windows[1]) and _heard_replaced(windows[0])
    finally:
        for window in windows:
            window.close()


def _scalar(url: str, query: str) -> Any:
    """The one value ``query`` reads in the database of ``url``, asked as its owner."""
    engine = create_engine(server_url(url))
    try:
        with engine.connect() as connection:
            return connection.execute(text(query)).scalar()
    finally:
        engine.dispose()


def _access_list(url: str) -> list[str]:
    """Who may connect to the database of ``url`` and do what there: its access list (pg_database.datacl), or the
    default one the server uses while none was set."""
    return list(
        _scalar(
            url,
            "SELECT coalesce(datacl, acldefault('d', datdba))::text[] FROM pg_database "
            "WHERE datname = current_database()",
        )
    )


def _refused_in(url: str) -> str | None:
    """What the server says when a connection to ``url`` is refused; None when it is let in."""
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        return str(exc)
    return None


NO_CONNECT = "permission denied for database"


def test_nobody_but_the_restorer_connects_from_the_ending_of_the_sessions_until_the_windows_are_told(
    server_database, medewerker, tmp_path, monkeypatch
):
    """The window whose sessions are ended tries to come back during the safety backup, during pg_restore and
    between its commit and the notice: the server refuses it each time, so nothing it writes lands in the data
    being replaced or unwarned on the restored data; afterwards it is let in again, under the grants of before, and
    a change it makes before its feed has heard of the restore is refused as one after."""
    source, target = server_database("demo"), server_database("demo")
    dump = server_backup.backup_server(server_url(source), tmp_path / "demo.dump")
    grants = _access_list(target)
    window = _window_like(_as(target, medewerker))
    attempts: list[tuple[str, str | None, str | None]] = []

    def try_to_come_back(when: str) -> None:
        try:
            window.execute(hulpdiensten.AddMeeting(NOW.date(), f"Tijdens het terugzetten: {when}", 12))
            wrote = None
        except CrisisAppError as exc:
            wrote = str(exc)
        attempts.append((when, _refused_in(_as(target, medewerker)), wrote))

    safety_backup, run = server_backup.backup_server, server_backup._run

    def safety_backup_meanwhile(url: URL, path: Path) -> Path:
        try_to_come_back("veiligheidsback-up")
        return safety_backup(url, path)

    def restore_meanwhile(tool: Path, arguments: list[str], url: URL, what: str) -> str:
        restoring = "--single-transaction" in arguments
        if restoring:
            try_to_come_back("voor pg_restore")
        said = run(tool, arguments, url, what)
        if restoring:
            try_to_come_back("na pg_restore, voor het bericht")
        return said

    monkeypatch.setattr(server_backup, "backup_server", safety_backup_meanwhile)
    monkeypatch.setattr(server_backup, "_run", restore_meanwhile)
    try:
        done = server_backup.restore_server(
            server_url(target), dump, replace=True, disconnect=True, safety_folder=tmp_path, now=NOW
        )
        assert f"Eerst beëindigd: {medewerker} vanaf 127.0.0.1" in done
        assert [when for when, _, _ in attempts] == [
            "veiligheidsback-up",
            "voor pg_restore",
            "na pg_restore, voor het bericht",
        ]
        for when, refused, wrote in attempts:
            assert refused is not None and NO_CONNECT in refused, when
            assert wrote is not None and "niet opgeslagen" in wrote, when
        assert _access_list(target) == grants
        assert _refused_in(_as(target, medewerker)) is None
        # Let in again, and before its change feed has looked: the change's own transaction sees the new tables.
        assert not window.database_replaced
        with pytest.raises(DatabaseReplacedError, match="vervangen door een teruggezette back-up"):
            window.execute(hulpdiensten.AddMeeting(NOW.date(), "Na het terugzetten, nog niet gehoord", 12))
        assert window.database_replaced
        assert _contents(target) == _contents(source)  # none of the window's meetings
    finally:
        window.close()


def _harden(url: str, user: str) -> list[str]:
    """Make the access list of the database of ``url`` one a careful beheerder sets: no CONNECT for PUBLIC, but for
    the app's groups, and for ``user`` with the right to pass it on; the list as it then is."""
    database = server_url(url).database
    engine = create_engine(server_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in (
                f"REVOKE CONNECT ON DATABASE {database} FROM PUBLIC",
                f"GRANT CONNECT ON DATABASE {database} TO crisisapp_medewerker, crisisapp_alleen_lezen",
                f"GRANT CONNECT ON DATABASE {database} TO {user} WITH GRANT OPTION",
                f"GRANT CONNECT ON DATABASE {database} TO crisisapp_beheerder",
            ):
                connection.execute(text(statement))
    finally:
        engine.dispose()
    return _access_list(url)


def test_a_restore_that_fails_or_is_interrupted_leaves_the_grants_exactly_as_they_were(
    server_database, medewerker, tmp_path, monkeypatch
):
    source, target = server_database("demo"), server_database("demo")
    grants = _harden(target, medewerker)
    assert grants[0] == "=T/postgres" and f"{medewerker}=c*/postgres" in grants
    before = _contents(target)
    dump = server_backup.backup_server(server_url(source), tmp_path / "demo.dump")
    damaged = tmp_path / "beschadigd.dump"
    data, at = dump.read_bytes(), dump.stat().st_size * 9 // 10  # in the data of a table, past the list of contents
    damaged.write_bytes(data[:at] + bytes(200) + data[at + 200 :])

    with pytest.raises(ServerBackupError, match=r"Het terugzetten in .* is mislukt; pg_restore meldt"):
        server_backup.restore_server(
            server_url(target), damaged, replace=True, disconnect=True, safety_folder=tmp_path, now=NOW
        )
    assert _access_list(target) == grants and _contents(target) == before
    assert _refused_in(_as(target, medewerker)) is None

    safety_backup, handler = server_backup.backup_server, signal.getsignal(signal.SIGTERM)

    def interrupted(url: URL, path: Path) -> Path:
        assert NO_CONNECT in (_refused_in(_as(target, medewerker)) or "")  # kept out by now
        safety_backup(url, path)
        if threading.current_thread() is threading.main_thread():
            os.kill(os.getpid(), signal.SIGTERM)  # a service stopped, say: ends the restore as Ctrl+C does
            time.sleep(5)
        raise KeyboardInterrupt

    monkeypatch.setattr(server_backup, "backup_server", interrupted)
    with pytest.raises(KeyboardInterrupt):
        server_backup.restore_server(
            server_url(target), dump, replace=True, disconnect=True, safety_folder=tmp_path, now=NOW
        )
    assert _access_list(target) == grants and _contents(target) == before
    assert _refused_in(_as(target, medewerker)) is None
    assert signal.getsignal(signal.SIGTERM) is handler


def test_a_role_that_may_not_keep_the_others_out_cannot_replace_the_database(postgres, server_database, tmp_path):
    """A beheerder of CrisisApp who does not own the database: refused before anything is changed."""
    source, target = server_database("demo"), server_database("demo")
    dump = server_backup.backup_server(server_url(source), tmp_path / "demo.dump")
    grants, before = _access_list(target), _contents(target)
    role = f"bh_{uuid.uuid4().hex[:8]}"
    engine = create_engine(server_url(postgres.url.render_as_string(False)), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN IN ROLE crisisapp_beheerder"))
    try:
        with pytest.raises(
            ServerBackupError, match=r"sluit CrisisApp de database zolang voor anderen af.*niets gewijzigd"
        ):
            server_backup.restore_server(
                server_url(_as(target, role)), dump, replace=True, safety_folder=tmp_path, now=NOW
            )
        assert _access_list(target) == grants and _contents(target) == before
        assert not list(tmp_path.glob("crisisapp_test_*.dump"))  # not even its safety backup was made
    finally:
        with engine.connect() as connection:
            connection.execute(text(f"DROP ROLE {role}"))
        engine.dispose()


def _log_texts(page: IncidentPage) -> list[tuple[str, str]]:
    """The incident's log as the page shows it: number and text of each entry."""
    model = page.log_model
    return [(texts[0], texts[4]) for texts in (model.texts(model.record(r)) for r in range(model.rowCount()))]


@pytest.mark.gui
def test_a_window_whose_database_is_replaced_says_so_and_shows_the_restored_data(
    qtbot, server_database, medewerker, tmp_path, monkeypatch
):
    """The tester's case: a log entry made after the backup, then the restore. The window is told, shows the restored
    log (the entry is gone), empties its undo history, and an entry made now is the only one with its number."""
    target = server_database("demo")
    dump = tmp_path / "voor.dump"
    assert crisisapp("backup", "--db", target, "--out", str(dump)).returncode == 0
    window = window_on(qtbot, AppContext(open_server(_as(target, medewerker)), clock=fixed_clock))
    told: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda _parent, title, text: told.append(f"{title}: {text}"))
    try:
        page = window.show_area("incident")
        assert isinstance(page, IncidentPage) and page.incident is not None
        restored = _log_texts(page)
        qtbot.keyClicks(page.line, "Na de back-up")
        qtbot.keyClick(page.line, Qt.Key.Key_Return)
        number, text = _log_texts(page)[-1]
        assert text == "Na de back-up" and window.incident_bar.isVisible()
        window.undo_stack.push(QUndoCommand("Iets ongedaan te maken"))

        refused = crisisapp("restore", str(dump), "--db", target, "--replace")
        assert refused.returncode == 1 and f"{medewerker} vanaf 127.0.0.1" in refused.stderr
        qtbot.wait(3 * OTHERS_MS)
        assert not told and _log_texts(window.page("incident"))[-1] == (number, "Na de back-up")

        old = window.context
        replaced = crisisapp("restore", str(dump), "--db", target, "--replace", "--disconnect-others")
        assert replaced.returncode == 0, replaced.stderr
        qtbot.waitUntil(lambda: bool(told), timeout=5000)
        assert told[0].startswith("Database vervangen: Terwijl CrisisApp open stond, zijn de gegevens van ")
        assert "vervangen door een teruggezette back-up (crisisapp restore)" in told[0]
        assert window.context is not old and window.undo_stack.count() == 0 and not window.undo_action.isEnabled()
        page = window.page("incident")
        assert isinstance(page, IncidentPage) and _log_texts(page) == restored
        qtbot.keyClicks(page.line, "Na het terugzetten")
        qtbot.keyClick(page.line, Qt.Key.Key_Return)
        assert _log_texts(page) == [*restored, (number, "Na het terugzetten")]  # the number is free again
        assert len(told) == 1
    finally:
        window.context.close()


@pytest.mark.gui
def test_a_form_open_when_the_database_is_replaced_refuses_to_save_and_the_window_reloads_once_it_closes(
    qtbot, server_database, medewerker, tmp_path, monkeypatch
):
    target = server_database("demo")
    dump = tmp_path / "voor.dump"
    assert crisisapp("backup", "--db", target, "--out", str(dump)).returncode == 0
    window = window_on(qtbot, AppContext(open_server(_as(target, medewerker)), clock=fixed_clock))
    told: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda _parent, title, text: told.append(f"{title}: {text}"))
    old = window.context
    refusals: list[str] = []

    def fill(dialog: QDialog) -> bool:
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)  # as exec() shows it
        with qtbot.waitActive(dialog):
            dialog.show()
        qtbot.keyClicks(dialog.name, "Anna Nieuw")
        replaced = crisisapp("restore", str(dump), "--db", target, "--replace", "--disconnect-others")
        assert replaced.returncode == 0, replaced.stderr
        qtbot.waitUntil(lambda: old.database_replaced, timeout=5000)
        qtbot.wait(3 * OTHERS_MS)
        assert window.context is old and not told  # not under an open form
        dialog.accept()  # Opslaan
        refusals.append(dialog.general.text() if dialog.general.isVisible() else "")
        assert dialog.isVisible() and dialog.name.text() == "Anna Nieuw"
        with answering(qtbot, DISCARD) as asked:  # what was typed is given up, as the user is asked
            dialog.reject()
        assert [box.title for box in asked] == ["Wijzigingen niet opslaan?"] and not dialog.isVisible()
        return False

    monkeypatch.setattr(interaction, "run_dialog", fill)
    try:
        page = window.show_area("organisation")
        assert isinstance(page, OrganisationPage)
        qtbot.mouseClick(page.new_person_button, Qt.MouseButton.LeftButton)
        assert "vervangen door een teruggezette back-up" in refusals[0] and "niet opgeslagen" in refusals[0]
        qtbot.waitUntil(lambda: window.context is not old, timeout=5000)
        assert told and told[0].startswith("Database vervangen: ")
        assert "Anna Nieuw" not in [p.name for p in window.context.call(organisation.list_people)]
    finally:
        window.context.close()


def _dump_of(postgres: ScratchServer, revision: str, folder: Path) -> Path:
    """A dump of an empty database of the schema version ``revision``."""
    old = postgres.create()
    engine = create_engine(server_url(old))
    with engine.begin() as connection:
        upgrade_server(connection, old, revision)
    engine.dispose()
    dump = server_backup.backup_server(server_url(old), folder / f"{revision}.dump")
    postgres.drop(old)
    return dump


def test_a_dump_of_an_older_schema_takes_the_newer_tables_away_too_so_that_it_can_be_upgraded(
    postgres, server_database, medewerker, tmp_path
):
    """pg_restore drops only what it restores: the table a later version added (with its rows) stayed, and the
    upgrade the restore advises failed on it. Meanwhile a medewerker, whose rights came with schema version 0017,
    is told what a beheerder does, not that a table is denied them."""
    revision = REVISIONS[REVISIONS.index("0014_offline_field_records") - 1]
    dump, target = _dump_of(postgres, revision, tmp_path), server_database("demo")
    done = server_backup.restore_server(server_url(target), dump, replace=True, safety_folder=tmp_path, now=NOW)
    assert f"werk het bij met ‘crisisapp upgrade --db {target}’" in done and "Let op" not in done
    assert "field_record" not in _contents(target) and _revision(target) == revision
    with pytest.raises(ServerDatabaseError) as refused:
        open_server(_as(target, medewerker))
    assert "schema dat uw rol niet mag lezen: waarschijnlijk is er een back-up van een oudere versie" in str(
        refused.value
    )
    beheerder = shown(server_url(target)).replace("postgres@", "")
    assert str(refused.value).endswith(
        f"‘crisisapp upgrade --db {beheerder}’; sluit daarvoor CrisisApp op alle computers die deze database gebruiken."
    )
    assert "permission denied" not in str(refused.value)
    upgraded = crisisapp("upgrade", "--db", target)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"bijgewerkt van schemaversie {revision} naar {REVISIONS[-1]}" in upgraded.stdout
    open_server(_as(target, medewerker)).close()  # upgraded, the rights are there


def _revision(url: str) -> str:
    return str(_scalar(url, "SELECT version_num FROM alembic_version"))


@pytest.mark.gui
@pytest.mark.parametrize(
    ("revision", "role"),
    [
        pytest.param(REVISIONS[-2], "medewerker", id="the-version-before"),
        # Before the row versions: no table fits the models. Before the access rules too, so only the tables'
        # owner reads it (a user of the app is refused it, for want of grants).
        pytest.param(REVISIONS[REVISIONS.index("0012_row_versions") - 1], None, id="no-table-fits"),
    ],
)
def test_a_window_whose_database_is_restored_with_an_older_schema_says_to_upgrade_and_closes(
    qtbot, postgres, server_database, medewerker, revision, role, tmp_path, monkeypatch
):
    """The dump is of an older schema version: the window neither reads it with its models, nor upgrades it unasked;
    it says once, in Dutch, that a beheerder upgrades it with ‘crisisapp upgrade’, and closes, without a crash."""
    dump = _dump_of(postgres, revision, tmp_path)
    target = server_database("demo")
    address = _as(target, medewerker) if role else target
    window = window_on(qtbot, AppContext(open_server(address), clock=fixed_clock))
    told: list[str] = []

    def shown_a_while(_parent: object, title: str, text: str) -> None:
        told.append(f"{title}: {text}")
        qtbot.wait(3 * OTHERS_MS)  # while the message is open, the window's timers go on

    monkeypatch.setattr(interaction, "critical", shown_a_while)
    monkeypatch.setattr(interaction, "warning", shown_a_while)
    try:
        assert isinstance(window.show_area("incident"), IncidentPage)
        replaced = crisisapp("restore", str(dump), "--db", target, "--replace", "--disconnect-others")
        assert replaced.returncode == 0, replaced.stderr
        assert f"werk het bij met ‘crisisapp upgrade --db {target}’" in replaced.stdout
        qtbot.waitUntil(lambda: bool(told), timeout=5000)
        assert len(told) == 1 and told[0].startswith("Database vervangen: De gegevens van ")
        assert f"ouder schema (schemaversie {revision})" in told[0]
        assert (
            f"‘crisisapp upgrade --db {shown(server_url(target)).replace('postgres@', '')}’" in told[0]
        )  # a beheerder's
        assert told[0].endswith("CrisisApp sluit nu; start het opnieuw zodra de beheerder dat heeft verholpen.")
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
        qtbot.wait(3 * OTHERS_MS)
        assert len(told) == 1 and _revision(target) == revision  # said once; not upgraded
    finally:
        window.context.close()


_KEEPS_OUT = """
import sys
from sqlalchemy import create_engine
from crisisapp.storage import server_backup
from crisisapp.storage.server import server_url

engine = create_engine(server_url(sys.argv[1]), isolation_level="AUTOCOMMIT")
with engine.connect() as connection, server_backup._others_kept_out(connection, "de database"):
    print("afgesloten", flush=True)
    sys.stdin.readline()  # until told to finish
"""


def _comment(url: str) -> str | None:
    found = _scalar(
        url, "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
    )
    return None if found is None else str(found)


@contextmanager
def _restore_keeping_out(target: str) -> Iterator["subprocess.Popen[str]"]:
    """A restore of ``target`` in a process of its own, once it keeps the others out; killed if still running."""
    restoring = subprocess.Popen(
        [sys.executable, "-c", _KEEPS_OUT, target],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert restoring.stdin is not None and restoring.stdout is not None
    try:
        assert restoring.stdout.readline() == "afgesloten\n"
        yield restoring
    finally:
        if restoring.poll() is None:
            restoring.kill()
        restoring.wait()
        restoring.stdin.close()
        restoring.stdout.close()


def _killed_while_keeping_out(target: str, medewerker: str) -> None:
    """A restore of ``target`` that keeps the others out, killed with SIGKILL (no finally, no signal handler); back
    once the server has seen its session go."""
    with _restore_keeping_out(target) as restoring:
        assert NO_CONNECT in (_refused_in(_as(target, medewerker)) or "") and _sessions(target) == 1
        restoring.kill()
    for _ in range(200):  # the server notices that the killed client's session is gone
        if _sessions(target) == 0:
            break
        time.sleep(0.05)
    assert _sessions(target) == 0


def _sessions(url: str) -> int:
    """The sessions on the database of ``url`` besides the one asking."""
    return int(
        _scalar(
            url,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'",
        )
    )


def test_a_restore_killed_while_it_keeps_the_others_out_does_not_keep_them_out_for_good(
    server_database, medewerker, tmp_path
):
    """kill -9 in the middle of a restore (its ``finally`` never runs): the grants it took away are given back by
    the next start of CrisisApp by the database's owner, or by the next restore; not while the restore still runs."""
    source, target = server_database("demo"), server_database("demo")
    grants = _harden(target, medewerker)
    engine = create_engine(server_url(target), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"COMMENT ON DATABASE {server_url(target).database} IS 'De crisisdatabase'"))
    engine.dispose()
    dump = server_backup.backup_server(server_url(source), tmp_path / "demo.dump")

    with _restore_keeping_out(target) as restoring:  # while it runs, a second one is refused; the owner's start
        with pytest.raises(ServerBackupError, match=r"In .* wordt al een back-up teruggezet \(door postgres, begonnen"):
            server_backup.restore_server(server_url(target), dump, replace=True, safety_folder=tmp_path, now=NOW)
        open_server(target).close()  # leaves it alone
        assert NO_CONNECT in (_refused_in(_as(target, medewerker)) or "")
        restoring.communicate("\n")  # finished: it lets them back in itself
    assert _refused_in(_as(target, medewerker)) is None and _access_list(target) == grants

    _killed_while_keeping_out(target, medewerker)
    assert NO_CONNECT in (_refused_in(_as(target, medewerker)) or "")  # nothing let them back in yet
    open_server(target).close()  # the owner starts CrisisApp
    assert _refused_in(_as(target, medewerker)) is None
    assert _access_list(target) == grants and _comment(target) == "De crisisdatabase"

    _killed_while_keeping_out(target, medewerker)
    server_backup.restore_server(  # the next restore first lets them back in, then keeps them out for itself
        server_url(target), dump, replace=True, disconnect=True, safety_folder=tmp_path, now=NOW
    )
    assert _refused_in(_as(target, medewerker)) is None
    assert _access_list(target) == grants and _comment(target) == "De crisisdatabase"
