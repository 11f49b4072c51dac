"""Backups with SQLite's backup API: verified before they count, thinned like Anki's, restored atomically."""

import contextlib
import glob
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from crisisapp.errors import CrisisAppError, DatabaseFileError, os_reason
from crisisapp.files import resolved
from crisisapp.storage import faults
from crisisapp.storage.database import (
    READ_ERRORS,
    ForeignFileError,
    NewerSchemaError,
    backup_to,
    copy_private,
    inspect_file,
    integrity_problems,
    make_private_folder,
    read_only,
    refuse_special_file,
    short_reason,
    upgrade,
    with_companions,
)
from crisisapp.storage.identity import ID_LENGTH, claim_if_sound, copied_from, database_id, note_place
from crisisapp.storage.lock import DatabaseLock, lock_path
from crisisapp.storage.revision import HEAD
from crisisapp.storage.schema import DATABASE_ID_KEY
from crisisapp.timeutil import AMSTERDAM, to_local

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
AUTOMATIC_INTERVAL = timedelta(minutes=30)
MANUAL, BEFORE_RESTORE, DAMAGED = "handmatig", "voor-terugzetten", "beschadigd"
#: Backups a user asked for, or that hold what a restore replaced: few, and never thinned away.
KEPT_REASONS = frozenset({MANUAL, BEFORE_RESTORE, DAMAGED})
#: A backup's name: the database's file name, its id (see schema.DATABASE_ID_KEY), when and why.
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<id>[0-9a-f]{12})-(?P<stamp>\d{8}-\d{6})(?:-\d+)?-(?P<reason>[a-z]+(?:-[a-z]+)*)\.sqlite3$"
)
#: The id used in the name of a copy of a file whose own id cannot be read (a damaged database).
UNKNOWN_ID = "0" * ID_LENGTH
SETTING_BACKUP_FOLDER = "backup_folder"


