"""AppContext: what the app works with (database, clock, change listeners), passed in, never global."""

import sqlite3
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crisisapp.errors import CrisisAppError, ReadOnlyError
from crisisapp.files import refuse_protected_output
from crisisapp.reports.printed import Printed
from crisisapp.services.commands import Command, Done
from crisisapp.services.versions import ChangedMeanwhileError, Loaded, check_loaded, first_changed
from crisisapp.storage.audit import ACTION_KEY, AT_KEY, USER_KEY, current_user, rows_writing, touched_tables
from crisisapp.storage.backup import (
    AUTOMATIC_INTERVAL,
    MANUAL,
    backup_into_folder,
    configured_folder,
    protected_paths,
    quick_check_ok,
)
from crisisapp.storage.database import Database, compact, sqlite_error_code, storage_error
from crisisapp.storage.ownership import HOME, MUNICIPALITY_KEY
from crisisapp.storage.server import ChangeFeed, ServerDatabase, announce, server_storage_error
from crisisapp.timeutil import utcnow

if TYPE_CHECKING:
    from crisisapp.services.offline import OfflineMark
    from crisisapp.storage.roles import Access

ChangeListener = Callable[[frozenset[str]], None]
P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


class NotForServerError(CrisisAppError):
    """Something only a database file has (a backup folder, a file check), asked of a server database."""


class DatabaseReplacedError(CrisisAppError):
    """A change asked of a server database that a restore replaced since it was read: what it starts from is gone."""


class ReadWroteError(RuntimeError):
    """A read passed to :meth:`AppContext.call` changed the database: a bug, never shown as a user's error."""


