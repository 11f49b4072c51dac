"""Connecting to a server database: the connection as the dialog remembers it (never its password), the password
from the address, the keyring or a prompt, the Dutch refusals, and Bestand → Verbinden met server… in the window.

The local test server lets everyone in without a password (trust), so here the prompt's plumbing is tested with
a refusal raised the way libpq words it, and the keyring's with an in-memory keyring (tests/memory_keyring.py);
a real refusal, by a private server that asks passwords, is in tests/test_login.py. What libpq itself refuses
without a server (a closed port, an unknown name) and the missing TLS of the test server are real.
"""

import io
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy.engine import make_url

from crisisapp import cli
from crisisapp.context import AppContext
from crisisapp.paths import default_database_path
from crisisapp.storage.connection import (
    KEYRING_SERVICE,
    ServerConnection,
    asking,
    default_sslmode,
    open_with_password,
    store_password,
)
from crisisapp.storage.database import Database, open_database
from crisisapp.storage.server import (
    PasswordNeededError,
    PasswordRefusedError,
    ServerDatabaseError,
    connection_refusal,
    open_server,
    server_url,
)
from crisisapp.ui import application, connect, interaction
from crisisapp.ui.application import _open_start_database
from crisisapp.ui.connect import remember_last, remembered_connection, reopens_server
from crisisapp.ui.connect_dialog import ConnectDialog
from crisisapp.ui.mainwindow import MainWindow
from tests.clock import fixed_clock
from tests.test_gui_forms import added


def test_a_connection_is_remembered_as_an_address_without_password():
    made = ServerConnection("db.maassluis.nl", "crisisapp", "jan", 5433, "verify-full", "/etc/ca/maassluis.crt")
    assert made.location == (
        "postgresql://jan@db.maassluis.nl:5433/crisisapp?sslmode=verify-full&sslrootcert=%2Fetc%2Fca%2Fmaassluis.crt"
    )
    assert server_url(made.location).query["sslrootcert"] == "/etc/ca/maassluis.crt"
    assert ServerConnection.from_settings(made.as_settings()) == made
    assert "password" not in " ".join(made.as_settings())
    assert ServerConnection.from_settings({"host": "x", "user": "jan"}) is None  # damaged: none
    assert default_sslmode("db.maassluis.nl") == "require"
    assert default_sslmode("localhost") == default_sslmode("127.0.0.1") == "prefer"


def test_libpq_refusals_in_dutch():
    url = server_url("postgresql://jan@db.maassluis.nl/crisisapp?sslmode=verify-full&sslrootcert=/ca.crt")

    def refusal(said: str) -> ServerDatabaseError:
        return connection_refusal(psycopg.OperationalError(f"connection failed: {said}"), url)

    needed = refusal('connection to server at "10.0.0.5", port 5432 failed: fe_sendauth: no password supplied')
    assert isinstance(needed, PasswordNeededError) and "vraagt een wachtwoord voor jan" in str(needed)
    refused = refusal('FATAL:  password authentication failed for user "jan"')
    assert isinstance(refused, PasswordRefusedError) and "weigert" in str(refused)
    assert "geen beveiligde verbinding (TLS)" in str(refusal("server does not support SSL, but SSL was required"))
    mismatch = refusal('server certificate for "db2.maassluis.nl" does not match host name "db.maassluis.nl"')
    assert "hoort niet bij de naam db.maassluis.nl" in str(mismatch)
    assert "niet ondertekend door het gekozen CA-certificaat (/ca.crt)" in str(refusal("certificate verify failed"))
    assert "CA-certificaat /ca.crt is er niet" in str(refusal('root certificate file "/ca.crt" does not exist'))
    no_entry = refusal(
        'FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "jan", database "crisisapp", no encryption'
    )
    assert str(no_entry) == (
        "De server db.maassluis.nl:5432 laat jan vanaf deze computer zonder beveiligde verbinding (TLS) niet toe tot "
        "de database crisisapp. Vraag de beheerder van de server u toegang te geven."
    )
    assert "heeft al zoveel verbindingen als hij toelaat" in str(refusal("FATAL:  sorry, too many clients already"))
    assert "start op of wordt gestopt" in str(refusal("FATAL:  the database system is starting up"))
    closed = refusal(
        'FATAL:  permission denied for database "crisisapp"\nDETAIL:  User does not have CONNECT privilege.'
    )
    assert "U mag nu geen verbinding maken met de database crisisapp" in str(closed)
    for said in (
        'FATAL:  role "jan" does not exist',
        "received invalid response to SSL negotiation: H",
        'FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "jan", database "crisisapp", SSL encryption',
    ):
        assert "FATAL" not in str(refusal(said)) and "SSL" not in str(refusal(said))


