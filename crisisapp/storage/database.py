"""Opening a CrisisApp database file: checks that refuse bad files untouched, SQLite settings, upgrades."""

import logging
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from crisisapp import __version__
from crisisapp.errors import CrisisAppError, DatabaseFileError, os_reason
from crisisapp.files import resolved
from crisisapp.storage import faults
from crisisapp.storage.location import is_network_path
from crisisapp.storage.lock import DatabaseInUseError, DatabaseLock
from crisisapp.storage.revision import HEAD, REVISIONS
from crisisapp.storage.schema import APPLICATION_ID, application_id, structure_problems

log = logging.getLogger(__name__)
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
#: The longest one SQL statement may run before SQLite is told to stop it: a damaged or hostile file must not
#: hang the app. CrisisApp's own statements take milliseconds.
STATEMENT_LIMIT_S = 30.0
#: How many SQLite virtual-machine steps pass between two looks at the clock.
PROGRESS_STEPS = 20_000
UNCHANGED = "Het bestand is niet gewijzigd."
MIGRATIONS = Path(__file__).with_name("migrations")
# What reading a damaged file can raise: SQLite's errors, and its error text when that is not UTF-8.
READ_ERRORS = (sqlite3.DatabaseError, UnicodeDecodeError)


@dataclass(frozen=True, slots=True)
class FileState:
    """What a look at a file, without changing it, tells about it."""

    exists: bool
    has_tables: bool
    revision: str | None


class ForeignFileError(DatabaseFileError):
    """A readable SQLite file that is not (or not only) what CrisisApp made: another program's, tampered with."""


class NewerSchemaError(ForeignFileError):
    """A CrisisApp database of a newer schema than this version knows."""


class StorageError(CrisisAppError):
    """The database could not store a change (disk full, read-only, file gone); nothing was saved."""


@dataclass(frozen=True)
class Database:
    """An open database file: its engine, session factory and the lock that keeps other writers out."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    lock: DatabaseLock | None = field(compare=False)  # None: opened read-only beside the process that has it
    identity: tuple[int, int]

    @cached_property
    def problems(self) -> tuple[str, ...]:
        """What SQLite's quick_check finds in the file: it opens, but the user is told. Looked at when first asked,
        not while opening: on ten years of data the check takes longer than the window needs to open, so the app
        runs it beside the window (``ui/application.py``)."""
        return quick_check_problems(self.path)

    def damage_warning(self) -> str | None:
        """In Dutch, what is wrong with the file that was opened anyway, or None (runs the check when not done)."""
        if not self.problems:
            return None
        return (
            f"De database {self.path} is beschadigd (SQLite meldt: {self.problems[0]}). Wat u ziet kan onvolledig "
            "zijn. Kies Bestand → Database controleren (of ‘crisisapp check’) en zet zo nodig een back-up terug."
        )

    def ensure_in_place(self) -> None:
        """Refuse to commit into a file that was moved, deleted or replaced while open."""
        try:
            now = self.path.stat()
        except OSError:
            now = None
        if now is None or (now.st_dev, now.st_ino) != self.identity:
            raise StorageError(
                f"Het databasebestand {self.path} is verplaatst, verwijderd of vervangen terwijl CrisisApp het "
                "gebruikte. De wijziging is niet opgeslagen. Sluit CrisisApp en open het bestand opnieuw, of zet "
                "een back-up terug."
            )

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()


_GONE = "Het databasebestand is niet meer goed bereikbaar (verwijderd, verplaatst of een schijffout)."
_DAMAGED = "Het databasebestand is beschadigd. Kies Bestand → Database controleren, of zet een back-up terug."
#: What to tell for SQLite's primary result codes; an extended code that says more is looked up first.
#: By code, not by message text: the text differs between SQLite versions and builds.
_REASONS = {
    sqlite3.SQLITE_READONLY_DBMOVED: _GONE,
    sqlite3.SQLITE_FULL: "De schijf is vol. Maak ruimte vrij en probeer het opnieuw.",
    sqlite3.SQLITE_READONLY: "Het databasebestand is alleen-lezen. Controleer de rechten op het bestand en de map.",
    sqlite3.SQLITE_BUSY: "De database is bezet door een ander programma. Probeer het over enkele seconden opnieuw.",
    sqlite3.SQLITE_LOCKED: "De database is bezet door een ander programma. Probeer het over enkele seconden opnieuw.",
    sqlite3.SQLITE_IOERR: _GONE,
    sqlite3.SQLITE_CANTOPEN: _GONE,
    sqlite3.SQLITE_CORRUPT: _DAMAGED,
    sqlite3.SQLITE_INTERRUPT: (
        f"Een databaseopdracht duurde langer dan {STATEMENT_LIMIT_S:.0f} seconden en is afgebroken. Kies Bestand → "
        "Database controleren, of zet een back-up terug."
    ),
    sqlite3.SQLITE_NOTADB: _DAMAGED,
}


def sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    """The SQLite error behind ``exc``: itself, or the driver's error that SQLAlchemy wrapped (``orig``)."""
    for candidate in (exc, getattr(exc, "orig", None), exc.__cause__):
        if isinstance(candidate, sqlite3.Error):
            return candidate
    return None


