"""A connection to a server database as a user fills it in (Bestand → Verbinden met server…), and its password.

A password is never written to a file by CrisisApp: it comes from the address (scripts, tests), a prompt, the
system keyring (only when the user asked to keep it there), or libpq's own PGPASSWORD and ~/.pgpass. The
connection itself (server, port, database, user, TLS) is remembered without it.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from functools import partial
from typing import TypeVar

from sqlalchemy.engine import URL

from crisisapp.storage.server import (
    PasswordNeededError,
    PasswordRefusedError,
    ServerDatabase,
    host_and_port,
    open_server,
    reach_server,
    server_url,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_PORT = 5432
#: The TLS choices of the dialog, in plain Dutch: libpq's sslmode and what it means for the user.
SSL_CHOICES = {
    "prefer": "indien mogelijk (versleuteld als de server het kan)",
    "require": "verplicht",
    "verify-full": "verplicht en server controleren (met CA-certificaat)",
    "disable": "uit (alleen op een vertrouwd netwerk)",
}
#: Where the keyring keeps CrisisApp's passwords (its "service"); the key is the address without password.
KEYRING_SERVICE = "CrisisApp"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", ""})


def default_sslmode(host: str) -> str:
    """TLS required on the network; on this computer (or a Unix socket) only where the server offers it."""
    return "prefer" if host.strip().lower() in LOCAL_HOSTS or host.startswith("/") else "require"


@dataclass(frozen=True)
class ServerConnection:
    """What the user chose to connect to, without a password: safe to remember in the settings."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    sslmode: str = "require"
    sslrootcert: str = ""

    @property
    def location(self) -> str:
        """The address as ``--db`` takes it (``postgresql://jan@server:5432/crisisapp?sslmode=require``)."""
        query = {"sslmode": self.sslmode} | ({"sslrootcert": self.sslrootcert} if self.sslrootcert else {})
        url = URL.create(
            "postgresql", username=self.user, host=self.host, port=self.port, database=self.database, query=query
        )
        return url.render_as_string(hide_password=False)

    def as_settings(self) -> dict[str, str]:
        return {key: str(value) for key, value in asdict(self).items()}

    @classmethod
    def from_settings(cls, values: Mapping[str, object]) -> "ServerConnection | None":
        """The connection remembered in ``values``, or None when there is none (or it is damaged)."""
        try:
            host, database, user = (str(values[key]) for key in ("host", "database", "user"))
            return cls(
                host=host,
                database=database,
                user=user,
                port=int(str(values.get("port", DEFAULT_PORT))),
                sslmode=str(values.get("sslmode", default_sslmode(host))),
                sslrootcert=str(values.get("sslrootcert", "")),
            )
        except (KeyError, ValueError):
            return None


def keyring_key(url: URL) -> str:
    """Under which name the keyring keeps the password of ``url``: the user at the server and database."""
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or DEFAULT_PORT}/{url.database}"


def keyring_available() -> bool:
    """Whether this computer has a system keyring that keyring can use (not only its "fail" backend)."""
    import keyring
    from keyring.backends import fail

    return not isinstance(keyring.get_keyring(), fail.Keyring)


def stored_password(location: str) -> str | None:
    """The password of ``location`` in the system keyring, or None (none there, or no keyring on this computer)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_key(server_url(location)))
    except KeyringError as exc:
        log.info("Geen wachtwoord uit de sleutelbos: %s", exc)
        return None


def store_password(location: str, password: str) -> str | None:
    """Keep the password of ``location`` in the system keyring; what went wrong, in Dutch, or None."""
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, keyring_key(server_url(location)), password)
    except KeyringError as exc:
        log.info("Wachtwoord niet in de sleutelbos bewaard: %s", exc)
        why = "er is op deze computer geen sleutelbos" if isinstance(exc, NoKeyringError) else str(exc)
        return (
            f"Het wachtwoord kon niet in de sleutelbos van het systeem worden bewaard ({why}); CrisisApp vraagt het "
            "de volgende keer opnieuw. Het staat nergens anders."
        )
    return None


def forget_password(location: str) -> None:
    """Take the password of ``location`` out of the system keyring, if it is there."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_key(server_url(location)))
    except KeyringError as exc:  # not there, or no keyring: nothing kept either way
        log.info("Geen wachtwoord uit de sleutelbos gehaald: %s", exc)


def open_with_password(location: str, password: str | None = None, *, upgrade: bool = False) -> ServerDatabase:
    """Open the server database at ``location`` with ``password``; without one, the address's, else the keyring's,
    else libpq's PGPASSWORD or ~/.pgpass. :class:`PasswordNeededError` or :class:`PasswordRefusedError` when the
    server wants another."""
    return _with_password(location, password, lambda given: open_server(location, upgrade=upgrade, password=given))


def _with_password(location: str, password: str | None, reach: Callable[[str | None], T]) -> T:
    """``reach`` with ``password``, or without one the address's, else the keyring's: a refusal of the keyring's
    says where it came from (the user typed nothing that could be wrong)."""
    stored = None if password else _address_or_stored(location)
    try:
        return reach(password or stored)
    except PasswordRefusedError as exc:
        if stored is None:
            raise
        url = server_url(location)
        raise PasswordRefusedError(
            f"De server {host_and_port(url)} weigert het wachtwoord van {url.username or '(uw gebruikersnaam)'} dat in "
            "de sleutelbos van het systeem is bewaard; misschien is het op de server gewijzigd. Typ het huidige "
            "wachtwoord."
        ) from exc


def _address_or_stored(location: str) -> str | None:
    """None when the address has a password (it counts), else the keyring's password, if any."""
    return None if server_url(location).password is not None else stored_password(location)


def asking(attempt: Callable[[str | None], T], ask: Callable[[str], str | None], *, attempts: int = 3) -> T:
    """``attempt(password)``, first with None (the address's, the keyring's or libpq's password), then with the
    password ``ask`` gives (it gets the reason, in Dutch; None stops) while the server wants another; at most
    ``attempts`` asked."""
    password: str | None = None
    asked = 0
    while True:
        try:
            return attempt(password)
        except (PasswordNeededError, PasswordRefusedError) as exc:
            if asked == attempts or (password := ask(str(exc))) is None:
                raise
            asked += 1


def _asking_renewing(location: str, attempt: Callable[[str | None], T], ask: Callable[[str], str | None]) -> T:
    """:func:`asking`; when the keyring held a password for ``location`` (so the server refused it before the
    user was asked), the password typed that the server took replaces it there: the user chose to keep it in the
    keyring, and the next start should not be refused again."""
    kept = _address_or_stored(location)
    typed: list[str] = []

    def asked(reason: str) -> str | None:
        if (password := ask(reason)) is not None:
            typed.append(password)
        return password

    result = asking(attempt, asked)
    if kept is not None and typed:
        store_password(location, typed[-1])
    return result


def open_asking(location: str, ask: Callable[[str], str | None], *, upgrade: bool = False) -> ServerDatabase:
    """Open as :func:`open_with_password` does, asking the password while the server wants one."""
    return _asking_renewing(location, lambda password: open_with_password(location, password, upgrade=upgrade), ask)


def reach_asking(location: str, ask: Callable[[str], str | None]) -> URL:
    """The address of ``location`` with the password the server took (see :func:`asking`); no schema check."""
    return _asking_renewing(
        location, lambda password: _with_password(location, password, partial(reach_server, location)), ask
    )