@pytest.fixture
def not_postgresql() -> Iterator[int]:
    """The port of a server that answers as a web server does, whatever it is sent: not PostgreSQL."""
    listener = socket.create_server(("127.0.0.1", 0))

    def answer() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:  # closed: the test is over
                return
            with connection:
                connection.recv(1024)
                connection.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

    answering = threading.Thread(target=answer, daemon=True)
    answering.start()
    yield listener.getsockname()[1]
    listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() it waits in (a close alone does not, on Linux)
    listener.close()
    answering.join(5)
    assert not answering.is_alive()


@pytest.mark.parametrize("sslmode", ["prefer", "disable"])
def test_a_port_where_something_else_than_postgresql_answers_is_said_in_dutch(not_postgresql, sslmode):
    with pytest.raises(ServerDatabaseError) as refused:
        open_server(f"postgresql://jan@127.0.0.1:{not_postgresql}/crisisapp?sslmode={sslmode}")
    assert str(refused.value) == (
        f"Op 127.0.0.1:{not_postgresql} antwoordt geen PostgreSQL-databaseserver maar iets anders (een webserver, "
        "bijvoorbeeld): controleer de servernaam en de poort (meestal 5432)."
    )


def test_a_user_the_server_does_not_know_is_said_in_dutch(server_database):
    url = make_url(server_database("empty")).set(username="tst_geen_gebruiker")
    with pytest.raises(ServerDatabaseError) as refused:
        open_server(url.render_as_string(hide_password=False))
    assert str(refused.value) == (
        f"De server {url.host}:{url.port or 5432} kent geen gebruiker tst_geen_gebruiker: controleer de "
        "gebruikersnaam. Heeft u nog geen gebruiker, vraag die dan aan de beheerder van CrisisApp."
    )


def test_addresses_that_lead_nowhere_and_an_unknown_tls_mode():
    with pytest.raises(ServerDatabaseError, match="neemt geen verbinding aan: controleer de servernaam en de poort"):
        open_server("postgresql://jan@127.0.0.1:1/crisisapp")
    with pytest.raises(ServerDatabaseError, match="is niet te vinden"):
        open_server("postgresql://jan@geen-server.invalid/crisisapp")
    with pytest.raises(ServerDatabaseError, match="is sslmode=verplicht onbekend"):
        open_server("postgresql://jan@localhost/crisisapp?sslmode=verplicht")


def test_tls_required_on_a_server_without_it(server_database):
    url = server_database("empty")
    database = open_server(url)
    with database.engine.connect() as connection:
        offered = connection.exec_driver_sql("SHOW ssl").scalar()
    database.close()
    if offered == "on":
        pytest.skip("deze testserver biedt TLS")
    with pytest.raises(ServerDatabaseError, match="biedt geen beveiligde verbinding"):
        open_server(f"{url}?sslmode=require")
    open_server(f"{url}?sslmode=prefer").close()  # "indien mogelijk": it connects without


def test_the_keyrings_password_is_used_and_the_addresses_goes_first(server_database, memory_keyring):
    url = server_database("empty")
    assert store_password(url, "uit-de-sleutelbos") is None
    parts = make_url(url)
    key = f"{parts.username}@{parts.host}:{parts.port or 5432}/{parts.database}"
    assert memory_keyring.passwords == {(KEYRING_SERVICE, key): "uit-de-sleutelbos"}
    database = open_with_password(url)
    assert database.url.password == "uit-de-sleutelbos" and "uit-de-sleutelbos" not in database.name
    database.close()
    with_password = url.replace("postgres@", "postgres:uit-het-adres@")
    database = open_with_password(with_password)
    assert database.url.password == "uit-het-adres" and database.name.count("***") == 1
    database.close()


