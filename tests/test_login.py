"""Logging in with one's own database role on a server that asks passwords: a private cluster of this run
(``password_server``, tests/password_server.py), since the machine's own test server trusts everyone.

What a user gets: the right password lets them in as their own role (the command line and the app); a wrong one
is refused in Dutch naming the server and the user, asked again, and kept nowhere; the connect dialog shows the
refusal and keeps what was filled in; a password in the keyring that the server no longer takes leads to the
prompt, and the password typed there replaces it.
"""

import io
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from crisisapp import cli
from crisisapp.storage.connection import (
    KEYRING_SERVICE,
    ServerConnection,
    keyring_key,
    open_with_password,
    store_password,
)
from crisisapp.storage.server import PasswordRefusedError, ServerDatabase, ServerDatabaseError, server_url
from crisisapp.ui import connect, interaction
from crisisapp.ui.application import _open_start_database
from crisisapp.ui.connect import remember_last, remembered_connection
from crisisapp.ui.connect_dialog import ConnectDialog
from tests.clock import fixed_clock
from tests.password_server import PasswordServer
from tests.test_cli import crisisapp
from tests.test_gui_forms import added

OWNER, OWNER_PASSWORD = "eigenaar", "eigen-wachtwoord-4821"
USER, USER_PASSWORD = "jan", "jans-wachtwoord-7310"
WRONG = "fout-wachtwoord-0000"


@dataclass(frozen=True)
class Login:
    server: PasswordServer
    database: str

    def url(self, user: str, password: str | None = None) -> str:
        return self.server.url(user, password, self.database)

    @property
    def refused(self) -> str:
        """How the refusal of a wrong password begins, naming the server."""
        return f"De server 127.0.0.1:{self.server.port} weigert de gebruikersnaam"

    def connection(self, user: str = USER) -> ServerConnection:
        return ServerConnection("127.0.0.1", self.database, user, self.server.port, "prefer")


@pytest.fixture(scope="module")
def login(password_server: PasswordServer) -> Login:
    """A CrisisApp database made by its owner with ``crisisapp init`` (the password through libpq's PGPASSWORD),
    and a medewerker of Vlaardingen added by the owner with ``crisisapp gebruiker toevoegen``."""
    database = "crisisapp_login"
    password_server.execute(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER_PASSWORD}'")
    password_server.execute(f"CREATE DATABASE {database} OWNER {OWNER}")
    made = Login(password_server, database)
    owner = {"PGPASSWORD": OWNER_PASSWORD}
    result = crisisapp("init", "--db", made.url(OWNER), env_extra=owner)
    assert result.returncode == 0, result.stderr
    result = crisisapp(
        "gebruiker", "toevoegen", USER, "--rol", "medewerker", "--gemeente", "vlaardingen", "--db", made.url(OWNER),
        env_extra=owner, input=f"{USER_PASSWORD}\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return made


def test_the_command_line_refuses_a_wrong_password_naming_server_and_user(login):
    for command in (["init"], ["gebruiker", "lijst"]):
        result = crisisapp(*command, "--db", login.url(OWNER), env_extra={"PGPASSWORD": WRONG})
        assert result.returncode != 0
        assert f"{login.refused} {OWNER} met dit wachtwoord" in result.stderr and WRONG not in result.stderr
    listed = crisisapp("gebruiker", "lijst", "--db", login.url(OWNER), env_extra={"PGPASSWORD": OWNER_PASSWORD})
    assert listed.returncode == 0 and f"{USER}" in listed.stdout and "Vlaardingen" in listed.stdout


def test_on_a_terminal_a_refused_password_is_asked_again(login, monkeypatch, capsys):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    typed = iter([WRONG, USER_PASSWORD])
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    database = cli._open_server(login.url(USER))
    try:
        assert database.access.role == USER and database.access.describe() == "jan (medewerker, Vlaardingen)"
    finally:
        database.close()
    told = capsys.readouterr().err
    assert "vraagt een wachtwoord voor jan" in told and f"{login.refused} {USER} met dit wachtwoord" in told


def test_each_user_gets_in_with_their_own_password_only(login):
    database = open_with_password(login.url(USER), USER_PASSWORD)
    try:
        assert database.access.role == USER and database.access.kind == "medewerker"
        assert USER_PASSWORD not in database.name
    finally:
        database.close()
    for user, password in ((USER, WRONG), (USER, OWNER_PASSWORD), ("onbekend", USER_PASSWORD)):
        with pytest.raises(PasswordRefusedError, match=f"{login.refused} {user} met dit wachtwoord"):
            open_with_password(login.url(user), password)


def test_over_tls_the_server_is_checked_by_its_certificate_and_its_name(login, tmp_path):
    """A municipality's server with a certificate: verify-full connects encrypted to the server the certificate
    names, and refuses, in Dutch, another name for it and a certificate that the chosen CA did not sign."""
    certificate = login.server.certificate
    if certificate is None:
        pytest.skip("geen openssl om de testserver een certificaat te geven")
    checked = {"sslmode": "verify-full", "sslrootcert": str(certificate)}
    database = open_with_password(login.server.url(USER, None, login.database, "localhost", **checked), USER_PASSWORD)
    try:
        with database.engine.connect() as connection:
            encrypted = connection.exec_driver_sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            assert encrypted.scalar() is True
        assert database.access.role == USER
    finally:
        database.close()
    listed = crisisapp(
        "piket", "rota", "list", "--db", login.server.url(USER, None, login.database, "localhost", **checked),
        env_extra={"PGPASSWORD": USER_PASSWORD},
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr

    with pytest.raises(ServerDatabaseError, match=r"hoort niet bij de naam 127\.0\.0\.1"):
        open_with_password(login.server.url(USER, None, login.database, **checked), USER_PASSWORD)
    other = tmp_path / "ander-ca.crt"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=ander-ca",
         "-keyout", str(tmp_path / "ander-ca.key"), "-out", str(other)],
        check=True, capture_output=True,
    )  # fmt: skip
    with pytest.raises(ServerDatabaseError, match="niet ondertekend door het gekozen CA-certificaat"):
        open_with_password(
            login.server.url(USER, None, login.database, "localhost", sslmode="verify-full", sslrootcert=str(other)),
            USER_PASSWORD,
        )


