"""Writing the files the app produces (PDFs, exports) without leaving half-written ones behind."""

import os
import tempfile
from pathlib import Path

from crisisapp.errors import CrisisAppError


def write_file_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder; return the full path."""
    path = path.expanduser().resolve()
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CrisisAppError(f"Kan niet schrijven in de map {path.parent}: {exc.strerror}.") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CrisisAppError(f"Het bestand {path} kan niet worden geschreven: {exc.strerror}.") from exc
    return path
