"""Backups with SQLite's backup API: verified before they count, thinned like Anki's, restored atomically."""

import contextlib
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from crisisapp.errors import CrisisAppError
from crisisapp.storage.audit import current_user
from crisisapp.storage.database import READ_ERRORS, backup_to, inspect_file, read_only
from crisisapp.storage.lock import DatabaseLock
from crisisapp.timeutil import AMSTERDAM, to_local

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
AUTOMATIC_INTERVAL = timedelta(minutes=30)
MANUAL, BEFORE_RESTORE = "handmatig", "voor-terugzetten"
KEPT_REASONS = frozenset({MANUAL, BEFORE_RESTORE})
_NAME = re.compile(r"^crisisapp-(\d{8}-\d{6})(?:-(\d+))?-([a-z-]+)\.sqlite3$")


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
    foreign_keys: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.integrity and not self.foreign_keys

    def lines(self) -> list[str]:
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
        if self.foreign_keys:
            lines.append(f"{len(self.foreign_keys)} verwijzingen naar gegevens die niet (meer) bestaan:")
            lines += [f"  - {problem}" for problem in self.foreign_keys]
        else:
            lines.append("Verwijzingen tussen gegevens: in orde.")
        lines.append(
            "Conclusie: de database is in orde."
            if self.ok
            else "Conclusie: er is iets mis. Zet een recente back-up terug of neem contact op met de beheerder."
        )
        return lines


def default_folder(database: Path) -> Path:
    return database.parent / "back-ups"


def integrity_problems(path: Path) -> tuple[str, ...]:
    """SQLite's integrity_check of ``path``: empty when the file is sound."""
    try:
        connection = read_only(path)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except READ_ERRORS as exc:
        return (str(exc),)
    return () if rows == ["ok"] else tuple(rows)


def quick_check_ok(path: Path) -> bool:
    try:
        connection = read_only(path)
        try:
            return [row[0] for row in connection.execute("PRAGMA quick_check")] == ["ok"]
        finally:
            connection.close()
    except READ_ERRORS:
        return False


def foreign_key_problems(path: Path) -> tuple[str, ...]:
    connection = read_only(path)
    try:
        rows = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    return tuple(
        f"tabel {table}, rij {rowid}: verwijst naar {parent} die niet bestaat" for table, rowid, parent, _ in rows
    )


def make_backup(source: Path, target: Path) -> Path:
    """A verified copy of ``source`` at ``target``; a copy that fails integrity_check never appears there."""
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        backup_to(source, temporary)
        problems = integrity_problems(temporary)
        if problems:
            raise BackupError(f"De back-up van {source} is niet in orde ({problems[0]}) en is niet bewaard.")
        temporary.replace(target)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"De back-up naar {target} is mislukt: {getattr(exc, 'strerror', None) or exc}.") from exc
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return target


def backup_name(now: datetime, reason: str) -> str:
    return f"crisisapp-{to_local(now):%Y%m%d-%H%M%S}-{reason}.sqlite3"


def backup_into_folder(source: Path, folder: Path, now: datetime, reason: str) -> Path:
    """Make a verified backup of ``source`` in ``folder`` and thin the folder's older backups."""
    target = folder / backup_name(now, reason)
    number = 2
    while target.exists():
        target = folder / backup_name(now, reason).replace(f"-{reason}.", f"-{number}-{reason}.")
        number += 1
    make_backup(source, target)
    for old in backups_to_delete(list_backups(folder), now):
        with contextlib.suppress(OSError):
            old.path.unlink()
    return target


def list_backups(folder: Path) -> list[BackupFile]:
    """The backups in ``folder``, newest first."""
    found = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match and path.is_file():
                created = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=AMSTERDAM)
                found.append(BackupFile(path, created, match.group(3), path.stat().st_size))
    return sorted(found, key=lambda backup: (backup.created, backup.path.name), reverse=True)


def backups_to_delete(backups: Iterable[BackupFile], now: datetime) -> list[BackupFile]:
    """Thinning like Anki's: the newest backup of each of the last 12 days, 10 weeks and 9 months stays.

    Everything of the last 24 hours stays too, and so do the backups a user asked for or that hold the state
    before a restore: those are few and must not vanish behind the next automatic one.
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
    """Back up, then run integrity_check and foreign_key_check on ``database``."""
    backup, problem = None, None
    try:
        backup = backup_into_folder(database, folder, now, "controle")
    except BackupError as exc:
        problem = str(exc)
    integrity = integrity_problems(database)
    foreign_keys = () if integrity else foreign_key_problems(database)
    return CheckReport(backup, problem, integrity, foreign_keys)


def restore(backup: Path, database: Path, folder: Path, now: datetime) -> Path | None:
    """Put the contents of ``backup`` in place of ``database``; returns the backup made of the current state.

    The caller has closed the database. The backup is checked and copied to a temporary file beside the
    database first, so a bad backup or a failure halfway leaves the database exactly as it was.
    """
    backup = backup.expanduser().resolve()
    state = inspect_file(backup)  # refuses empty, foreign, newer and non-SQLite files
    if not state.exists or not state.has_tables:
        raise BackupError(f"{backup} is geen CrisisApp-back-up. De huidige database is niet gewijzigd.")
    problems = integrity_problems(backup)
    if problems:
        raise BackupError(
            f"De back-up {backup} is beschadigd ({problems[0]}) en wordt niet teruggezet. "
            "De huidige database is niet gewijzigd."
        )
    lock = DatabaseLock(database, current_user())
    try:
        safety = backup_into_folder(database, folder, now, BEFORE_RESTORE) if database.exists() else None
        temporary = database.with_name(f".{database.name}.terugzetten.tmp")
        temporary.unlink(missing_ok=True)
        try:
            backup_to(backup, temporary)
            problems = integrity_problems(temporary)
            if problems:
                raise BackupError(f"De kopie van {backup} is niet in orde ({problems[0]}). Er is niets gewijzigd.")
            # Back in the live file's journal mode, so that opening it later changes no byte of it.
            connection = sqlite3.connect(temporary)
            try:
                connection.execute("PRAGMA journal_mode=WAL")
            finally:
                connection.close()
            # A write-ahead log left by the old file must never be applied to the restored one.
            for suffix in ("-wal", "-shm"):
                database.with_name(database.name + suffix).unlink(missing_ok=True)
            temporary.replace(database)
        except OSError as exc:
            raise BackupError(
                f"Terugzetten is mislukt: {exc.strerror}. De huidige database is niet gewijzigd."
            ) from exc
        finally:
            temporary.unlink(missing_ok=True)
    finally:
        lock.release()
    return safety