def test_no_keyring_on_the_computer_is_said_in_dutch_and_stores_nothing():
    import keyring

    keyring.set_keyring(fail.Keyring())
    problem = store_password("postgresql://jan@db/crisisapp", "geheim")
    assert problem is not None and "geen sleutelbos" in problem and "Het staat nergens anders" in problem


def _server_asking(wanted: str, tried: list[str | None]):
    """An attempt that wants ``wanted`` as the server would: no password asked for, another one refused."""

    def attempt(password: str | None) -> str:
        tried.append(password)
        if password is None:
            raise PasswordNeededError("De server vraagt een wachtwoord voor jan.")
        if password != wanted:
            raise PasswordRefusedError("De server weigert dit wachtwoord.")
        return "open"

    return attempt


def test_the_password_is_asked_again_while_the_server_refuses_it():
    tried: list[str | None] = []
    answers = iter(["fout", "geheim"])
    reasons: list[str] = []
    assert asking(_server_asking("geheim", tried), lambda reason: reasons.append(reason) or next(answers)) == "open"
    assert tried == [None, "fout", "geheim"]
    assert reasons == ["De server vraagt een wachtwoord voor jan.", "De server weigert dit wachtwoord."]
    with pytest.raises(PasswordNeededError):  # the user stopped
        asking(_server_asking("geheim", []), lambda reason: None)
    with pytest.raises(PasswordRefusedError):  # never endlessly
        asking(_server_asking("geheim", tried := []), lambda reason: "fout", attempts=3)
    assert tried == [None, "fout", "fout", "fout"]


def test_the_command_line_asks_on_a_terminal_only(monkeypatch, capsys):
    tried: list[str | None] = []
    attempt = _server_asking("geheim", tried)
    monkeypatch.setattr(cli, "open_asking", lambda location, ask, upgrade=False: asking(attempt, ask))
    monkeypatch.setattr("sys.stdin", io.StringIO())  # a script: no terminal
    with pytest.raises(PasswordNeededError, match=r"PGPASSWORD, ~/\.pgpass of de sleutelbos"):
        cli._open_server("postgresql://jan@db/crisisapp")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: "geheim")
    assert cli._open_server("postgresql://jan@db/crisisapp") == "open"  # type: ignore[comparison-overlap]
    assert "vraagt een wachtwoord voor jan" in capsys.readouterr().err


# -- the dialog and the window -----------------------------------------------------------------------------------


@pytest.fixture
def clean_settings():
    QSettings().clear()
    yield
    QSettings().clear()


def _fill(dialog: ConnectDialog, url: str) -> None:
    parts = make_url(url)
    dialog.host.setText(parts.host or "")
    dialog.port.setValue(parts.port or 5432)
    dialog.database_name.setText(parts.database or "")
    dialog.user.setText(parts.username or "")


@pytest.mark.gui
def test_the_dialog_says_what_is_missing_and_follows_the_server_for_tls(qtbot, clean_settings):
    dialog = ConnectDialog(None, None)
    added(qtbot, dialog)
    dialog.show()
    dialog.host.clear()
    dialog.database_name.clear()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.database is None
    assert "server" in dialog.error_text("host") and "database" in dialog.error_text("database")
    assert dialog.error_text("user")
    dialog.host.setText("db.maassluis.nl")
    assert dialog.tls.currentData() == "require"
    dialog.host.setText("localhost")
    assert dialog.tls.currentData() == "prefer"
    dialog.tls.setCurrentIndex(dialog.tls.findData("verify-full"))
    dialog.tls.activated.emit(dialog.tls.currentIndex())  # as a user's pick does
    dialog.host.setText("db.maassluis.nl")
    assert dialog.tls.currentData() == "verify-full"  # the user's choice stays
    assert dialog.certificate.isEnabled()
    dialog.database_name.setText("crisisapp")
    dialog.user.setText("jan")
    dialog.accept()
    assert "CA-certificaat" in dialog.error_text("certificate") and dialog.database is None
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password