def _settings_text() -> str:
    QSettings().sync()
    path = Path(QSettings().fileName())
    return path.read_text("utf-8") if path.exists() else ""


@pytest.mark.gui
def test_the_dialog_shows_the_refusal_keeps_the_input_and_stores_nothing(qtbot, login, memory_keyring):
    dialog = ConnectDialog(None, None)
    added(qtbot, dialog)
    dialog.show()
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(login.server.port)
    dialog.database_name.setText(login.database)
    dialog.user.setText(USER)
    dialog.remember.setChecked(True)
    qtbot.keyClicks(dialog.password, WRONG)
    dialog.password.returnPressed.emit()  # Enter, as a user connects

    assert dialog.isVisible() and dialog.database is None
    assert f"{login.refused} {USER} met dit wachtwoord" in dialog.error_text("password")
    assert "er is niets opgeslagen" in dialog.error_text("password")
    assert (dialog.host.text(), dialog.port.value(), dialog.database_name.text(), dialog.user.text()) == (
        "127.0.0.1",
        login.server.port,
        login.database,
        USER,
    )
    assert dialog.remember.isChecked() and dialog.tls.currentData() == "prefer"
    assert dialog.password.text() == "" and dialog.focusWidget() is dialog.password  # the refused one is cleared
    assert QSettings().value(connect.LAST_KEY) is None and remembered_connection() is None
    assert WRONG not in _settings_text() and memory_keyring.passwords == {}

    qtbot.keyClicks(dialog.password, USER_PASSWORD)
    dialog.password.returnPressed.emit()
    assert not dialog.isVisible() and dialog.database is not None
    try:
        assert dialog.database.access.role == USER
        assert remembered_connection() == login.connection()
        assert USER_PASSWORD not in _settings_text() and WRONG not in _settings_text()
        key = keyring_key(server_url(login.url(USER)))
        assert memory_keyring.passwords == {(KEYRING_SERVICE, key): USER_PASSWORD}  # the box was ticked
    finally:
        dialog.database.close()


@pytest.mark.gui
def test_a_start_with_a_refused_keyring_password_asks_and_keeps_the_new_one(qtbot, login, monkeypatch, memory_keyring):
    remember_last("server", login.connection(), keyring=True)
    location = login.connection().location
    assert store_password(location, WRONG) is None  # changed on the server since it was kept
    asked: list[str] = []
    monkeypatch.setattr(interaction, "password", lambda parent, title, label: asked.append(label) or USER_PASSWORD)
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: pytest.fail(text))

    opened = _open_start_database(QApplication.instance(), None, fixed_clock)
    assert opened is not None
    database = opened[0]
    assert isinstance(database, ServerDatabase) and database.access.role == USER
    database.close()
    said = " ".join(" ".join(asked).split())  # the prompt wraps its reason
    assert len(asked) == 1 and f"De server 127.0.0.1:{login.server.port} weigert het wachtwoord van {USER}" in said
    assert "sleutelbos" in said
    key = keyring_key(server_url(location))
    assert memory_keyring.passwords == {(KEYRING_SERVICE, key): USER_PASSWORD}

    # The next start takes the keyring's password without asking
    monkeypatch.setattr(interaction, "password", lambda parent, title, label: pytest.fail(label))
    opened = _open_start_database(QApplication.instance(), None, fixed_clock)
    assert opened is not None and isinstance(opened[0], ServerDatabase)
    opened[0].close()


@pytest.mark.gui
def test_the_dialog_says_the_keyrings_password_was_refused(qtbot, login, memory_keyring):
    remember_last("server", login.connection(), keyring=True)
    assert store_password(login.connection().location, WRONG) is None
    dialog = ConnectDialog(None, remembered_connection())
    added(qtbot, dialog)
    dialog.show()
    assert dialog.remember.isChecked() and dialog.password.text() == ""
    dialog.password.returnPressed.emit()  # nothing typed: the keyring's
    assert dialog.isVisible() and dialog.database is None
    assert f"weigert het wachtwoord van {USER} dat in de sleutelbos" in dialog.error_text("password")

    dialog.remember.setChecked(False)  # no longer kept there
    qtbot.keyClicks(dialog.password, USER_PASSWORD)
    dialog.password.returnPressed.emit()
    assert dialog.database is not None
    dialog.database.close()
    assert memory_keyring.passwords == {}
