"""A CrisisApp database on a PostgreSQL server (``postgresql://gebruiker@server/database``).

The same models and migrations as a database file, through psycopg 3. What is only for files — the lock
against a second writer, file checks, copies before an upgrade, backups in a folder — has no part here: the
server lets several users in at once and keeps its own backups. A start never changes the schema: a server
database that is empty or of an older schema is refused, with the command that creates (``crisisapp init --db …``)
or upgrades it (``crisisapp upgrade --db …``), which a beheerder runs once for everyone.
"""

import json
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from crisisapp import __version__
from crisisapp.errors import CrisisAppError
from crisisapp.storage import kept_out
from crisisapp.storage.constraints import make_foreign_keys_deferrable, not_deferrable
from crisisapp.storage.revision import HEAD, REVISIONS
from crisisapp.storage.roles import Access, read_access
from crisisapp.storage.schema import expected_schema

#: How the command line and $CRISISAPP_DB name a server database; anything else is a file.
SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")
DRIVER = "postgresql+psycopg"
CONNECT_TIMEOUT_S = 10
#: As for a file (storage/database.py): no statement of CrisisApp's own runs for long; one that hangs is ended.
STATEMENT_LIMIT_MS = 30_000
#: The channel on which app instances on one server database tell each other which tables a change touched.
CHANGES_CHANNEL = "crisisapp_wijzigingen"
#: The origin of the notice a restore sends on that channel once it replaced the data (``crisisapp restore``).
RESTORED = "crisisapp restore"
#: The identity of the tables: a restore (``pg_restore --clean``) drops them and makes them anew, so it changes, while
#: any change of the data, or an upgrade of the schema, leaves it.
_TABLES_IDENTITY = "SELECT to_regclass('alembic_version')::oid"
#: How the app's connections name themselves to the server (pg_stat_activity), so that a beheerder sees whose they are.
APPLICATION_NAME = f"CrisisApp {__version__}"
#: The key of the advisory lock that keeps two upgrades of one server database apart ("CrMs").
UPGRADE_LOCK = 0x43724D73


if TYPE_CHECKING:
    import psycopg  # loaded only for a server database: a start on a file need not wait for it

log = logging.getLogger(__name__)


class ServerDatabaseError(CrisisAppError):
    """A server database that cannot be reached, or that the app refuses to use as it is; nothing was changed."""


class PasswordNeededError(ServerDatabaseError):
    """The server asks a password and none was given (not in the address, the keyring, PGPASSWORD or .pgpass)."""


class PasswordRefusedError(ServerDatabaseError):
    """The server refused the password (or the user name: it does not say which)."""


#: The values libpq knows for ``sslmode``; CrisisApp's dialog offers the plainest of them (storage/connection.py).
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


def is_server_url(location: str | None) -> bool:
    """Whether ``location`` (a ``--db`` value) names a server database rather than a file."""
    return location is not None and location.strip().lower().startswith(SCHEMES)


def server_url(location: str) -> URL:
    """The SQLAlchemy URL of ``location`` with the psycopg 3 driver."""
    try:
        url = make_url(location.strip())
    except ArgumentError as exc:
        raise ServerDatabaseError(f"{location} is geen geldig adres van een serverdatabase.") from exc
    if not url.database:
        raise ServerDatabaseError(
            f"In {shown(url)} ontbreekt de naam van de database (postgresql://gebruiker@server/database)."
        )
    sslmode = url.query.get("sslmode")
    if sslmode is not None and sslmode not in SSL_MODES:
        raise ServerDatabaseError(
            f"In {shown(url)} is sslmode={sslmode} onbekend; kies uit {', '.join(SSL_MODES)} "
            "(verify-full: versleuteld, en het certificaat van de server gecontroleerd)."
        )
    return url.set(drivername=DRIVER)


def shown(url: URL) -> str:
    """The address as a user writes it, never with a password (its options as typed: a path unescaped)."""
    address, _, options = url.set(drivername="postgresql").render_as_string(hide_password=True).partition("?")
    return f"{address}?{unquote(options)}" if options else address


def for_beheerder(url: URL) -> str:
    """The address of ``url``'s database as :func:`shown` writes it, without its user: for a command a beheerder runs
    (libpq then takes the name of their login)."""
    return shown(URL.create(url.drivername, host=url.host, port=url.port, database=url.database, query=url.query))


def without_passwords(text: str) -> str:
    """``text`` (a command line) with the password of any address in it replaced by ``***``, for the log."""
    return re.sub(r"(://[^:/@\s]+:)\S+@", r"\1***@", text)


