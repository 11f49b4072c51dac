"""Writing the files the app produces (PDFs, exports) without leaving half-written ones behind, and never
onto the database, its companion files or its backups."""

import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from crisisapp.errors import CrisisAppError, os_reason


def resolved(path: Path, what: str = "Het pad") -> Path:
    """``path`` made absolute with its links followed; a link loop or a too-long name is said in Dutch."""
    try:
        return path.expanduser().resolve()
    except RuntimeError as exc:  # Python before 3.13 reports a symlink loop so
        raise CrisisAppError(f"{what} {path} verwijst via snelkoppelingen naar zichzelf (een lus).") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CrisisAppError(f"{what} {path} verwijst via snelkoppelingen naar zichzelf (een lus).") from exc
        raise CrisisAppError(f"{what} {path} is niet bruikbaar: {os_reason(exc)}.") from exc


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
