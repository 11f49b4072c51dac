"""One app per user: a second start brings the running window forward instead of opening another."""

import re

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from crisisapp.storage.audit import current_user

ACTIVATE = b"activate\n"
CONNECT_TIMEOUT_MS = 500


def server_name() -> str:
    return "crisisapp-" + re.sub(r"[^A-Za-z0-9_.-]", "_", current_user())


def activate_running_instance(name: str | None = None) -> bool:
    """Ask a running CrisisApp of this user to come forward; False when none is running."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(ACTIVATE)
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later starts of the app; ``activated`` fires for each."""

    activated = Signal()

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = name or server_name()
        if not self._server.listen(name):
            QLocalServer.removeServer(name)  # left behind by a crashed instance
            self._server.listen(name)
        self._server.newConnection.connect(self._accept)

    def is_listening(self) -> bool:
        return self._server.isListening()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(ACTIVATE.strip()):
            self.activated.emit()