def shown_location(location: str) -> str:
    """``location`` as :func:`shown` writes it, also when it is not a valid address (for the log)."""
    try:
        return shown(make_url(location.strip()))
    except ArgumentError:
        return "(geen geldig adres van een serverdatabase)"


@dataclass(frozen=True)
class ServerDatabase:
    """An open server database: its engine and session factory. Several app instances may have it open."""

    url: URL
    engine: Engine = field(compare=False)
    sessions: sessionmaker[Session] = field(compare=False)
    #: The schema revision it had when opened (None: it was empty); HEAD unless it was just created or upgraded.
    found_revision: str | None = HEAD
    #: The logged-in role and what it may do (crisisapp/storage/roles.py).
    access: Access = field(default=Access("onbekend", None, None), compare=False)

    @property
    def name(self) -> str:
        return shown(self.url)

    def damage_warning(self) -> str | None:
        return None  # the server checks its own pages

    def ensure_in_place(self) -> None:
        """A server database cannot be moved away under the app: the connection fails instead."""

    def close(self) -> None:
        self.engine.dispose()


def announce(session: Session | Connection, origin: str, tables: frozenset[str], *, replaced: bool = False) -> None:
    """Tell the other app instances which tables the session's change touched; PostgreSQL delivers it at
    commit, and not at all when the change is rolled back. ``replaced``: a restore put other data in the place of
    all there was (:data:`RESTORED`), so that what a window read before is gone, its undo history included."""
    message: dict[str, object] = {"origin": origin, "tables": sorted(tables)}
    if replaced:
        message["replaced"] = True
    payload = json.dumps(message)
    session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANGES_CHANNEL, "payload": payload})


class ChangeFeed:
    """What other app instances changed in a server database: a connection of its own that LISTENs."""

    def __init__(self, url: URL, origin: str) -> None:
        import psycopg

        self.url = url
        self.origin = origin
        self.connection: psycopg.Connection[Any] | None = None
        #: Whether a restore replaced the database's data since the feed began: what was read before is gone.
        self.replaced = False
        self._tables: int | None = None
        try:
            self.connection = self._connect()
        except psycopg.Error as exc:
            log.info("Wijzigingen van anderen niet te horen: %s", exc)

    def _connect(self) -> "psycopg.Connection[Any]":
        import psycopg

        conninfo = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
        connection = psycopg.connect(
            conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, application_name=APPLICATION_NAME
        )
        try:
            connection.execute(f"LISTEN {CHANGES_CHANNEL}")
            # Listening first: a restore that commits after this look is heard (RESTORED), one before it is seen here.
            row = connection.execute(_TABLES_IDENTITY).fetchone()
        except BaseException:  # (a restore under way, say): not left open for the collector to find
            connection.close()
            raise
        tables = row[0] if row else None
        if self._tables is not None and tables != self._tables:
            log.warning("De serverdatabase %s is vervangen terwijl de verbinding weg was.", shown(self.url))
            self.replaced = True
        self._tables = tables
        return connection

    def changes(self) -> frozenset[str]:
        """The tables others changed since the last look, without waiting. After a lost connection (a server
        restart, or a restore that ended it) every table counts as changed once it is back: what happened meanwhile
        is unknown; a restore that replaced the data meanwhile, or since, sets :attr:`replaced`."""
        import psycopg

        try:
            if self.connection is None:
                self.connection = self._connect()
                return frozenset(expected_schema()[0])
            tables: set[str] = set()
            for notify in self.connection.notifies(timeout=0):
                message = json.loads(notify.payload)
                if message.get("origin") != self.origin:
                    tables.update(message.get("tables", ()))
                    if message.get("replaced"):
                        log.warning("De serverdatabase %s is vervangen door een teruggezette back-up.", shown(self.url))
                        self.replaced = True
            return frozenset(tables)
        except psycopg.Error as exc:
            log.info("Wijzigingen van anderen niet te horen: %s", exc)
            self.close()
            return frozenset()

    def replaced_under(self, connection: Connection) -> bool:
        """Whether the database was replaced since the feed began, also as seen through ``connection`` (a change's
        own transaction): its tables are not the ones the feed saw, so a restore made them anew, whose notice the
        feed may not have heard yet (its connection was down); then :attr:`replaced` is set too."""
        if self._tables is not None and connection.execute(text(_TABLES_IDENTITY)).scalar() != self._tables:
            self.replaced = True
        return self.replaced

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def server_reason(exc: BaseException) -> str:
    """What the server or the driver said, in a few words: its first line, never a whole SQL statement."""
    orig = getattr(exc, "orig", None) or exc
    first = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    return first if len(first) <= 200 else first[:197] + "…"