def sqlite_error_code(exc: BaseException) -> int | None:
    """SQLite's extended result code of the failure behind ``exc`` (``sqlite3.SQLITE_FULL``, …), if it has one."""
    error = sqlite_error(exc)
    return getattr(error, "sqlite_errorcode", None) if error is not None else None


def storage_error(exc: Exception, path: Path) -> StorageError:
    """The Dutch message for a failed write, naming what happened and what to do."""
    reason = dutch_reason(exc)  # by the extended code, else the primary one (its low byte)
    if reason is None:
        error = sqlite_error(exc)
        name = getattr(error, "sqlite_errorname", None)
        reason = f"De database meldt: {error if error is not None else exc}" + (f" ({name})." if name else ".")
    return StorageError(f"De wijziging is niet opgeslagen; er is niets half opgeslagen. {reason} ({path})")


class StatementClock:
    """SQLite's progress handler for one connection: stops a statement that runs longer than ``limit``."""

    def __init__(self, limit: float | None = None) -> None:
        self.limit = STATEMENT_LIMIT_S if limit is None else limit
        self.started = time.monotonic()

    def restart(self, *, bounded: bool = True) -> None:
        self.started = time.monotonic() if bounded else float("inf")

    def __call__(self) -> int:
        return 1 if time.monotonic() - self.started > self.limit else 0  # inf - started: never

    def install(self, connection: sqlite3.Connection) -> None:
        connection.set_progress_handler(self, PROGRESS_STEPS)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def configure_engine(engine: Engine, *, foreign_keys: bool = True) -> Engine:
    """Give every connection of ``engine`` the app's SQLite settings and transactional DDL.

    pysqlite opens transactions lazily and commits DDL on its own; taking over BEGIN (SQLAlchemy's
    documented recipe) makes a migration roll back as a whole when it fails halfway.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()
        # SQLite's own lower() knows only A–Z: "özdemir" would not find "Özdemir" (a search ignores case as PostgreSQL
        # does, through lower()).
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
        watch = StatementClock()
        watch.install(dbapi_connection)
        record.info["statement_clock"] = watch

    def _restart(connection: Any, *args: Any) -> None:
        watch = connection.info.get("statement_clock")
        if watch is not None:
            # An executemany (the audit rows of a large import) is one statement per row of our own schema,
            # bounded by its rows; the limit is for what could run forever: a single query.
            watch.restart(bounded=not (len(args) == 5 and args[4]))

    # Every statement, and the COMMIT that SQLAlchemy sends without a cursor, gets the whole limit.
    for name in ("before_cursor_execute", "commit", "rollback"):
        event.listen(engine, name, _restart)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def _sqlite_url(path: Path, mode: str = "rw") -> str:
    # mode=rw: a file that disappears is an error, never silently created anew and empty.
    return f"sqlite+pysqlite:///{path.as_uri()}?mode={mode}&uri=true"


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that cannot change ``path``; text that is not UTF-8 (a damaged file) reads as such.

    A write-ahead log or shared-memory file that only this look created is removed again afterwards.
    """
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    existed = [companion.exists() for companion in companions]
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    connection.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
    StatementClock().install(connection)  # one limit for the whole look
    try:
        yield connection
    finally:
        connection.close()
        for companion, was_there in zip(companions, existed, strict=True):
            if not was_there:
                with suppress(OSError):
                    if companion.name.endswith("-shm") or companion.stat().st_size == 0:
                        companion.unlink()


