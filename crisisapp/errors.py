"""Errors that carry a Dutch message a municipal user can act on."""

import errno
from collections.abc import Mapping


class CrisisAppError(Exception):
    """Base of every error the app shows to its user; ``str(error)`` is the Dutch message."""


class DomainError(CrisisAppError):
    """A request that breaks a rule of the domain (unknown item, invalid value, ...)."""


class ValidationError(DomainError):
    """Input that is not valid, per field: ``errors`` maps a field name to the Dutch reason."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))


class ReadOnlyError(DomainError):
    """A change asked by a user whose role may change nothing: refused before the server is asked."""


class DatabaseFileError(CrisisAppError):
    """A database file that the app refuses to open; the file is left as it was."""


_OS_REASONS = {
    errno.ENOENT: "het bestand of de map bestaat niet",
    errno.EACCES: "geen toegang (rechten)",
    errno.EPERM: "geen toestemming",
    errno.ENOSPC: "de schijf is vol",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.EEXIST: "het bestand bestaat al",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.EIO: "een schijffout",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EISDIR: "dit is een map",
    errno.ELOOP: "snelkoppelingen verwijzen naar zichzelf (een lus)",
}


def os_reason(exc: OSError) -> str:
    """The reason of a failed file operation in Dutch (the system's own words where unknown)."""
    return _OS_REASONS.get(exc.errno or -1, exc.strerror or str(exc))
