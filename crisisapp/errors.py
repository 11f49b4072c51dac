"""Errors that carry a Dutch message a municipal user can act on."""


class CrisisAppError(Exception):
    """Base of every error the app shows to its user; ``str(error)`` is the Dutch message."""


class DomainError(CrisisAppError):
    """A request that breaks a rule of the domain (unknown item, invalid value, ...)."""


class DatabaseFileError(CrisisAppError):
    """A database file that the app refuses to open; the file is left as it was."""