def quick_check_problems(path: Path) -> tuple[str, ...]:
    """SQLite's quick_check of ``path`` (the pages and their order, without the slower index checks)."""
    try:
        with read_only(path) as connection:
            rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check(10)")]
    except READ_ERRORS as exc:
        return (short_reason(exc),)
    return () if rows == ["ok"] else tuple(rows)


def integrity_problems(path: Path) -> tuple[str, ...]:
    """SQLite's integrity_check of ``path``: empty when the file is sound."""
    try:
        with read_only(path) as connection:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    except READ_ERRORS as exc:
        return (str(exc),)
    return () if rows == ["ok"] else tuple(rows)


def refuse_special_file(path: Path, what: str = "Het bestand") -> None:
    """Refuse a FIFO, device or socket before anything reads it: reading one can hang or never end."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ForeignFileError(f"{what} {path} kan niet worden gelezen: {os_reason(exc)}.") from exc
    if stat.S_ISDIR(mode):
        raise ForeignFileError(f"{what} {path} is een map, geen bestand.")
    if not stat.S_ISREG(mode):
        raise ForeignFileError(
            f"{what} {path} is geen gewoon bestand (maar een pipe, apparaat of socket) en wordt niet gelezen."
        )


def inspect_file(path: Path) -> FileState:
    """Look at ``path`` read-only; raise DatabaseFileError for anything the app must not open."""
    refuse_special_file(path)
    if not path.exists():
        return FileState(exists=False, has_tables=False, revision=None)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseFileError(f"Het bestand {path} kan niet worden gelezen: {os_reason(exc)}.") from exc
    if not header:
        raise ForeignFileError(f"Het bestand {path} is leeg en is dus geen CrisisApp-database. {UNCHANGED}")
    if header != SQLITE_HEADER:
        raise ForeignFileError(
            f"Het bestand {path} is geen SQLite-database: het begint niet zoals een databasebestand "
            f"begint. Kies een CrisisApp-databasebestand. {UNCHANGED}"
        )
    try:
        with read_only(path) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            own = application_id(connection)
            revision = None
            if "alembic_version" in tables:
                rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
                revision = str(rows[0][0]) if len(rows) == 1 else None
            known = own == APPLICATION_ID or (own == 0 and revision in REVISIONS)
            problems = structure_problems(connection, complete=revision == HEAD) if known else []
    except READ_ERRORS as exc:
        raise DatabaseFileError(
            f"Het bestand {path} kan niet als database worden gelezen; het is beschadigd of geen "
            f"SQLite-database ({short_reason(exc)}). {UNCHANGED}"
        ) from exc
    if own == APPLICATION_ID and revision not in REVISIONS:
        raise NewerSchemaError(
            f"Het bestand {path} is gemaakt met een nieuwere versie van CrisisApp (schemaversie {revision}) en is "
            f"niet te openen met deze versie ({__version__}, schemaversies tot en met {HEAD}). Werk CrisisApp bij "
            f"om dit bestand te openen. {UNCHANGED}"
        )
    if not tables:
        raise ForeignFileError(
            f"Het bestand {path} is een lege SQLite-database, geen CrisisApp-database. Maak een nieuwe database met "
            f"‘crisisapp init’ onder een nieuwe naam. {UNCHANGED}"
        )
    if not known:
        raise ForeignFileError(
            f"Het bestand {path} is een database van een ander programma, geen CrisisApp-database. {UNCHANGED}"
        )
    if problems:
        raise ForeignFileError(
            f"Het bestand {path} is geen gave CrisisApp-database: het bevat {'; '.join(problems[:3])}"
            f"{' en meer' if len(problems) > 3 else ''}. Het wordt niet geopend. {UNCHANGED}"
        )
    return FileState(exists=True, has_tables=bool(tables), revision=revision)


def backup_to(source: Path, target: Path) -> None:
    """Copy a consistent snapshot of ``source`` to a new file ``target`` with SQLite's online backup API."""
    create_private_file(target)
    with read_only(source) as src:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # A copy is a single self-contained file: no write-ahead log beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()