def host_and_port(url: URL) -> str:
    """The server of ``url`` as the refusals name it (``db.maassluis.nl:5432``)."""
    return f"{url.host or 'localhost'}:{url.port or 5432}"


def connection_refusal(exc: BaseException, url: URL) -> ServerDatabaseError:
    """The Dutch message for a connection the server or libpq refused: a password asked or refused, TLS, or an
    address that leads nowhere. libpq gives no SQLSTATE before the connection stands, so its words decide."""
    reason = server_reason(exc)
    said = str(getattr(exc, "orig", None) or exc)
    server = host_and_port(url)
    user, ca = url.username or "(uw gebruikersnaam)", url.query.get("sslrootcert")
    if "no password supplied" in said:
        return PasswordNeededError(f"De server {server} vraagt een wachtwoord voor {user}.")
    if "password authentication failed" in said:
        return PasswordRefusedError(
            f"De server {server} weigert de gebruikersnaam {user} met dit wachtwoord. Controleer beide en probeer het "
            "opnieuw; er is niets opgeslagen."
        )
    if "server does not support SSL" in said:
        return ServerDatabaseError(
            f"De server {server} biedt geen beveiligde verbinding (TLS), terwijl die is vereist. Vraag de beheerder "
            "van de server TLS aan te zetten; kies alleen op een vertrouwd netwerk een onbeveiligde verbinding."
        )
    if "does not match host name" in said:
        return ServerDatabaseError(
            f"Het certificaat van de server hoort niet bij de naam {url.host}: misschien is dit niet de server die u "
            f"bedoelt. Gebruik de servernaam die in het certificaat staat, of vraag de beheerder ({reason})."
        )
    if "root certificate file" in said:
        where = f"Het CA-certificaat {ca}" if ca else "Er is geen CA-certificaat gekozen en het standaardbestand"
        return ServerDatabaseError(
            f"{where} is er niet of is geen certificaat, dus het certificaat van {server} kan niet worden "
            "gecontroleerd. Kies het CA-certificaat dat de beheerder van de server geeft."
        )
    if "certificate verify failed" in said:
        return ServerDatabaseError(
            f"Het certificaat van de server {server} is niet ondertekend door het gekozen CA-certificaat"
            f"{f' ({ca})' if ca else ''}: misschien is dit niet de server die u bedoelt. Vraag de beheerder."
        )
    if "failed to resolve host" in said or "could not translate host name" in said:
        return ServerDatabaseError(f"De server {url.host} is niet te vinden: controleer de servernaam ({reason}).")
    if "Connection refused" in said:
        return ServerDatabaseError(
            f"De server {server} neemt geen verbinding aan: controleer de servernaam en de poort, en of de "
            "databaseserver draait."
        )
    if "timeout expired" in said:
        return ServerDatabaseError(
            f"De server {server} antwoordt niet binnen {CONNECT_TIMEOUT_S} seconden: controleer de servernaam, de "
            "poort en het netwerk."
        )
    if "invalid response to SSL negotiation" in said or "expected authentication request from server" in said:
        return ServerDatabaseError(
            f"Op {server} antwoordt geen PostgreSQL-databaseserver maar iets anders (een webserver, bijvoorbeeld): "
            "controleer de servernaam en de poort (meestal 5432)."
        )
    if "the database system is" in said:  # starting up, shutting down, in recovery mode
        return ServerDatabaseError(
            f"De databaseserver {server} start op of wordt gestopt; probeer het over een minuut opnieuw."
        )
    if "too many clients" in said or "remaining connection slots are reserved" in said:
        return ServerDatabaseError(
            f"De server {server} heeft al zoveel verbindingen als hij toelaat. Probeer het over een paar minuten "
            "opnieuw; blijft dit zo, vraag dan de beheerder van de server."
        )
    if (unknown := re.search(r'role "([^"]*)" does not exist', said)) is not None:
        return ServerDatabaseError(
            f"De server {server} kent geen gebruiker {unknown.group(1)}: controleer de gebruikersnaam. Heeft u nog "
            "geen gebruiker, vraag die dan aan de beheerder van CrisisApp."
        )
    if "no pg_hba.conf entry" in said:
        plain = " zonder beveiligde verbinding (TLS)" if "no encryption" in said else ""
        return ServerDatabaseError(
            f"De server {server} laat {user} vanaf deze computer{plain} niet toe tot de database {url.database}. "
            "Vraag de beheerder van de server u toegang te geven."
        )
    if f'database "{url.database}" does not exist' in said:
        return ServerDatabaseError(f"Op de server {server} bestaat geen database {url.database}.")
    if f'permission denied for database "{url.database}"' in said:
        return ServerDatabaseError(
            f"U mag nu geen verbinding maken met de database {url.database} op {server}: misschien wordt er een "
            "back-up teruggezet, of heeft uw gebruiker geen toegang (meer). Probeer het over enkele minuten opnieuw; "
            "blijft dit zo, vraag dan de beheerder (is een terugzetten afgebroken, dan geeft CrisisApp de toegang "
            "terug zodra de eigenaar van de database het start)."
        )
    return ServerDatabaseError(
        f"De serverdatabase {shown(url)} kan niet worden geopend ({reason}). Er is niets gewijzigd."
    )


