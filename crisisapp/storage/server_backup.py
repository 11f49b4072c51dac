"""Backups of a server database: ``pg_dump --format=custom``, read back with ``pg_restore --list`` before it counts,
and put back with ``pg_restore`` in one transaction.

PostgreSQL's own tools write and read the dump; they must be at least as new as the server (an older pg_dump
refuses a newer server, and an older pg_restore cannot read its dumps). The password goes to them in their
environment (PGPASSWORD), never on their command line, where other users of the computer could read it.
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from crisisapp.dutch import counted
from crisisapp.errors import CrisisAppError, os_reason
from crisisapp.storage import kept_out
from crisisapp.storage.backup import unused_name
from crisisapp.storage.database import create_private_file, make_private_folder
from crisisapp.storage.revision import HEAD, REVISIONS
from crisisapp.storage.schema import expected_schema
from crisisapp.storage.server import (
    CONNECT_TIMEOUT_S,
    RESTORED,
    ServerDatabaseError,
    announce,
    open_server,
    refusal_of,
    server_reason,
    shown,
)
from crisisapp.timeutil import format_datetime

SUFFIX = ".dump"
#: Where PostgreSQL's tools live besides the PATH: Debian keeps one folder per major version, Windows too.
TOOL_FOLDERS = (Path("/usr/lib/postgresql"), Path("C:/Program Files/PostgreSQL"))


class ServerBackupError(CrisisAppError):
    """A backup of a server database that could not be made or put back; the database was left as it was."""


def _major(tool: Path) -> int | None:
    try:
        done = subprocess.run([str(tool), "--version"], capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return None
    found = re.search(r"\)\s+(\d+)", done.stdout)
    return int(found[1]) if found else None


def _children(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def pg_tool(name: str, server_major: int) -> Path:
    """The newest ``pg_dump`` or ``pg_restore`` on this computer, refused when it is older than the server."""
    suffix = ".exe" if sys.platform == "win32" else ""
    on_path = [Path(folder) for folder in os.environ.get("PATH", "").split(os.pathsep) if folder]
    candidates = {folder / f"{name}{suffix}" for folder in on_path}
    candidates |= {version / "bin" / f"{name}{suffix}" for folder in TOOL_FOLDERS for version in _children(folder)}
    versions = [(major, tool) for tool in candidates if tool.is_file() and (major := _major(tool)) is not None]
    if not versions:
        raise ServerBackupError(
            f"{name} is niet gevonden op deze computer; zonder kan CrisisApp geen back-up van een serverdatabase "
            f"maken of terugzetten. Installeer de clientprogramma's van PostgreSQL {server_major} of nieuwer "
            f"(Debian/Ubuntu: postgresql-client-{server_major}; Windows: de installatie van PostgreSQL)."
        )
    major, tool = max(versions)
    if major < server_major:
        raise ServerBackupError(
            f"{name} op deze computer is van PostgreSQL {major}, de server van PostgreSQL {server_major}: een "
            f"ouder {name} kan dat niet. Installeer de clientprogramma's van PostgreSQL {server_major} of nieuwer "
            f"(Debian/Ubuntu: postgresql-client-{server_major})."
        )
    return tool


def server_major(url: URL) -> int:
    """The major version of the server at ``url`` (15 for 15.4)."""
    engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    try:
        with engine.connect() as connection:
            number = connection.execute(text("SELECT current_setting('server_version_num')::int")).scalar_one()
            return int(number) // 10000
    except SQLAlchemyError as exc:
        raise ServerBackupError(f"De server van {shown(url)} antwoordt niet ({server_reason(exc)}).") from exc
    finally:
        engine.dispose()


def _refuse_partial(url: URL) -> None:
    """Refuse a backup by a role that does not see everything (a medewerker, alleen lezen): its dump would lack
    what the role may not see, and so would a database restored from it."""
    engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    try:
        with engine.connect() as connection:
            if connection.execute(text("SELECT to_regprocedure('crisisapp_is_beheerder()')")).scalar() is None:
                return  # a database from before the access rules: every role sees everything
            role, everything = connection.execute(text("SELECT session_user, crisisapp_is_beheerder()")).one()
    except SQLAlchemyError as exc:
        raise ServerBackupError(f"De server van {shown(url)} antwoordt niet ({server_reason(exc)}).") from exc
    finally:
        engine.dispose()
    if not everything:
        raise ServerBackupError(
            f"Een back-up van {shown(url)} maakt een beheerder: {role} ziet niet alle gegevens, dus de back-up zou "
            "onvolledig zijn. Er is niets geschreven."
        )


def _run(tool: Path, arguments: list[str], url: URL, what: str) -> str:
    """Run a PostgreSQL tool on ``url`` (its address without password, the password in its environment)."""
    environment = dict(os.environ, PGCONNECT_TIMEOUT=str(CONNECT_TIMEOUT_S), PGAPPNAME="CrisisApp")
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    address = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    command = [str(tool), *[argument.replace("{address}", address) for argument in arguments]]
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    except OSError as exc:
        raise ServerBackupError(f"{what} is mislukt: {tool.name} start niet ({os_reason(exc)}).") from exc
    if done.returncode != 0:
        said = [line for line in done.stderr.splitlines() if line.strip()][:3]
        raise ServerBackupError(f"{what} is mislukt; {tool.name} meldt: {' '.join(said) or done.returncode}.")
    return done.stdout


@dataclass(frozen=True, slots=True)
class _Dumped:
    """What a dump holds: the schema revision and the tables."""

    revision: str
    tables: frozenset[str]


def _dumped(restore_tool: Path, dump: Path, url: URL) -> _Dumped:
    """The schema revision and the tables in the dump ``dump``; refused when it is no dump of a CrisisApp database."""
    what = f"Het lezen van {dump}"
    listing = _run(restore_tool, ["--list", str(dump)], url, what)
    if not re.search(r"TABLE DATA \S+ alembic_version ", listing):
        raise ServerBackupError(f"{dump} is geen back-up van een CrisisApp-serverdatabase; er is niets gewijzigd.")
    data = _run(restore_tool, ["--data-only", "--table=alembic_version", "--file=-", str(dump)], url, what)
    rows = re.search(r"^COPY \S*alembic_version \(version_num\) FROM stdin;\n(.*?)\n\\\.$", data, re.M | re.S)
    if rows is None or len(rows[1].splitlines()) != 1:
        raise ServerBackupError(f"{dump} heeft geen schemaversie; er is niets gewijzigd.")
    return _Dumped(rows[1], frozenset(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing, re.M)))


def backup_target(url: URL, folder: Path, now: datetime) -> Path:
    """A new file in ``folder`` named after the database and the moment: ``crisisapp-20270328-101500.dump``."""
    return unused_name(folder, now, lambda stamp: f"{url.database}-{stamp}{SUFFIX}")


def backup_server(url: URL, target: Path) -> Path:
    """Write a verified pg_dump (custom format) of the server database at ``url`` to ``target``."""
    major = server_major(url)
    _refuse_partial(url)
    dump_tool, restore_tool = pg_tool("pg_dump", major), pg_tool("pg_restore", major)
    try:
        make_private_folder(target.parent)
    except OSError as exc:
        raise ServerBackupError(f"De map {target.parent} is niet bruikbaar: {os_reason(exc)}.") from exc
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    what = f"De back-up van {shown(url)}"
    try:
        # The dump holds everyone's personal data: pg_dump writes into a file that is its owner's only from the
        # start (it truncates an existing file and keeps its mode), never one the umask leaves readable to others.
        temporary.unlink(missing_ok=True)
        create_private_file(temporary)
        # A beheerder is bound by the row-level security that lets them see everything (only the tables' owner is
        # not): pg_dump reads through the policies instead of refusing the tables that have them.
        arguments = ["--format=custom", "--enable-row-security", f"--file={temporary}", "--dbname={address}"]
        _run(dump_tool, arguments, url, what)
        revision = _dumped(restore_tool, temporary, url).revision
        if revision not in REVISIONS:
            raise ServerBackupError(f"{what} is mislukt: de database heeft een onbekende schemaversie {revision}.")
        temporary.replace(target)
    except OSError as exc:
        raise ServerBackupError(f"{what} naar {target} is mislukt: {os_reason(exc)}.") from exc
    finally:
        temporary.unlink(missing_ok=True)
    return target


#: The option that ends the other sessions on a database before a restore replaces its data.
DISCONNECT_OPTION = "--disconnect-others"
#: How long the sessions ended get to go before the restore gives up, changing nothing.
ENDING_S = 10.0
#: The sessions of users on this database but this one: not the server's own workers (autovacuum), nor the helpers
#: of a session's parallel query. A role without pg_read_all_stats sees another role's sessions without details.
_OTHER_SESSIONS = text(
    "SELECT pid, usename, host(client_addr), backend_start, application_name FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid() AND usesysid IS NOT NULL "
    "AND coalesce(backend_type, 'client backend') = 'client backend' ORDER BY backend_start, pid"
)


@dataclass(frozen=True, slots=True)
class OtherSession:
    """Someone connected to a server database (pg_stat_activity): its role, from where, since when, with what."""

    pid: int
    role: str
    address: str | None  # None: through the server's own socket, or not to be seen by this role
    since: datetime | None  # None: not to be seen by this role
    program: str

    def describe(self) -> str:
        """In Dutch: "jan vanaf 10.0.0.5, sinds do 26-11-2026 12:00 (CrisisApp 1.0)"."""
        if self.since is None:
            return f"{self.role} (vanaf waar en sinds wanneer mag uw rol niet zien)"
        where = f"vanaf {self.address}" if self.address else "op de server zelf"
        return f"{self.role} {where}, sinds {format_datetime(self.since)}" + (
            f" ({self.program})" if self.program else ""
        )


def described(sessions: Sequence[OtherSession]) -> list[str]:
    """``sessions`` in Dutch, one line per user, place and program: an app window holds more than one connection
    (its queries and its change feed), which would otherwise read as more people ("…, 2 verbindingen")."""
    groups: dict[tuple[str, str | None, str], list[OtherSession]] = {}
    for session in sessions:
        groups.setdefault((session.role, session.address, session.program), []).append(session)
    return [
        group[0].describe() + (f", {len(group)} verbindingen" if len(group) > 1 else "") for group in groups.values()
    ]


def other_sessions(connection: Connection) -> tuple[OtherSession, ...]:
    """Who else is connected to the database of ``connection`` now (autocommit: pg_stat_activity is read anew)."""
    return tuple(
        OtherSession(pid, str(role), address, since, program or "")
        for pid, role, address, since, program in connection.execute(_OTHER_SESSIONS)
    )


def _end_sessions(connection: Connection, sessions: Sequence[OtherSession], name: str) -> None:
    """End ``sessions`` (pg_terminate_backend) and wait until they are gone; refused in Dutch when the role may not."""
    try:
        for session in sessions:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": session.pid})
    except SQLAlchemyError as exc:
        if refusal_of(exc) is None:
            raise
        raise ServerBackupError(
            f"U mag de verbinding van {session.role} met {name} niet beëindigen ({server_reason(exc)}); dat mag een "
            "superuser, een lid van pg_signal_backend, of die rol zelf. Er is niets teruggezet."
        ) from exc
    pids = [session.pid for session in sessions]
    deadline = time.monotonic() + ENDING_S
    left = text("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(:pids)")
    while connection.execute(left, {"pids": pids}).scalar_one():
        if time.monotonic() > deadline:
            raise ServerBackupError(
                f"De verbindingen met {name} zijn na {ENDING_S:.0f} seconden nog niet beëindigd; er is niets "
                "teruggezet. Probeer het opnieuw."
            )
        time.sleep(0.1)


def _refusal_for(sessions: Sequence[OtherSession], name: str) -> ServerBackupError:
    others = counted(len(sessions), "andere verbinding", "andere verbindingen")
    lines = "".join(f"\n  {line}" for line in described(sessions))
    return ServerBackupError(
        f"Er {'is' if len(sessions) == 1 else 'zijn'} nog {others} met {name}; er is niets gewijzigd. Terugzetten "
        f"vervangt de gegevens waarmee zij werken:{lines}\nSluit CrisisApp op die computers, of beëindig deze "
        f"verbindingen met {DISCONNECT_OPTION} (de vensters van CrisisApp melden dan dat de database is vervangen en "
        "laden de teruggezette gegevens)."
    )


#: Each entry of the database's access list (pg_database.datacl; the default one while none was set) that lets a role
#: connect: its grantee (NULL: PUBLIC) and whether it may grant that on; in the list's order, so that granted again in
#: this order, entries that lose all they hold come back in the order they had.
_CONNECT_GRANTS = text(
    "SELECT CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END, a.is_grantable "
    "FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) WITH ORDINALITY "
    "a(grantor, grantee, privilege_type, is_grantable, n) "
    "WHERE d.datname = current_database() AND a.privilege_type = 'CONNECT' ORDER BY a.n"
)
#: Whether this role may change who connects to the database (a superuser, the database's owner or a member of it),
#: whether it is a superuser (whom nothing keeps out), and whether the access list names it.
_MAY_KEEP_OUT = text(
    f"SELECT {kept_out.MAY_CHANGE_GRANTS}, r.rolsuper, "
    "current_user IN (SELECT pg_get_userbyid(a.grantee) FROM aclexplode(coalesce(d.datacl, "
    f"acldefault('d', d.datdba))) a WHERE a.privilege_type = 'CONNECT') {kept_out.THIS_DATABASE}"
)
#: The roles that could still log in to the database: not superusers (no grant keeps them out), nor this one.
_STILL_ADMITTED = text(
    "SELECT rolname FROM pg_roles WHERE rolcanlogin AND NOT rolsuper AND rolname <> current_user "
    "AND has_database_privilege(oid, current_database(), 'CONNECT') ORDER BY rolname"
)


@contextmanager
def _raising_on_termination() -> Iterator[None]:
    """Within: SIGTERM and SIGHUP (a closed terminal, a service stopped) end the process as Ctrl+C does, through
    the ``finally`` clauses, instead of at once; only in the main thread, where Python handles signals."""
    if sys.platform == "win32" or threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(number: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signaal {number}")

    previous = {number: signal.signal(number, interrupt) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def _others_kept_out(connection: Connection, name: str) -> Iterator[None]:
    """Within: no role but this one can connect to the database (REVOKE CONNECT from every grantee of its access
    list: PUBLIC, the app's groups, its users), so that nobody's window comes back to write into the data that is
    being replaced, or onto the restored data before it has been told; the sessions already there stay until they
    are ended. Afterwards, also when the restore fails or is interrupted, the grants are put back as they were.
    Superusers are let in regardless; refused in Dutch when this role may not change the grants (nothing changed).
    ``connection``: autocommit, this role's own, which the restore does not end."""
    may, superuser, listed = connection.execute(_MAY_KEEP_OUT).one()
    if not may:
        raise ServerBackupError(
            f"Om {name} te vervangen sluit CrisisApp de database zolang voor anderen af (REVOKE CONNECT); dat mag "
            "de eigenaar van de database of een superuser, uw rol niet. Er is niets gewijzigd."
        )
    kept, _may, comment = kept_out.state(connection)
    if kept is not None and kept.alive(connection):
        raise ServerBackupError(
            f"In {name} wordt al een back-up teruggezet (door {kept.by}, begonnen {kept.since}); wacht tot dat klaar "
            "is. Er is niets gewijzigd."
        )
    if kept is not None:  # a restore killed before it let the others back in
        kept_out.let_back_in(connection, kept)
        comment = kept.comment
    me = str(connection.execute(text("SELECT current_user")).scalar_one())
    quote = connection.dialect.identifier_preparer.quote
    database = quote(str(connection.execute(text("SELECT current_database()")).scalar_one()))
    grants = [(role, grantable) for role, grantable in connection.execute(_CONNECT_GRANTS) if role != me]
    admitted_myself = not superuser and not listed  # this role came in as one of the others (PUBLIC, a group)

    def back_in(entries: list[tuple[str | None, bool]]) -> list[str]:
        """The statements that let ``entries`` back in as they were (and this role out, if it came in as one)."""
        back = [
            f"GRANT CONNECT ON DATABASE {database} TO {_grantee(role, quote)}"
            + (" WITH GRANT OPTION" if grantable else "")
            for role, grantable in entries
        ]
        return back + ([f"REVOKE CONNECT ON DATABASE {database} FROM {quote(me)}"] if admitted_myself else [])

    # Written down first: a restore killed before it lets them back in does not keep them out for good.
    kept_out.mark(connection, back_in(grants), comment)
    revoked: list[tuple[str | None, bool]] = []
    try:
        if admitted_myself:
            connection.execute(text(f"GRANT CONNECT ON DATABASE {database} TO {quote(me)}"))
        for role, grantable in grants:
            connection.execute(text(f"REVOKE CONNECT ON DATABASE {database} FROM {_grantee(role, quote)}"))
            revoked.append((role, grantable))
        if admitted := connection.execute(_STILL_ADMITTED).scalars().all():
            raise ServerBackupError(
                f"{name} kan niet voor anderen worden afgesloten: {', '.join(admitted)} kan er nog verbinding mee "
                "maken (door een recht dat een andere rol verleende, of als lid van uw rol). Er is niets "
                "gewijzigd."
            )
        yield
    finally:
        back = back_in(revoked)
        try:
            for statement in back:
                connection.execute(text(statement))
            kept_out.unmark(connection, comment)
        except SQLAlchemyError as exc:
            raise ServerBackupError(
                f"De rechten om verbinding te maken met {name} zijn niet hersteld ({server_reason(exc)}); tot dat "
                f"gebeurt, kunnen alleen uw rol en superusers erbij. Herstel ze met: {'; '.join(back)}. (CrisisApp "
                "probeert het opnieuw zodra de eigenaar van de database het start.)"
            ) from exc


def _grantee(role: str | None, quote: Callable[[str], str]) -> str:
    return "PUBLIC" if role is None else quote(role)


def _drop_newer_tables(url: URL, dumped: frozenset[str]) -> str:
    """Drop the tables of CrisisApp that the dump lacks, which pg_restore leaves (it drops only what it restores):
    a dump of an older schema version put over a newer one would keep the newer one's tables and their rows, and
    its upgrade would then fail on them. What to add to the answer, in Dutch."""
    newer = sorted(set(expected_schema()[0]) - dumped)
    if not newer:
        return ""
    engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    try:
        with engine.begin() as connection:
            quote = connection.dialect.identifier_preparer.quote
            for table in newer:
                connection.execute(text(f"DROP TABLE IF EXISTS {quote(table)} CASCADE"))
    except SQLAlchemyError as exc:
        return (
            f" Let op: de tabellen {', '.join(newer)} van een nieuwere schemaversie zijn niet verwijderd "
            f"({server_reason(exc)}); verwijder ze vóór ‘crisisapp upgrade’."
        )
    finally:
        engine.dispose()
    return ""


def _announce_replaced(url: URL) -> str:
    """Tell the app windows on the database that its data was replaced; what to add to the answer, in Dutch."""
    engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    try:
        with engine.begin() as connection:
            announce(connection, RESTORED, frozenset(expected_schema()[0]), replaced=True)
    except SQLAlchemyError as exc:
        return (
            f" Let op: de vensters van CrisisApp die deze database open hebben, zijn niet ingelicht "
            f"({server_reason(exc)}); laat ze CrisisApp opnieuw starten."
        )
    finally:
        engine.dispose()
    return ""


def restore_server(
    url: URL, dump: Path, *, replace: bool, safety_folder: Path, now: datetime, disconnect: bool = False
) -> str:
    """Put the dump ``dump`` into the server database at ``url`` in one transaction; what was done, in Dutch.

    A database that holds tables is refused unless ``replace``, and while others are connected to it unless
    ``disconnect``, which ends their sessions first; its data is then first backed up into ``safety_folder``.
    From before that look at who is connected until the app windows on it have heard that it was replaced, nobody
    else can connect to it (superusers excepted). Afterwards the schema is checked as a start checks it.
    """
    name = shown(url)
    if not dump.is_file():
        raise ServerBackupError(f"{dump} is er niet of is geen bestand; er is niets gewijzigd.")
    major = server_major(url)
    restore_tool = pg_tool("pg_restore", major)
    dumped = _dumped(restore_tool, dump, url)
    revision = dumped.revision
    if revision not in REVISIONS:
        raise ServerBackupError(
            f"{dump} komt van een nieuwere CrisisApp (schemaversie {revision}); werk CrisisApp eerst bij. Er is niets "
            "gewijzigd."
        )
    engine = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    ended: tuple[OtherSession, ...] = ()
    safety = None
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            if tables and not replace:
                raise ServerBackupError(
                    f"De serverdatabase {name} is niet leeg ({len(tables)} tabellen); er is niets gewijzigd. Zet de "
                    "back-up terug in een lege database (createdb), of vervang de gegevens met --replace (daarvan "
                    "wordt eerst een back-up gemaakt; sluit CrisisApp dan op alle computers die deze database "
                    "gebruiken)."
                )
            # From before the look at who is connected until the windows have been told, nobody comes (back) in to
            # write into the data being replaced, or onto the restored data unwarned. Nobody works with an empty
            # database (the app refuses it): into one, the restore goes as it is.
            with _raising_on_termination(), _others_kept_out(connection, name) if tables else nullcontext():
                others = other_sessions(connection) if tables else ()
                if others and not disconnect:
                    raise _refusal_for(others, name)
                if others:
                    _end_sessions(connection, others, name)
                    ended = others
                if tables:
                    safety = backup_server(url, backup_target(url, safety_folder, now))
                clean = ["--clean", "--if-exists"] if tables else []
                _run(
                    restore_tool,
                    ["--single-transaction", "--no-owner", *clean, "--dbname={address}", str(dump)],
                    url,
                    f"Het terugzetten in {name}",
                )
                told = _drop_newer_tables(url, dumped.tables) + _announce_replaced(url)
    except SQLAlchemyError as exc:
        raise ServerBackupError(f"{name} kan niet worden gelezen ({server_reason(exc)}).") from exc
    finally:
        engine.dispose()
    done = f"Back-up {dump} teruggezet in {name} (schemaversie {revision})."
    if ended:
        done += f" Eerst beëindigd: {'; '.join(described(ended))}."
    if safety is not None:
        done += f" De vorige gegevens staan in {safety}."
    done += told
    if revision != HEAD:
        return (
            f"{done} Het schema is ouder dan dat van deze versie ({HEAD}): werk het bij met "
            f"‘crisisapp upgrade --db {name}’."
        )
    try:
        open_server(url.render_as_string(hide_password=False)).close()
    except ServerDatabaseError as exc:
        raise ServerBackupError(f"{done} Maar: {exc}") from exc
    return done
