"""A private PostgreSQL cluster that asks passwords (scram-sha-256), for the tests of a login: the machine's own
test server trusts everyone on 127.0.0.1, so there a wrong password is never refused. It also offers TLS, with a
certificate of its own for the name ``localhost`` (made with ``openssl``, when the computer has it), as a
municipality's server would with one from its CA.

One cluster per test session, made with the server's own programs (``initdb``, ``pg_ctl``) in a temporary folder
and removed at the end. PostgreSQL refuses to run as root: a test run as root runs them as the ``postgres``
system user (which Debian's package makes), in a folder that user owns.
"""

import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

#: Where Debian and Ubuntu put the server's programs, one folder per major version.
SERVER_PROGRAMS = "/usr/lib/postgresql/*/bin"
SUPERUSER = "postgres"


def server_programs() -> Path | None:
    """The programs of the newest PostgreSQL server on this computer (the one .ci/run starts), or None."""
    found = [path for path in Path("/").glob(SERVER_PROGRAMS.lstrip("/")) if (path / "initdb").exists()]
    return max(found, key=lambda path: [int(n) for n in re.findall(r"\d+", path.parent.name)], default=None)


def missing_reason() -> str | None:
    """Why no password server can be made here, or None."""
    if server_programs() is None:
        return f"geen PostgreSQL-serverprogramma's (initdb, pg_ctl) in {SERVER_PROGRAMS}"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "de tests draaien als root en er is geen systeemgebruiker postgres om de server onder te draaien"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PasswordServer:
    """A running cluster on 127.0.0.1 (a free port) where every login needs its password."""

    def __init__(self) -> None:
        programs = server_programs()
        assert programs is not None
        self.programs = programs
        self.folder = Path(tempfile.mkdtemp(prefix="crisisapp-wachtwoordserver-"))
        self.as_root = os.geteuid() == 0
        if self.as_root:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self.port = _free_port()
        self.password = secrets.token_hex(16)
        self.data = self.folder / "data"
        #: The server's certificate, which a client checks the server against (``sslrootcert``); None without openssl.
        self.certificate: Path | None = None
        try:
            self._start()
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self.engine = create_engine(self.url(SUPERUSER, self.password, "postgres"), isolation_level="AUTOCOMMIT")

    def _start(self) -> None:
        secret = self.folder / "superuser"
        self._write(secret, self.password)
        try:
            self._run(
                "initdb", "-D", str(self.data), "-U", SUPERUSER, f"--pwfile={secret}",
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
            )  # fmt: skip
        finally:
            secret.unlink()
        # Only over TCP on the loopback (the address a user types), its socket in its own folder; a scratch
        # server need not wait for the disk.
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        if shutil.which("openssl"):  # TLS with a self-signed certificate for localhost, in the data folder
            self._run(
                shutil.which("openssl") or "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                "-keyout", str(self.data / "server.key"), "-out", str(self.data / "server.crt"),
            )  # fmt: skip
            (self.data / "server.key").chmod(0o600)  # the server refuses a key others may read
            self.certificate = self.data / "server.crt"
            options += " -c ssl=on"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-o", options, "-w", "start")

    def _write(self, path: Path, content: str) -> None:
        path.write_text(content + "\n")
        if self.as_root:
            owner = pwd.getpwnam("postgres")
            os.chown(path, owner.pw_uid, owner.pw_gid)

    def _run(self, program: str, *args: str) -> None:
        """One of the server's programs (or another, by its path), as the user the server runs as."""
        command = [str(self.programs / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120, cwd=self.folder)

    def url(self, user: str, password: str | None, database: str, host: str = "127.0.0.1", **query: str) -> str:
        """The address as a user writes it (with ``password`` only when given; ``query``: sslmode and the like)."""
        return URL.create(
            "postgresql", username=user, password=password, host=host, port=self.port, database=database, query=query
        ).render_as_string(hide_password=False)

    def execute(self, statement: str) -> None:
        """A statement as the cluster's superuser."""
        with self.engine.connect() as connection:
            connection.execute(text(statement))

    def stop(self) -> None:
        self.engine.dispose()
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