class NoRightError(CrisisAppError):
    """The server refused a change (or a read) the user's role has no right to; nothing of it was stored."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        #: Why, in a few words for a list of refusals (a synchronisation's report): what, and what the server said.
        self.reason = reason


#: SQLSTATE insufficient_privilege: a grant or a policy refused the statement.
INSUFFICIENT_PRIVILEGE = "42501"


def refusal_of(exc: Exception) -> str | None:
    """What the server said when it refused ``exc``'s statement for want of rights; else None."""
    if getattr(getattr(exc, "orig", None), "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
        return None
    return server_reason(exc)


#: CrisisApp's own refusal of a row of another municipality (the function crisisapp_toegestaan of migration 0017,
#: which sets its words in the schema and names the table and the row's municipality only in them).
_OTHERS_ROW = re.compile(
    r"CrisisApp: (?P<role>.+) mag in de tabel (?P<table>\w+) alleen wijzigen wat van de eigen gemeente is, "
    r"niet van (?P<municipality>.+)"
)


def _said_first(exc: Exception) -> str:
    """The server's own message of ``exc``, without its detail, hint or context: psycopg's diagnostics."""
    primary = getattr(getattr(getattr(exc, "orig", None), "diag", None), "message_primary", None)
    return str(primary).strip() if primary else server_reason(exc)


def refusal(exc: Exception, name: str, access: Access | None = None) -> NoRightError | None:
    """The Dutch message for a statement the server refused for want of rights, in the user's words, naming what
    and (``access``: the logged-in role) whose it is; else None. What the server said goes to the log only."""
    if refusal_of(exc) is None:
        return None
    from crisisapp.models import load_all
    from crisisapp.storage.ownership import MUNICIPALITIES
    from crisisapp.storage.roles import Owned, others_record, refused_table

    said = _said_first(exc)
    log.warning("De databaseserver %s weigert een wijziging: %s", name, said)
    others = _OTHERS_ROW.fullmatch(said)
    table = others["table"] if others else refused_table(said)
    tables = load_all().tables
    what = f" in ‘{tables[table].info.get('label', table) if table in tables else table}’" if table else ""
    you = (
        f" U bent aangemeld als medewerker van {access.municipality}."
        if access is not None and access.kind == "medewerker" and access.municipality
        else ""
    )
    if others and (owner := others["municipality"]) in MUNICIPALITIES:
        return NoRightError(
            f"{others_record(Owned(f'Wat u wijzigt{what}', owner), access)}. Er is niets veranderd.",
            others_record(Owned(f"wat het wijzigt{what}", owner)),
        )
    return NoRightError(
        f"U heeft geen recht op deze wijziging{what}: uw rol bij deze database laat het niet toe.{you} "
        "Er is niets veranderd.",
        f"geen recht op deze wijziging{what} (uw rol bij deze database laat het niet toe)",
    )


def server_storage_error(exc: Exception, name: str, access: Access | None = None) -> CrisisAppError:
    """The Dutch message for a change the server did not store (``access``: the logged-in role, as the refusal of a
    right names it)."""
    from crisisapp.storage.database import StorageError

    if (refused := refusal(exc, name, access)) is not None:
        return refused
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        reason = "De verbinding met de databaseserver is verbroken. Probeer het opnieuw."
    else:
        reason = f"De databaseserver meldt: {server_reason(exc)}."
    return StorageError(f"De wijziging is niet opgeslagen; er is niets half opgeslagen. {reason} ({name})")


def _engine(url: URL) -> Engine:
    return create_engine(
        url,
        pool_pre_ping=True,  # a connection the server closed (a restart) is replaced before use
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": APPLICATION_NAME,
            "options": f"-c statement_timeout={STATEMENT_LIMIT_MS}",
        },
    )


