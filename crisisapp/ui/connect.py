"""What the app remembers of the server database chosen with Bestand → Verbinden met server… (ui/connect_dialog.py).

The connection (server, port, database, user, TLS) is remembered in the user's settings, never its password: that
is typed in the dialog each time, or kept in the system's keyring when the user ticks the box. When the last
database used was a server database, a start without ``--db`` connects to it again (asking the password, when the
server wants one, in this dialog).
"""

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from crisisapp.storage.connection import ServerConnection
from crisisapp.ui import interaction

#: The settings key that says whether the last database used was a server ("server") or a file ("file").
LAST_KEY = "database/last"
SERVER_GROUP = "server"
KEYRING_KEY = "server/keyring"


def remembered_connection(settings: QSettings | None = None) -> ServerConnection | None:
    """The server connection last made in the dialog, or None."""
    settings = settings or QSettings()
    settings.beginGroup(SERVER_GROUP)
    values = {key: settings.value(key) for key in settings.childKeys()}
    settings.endGroup()
    return ServerConnection.from_settings(values)


def reopens_server(settings: QSettings | None = None) -> ServerConnection | None:
    """The connection a start without ``--db`` opens: the remembered one when a server was the last database used."""
    settings = settings or QSettings()
    return remembered_connection(settings) if settings.value(LAST_KEY) == "server" else None


def remember_last(kind: str, connection: ServerConnection | None = None, *, keyring: bool = False) -> None:
    """The last database used is a server (``connection``, without password) or a file (``kind`` "file")."""
    settings = QSettings()
    settings.setValue(LAST_KEY, kind)
    if connection is not None:
        settings.remove(SERVER_GROUP)
        for key, value in connection.as_settings().items():
            settings.setValue(f"{SERVER_GROUP}/{key}", value)
        settings.setValue(KEYRING_KEY, keyring)
    settings.sync()


@contextmanager
def waiting() -> Iterator[None]:
    """The busy cursor while the server is asked (up to its connection timeout)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def ask_password(parent: QWidget | None, reason: str) -> str | None:
    """The server's password typed by the user, told ``reason`` (the server wants one, or refused the last); None
    when they cancel."""
    label = textwrap.fill(reason, 70)  # a long refusal would widen the dialog beyond the screen
    return interaction.password(parent, QCoreApplication.translate("start", "Wachtwoord voor de server"), label)