@dataclass
class AppContext:
    database: Database | ServerDatabase
    clock: Callable[[], datetime] = utcnow
    user: str = field(default_factory=current_user)
    #: Told (in Dutch) when an automatic backup fails; the change itself was saved.
    on_backup_problem: Callable[[str], None] | None = None
    last_backup: datetime | None = None
    _listeners: list[ChangeListener] = field(default_factory=list)
    #: This context's changes, as other app instances on the same server database hear of them.
    origin: str = field(default_factory=lambda: uuid.uuid4().hex)
    _feed: ChangeFeed | None = None
    #: Whether the database is an offline copy: its mark, once looked at (a tuple, so that None can be cached).
    _offline: "tuple[OfflineMark | None] | None" = None

    def __post_init__(self) -> None:
        if isinstance(self.database, ServerDatabase):
            # Who logged in to the server, not the laptop's account: the server refuses audit rows naming another.
            self.user = self.database.access.role
        elif (mark := self.offline_mark()) is not None and (role := mark.role()) is not None:
            self.user = role  # in the field as on the server: an offline copy's changes are made by its role

    @property
    def access(self) -> "Access | None":
        """Who the user is on the server: the role logged in to a server database, or the one an offline copy was made
        for (as its mark says); None for a database file, whose one user may do everything."""
        if isinstance(self.database, ServerDatabase):
            return self.database.access
        mark = self.offline_mark()
        return mark.access if mark is not None else None

    @property
    def municipality(self) -> str:
        """The municipality the records made here belong to: the user's role's on a server and in an offline copy
        (as on the server it goes to), else Maassluis."""
        access = self.access
        return access.own_municipality if access is not None else HOME

    @property
    def works_on(self) -> str | None:
        """The municipality whose records are this user's work (Vandaag lists those): their role's on a server and
        in an offline copy; None on a database file and for a beheerder (every municipality's)."""
        access = self.access
        return access.municipality if access is not None else None

    def printed(self) -> Printed:
        """A document printed now by this user: with the moment and their municipality in its header."""
        return Printed(self.now(), self.municipality)

    @property
    def may_write(self) -> bool:
        """Whether the user may change anything at all (not so for a server role that only reads, nor in an offline
        copy made for one)."""
        return self.read_only_reason() is None

    def read_only_reason(self) -> str | None:
        """Why the user can change nothing here, in Dutch; None when they may change something."""
        if isinstance(self.database, ServerDatabase):
            if self.database.access.may_write:
                return None
            return (
                f"U bent bij {self.database.name} aangemeld als {self.database.access.describe()}: u kunt alles "
                "bekijken wat uw rol toelaat, maar niets wijzigen. Vraag een beheerder als u meer rechten nodig hebt."
            )
        mark = self.offline_mark()
        return mark.read_only_reason() if mark is not None else None

    def refusal(self, kind: type[Command[Any]]) -> str | None:
        """Why the user cannot run commands of ``kind`` here, in Dutch (a role that only reads; in an offline copy,
        anything but a field record, and a field record its role may never make on the server); None when they
        can."""
        if (reason := self.read_only_reason()) is not None:
            return reason
        if (mark := self.offline_mark()) is not None:
            from crisisapp.services.offline_sync import refusal

            return refusal(kind, mark)
        return None

    def call(self, query: Callable[Concatenate[Session, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run a read of the services in a transaction of its own; an edit goes through :meth:`execute`.

        A function that writes is refused (a programming error) and nothing of it is kept: every change must
        be a command, so that it is audited under its action and can be undone.
        """

        def read(session: Session) -> R:
            result = query(session, *args, **kwargs)
            session.flush()
            if touched_tables(session):
                raise ReadWroteError(
                    f"{getattr(query, '__qualname__', query)} schreef in {sorted(touched_tables(session))}"
                )
            return result

        return self._transaction(getattr(query, "__name__", "lezen"), read)

    def execute(self, command: Command[R], expect: Iterable[Loaded] = ()) -> Done[R]:
        """Run a user's command in one transaction under its audit label; its result and its inverse.

        ``expect``: the rows as the user's form or list showed them (:func:`~crisisapp.services.versions.shown`);
        when another user changed or deleted one since, the command is refused (ChangedMeanwhileError, naming who
        and when; listeners hear of those rows' tables, so that the pages show them as they are now). Listeners
        hear once which tables it changed. A refused command (DomainError) or a failure to store (StorageError, in
        Dutch) leaves nothing of it behind.
        """
        if (reason := self.read_only_reason()) is not None:
            raise ReadOnlyError(reason)
        if self.database_replaced:
            raise self._replaced_refusal()
        if (mark := self.offline_mark()) is not None:
            from crisisapp.services.offline_sync import admit

            command = admit(command, mark)  # only field records, each with its journal entry
        expected = tuple(expect)

        def run(session: Session) -> Done[R]:
            check_loaded(session, expected)
            return command.run(session)

        try:
            done = self._transaction(command.title(), run)
        except ChangedMeanwhileError as exc:  # the pages show the row as it is now (an undo's too)
            self._tell_listeners(frozenset({exc.table, *(row.table for row in expected)}))
            raise
        if command.compacts and isinstance(self.database, Database):
            try:
                compact(self.database)
            except SQLAlchemyError as exc:
                raise self._storage_error(exc) from exc
        return done

    def _replaced_refusal(self) -> DatabaseReplacedError:
        return DatabaseReplacedError(
            f"Terwijl CrisisApp open stond, zijn de gegevens van {self.name} vervangen door een teruggezette "
            "back-up (crisisapp restore). Deze wijziging is niet opgeslagen: ze ging uit van gegevens die er niet "
            "meer zijn. Zodra u dit venster sluit, laadt CrisisApp de teruggezette gegevens; kijk dan of de "
            "wijziging nog nodig is."
        )

    def _storage_error(self, exc: SQLAlchemyError) -> CrisisAppError:
        if isinstance(self.database, ServerDatabase):
            return server_storage_error(exc, self.database.name, self.database.access)
        return storage_error(exc, self.database.path)

    def _transaction(self, label: str, body: Callable[[Session], T]) -> T:
        writing: list[tuple[str, tuple[Any, ...], int]] = []
        try:
            with self.database.sessions.begin() as session:
                session.info.update(
                    {ACTION_KEY: label, USER_KEY: self.user, AT_KEY: self.now(), MUNICIPALITY_KEY: self.municipality}
                )
                try:
                    result = body(session)
                    session.flush()
                except SQLAlchemyError:
                    writing = list(rows_writing(session))
                    raise
                touched = frozenset(touched_tables(session))
                if touched:
                    self.database.ensure_in_place()
                    if isinstance(self.database, ServerDatabase):
                        # A restore's notice reaches no window while its connections are down (the restore ended
                        # them): the change's own transaction looks whether the tables are still those it read.
                        if self._feed is not None and self._feed.replaced_under(session.connection()):
                            raise self._replaced_refusal()
                        announce(session, self.origin, touched)
        except SQLAlchemyError as exc:
            if isinstance(exc, StaleDataError) or sqlite_error_code(exc) == sqlite3.SQLITE_BUSY_SNAPSHOT:
                # Another app instance changed a row between this transaction's read and its write.
                refusal = self._changed_meanwhile(writing)
                if refusal is not None:
                    raise refusal from exc
            raise self._storage_error(exc) from exc
        if touched:
            self._tell_listeners(touched)
            self._automatic_backup()
        return result

    def _tell_listeners(self, tables: frozenset[str]) -> None:
        for listener in list(self._listeners):
            listener(tables)

    def _changed_meanwhile(self, writing: list[tuple[str, tuple[Any, ...], int]]) -> ChangedMeanwhileError | None:
        """Which of the rows a failed write loaded has been changed since, by whom and when, as a refusal."""
        try:
            with self.database.sessions() as session:
                return first_changed(session, writing)
        except SQLAlchemyError:
            return None

    def offline_mark(self) -> "OfflineMark | None":
        """The mark of an offline copy (services/offline.py), or None for any other database."""
        if self._offline is None:
            if isinstance(self.database, ServerDatabase):
                self._offline = (None,)
            else:
                from crisisapp.services.offline import offline_mark

                # Not through call(): every transaction asks the mark whose municipality it records for.
                try:
                    with self.database.sessions() as session:
                        self._offline = (offline_mark(session),)
                except SQLAlchemyError as exc:
                    raise self._storage_error(exc) from exc
        return self._offline[0]

    @property
    def name(self) -> str:
        """The database as a user knows it: its file, or its server address without a password."""
        return str(self.database.path) if isinstance(self.database, Database) else self.database.name

    def file(self) -> Path:
        """The database file; a server database has none (backups, file checks): refused in Dutch."""
        if isinstance(self.database, ServerDatabase):
            raise NotForServerError(
                f"Dit kan alleen bij een databasebestand. {self.database.name} is een serverdatabase: een back-up "
                "daarvan maakt u met Bestand → Back-up maken (of crisisapp backup); terugzetten doet een beheerder "
                "met crisisapp restore, en de server controleert zijn eigen gegevens."
            )
        return self.database.path

    def backup_folder(self) -> Path:
        """Where the backups go: the folder set in the database, else ``back-ups`` beside it."""
        return configured_folder(self.file())

    def output_path(self, path: Path) -> Path:
        """``path`` resolved for a file the user writes (an export, a PDF); refused (:class:`CrisisAppError`) when
        it is this database, a file that belongs to it, or lies in its backup folder."""
        if isinstance(self.database, ServerDatabase):
            return refuse_protected_output(path, frozenset(), frozenset())
        files, folders = protected_paths(self.database.path)
        return refuse_protected_output(path, files, folders)

    def backup_now(self, reason: str = MANUAL) -> Path:
        """A verified backup in the backup folder (which is then thinned)."""
        path = backup_into_folder(self.file(), self.backup_folder(), self.now(), reason)
        self.last_backup = self.now()
        return path

    def _automatic_backup(self) -> None:
        """At most every 30 minutes while changes are made; a server database is backed up by its server."""
        if isinstance(self.database, ServerDatabase):
            return
        if self.last_backup is not None and self.now() - self.last_backup < AUTOMATIC_INTERVAL:
            return
        try:
            self.backup_now("wijzigingen")
        except CrisisAppError as exc:
            self.last_backup = self.now()  # do not retry on every keystroke; say so once
            if self.on_backup_problem is not None:
                self.on_backup_problem(str(exc))

    def now(self) -> datetime:
        return self.clock()

    def watch_other_instances(self) -> None:
        """From now on :meth:`hear_other_instances` tells of the changes of other app instances (a server
        database; a file has one writer)."""
        if isinstance(self.database, ServerDatabase) and self._feed is None:
            self._feed = ChangeFeed(self.database.url, self.origin)

    @property
    def database_replaced(self) -> bool:
        """Whether a restore (``crisisapp restore --replace``) replaced the data of the server database since this
        context began to watch it: what was read before is gone, and so are the rows its undo history points at."""
        return self._feed is not None and self._feed.replaced

    def hear_other_instances(self) -> frozenset[str]:
        """Tell the listeners which tables other app instances changed since the last look; never waits. Not once a
        restore replaced the database: what they would read anew is another database's, perhaps of an older schema
        that the models do not fit; the window opens it anew as a whole instead, or says why it cannot."""
        touched = self._feed.changes() if self._feed is not None else frozenset()
        if touched and not self.database_replaced:
            for listener in list(self._listeners):
                listener(touched)
        return touched

    def add_listener(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: ChangeListener) -> None:
        self._listeners.remove(listener)

    def close(self, *, backup: bool = False) -> str | None:
        """Close the database, first backing it up when asked; a problem comes back in words."""
        problem = None
        if backup and isinstance(self.database, Database):
            if not quick_check_ok(self.database.path):
                problem = (
                    "Bij het afsluiten bleek de database niet in orde (quick_check). Er is geen back-up gemaakt, "
                    "zodat de goede back-ups bewaard blijven. Kies Bestand → Database controleren, of zet een "
                    "back-up terug."
                )
            else:
                try:
                    self.backup_now("afsluiten")
                except CrisisAppError as exc:
                    problem = str(exc)
        self._listeners.clear()
        if self._feed is not None:
            self._feed.close()
            self._feed = None  # a window's timer that still asks hears nothing, and connects nowhere anew
        self.database.close()
        return problem