class BackupError(CrisisAppError):
    """A backup that could not be made, or a file that cannot be restored; the live database is unchanged."""


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    created: datetime  # aware, Europe/Amsterdam as in the name
    reason: str
    size: int


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The outcome of a database check, in words."""

    backup: Path | None
    backup_problem: str | None
    integrity: tuple[str, ...]
    foreign_keys: tuple[str, ...] | None  # None: not checked, the file being damaged
    refusal: str | None = None  # not a CrisisApp database this version can open: nothing else was checked

    @property
    def ok(self) -> bool:
        return not self.refusal and not self.backup_problem and not self.integrity and not self.foreign_keys

    def lines(self) -> list[str]:
        if self.refusal:
            return [self.refusal, "Conclusie: dit bestand is niet gecontroleerd en niet gewijzigd."]
        lines = []
        if self.backup is not None:
            lines.append(f"Eerst is een back-up gemaakt: {self.backup}")
        if self.backup_problem:
            lines.append(f"Er kon geen back-up worden gemaakt: {self.backup_problem}")
        if self.integrity:
            lines.append("De database is beschadigd. SQLite meldt:")
            lines += [f"  - {problem}" for problem in self.integrity]
        else:
            lines.append("Integriteit: in orde.")
        if self.foreign_keys is None:
            lines.append("Verwijzingen tussen gegevens: niet gecontroleerd, omdat de database beschadigd is.")
        elif self.foreign_keys:
            lines.append(f"{len(self.foreign_keys)} verwijzingen naar gegevens die niet (meer) bestaan:")
            lines += [f"  - {problem}" for problem in self.foreign_keys]
        else:
            lines.append("Verwijzingen tussen gegevens: in orde.")
        if self.ok:
            lines.append("Conclusie: de database is in orde.")
        elif self.integrity or self.foreign_keys:
            lines.append(
                "Conclusie: er is iets mis. Zet een recente back-up terug of neem contact op met de beheerder."
            )
        else:
            lines.append("Conclusie: de database is in orde, maar er is geen back-up. Kies een bereikbare back-upmap.")
        return lines


def default_folder(database: Path) -> Path:
    return database.parent / "back-ups"


def protected_paths(database: Path) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """The files (the database, its -wal, -shm, -journal and .lock) and the backup folders that no output of
    the app may replace or be written into."""
    files = (*with_companions(database), database.with_name(database.name + "-journal"), lock_path(database))
    folders = {default_folder(database)}
    if database.is_file():
        folders.add(configured_folder(database))
    resolved_folders = []
    for folder in folders:
        with contextlib.suppress(OSError, RuntimeError):
            resolved_folders.append(folder.expanduser().resolve())
    return files, tuple(resolved_folders)


def configured_folder(database: Path) -> Path:
    """The backup folder set in ``database`` (read without opening it for writing), else the default.

    Works on a damaged file too, so that a restore can always find its folder.
    """
    try:
        with read_only(database) as connection:
            row = connection.execute("SELECT value FROM app_setting WHERE key = ?", (SETTING_BACKUP_FOLDER,)).fetchone()
    except READ_ERRORS:
        row = None
    return Path(row[0]) if row and row[0] else default_folder(database)


def quick_check_ok(path: Path) -> bool:
    try:
        with read_only(path) as connection:
            return [row[0] for row in connection.execute("PRAGMA quick_check")] == ["ok"]
    except READ_ERRORS:
        return False


def foreign_key_problems(path: Path) -> tuple[str, ...]:
    with read_only(path) as connection:
        rows = connection.execute("PRAGMA foreign_key_check").fetchall()
    return tuple(
        f"tabel {table}, rij {rowid}: verwijst naar {parent} die niet bestaat" for table, rowid, parent, _ in rows
    )


def make_backup(source: Path, target: Path) -> Path:
    """A verified copy of ``source`` at ``target``; a copy that fails integrity_check never appears there."""
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        make_private_folder(target.parent)
        temporary.unlink(missing_ok=True)
        backup_to(source, temporary)
        faults.point("backup", 1)
        problems = integrity_problems(temporary)
        if problems:
            raise BackupError(f"De back-up van {source} is niet in orde ({problems[0]}) en is niet bewaard.")
        faults.point("backup", 2)
        temporary.replace(target)
        faults.point("backup", 3)
    except OSError as exc:
        raise BackupError(f"De back-up naar {target} is mislukt: {os_reason(exc)}.") from exc
    except sqlite3.Error as exc:
        raise BackupError(f"De back-up naar {target} is mislukt ({short_reason(exc)}).") from exc
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return target


def unused_name(folder: Path, now: datetime, name: Callable[[str], str]) -> Path:
    """A file in ``folder`` that does not exist yet: ``name(stamp)``, the stamp being the Dutch moment of ``now``
    (``20270328-101500``), followed by ``-2``, ``-3`` … when a file of that moment is already there."""
    stamp = f"{to_local(now):%Y%m%d-%H%M%S}"
    target = folder / name(stamp)
    number = 2
    while target.exists():
        target = folder / name(f"{stamp}-{number}")
        number += 1
    return target


def _target(database: Path, folder: Path, now: datetime, reason: str, identity: str | None = None) -> Path:
    identity = identity or database_id(database) or UNKNOWN_ID
    return unused_name(folder, now, lambda stamp: f"{database.stem}-{identity}-{stamp}-{reason}.sqlite3")


def backup_into_folder(database: Path, folder: Path, now: datetime, reason: str) -> Path:
    """Make a verified backup of ``database`` in ``folder`` and thin that database's older backups there."""
    try:
        target = _target(database, folder, now, reason)
    except OSError as exc:
        raise BackupError(f"De back-upmap {folder} is niet bruikbaar: {os_reason(exc)}.") from exc
    make_backup(database, target)
    for old in backups_to_delete(list_backups(folder, database), now):
        with contextlib.suppress(OSError):
            old.path.unlink()
    return target


def _named_backups(folder: Path) -> list[tuple[BackupFile, str]]:
    found = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match and path.is_file():
                created = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").replace(tzinfo=AMSTERDAM)
                found.append((BackupFile(path, created, match["reason"], path.stat().st_size), match["id"]))
    return found


def list_backups(folder: Path, database: Path) -> list[BackupFile]:
    """The backups of ``database`` in ``folder`` (by its id, whatever the file is called), newest first.

    Backups of other databases in a shared folder are never listed, offered or thinned.
    """
    identity = database_id(database)
    found = [backup for backup, owner in _named_backups(folder) if identity is not None and owner == identity]
    return sorted(found, key=lambda backup: (backup.created, backup.path.stat().st_mtime_ns), reverse=True)


#: A backup named by a CrisisApp before database ids (``<naam>-<tijd>-<reden>.sqlite3``).
_OLDER_NAME = re.compile(r"^.+-\d{8}-\d{6}(?:-\d+)?-[a-z]+(?:-[a-z]+)*\.sqlite3$")


