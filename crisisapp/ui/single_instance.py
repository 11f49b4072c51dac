"""One app per database: a second start on the same file brings that window forward instead of opening another.

The server's name follows from the database's resolved path, so the app on another file starts normally.
On POSIX the socket lives in a folder that only the user can enter (0700, checked to be theirs), so
another local user can neither take the name nor connect; on Windows the pipe is limited to this user.
"""

import hashlib
import os
import re
import stat
import sys
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from crisisapp.errors import CrisisAppError
from crisisapp.storage.audit import current_user

if TYPE_CHECKING:
    from crisisapp.ui.mainwindow import MainWindow

ACTIVATE = b"activate\n"
CONNECT_TIMEOUT_MS = 500


def server_name(database: Path | str) -> str:
    """The name of the instance server of the app that has ``database`` (a file, or a server's address) open."""
    digest = hashlib.sha256(str(database).encode("utf-8")).hexdigest()[:20]
    if sys.platform == "win32":
        return f"crisisapp-{re.sub(r'[^A-Za-z0-9_.-]', '_', current_user())}-{digest}"
    return str(_private_folder() / f"crisisapp-{digest}")


def _is_private(folder: Path) -> bool:
    try:
        info = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not stat.S_IMODE(info.st_mode) & 0o077


def _private_folder() -> Path:
    """A short folder only this user can enter: $XDG_RUNTIME_DIR, else one of our own in the temporary folder
    (a folder of that name that someone else made is not used), else one in the home folder."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    candidates = [Path(runtime)] if runtime else []
    candidates += [Path(tempfile.gettempdir()) / f"crisisapp-{os.getuid()}", Path.home() / ".crisisapp-run"]
    for folder in candidates:
        with suppress(OSError):
            folder.mkdir(mode=0o700)
        if _is_private(folder):
            return folder
    raise CrisisAppError(
        "CrisisApp vindt geen map die alleen voor u toegankelijk is (voor het herkennen van een tweede start). "
        f"Controleer de rechten van {candidates[-1]}."
    )


def activate_running_instance(name: str) -> bool:
    """Ask a running CrisisApp on this database to come forward; False when none is running."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(ACTIVATE)
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later starts of the app; ``activated`` fires for each."""

    activated = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self.listen(name)

    def listen(self, name: str) -> None:
        """Answer to starts on the database of ``name`` (the one the window has open now), no longer the last."""
        self._server.close()
        if not self._server.listen(name):
            QLocalServer.removeServer(name)  # left behind by a crashed instance (in the user's own folder)
            self._server.listen(name)

    def name(self) -> str:
        return self._server.serverName()

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


def serve_window(server: InstanceServer, window: "MainWindow") -> None:
    """A later start on the window's database brings it forward, also after it opened another (Ctrl+O)."""
    server.activated.connect(window.bring_to_front)
    window.database_opened.connect(lambda opened: server.listen(server_name(opened)))