def pre_upgrade_backup_path(path: Path, revision: str | None, now: datetime) -> Path:
    """Where the copy made before upgrading ``path`` from ``revision`` goes: beside the file."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.voor-upgrade-{revision or 'leeg'}-{stamp}.bak")


def upgrade(path: Path, target: str = "head") -> None:
    """Bring the schema of ``path`` to HEAD (tests: ``target``) in one transaction; a failing migration, or a
    result that is not exactly the models' schema, changes nothing."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Batch migrations rebuild tables; with foreign keys on, dropping a parent would cascade.
    engine = configure_engine(create_engine(_sqlite_url(path)), foreign_keys=False)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            raw = connection.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            problems = structure_problems(raw, complete=target == "head")
            if problems:
                raise ForeignFileError(
                    f"De upgrade van {path} is afgebroken: het resultaat is geen gave CrisisApp-database "
                    f"({'; '.join(problems[:3])}). {UNCHANGED}"
                )
            violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if violations:
                raise DatabaseFileError(
                    f"De upgrade van {path} is afgebroken: {len(violations)} verwijzingen kloppen niet "
                    f"meer (eerste in tabel {violations[0][0]}). {UNCHANGED}"
                )
    finally:
        engine.dispose()


def with_companions(path: Path) -> tuple[Path, ...]:
    """``path`` with the write-ahead log and shared-memory files SQLite may keep beside it."""
    return (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))


def _create(path: Path) -> None:
    """A new database at HEAD, built beside ``path`` and moved into place whole: an interrupted first
    start leaves no half-made file."""
    temporary = path.with_name(f".{path.name}.nieuw.tmp")
    for leftover in with_companions(temporary):
        leftover.unlink(missing_ok=True)
    try:
        create_private_file(temporary)
        upgrade(temporary)
        try:
            os.link(temporary, path)  # fails when another start made the file meanwhile: never replaced
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            temporary.replace(path)
    finally:
        for leftover in with_companions(temporary):
            leftover.unlink(missing_ok=True)


def dutch_reason(exc: BaseException) -> str | None:
    """SQLite's failure behind ``exc`` in Dutch ("De schijf is vol. …"), when its result code is a known one."""
    code = sqlite_error_code(exc)
    if code is None:
        return None
    return _REASONS.get(code) or _REASONS.get(code & 0xFF)


def short_reason(exc: BaseException) -> str:
    """What went wrong in a few words: in Dutch for SQLite's known failures (a full disk), else the driver's
    message, never a whole SQL statement."""
    dutch = dutch_reason(exc)
    if dutch is not None:
        return dutch.rstrip(".")
    if isinstance(exc, OSError) and exc.errno is not None:
        return os_reason(exc)
    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0] if str(exc) else type(exc).__name__
    return reason if len(reason) <= 200 else reason[:197] + "…"


PRIVATE_FILE = stat.S_IRUSR | stat.S_IWUSR  # 0600
PRIVATE_FOLDER = stat.S_IRWXU  # 0700