def others_in_folder(folder: Path, database: Path) -> str | None:
    """What else the backup folder holds, in words, or None: a shared folder is no surprise."""
    identity, original = database_id(database), copied_from(database)
    named = _named_backups(folder)
    of_original = sum(1 for _backup, owner in named if owner == original)
    owners = {owner for _backup, owner in named if owner not in (identity, original)}
    count = sum(1 for _backup, owner in named if owner in owners)
    ours = {backup.path.name for backup, _owner in named}
    older = 0
    with contextlib.suppress(OSError):
        older = sum(1 for p in folder.iterdir() if p.name not in ours and _OLDER_NAME.match(p.name))
    parts = []
    if of_original:
        parts.append(
            f"{of_original} back-up(s) van de database waarvan dit bestand een kopie is (terug te zetten door het "
            "back-upbestand zelf te kiezen)"
        )
    if count:
        parts.append(f"{count} back-up(s) van {len(owners)} andere database(s) (een gedeelde map)")
    if older:
        parts.append(f"{older} back-up(s) van een eerdere CrisisApp-versie (kies die met ‘Ander bestand kiezen…’)")
    if not parts:
        return None
    return f"In {folder} staan ook {' en '.join(parts)}; die worden hier niet getoond en nooit opgeruimd."


def remove_leftovers(database: Path, folder: Path) -> list[Path]:
    """Remove the temporary files an interrupted backup, restore or upgrade of ``database`` left behind.

    Only while the caller holds the database's lock, and in a shared backup folder only this database's own.
    """
    identity = database_id(database)
    candidates: list[Path] = []
    with contextlib.suppress(OSError):  # a backup folder out of reach is no reason not to open the database
        candidates += database.parent.glob(f".{glob.escape(database.name)}.*.tmp")
        if identity is not None:
            candidates += folder.glob(f".*-{identity}-*.sqlite3.tmp")
    removed = []
    for leftover in candidates:
        with contextlib.suppress(OSError):
            for companion in with_companions(leftover):
                companion.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def backups_to_delete(backups: Iterable[BackupFile], now: datetime) -> list[BackupFile]:
    """Thinning like Anki's: the newest backup of each of the last 12 days, 10 weeks and 9 months stays.

    Everything of the last 24 hours stays too, and so do the backups of KEPT_REASONS.
    """
    newest_first = sorted(backups, key=lambda backup: (backup.created, backup.path.name), reverse=True)
    keep = {
        backup.path
        for backup in newest_first
        if backup.reason in KEPT_REASONS or now - backup.created < timedelta(hours=24)
    }
    for period, limit in (
        (lambda d: d.date(), KEEP_DAILY),
        (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
        (lambda d: (d.year, d.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for backup in newest_first:
            key = period(backup.created)
            if key not in seen:
                seen.append(key)
                if len(seen) > limit:
                    break
                keep.add(backup.path)
    return [backup for backup in newest_first if backup.path not in keep]


def check(database: Path, folder: Path, now: datetime) -> CheckReport:
    """Back up, then run integrity_check and foreign_key_check on ``database``.

    A file that is not CrisisApp's, was tampered with or has a newer schema is reported as such, untouched:
    no backup of it is made and it is never called "in orde".
    """
    try:
        if inspect_file(database).revision != HEAD:
            _try_upgrade(database)  # an older file: it must upgrade into exactly the current schema
    except NewerSchemaError as exc:
        return CheckReport(None, None, (), None, refusal=f"De database is niet te openen met deze versie. {exc}")
    except ForeignFileError as exc:
        return CheckReport(None, None, (), None, refusal=str(exc))
    except DatabaseFileError:
        pass  # damaged: integrity_check below says how
    backup, problem = None, None
    try:
        backup = backup_into_folder(database, folder, now, "controle")
    except BackupError as exc:
        problem = str(exc)
    integrity = integrity_problems(database)
    foreign_keys = None if integrity else foreign_key_problems(database)
    return CheckReport(backup, problem, integrity, foreign_keys)


def _try_upgrade(database: Path) -> None:
    """Upgrade a copy of ``database`` in a private temporary folder; raise ForeignFileError if it fails."""
    with tempfile.TemporaryDirectory(prefix="crisisapp-controle-") as folder:
        copy = Path(folder) / "kopie.sqlite3"
        try:
            backup_to(database, copy)
            upgrade(copy)
        except Exception as exc:  # a migration failing on this file, of any kind: reported, never a crash
            raise ForeignFileError(
                f"Het bestand {database} is van een oudere CrisisApp-versie, maar kan niet worden bijgewerkt "
                f"({short_reason(exc)}). Het is niet gewijzigd."
            ) from exc


def _save_current_state(database: Path, folder: Path, now: datetime, identity: str | None) -> Path | None:
    """A copy of what a restore replaces: a verified backup, or (a damaged file) the file as it is."""
    if not database.exists():
        return None
    try:
        return backup_into_folder(database, folder, now, BEFORE_RESTORE)
    except BackupError:
        try:
            target = _target(database, folder, now, DAMAGED, identity)
            make_private_folder(target.parent)
            copy_private(database, target)
        except OSError as exc:
            raise BackupError(
                f"Van de huidige database kan geen kopie worden bewaard ({os_reason(exc)}); er is niets teruggezet."
            ) from exc
        return target


def _prepare(backup: Path, temporary: Path, revision: str | None, identity: str | None) -> None:
    """Make ``temporary`` a complete, checked copy of ``backup`` at the current schema, as the live file will be."""
    for leftover in with_companions(temporary):
        leftover.unlink(missing_ok=True)
    backup_to(backup, temporary)  # first: later thinning can no longer take the chosen backup away
    problems = integrity_problems(temporary)
    if problems:
        raise BackupError(f"De back-up {backup} is beschadigd ({problems[0]}) en wordt niet teruggezet.")
    if revision != HEAD:
        upgrade(temporary)  # an older backup: opened as the app will open it, checked completely
    inspect_file(temporary)  # the copy is what it claims: application id, tables, columns, no triggers or views
    broken = foreign_key_problems(temporary)
    if broken:
        raise BackupError(
            f"In de back-up {backup} kloppen {len(broken)} verwijzingen niet ({broken[0]}); hij wordt niet teruggezet."
        )
    with contextlib.closing(sqlite3.connect(temporary)) as connection:
        with connection:
            if identity is not None:  # the restored file stays this database: its backups stay together
                connection.execute("UPDATE app_setting SET value = ? WHERE key = ?", (identity, DATABASE_ID_KEY))
            note_place(connection, temporary)  # renamed in, it keeps its number on the disk: not a copy
        connection.execute("PRAGMA journal_mode=WAL")  # the live file's mode: opening it changes no byte


def _empty_write_ahead_log(database: Path) -> None:
    """Write the live file's committed write-ahead log into the file itself and remove -wal and -shm.

    Before the restored file is renamed in: a log left beside it would be applied to the wrong file. A file
    whose log cannot be written back (damaged) has been copied as it is; its log is set aside, not applied.
    """
    if database.exists():
        try:
            with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=rw", uri=True)) as connection:
                busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error:
            busy = 1
        if busy:
            log = database.with_name(database.name + "-wal")
            if log.exists():
                log.replace(database.with_name(f".{database.name}.wal-apart.tmp"))
    faults.point("restore", 3)
    for companion in with_companions(database)[1:]:
        companion.unlink(missing_ok=True)


def restore(backup: Path, database: Path, folder: Path, now: datetime) -> Path | None:
    """Put the contents of ``backup`` in place of ``database``; returns the copy kept of the current state.

    The caller has closed the database. The backup is copied beside the database, checked completely
    (integrity, schema, references) and brought to the current schema first; then the current state is saved,
    the live file's write-ahead log written into it, and the checked copy renamed over it in one step. A bad
    backup, or a kill or failure at any moment, leaves the old state or the new one, never a mix.
    """
    unchanged = "De huidige database is niet gewijzigd."
    try:
        backup = resolved(backup, "De back-up")
        refuse_special_file(backup, "De back-up")
        state = inspect_file(backup)  # refuses empty, foreign, newer, non-SQLite and tampered files
    except CrisisAppError as exc:
        raise BackupError(f"{exc} {unchanged}") from exc
    if not state.exists or not state.has_tables:
        raise BackupError(f"{backup} is geen CrisisApp-back-up. {unchanged}")
    lock = DatabaseLock(database)
    temporary = database.with_name(f".{database.name}.terugzetten.tmp")
    try:
        claim_if_sound(database)  # a copy restored into before it was ever opened: its own id first
        identity = database_id(database) if database.exists() else None
        _prepare(backup, temporary, state.revision, identity)
        faults.point("restore", 1)
        safety = _save_current_state(database, folder, now, identity or database_id(temporary))
        faults.point("restore", 2)
        _empty_write_ahead_log(database)
        faults.point("restore", 4)
        temporary.replace(database)
        faults.point("restore", 5)
    except OSError as exc:
        raise BackupError(f"Terugzetten is mislukt: {os_reason(exc)}. {unchanged}") from exc
    except CrisisAppError as exc:
        if unchanged in str(exc) or "niets teruggezet" in str(exc):
            raise
        raise BackupError(f"{exc} {unchanged}") from exc
    except Exception as exc:  # SQLite or a migration failing on this backup
        raise BackupError(f"De back-up {backup} kan niet worden teruggezet ({short_reason(exc)}). {unchanged}") from exc
    finally:
        for leftover in with_companions(temporary):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        lock.release()
    return safety