_VERSION_READABLE = text("SELECT has_table_privilege('alembic_version', 'SELECT')")


def _revision(connection: Connection, tables: set[str]) -> str | None:
    if "alembic_version" not in tables:
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return str(rows[0][0]) if len(rows) == 1 else None


def schema_problems(connection: Connection) -> list[str]:
    """What in the server database's schema is not CrisisApp's current schema, in Dutch; empty when it matches."""
    expected_tables, expected_indexes = expected_schema()
    inspector = inspect(connection)
    present = set(inspector.get_table_names()) - {"alembic_version"}
    problems = [f"een onbekende tabel ({name})" for name in sorted(present - set(expected_tables))]
    problems += [f"een view ({name}) die CrisisApp niet heeft gemaakt" for name in sorted(inspector.get_view_names())]
    triggers = connection.execute(
        text(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
        )
    ).scalars()
    problems += [f"een trigger ({name}) die CrisisApp niet heeft gemaakt" for name in sorted(triggers)]
    problems += [f"de tabel {name} ontbreekt" for name in sorted(set(expected_tables) - present)]
    indexes: set[str] = set()
    for name in sorted(set(expected_tables) & present):
        columns = {column["name"] for column in inspector.get_columns(name)}
        if columns != expected_tables[name]:
            problems.append(f"de tabel {name} heeft andere kolommen dan CrisisApp verwacht")
        # A unique constraint's index is the constraint's, not one of the models' indexes.
        indexes |= {str(i["name"]) for i in inspector.get_indexes(name) if "duplicates_constraint" not in i}
    problems += [f"een onbekende index ({name})" for name in sorted(indexes - expected_indexes)]
    problems += [f"de index {name} ontbreekt" for name in sorted(expected_indexes - indexes)]
    problems += [
        f"de verwijzing {name} van {table} kan niet worden uitgesteld" for table, name in not_deferrable(connection)
    ]
    return problems


#: Every sequence of the schema with the table and column whose numbers it hands out.
_SEQUENCES = text(
    "SELECT s.relname, t.relname, a.attname FROM pg_depend d "
    "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
    "JOIN pg_class t ON t.oid = d.refobjid "
    "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
    "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()"
)


def _align_sequences(connection: Connection) -> None:
    """Let every id sequence continue after the highest id present: migrations seed rows with ids of their own
    (the teams, the checklist templates), which SQLite counts on from but a PostgreSQL sequence does not see."""
    quote = connection.dialect.identifier_preparer.quote
    for sequence, table, column in connection.execute(_SEQUENCES).all():
        connection.execute(
            text(
                f"SELECT setval(:sequence, COALESCE((SELECT max({quote(column)}) FROM {quote(table)}), 0) + 1, false)"
            ),
            {"sequence": quote(sequence)},
        )


def upgrade_server(connection: Connection, name: str, target: str = "head") -> None:
    """Bring the schema to HEAD (tests: ``target``) inside the caller's transaction: PostgreSQL rolls DDL back too,
    so a failing migration, or a result that is not exactly the models' schema, changes nothing."""
    from alembic import command
    from alembic.config import Config

    from crisisapp.storage.database import MIGRATIONS

    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
    # A migration rewrites whole tables: the limit of a user's statement is not for it.
    connection.execute(text("SET LOCAL statement_timeout = 0"))
    # Alembic makes version_num VARCHAR(32), shorter than some revision names; SQLite never minded.
    connection.execute(
        text(
            "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(128) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
    )
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, target)
    make_foreign_keys_deferrable(connection)
    _align_sequences(connection)
    problems = schema_problems(connection) if target == "head" else []
    if problems:
        raise ServerDatabaseError(
            f"De upgrade van {name} is afgebroken: het resultaat is geen gave CrisisApp-database "
            f"({'; '.join(problems[:3])}). Er is niets gewijzigd."
        )