def create_private_file(path: Path) -> None:
    """Create an empty file that only its owner can read (POSIX): the database holds personal data.

    The mode is set after creation as well, so that no umask can widen it.
    """
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(descriptor, PRIVATE_FILE)
    finally:
        os.close(descriptor)


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed; a folder the app makes is its owner's only (0700)."""
    missing = [folder, *folder.parents]
    missing = [part for part in missing if not part.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    for part in missing:
        with suppress(OSError):
            part.chmod(PRIVATE_FOLDER)


def tighten(path: Path) -> None:
    """Make an existing file of the app readable by its owner only (a database that was 0644, say)."""
    with suppress(OSError):
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(PRIVATE_FILE)


def copy_private(source: Path, target: Path) -> None:
    """Copy ``source`` byte for byte to a new file ``target`` that only its owner can read."""
    create_private_file(target)
    with source.open("rb") as reading, target.open("r+b") as writing:
        while chunk := reading.read(1 << 20):
            writing.write(chunk)
        writing.flush()
        os.fsync(writing.fileno())


def _pre_upgrade_copy(path: Path, revision: str | None, now: datetime) -> Path:
    """A verified copy of ``path`` beside it before an upgrade; written under a temporary name and renamed only
    when sound, so a copy with the final name is always whole. Never "file exists" on two starts in one second.
    """
    copy = pre_upgrade_backup_path(path, revision, now)
    number = 2
    while copy.exists():
        copy = copy.with_name(f"{pre_upgrade_backup_path(path, revision, now).stem}-{number}.bak")
        number += 1
    temporary = path.with_name(f".{path.name}.voor-upgrade.tmp")
    for leftover in with_companions(temporary):
        leftover.unlink(missing_ok=True)
    backup_to(path, temporary)
    faults.point("upgrade", 1)
    if integrity_problems(temporary):
        temporary.unlink()
        raise DatabaseFileError(
            f"De database {path} is beschadigd en wordt niet bijgewerkt. Zet een back-up terug. {UNCHANGED}"
        )
    temporary.replace(copy)
    faults.point("upgrade", 2)
    return copy


def compact(database: "Database") -> None:
    """Rewrite the file without its free pages and empty the write-ahead log (after personal data was erased):
    with ``secure_delete`` the removed values are then gone from the database file and its -wal alike."""
    with database.engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("VACUUM")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def open_for_reading(path: Path, *, now: datetime | None = None) -> Database:
    """Open ``path`` for a command that only reads: as :func:`open_database`, or, while another process (the app)
    has the file, read-only beside it; SQLite's write-ahead log lets both read at once. Never creates a file.
    """
    try:
        return open_database(path, now=now, create=False)
    except DatabaseInUseError as in_use:
        path = resolved(path.expanduser(), "Het databasebestand")
        state = inspect_file(path)  # the same checks: what it claims, its schema
        if state.revision != HEAD:
            raise DatabaseFileError(
                f"{in_use} De database moet eerst worden bijgewerkt; dat gebeurt in het programma dat hem open heeft."
            ) from in_use
        identity = path.stat()
        engine = configure_engine(create_engine(_sqlite_url(path, "ro")))
        return Database(
            path=path,
            engine=engine,
            sessions=sessionmaker(engine, expire_on_commit=False),
            lock=None,
            identity=(identity.st_dev, identity.st_ino),
        )


def missing_database(path: Path) -> str:
    """What to say when a command names a database file that does not exist: a typo never makes a new one."""
    return (
        f"Het databasebestand {path} bestaat niet; er is niets aangemaakt. Controleer het pad, of maak een nieuwe "
        f"database met ‘crisisapp init --db {path}’."
    )


def open_database(path: Path, *, now: datetime | None = None, create: bool = True) -> Database:
    """Open (upgrading as needed) the CrisisApp database at ``path``, locked for this process.

    A missing file is created only when ``create`` is true (the app's first start, ``init``, ``demo``).
    """
    given = path.expanduser()
    path = resolved(given, "Het databasebestand")
    if is_network_path(given) or is_network_path(path):
        raise DatabaseFileError(
            f"{path} staat op een netwerkschijf. Daar kan SQLite de database niet veilig gebruiken. Zet het "
            f"bestand op de eigen schijf van deze computer; back-ups mogen wel op een netwerkmap. {UNCHANGED}"
        )
    state = inspect_file(path)
    if not state.exists and not create:
        raise DatabaseFileError(missing_database(path))
    if not state.exists:
        try:
            make_private_folder(path.parent)
        except OSError as exc:
            raise DatabaseFileError(
                f"De map {path.parent} voor de database kan niet worden aangemaakt: {os_reason(exc)}."
            ) from exc
    lock = DatabaseLock(path)
    try:
        from crisisapp.storage.backup import configured_folder, remove_leftovers
        from crisisapp.storage.identity import claim

        state = inspect_file(path)  # again, now that no other process can change it: what was looked at is locked
        if not state.exists and not create:
            raise DatabaseFileError(missing_database(path))
        remove_leftovers(path, configured_folder(path))
        if not state.exists:
            _create(path)
            lock.lock_file(path)
        elif state.revision != HEAD:
            copy = _pre_upgrade_copy(path, state.revision, now or datetime.now())
            try:
                upgrade(path)
            except ForeignFileError:
                copy.unlink(missing_ok=True)  # not CrisisApp's own after all, and as it was: nothing stays beside
                raise
            faults.point("upgrade", 3)
        if (original := claim(path)) is not None:
            log.info("%s is een kopie van database %s en heeft een eigen id gekregen", path, original)
        tighten(path)
        identity = path.stat()
    except CrisisAppError:
        lock.release()
        raise
    except Exception as exc:  # a failing migration of any kind: rolled back, reported, never a crash
        lock.release()
        raise DatabaseFileError(
            f"De database {path} kan niet worden geopend of bijgewerkt ({short_reason(exc)}). {UNCHANGED}"
        ) from exc
    engine = configure_engine(create_engine(_sqlite_url(path)))
    return Database(
        path=path,
        engine=engine,
        sessions=sessionmaker(engine, expire_on_commit=False),
        lock=lock,
        identity=(identity.st_dev, identity.st_ino),
    )
