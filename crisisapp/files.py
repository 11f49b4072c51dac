"""Writing the files the app produces (PDFs, exports) without leaving half-written ones behind, and never
onto the database, its companion files or its backups."""

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from crisisapp.errors import CrisisAppError, os_reason


def resolved(path: Path, what: str = "Het pad") -> Path:
    """``path`` made absolute with its links followed; a link loop or a too-long name is said in Dutch."""
    try:
        full = path.expanduser().resolve()
        with suppress(FileNotFoundError):
            full.stat()  # a name too long, a part of the path that is a file: said here, not as a traceback later
        return full
    except RuntimeError as exc:  # Python before 3.13 reports a symlink loop so
        raise CrisisAppError(f"{what} {path} verwijst via snelkoppelingen naar zichzelf (een lus).") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CrisisAppError(f"{what} {path} verwijst via snelkoppelingen naar zichzelf (een lus).") from exc
        raise CrisisAppError(f"{what} {path} is niet bruikbaar: {os_reason(exc)}.") from exc


#: The largest file an import reads, and the most lines (besides the header) it takes: a schedule or a
#: people list is far smaller; anything bigger is a mistake or an attack and would exhaust the memory.
MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_IMPORT_ROWS = 100_000


def read_import_file(path: Path) -> bytes:
    """The bytes of a file to import: a regular file of at most MAX_IMPORT_BYTES and MAX_IMPORT_ROWS lines.

    A FIFO, device or folder is refused before it is read (reading one could wait or run forever).
    """
    path = resolved(path, "Het importbestand")
    try:
        with open(path, "rb", opener=_no_blocking) as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise CrisisAppError(
                    f"{path} is geen gewoon bestand (maar een map, pipe of apparaat) en wordt niet ingelezen."
                )
            if info.st_size > MAX_IMPORT_BYTES:
                raise CrisisAppError(_too_big(path))
            data = stream.read(MAX_IMPORT_BYTES + 1)
    except IsADirectoryError as exc:
        raise CrisisAppError(f"{path} is een map, geen bestand om in te lezen.") from exc
    except OSError as exc:
        raise CrisisAppError(f"{path} kan niet worden gelezen: {os_reason(exc)}.") from exc
    if len(data) > MAX_IMPORT_BYTES:
        raise CrisisAppError(_too_big(path))
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    if lines > MAX_IMPORT_ROWS + 1:
        raise CrisisAppError(
            f"{path} heeft {lines:,} regels; een import neemt er hoogstens {MAX_IMPORT_ROWS:,}. Splits het bestand "
            "of controleer of het het goede bestand is. Er is niets ingelezen.".replace(",", ".")
        )
    return data


def _too_big(path: Path) -> str:
    return (
        f"{path} is groter dan {MAX_IMPORT_BYTES // (1024 * 1024)} MB; zo groot is een importbestand nooit. "
        "Controleer of het het goede bestand is. Er is niets ingelezen."
    )


def _no_blocking(name: str, flags: int) -> int:
    """Open without waiting: a FIFO with no writer would otherwise block the open itself."""
    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0))


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.exists() and second.exists() and first.samefile(second)
    except OSError:
        return False


def refuse_protected_output(path: Path, files: Iterable[Path], folders: Iterable[Path]) -> Path:
    """``path`` resolved, unless it is one of ``files`` (also through another link to it) or lies in one of
    ``folders``: an output must never replace the database, its companions or its backups."""
    target = resolved(path, "Het uitvoerbestand")
    for protected in files:
        if target == protected or _same_file(target, protected):
            raise CrisisAppError(
                f"{path} is het databasebestand of een bestand dat erbij hoort ({protected.name}). Kies een "
                "andere naam voor het uitvoerbestand; er is niets geschreven."
            )
    for folder in folders:
        if folder == target or folder in target.parents:
            raise CrisisAppError(
                f"{path} ligt in de back-upmap {folder}. Kies een andere map voor het uitvoerbestand; er is "
                "niets geschreven."
            )
    return target


def write_file_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder; return the full path."""
    path = resolved(path, "Het uitvoerbestand")
    try:
        is_folder, parent_is_file = path.is_dir(), path.parent.is_file()
    except OSError as exc:
        raise CrisisAppError(f"Het bestand {path} kan niet worden geschreven: {os_reason(exc)}.") from exc
    if is_folder:
        raise CrisisAppError(f"{path} is een map; geef een bestandsnaam op.")
    if parent_is_file:
        raise CrisisAppError(f"Het bestand {path} kan niet worden geschreven: {path.parent} is een bestand, geen map.")
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CrisisAppError(f"Kan niet schrijven in de map {path.parent}: {os_reason(exc)}.") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CrisisAppError(f"Het bestand {path} kan niet worden geschreven: {os_reason(exc)}.") from exc
    return path