def _refusal(url: URL, tables: set[str], revision: str | None) -> str | None:
    """Why a start must not use the server database as it is (before any upgrade), or None. The command it names
    is for a beheerder: without the user's own role in its address (libpq then takes the beheerder's login)."""
    name, theirs = shown(url), for_beheerder(url)
    if not tables:
        return (
            f"De serverdatabase {name} is leeg. Een beheerder maakt de tabellen eenmalig aan met "
            f"‘crisisapp init --db {theirs}’."
        )
    if revision is None:
        return f"De serverdatabase {name} is geen CrisisApp-database: er staan tabellen van een ander programma in."
    if revision not in REVISIONS:
        return (
            f"De serverdatabase {name} heeft een nieuwer schema (schemaversie {revision}) dan deze versie van "
            f"CrisisApp ({__version__}, schemaversies tot en met {HEAD}) kent. Werk CrisisApp bij."
        )
    if revision != HEAD:
        return (
            f"De serverdatabase {name} heeft een ouder schema (schemaversie {revision}) dan deze versie van "
            f"CrisisApp ({HEAD}). Er is niets gewijzigd. {_UPGRADE.format(theirs)}"
        )
    return None


_UPGRADE = (
    "Een beheerder werkt het schema eenmalig bij met ‘crisisapp upgrade --db {0}’; sluit daarvoor CrisisApp op alle "
    "computers die deze database gebruiken."
)


def reach_server(location: str, password: str | None = None) -> URL:
    """The address of ``location`` (with ``password``), once the server has let it in; its schema is not looked at
    (a restore goes into an empty database). Refused as :func:`open_server` refuses a connection."""
    url = server_url(location)
    if password is not None:
        url = url.set(password=password)
    engine = _engine(url)
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        raise connection_refusal(exc, url) from exc
    finally:
        engine.dispose()
    return url


def open_server(location: str, *, upgrade: bool = False, password: str | None = None) -> ServerDatabase:
    """Open the server database at ``location``, refused unless its schema is CrisisApp's current one.

    ``upgrade`` (``crisisapp init`` and ``upgrade``): create the schema in an empty database, or bring an
    older one to the current revision, in one transaction, first. ``password`` (from a prompt or the keyring)
    goes before one in the address; without either, libpq's PGPASSWORD and .pgpass still count.
    """
    url = server_url(location)
    if password is not None:
        url = url.set(password=password)
    name = shown(url)
    engine = _engine(url)
    try:
        with engine.begin() as connection:
            kept_out.reopen_abandoned(connection, name)
            tables = set(inspect(connection).get_table_names())
            if "alembic_version" in tables and not connection.execute(_VERSION_READABLE).scalar():
                # The rights of CrisisApp's roles came with schema version 0017: a dump of before was restored.
                raise ServerDatabaseError(
                    f"De serverdatabase {name} heeft een schema dat uw rol niet mag lezen: waarschijnlijk is er een "
                    "back-up van een oudere versie van CrisisApp teruggezet. Er is niets gewijzigd. "
                    + _UPGRADE.format(for_beheerder(url))
                )
            revision = _revision(connection, tables)
            refusal = _refusal(url, tables, revision)
            if upgrade and (refusal is None or not tables or revision in REVISIONS[:-1]):
                upgrade_server(connection, name)
            elif refusal is not None:
                raise ServerDatabaseError(refusal)
            elif problems := schema_problems(connection):
                raise ServerDatabaseError(
                    f"De serverdatabase {name} is geen gave CrisisApp-database: ze bevat "
                    f"{'; '.join(problems[:3])}{' en meer' if len(problems) > 3 else ''}. Ze wordt niet gebruikt."
                )
            access = _access(connection, name)
    except CrisisAppError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        if upgrade and refusal_of(exc) is not None:
            raise ServerDatabaseError(
                f"Het schema van {name} kan alleen worden aangemaakt of bijgewerkt door de eigenaar van de tabellen "
                f"(het account dat ‘crisisapp init’ deed) of een beheerder van de server ({server_reason(exc)}). "
                "Er is niets gewijzigd."
            ) from exc
        raise connection_refusal(exc, url) from exc
    return ServerDatabase(url, engine, sessionmaker(engine, expire_on_commit=False), revision, access)


def _access(connection: Connection, name: str) -> Access:
    """The logged-in role and its rights; refused when the rights are gone (migration 0017 sets them)."""
    if connection.execute(text("SELECT to_regproc('crisisapp_gemeente')")).scalar() is None:
        raise ServerDatabaseError(
            f"In de serverdatabase {name} ontbreken de rollen en rechten van CrisisApp, die bij haar schemaversie "
            "horen: ze zijn er met de hand uit verwijderd. Zet een back-up terug. Er is niets gewijzigd."
        )
    return read_access(connection)