@pytest.mark.gui
def test_a_server_that_does_not_answer_keeps_the_dialog_open(qtbot, clean_settings):
    dialog = ConnectDialog(None, ServerConnection("127.0.0.1", "crisisapp", "jan", port=1, sslmode="prefer"))
    added(qtbot, dialog)
    dialog.show()
    dialog.password.setText("geheim")
    dialog.accept()
    assert dialog.isVisible() and dialog.database is None
    assert "neemt geen verbinding aan" in dialog.general.text()
    assert QSettings().value(connect.LAST_KEY) is None


@pytest.mark.gui
def test_connecting_switches_the_window_and_is_remembered_without_password(
    qtbot, tmp_path, server_database, monkeypatch, memory_keyring, clean_settings
):
    url = server_database("demo")
    window = MainWindow(AppContext(open_database(tmp_path / "bestand.sqlite3"), clock=fixed_clock))
    qtbot.addWidget(window)

    def fill_and_connect(dialog: ConnectDialog) -> bool:
        _fill(dialog, url)
        dialog.password.setText("geheim-wachtwoord")
        dialog.remember.setChecked(True)
        dialog.password.returnPressed.emit()  # Enter in the password field connects
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(interaction, "run_dialog", fill_and_connect)
    assert window.connect_to_server()
    assert url.rsplit("/", 1)[1] in window.windowTitle()
    assert window.backup_action.isEnabled() and not window.restore_action.isEnabled()
    remembered = remembered_connection()
    assert remembered is not None and remembered.location.split("?")[0] == url
    settings_file = Path(QSettings().fileName()).read_text("utf-8")
    assert "geheim-wachtwoord" not in settings_file
    assert list(memory_keyring.passwords.values()) == ["geheim-wachtwoord"]
    assert reopens_server() == remembered

    # Back to a file with Bestand → Database openen: the next start opens no server
    monkeypatch.setattr(interaction, "open_filename", lambda *args: str(tmp_path / "bestand.sqlite3"))
    window.open_action.trigger()
    assert "bestand.sqlite3" in window.windowTitle()
    assert reopens_server() is None and remembered_connection() == remembered
    window.context.close()


@pytest.mark.gui
def test_a_start_without_db_reopens_the_server_last_used(qtbot, server_database, monkeypatch, clean_settings):
    url = server_database("empty")
    parts = make_url(url)
    server = ServerConnection(
        parts.host or "", parts.database or "", parts.username or "", parts.port or 5432, "prefer"
    )
    remember_last("server", server)
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: pytest.fail(text))
    opened = _open_start_database(QApplication.instance(), None, fixed_clock)
    assert opened is not None
    database, shown, _instance = opened
    assert shown == server.location and database.name.startswith(url)
    database.close()


@pytest.mark.gui
def test_a_start_on_a_lost_server_says_so_and_opens_the_default_file(qtbot, monkeypatch, clean_settings):
    remember_last("server", ServerConnection("127.0.0.1", "crisisapp", "jan", port=1, sslmode="prefer"))
    told: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: told.append(text))
    opened = _open_start_database(QApplication.instance(), None, fixed_clock)
    assert opened is not None
    database, shown, _instance = opened
    assert shown == str(default_database_path()) and isinstance(database, Database)
    database.close()
    assert "neemt geen verbinding aan" in told[0] and "opent nu het databasebestand" in told[0]
    assert reopens_server() is not None  # the user did not choose the file: the next start tries the server again


@pytest.mark.gui
def test_a_start_asks_the_password_when_the_server_wants_one(qtbot, monkeypatch, clean_settings):
    tried: list[str | None] = []
    attempt = _server_asking("geheim", tried)
    monkeypatch.setattr(application, "open_asking", lambda location, ask: asking(attempt, ask))
    asked: list[str] = []
    monkeypatch.setattr(interaction, "password", lambda parent, title, label: asked.append(label) or "geheim")
    opened = application._open_at_start(QApplication.instance(), "postgresql://jan@db/crisisapp", None, fixed_clock)
    assert opened is not None and opened[0] == "open"
    assert tried == [None, "geheim"] and "vraagt een wachtwoord" in asked[0]
